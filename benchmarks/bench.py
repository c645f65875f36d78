"""How fast learnpath is, as whole processes, against the cost of its own imports.

    python benchmarks/bench.py [--runs 7] [--sizes 100,1000,10000,100000] [-o results.json]
                               [--server postgresql+psycopg://USER:PASSWORD@127.0.0.1:PORT/DB]

Every figure is a median of whole-process wall times (after one warm-up), and is also
given as a ratio to "the floor": ``python -c "import typer, rich, sqlmodel"`` in the
same venv. Each round runs every command once, the floor included, so that drift in
the machine's speed hits all of them alike. Peak memory is the largest resident set
of any run of that command (from wait4).

It needs nothing but the installed package: paths are generated into a temporary data
directory, nothing is downloaded, and the learner's own data is never touched.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

PY = sys.executable
LEARNPATH = str(Path(PY).with_name("learnpath"))
FLOOR = [PY, "-c", "import typer, rich, sqlmodel"]

# A one-command Typer app: what Typer itself costs, whatever we build on it.
EMPTY_TYPER = """
import typer
app = typer.Typer()
@app.command()
def hello(name: str = "x") -> None:
    print(name)
app(["--help"], standalone_mode=False)
"""

# Targets from issue 5, as ratios to the floor (None: reported, no target).
TARGETS: dict[tuple[str, str], float | None] = {
    ("bundled", "list"): 0.35,
    ("bundled", "progress"): 0.3,
    ("bundled", "next"): 0.3,
    ("bundled", "done 1"): 0.3,
    ("bundled", "--help"): 0.5,
    ("10000", "list"): 0.45,
    ("10000", "progress"): 0.35,
    ("10000", "list --all --json"): 0.6,
    ("10000", "add"): 4.0,
    ("100000", "list"): 0.5,
    ("100000", "progress"): 0.5,
}
MEMORY_TARGETS = {("10000", "list --all --json"): 64.0}
ADD_LIMIT_S = {"100000": 60.0}


@dataclass
class Figure:
    path: str
    command: str
    runs: list[float] = field(default_factory=list)
    peak_mib: float = 0.0
    median_ms: float = 0.0
    ratio: float = 0.0
    target: float | None = None
    ok: bool | None = None

    def add(self, seconds: float, peak_kib: int) -> None:
        self.runs.append(seconds)
        self.peak_mib = max(self.peak_mib, peak_kib / 1024)


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak resident set (KiB) of one process; it must succeed."""
    began = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - began
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {err.decode()[:500]}")
    return elapsed, usage.ru_maxrss


def generate(steps: int, file: Path) -> None:
    """A path of ``steps`` steps in sections of 50, shaped like a real one (German text)."""
    per_section = 50
    with file.open("w", encoding="utf-8") as out:
        out.write(f"id: bench-{steps}\nversion: 1\ntitle: Lastprobe mit {steps} Schritten\n")
        out.write("language: de\ndescription: Ein erzeugter Pfad für die Messung.\n")
        out.write("sections:\n")
        for n in range(steps):
            if n % per_section == 0:
                out.write(f"  - title: Abschnitt {n // per_section + 1} – Übungen\n    steps:\n")
            out.write(
                f"      - id: s{n + 1}\n"
                f"        title: 'Schritt {n + 1}: Aufmerksamkeit, Köpfe und Vorträge'\n"
                f"        type: {('Video', 'Artikel', 'Übung')[n % 3]}\n"
                f"        url: https://example.org/kurs/{n + 1}?sprache=de\n"
                f"        minutes: {5 + n % 40}\n"
                "        description: Eine kurze Beschreibung des Schritts, wie sie in echten\n"
                "          Pfaden steht, mit Umlauten (ä, ö, ü) und zwei Zeilen.\n"
            )


def measure(
    rounds: list[tuple[str, str, list[str], dict[str, str], list[str] | None]],
    runs: int,
) -> dict[tuple[str, str], Figure]:
    """Run every (path, name, argv, env, before) once per round, floor first.

    ``before`` is an untimed command run ahead of the timed one (to undo a done step).
    """
    figures: dict[tuple[str, str], Figure] = {}
    for round_no in range(runs + 1):  # round 0 warms the page cache up
        for path, name, argv, env, before in rounds:
            if before:
                timed(before, env)
            seconds, peak = timed(argv, env)
            if round_no:
                figures.setdefault((path, name), Figure(path, name)).add(seconds, peak)
    return figures


def time_add(steps: int, file: Path, runs: int, env: dict[str, str], floor: float) -> Figure:
    """`add` of a generated path, each run into a copy of a data directory in use."""
    figure = Figure(str(steps), "add")
    with tempfile.TemporaryDirectory() as tmp:
        used = Path(tmp) / "used"
        timed([LEARNPATH, "list"], {**env, "LEARNPATH_DATA_DIR": str(used)})
        for run in range(runs):
            data = Path(tmp) / f"run{run}"
            shutil.copytree(used, data)
            seconds, peak = timed(
                [LEARNPATH, "add", str(file)], {**env, "LEARNPATH_DATA_DIR": str(data)}
            )
            figure.add(seconds, peak)
            shutil.rmtree(data)
    return finish(figure, floor)


def finish(figure: Figure, floor: float) -> Figure:
    figure.median_ms = statistics.median(figure.runs) * 1000
    figure.ratio = figure.median_ms / floor if floor else 0.0
    key = (figure.path, figure.command)
    figure.target = TARGETS.get(key)
    checks = []
    if figure.target is not None:
        checks.append(figure.ratio <= figure.target)
    if key in MEMORY_TARGETS:
        checks.append(figure.peak_mib <= MEMORY_TARGETS[key])
    if figure.path in ADD_LIMIT_S and figure.command == "add":
        checks.append(figure.median_ms / 1000 < ADD_LIMIT_S[figure.path])
    figure.ok = all(checks) if checks else None
    return figure


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command (>= 7)")
    parser.add_argument("--sizes", default="100,1000,10000,100000", help="generated path sizes")
    parser.add_argument("--add-runs", type=int, default=None, help="runs of add (default --runs)")
    parser.add_argument("-o", "--output", type=Path, default=Path("bench-results.json"))
    parser.add_argument(
        "--server",
        metavar="URL",
        help="also time the bundled path on this PostgreSQL database (an empty one, on "
        "loopback; needs learnpath[postgres])",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if not Path(LEARNPATH).exists():
        raise SystemExit(f"no learnpath script beside {PY}; install the package first")

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        base = {k: v for k, v in os.environ.items() if not k.startswith("LEARNPATH_")}
        base |= {"LEARNPATH_DATA_DIR": str(work / "data"), "COLUMNS": "100"}
        for var in ("BROWSER", "SSH_CONNECTION", "SSH_TTY", "DISPLAY", "WAYLAND_DISPLAY"):
            base.pop(var, None)

        files = {}
        for steps in sizes:
            files[steps] = work / f"bench-{steps}.yaml"
            generate(steps, files[steps])
            subprocess.run(
                [LEARNPATH, "add", str(files[steps])], env=base, check=True, capture_output=True
            )
            # A learner a third of the way through: done steps in front, the rest to go.
            refs = [f"s{n}" for n in range(1, steps // 3 + 1)]
            for start in range(0, len(refs), 5000):
                subprocess.run(
                    [LEARNPATH, "--path", f"bench-{steps}", "done", *refs[start : start + 5000]],
                    env=base,
                    check=True,
                    capture_output=True,
                )
        print(f"generated {len(sizes)} paths; timing {args.runs} runs each", file=sys.stderr)

        def on(path: str) -> dict[str, str]:
            return {**base, "LEARNPATH_PATH": path} if path != "bundled" else base

        lp = [LEARNPATH]
        plan: list[tuple[str, str, list[str], dict[str, str], list[str] | None]] = [
            ("-", "floor", FLOOR, base, None),
            ("-", "python -c pass", [PY, "-c", "pass"], base, None),
            ("-", "one-command Typer app --help", [PY, "-c", EMPTY_TYPER], base, None),
            ("bundled", "--help", [*lp, "--help"], base, None),
            ("bundled", "list", [*lp, "list"], base, None),
            ("bundled", "progress", [*lp, "progress"], base, None),
            ("bundled", "next", [*lp, "next"], base, None),
            ("bundled", "done 1", [*lp, "done", "1"], base, [*lp, "undo", "1"]),
        ]
        if args.server:
            server = {**base, "LEARNPATH_DATABASE_URL": args.server}
            subprocess.run([*lp, "list"], env=server, check=True, capture_output=True)
            plan += [
                ("server", "list", [*lp, "list"], server, None),
                ("server", "progress", [*lp, "progress"], server, None),
                ("server", "next", [*lp, "next"], server, None),
                ("server", "done 1", [*lp, "done", "1"], server, [*lp, "undo", "1"]),
            ]
        for steps in sizes:
            env = on(f"bench-{steps}")
            plan += [
                (str(steps), "list", [*lp, "list"], env, None),
                (str(steps), "progress", [*lp, "progress"], env, None),
                (str(steps), "next", [*lp, "next"], env, None),
                (str(steps), "list --all --json", [*lp, "list", "--all", "--json"], env, None),
            ]
        figures = measure(plan, args.runs)
        floor = statistics.median(figures[("-", "floor")].runs) * 1000
        results = [finish(f, floor) for f in figures.values()]
        add_runs = args.add_runs or args.runs
        for steps in sizes:
            print(f"timing add of {steps} steps ({add_runs} runs)", file=sys.stderr)
            results.append(time_add(steps, files[steps], add_runs, base, floor))

    report(results, floor, args)
    return 0 if all(f.ok is not False for f in results) else 1


def report(results: list[Figure], floor: float, args: argparse.Namespace) -> None:
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform(terse=True)}"
    header = f"{'path':>8}  {'command':<30} {'median':>9} {'ratio':>6} {'target':>7} {'peak':>8}"
    print(
        f"learnpath benchmark, {datetime.now(UTC):%Y-%m-%d}, Python "
        f"{platform.python_version()}, {machine}"
    )
    print(f"floor (import typer, rich, sqlmodel): {floor:.0f} ms; medians of {args.runs} runs")
    print(header)
    for f in results:
        target = f"≤{f.target:g}" if f.target is not None else ""
        mark = {True: "ok", False: "MISS", None: ""}[f.ok]
        print(
            f"{f.path:>8}  {f.command:<30} {f.median_ms:7.0f}ms {f.ratio:6.2f} {target:>7} "
            f"{f.peak_mib:6.1f}MiB {mark}"
        )
    payload = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": machine,
        "runs": args.runs,
        "floor_ms": round(floor, 1),
        "results": [
            {k: v for k, v in asdict(f).items() if k != "runs"}
            | {"runs_ms": [round(r * 1000, 1) for r in f.runs]}
            for f in results
        ],
    }
    args.output.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
