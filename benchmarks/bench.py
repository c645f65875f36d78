"""How fast learnpath is, as whole processes, against the cost of its own imports.

    python benchmarks/bench.py [--runs 7] [--sizes 100,1000,10000,100000] [-o results.json]
                               [--add-runs N] [--markdown]
                               [--server URL | --no-server] [--learners 200]

Every figure is a median of whole-process wall times (after one warm-up), and is also
given as a ratio to "the floor": ``python -c "import typer, rich, sqlmodel"`` in the
same venv. Each round runs every command once, the floor included, so that drift in
the machine's speed hits all of them alike. Peak memory is the largest resident set
of any run of that command (from wait4). A row misses when its ratio or its peak is
over its target (TARGETS, MEMORY_TARGETS, STACK_TARGETS below); the exit status is 1
when any row misses.

"The stack floor" is benchmarks/stack_floor.py: one Typer command that reads ten steps
with the standard library's sqlite3 and prints them as a Rich table, what any tool on
this stack pays at least. The bundled path's list, progress and next are also held to
a ratio to it (STACK_TARGETS).

Each generated path (sizes, in sections of 50, a third of it done) lives in a data
directory of its own, and is also timed as an ``add``. From 10000 steps on there are
also rows for a search with one hit ("Schritt N:"), one that every step matches
("Vortraege", as "Vorträge"), export, and import (of that export, into an empty data
directory).

The server rows run on PostgreSQL: on ``--server URL`` (an empty database, on
loopback), or else on a throw-away cluster started from the machine's PostgreSQL
binaries (/usr/lib/postgresql/*/bin or ``pg_config --bindir``; as root, run as the
``postgres`` user) on 127.0.0.1 at a free port, with trust authentication, and removed
at the end; ``--no-server`` leaves them out. Besides list, progress, next and done,
200 learners (``--learners``; $LEARNPATH_LEARNER) each run a few commands, four
processes at a time, on the one database: any command that fails, or a learner that
``group`` does not show, is a miss. Then ``group`` is timed with them all there.

The default run takes several minutes on a small machine (the 100000-step add and
import, and the learner batch, are the long ones); ``--sizes 1000 --runs 1
--add-runs 1 --no-server`` is a quick check that everything runs.

It needs nothing but the installed package (with the postgres extra, psycopg, for
the server rows): paths are generated into a temporary data directory, nothing is
downloaded, and the learner's own data is never touched. ``--markdown`` prints the
results as a markdown table for the README (the plain table then goes to stderr).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pwd
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

PY = sys.executable
LEARNPATH = str(Path(PY).with_name("learnpath"))
FLOOR = [PY, "-c", "import typer, rich, sqlmodel"]
STACK_FLOOR = [PY, str(Path(__file__).resolve().with_name("stack_floor.py"))]

# A one-command Typer app: what Typer itself costs, whatever we build on it.
EMPTY_TYPER = """
import typer
app = typer.Typer()
@app.command()
def hello(name: str = "x") -> None:
    print(name)
app(["--help"], standalone_mode=False)
"""


def one_hit(steps: int) -> str:
    """A search that finds exactly one step of a generated path."""
    return f"Schritt {steps * 7 // 9}:"


# Targets as ratios to the floor (None: reported, no target): issue 5's, and then
# those for 100000 steps and for the server.
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
    ("100000", "list"): 0.35,
    ("100000", "progress"): 0.35,
    ("100000", "next"): 0.35,
    ("100000", f'search "{one_hit(100000)}"'): 0.40,  # search "Schritt 77777:"
    ("100000", "search Vortraege"): 0.60,
    ("100000", "list --all --json"): 1.0,
    ("100000", "export -o FILE"): 1.5,
    ("100000", "import FILE"): 10.0,
    ("100000", "add"): 10.0,
    ("server", "list"): 0.6,
    ("server", "progress"): 0.6,
    ("server", "next"): 0.6,
    ("server", "group"): 0.8,
}
# Peak resident set, MiB.
MEMORY_TARGETS: dict[tuple[str, str], float] = {
    ("10000", "list --all --json"): 64.0,
    ("100000", "search Vortraege"): 64.0,
    ("100000", "list --all --json"): 64.0,
    ("100000", "export -o FILE"): 128.0,
    ("100000", "import FILE"): 256.0,
    ("100000", "add"): 400.0,
}
# Ratios to the stack floor (benchmarks/stack_floor.py).
STACK_TARGETS: dict[tuple[str, str], float] = {
    ("bundled", "list"): 1.10,
    ("bundled", "progress"): 1.10,
    ("bundled", "next"): 1.10,
}
ADD_LIMIT_S = {"100000": 60.0}  # a sanity limit, in seconds, besides the ratio

BIG = 10000  # from this size on, the search, export and import rows
LEARNER_COMMANDS = (["done", "1"], ["done", "2"], ["start", "3"])
AT_ONCE = 4  # learner processes running at the same time
DATABASE = "learnpath_bench"  # the database made on a throw-away cluster

# (path, command name, argv, env, an untimed command to run first)
Job = tuple[str, str, list[str], dict[str, str], list[str] | None]


@dataclass
class Figure:
    path: str
    command: str
    runs: list[float] = field(default_factory=list)
    peak_mib: float = 0.0
    median_ms: float = 0.0
    ratio: float | None = None
    target: float | None = None
    memory_target: float | None = None
    stack_ratio: float | None = None
    stack_target: float | None = None
    failures: int | None = None  # the learner batch: commands that failed
    errors: list[str] = field(default_factory=list)
    ok: bool | None = None

    def add(self, seconds: float, peak_kib: int) -> None:
        self.runs.append(seconds)
        self.peak_mib = max(self.peak_mib, peak_kib / 1024)


def run(argv: list[str], env: dict[str, str]) -> tuple[float, int, int, str]:
    """Wall time, peak resident set (KiB), exit status and stderr of one process."""
    began = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    with proc.stderr:
        err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - began
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss, proc.returncode, err.decode(errors="replace")


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak resident set (KiB) of one process; it must succeed."""
    elapsed, peak, code, err = run(argv, env)
    if code != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({code}): {err[:500]}")
    return elapsed, peak


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


def measure(rounds: list[Job], runs: int) -> dict[tuple[str, str], Figure]:
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


def time_add(steps: int, file: Path, runs: int, env: dict[str, str]) -> Figure:
    """`add` of a generated path, each run into a copy of a data directory in use."""
    figure = Figure(str(steps), "add")
    with tempfile.TemporaryDirectory(prefix="learnpath-bench-add-") as tmp:
        used = Path(tmp) / "used"
        timed([LEARNPATH, "list"], {**env, "LEARNPATH_DATA_DIR": str(used)})
        for run_no in range(runs):
            data = Path(tmp) / f"run{run_no}"
            shutil.copytree(used, data)
            seconds, peak = timed(
                [LEARNPATH, "add", str(file)], {**env, "LEARNPATH_DATA_DIR": str(data)}
            )
            figure.add(seconds, peak)
            shutil.rmtree(data)
    return figure


def time_import(steps: int, backup: Path, runs: int, env: dict[str, str]) -> Figure:
    """`import` of an export, each run into a new, empty data directory."""
    figure = Figure(str(steps), "import FILE")
    with tempfile.TemporaryDirectory(prefix="learnpath-bench-import-") as tmp:
        for run_no in range(runs):
            data = Path(tmp) / f"run{run_no}"
            data.mkdir()
            seconds, peak = timed(
                [LEARNPATH, "import", str(backup)], {**env, "LEARNPATH_DATA_DIR": str(data)}
            )
            figure.add(seconds, peak)
            shutil.rmtree(data)
    return figure


def learner_batch(env: dict[str, str], learners: int) -> Figure:
    """Every learner runs LEARNER_COMMANDS in turn, AT_ONCE learners at a time.

    Its one run is the wall time of the whole batch; a command that fails, or a learner
    that ``group`` does not show afterwards, is a miss.
    """
    figure = Figure("server", f"{learners} learners, {AT_ONCE} at once")

    def learner(number: int) -> list[tuple[int, int, str]]:
        name = f"learner-{number:03d}"
        outcomes = []
        for command in LEARNER_COMMANDS:
            _, peak, code, err = run([LEARNPATH, *command], {**env, "LEARNPATH_LEARNER": name})
            outcomes.append((peak, code, f"{name} {' '.join(command)}: {err.strip()[-300:]}"))
        return outcomes

    began = time.perf_counter()
    pool = ThreadPoolExecutor(AT_ONCE)
    try:
        done = [o for outcomes in pool.map(learner, range(1, learners + 1)) for o in outcomes]
    finally:
        pool.shutdown(cancel_futures=True)
    figure.add(time.perf_counter() - began, max(peak for peak, _, _ in done))
    figure.failures = sum(code != 0 for _, code, _ in done)
    figure.errors = [err for _, code, err in done if code != 0][:5]
    shown = subprocess.run(
        [LEARNPATH, "group", "--json"], env=env, capture_output=True, text=True, check=True
    )
    seen = {row["learner"] for row in json.loads(shown.stdout)}
    missing = [f"learner-{n:03d}" for n in range(1, learners + 1) if f"learner-{n:03d}" not in seen]
    if missing:
        figure.errors.append(f"group --json lacks {len(missing)} learners: {missing[:5]}")
    return figure


def finish(figure: Figure, floor: float, stack: float | None) -> Figure:
    figure.median_ms = statistics.median(figure.runs) * 1000
    key = (figure.path, figure.command)
    checks = []
    if figure.failures is not None:  # the learner batch: a wall time, no ratio
        checks.append(figure.failures == 0 and not figure.errors)
    else:
        figure.ratio = figure.median_ms / floor if floor else 0.0
        figure.target = TARGETS.get(key)
        if figure.target is not None:
            checks.append(figure.ratio <= figure.target)
    figure.memory_target = MEMORY_TARGETS.get(key)
    if figure.memory_target is not None:
        checks.append(figure.peak_mib <= figure.memory_target)
    if key in STACK_TARGETS and stack:
        figure.stack_ratio = figure.median_ms / stack
        figure.stack_target = STACK_TARGETS[key]
        checks.append(figure.stack_ratio <= figure.stack_target)
    if figure.path in ADD_LIMIT_S and figure.command == "add":
        checks.append(figure.median_ms / 1000 < ADD_LIMIT_S[figure.path])
    figure.ok = all(checks) if checks else None
    return figure


# -- a throw-away PostgreSQL cluster -----------------------------------------------------


def postgres_bindir() -> Path | None:
    """The newest /usr/lib/postgresql/*/bin with an initdb, else ``pg_config --bindir``."""

    def version(initdb: Path) -> tuple[int, ...]:
        name = initdb.parent.parent.name
        return tuple(int(p) for p in name.split(".") if p.isdigit())

    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=version)
    if found:
        return found[-1].parent
    pg_config = shutil.which("pg_config")
    if pg_config:
        asked = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        bindir = Path(asked.stdout.strip())
        if asked.returncode == 0 and (bindir / "initdb").is_file():
            return bindir
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def throwaway_server() -> Iterator[str | None]:
    """The URL of an empty database on a new cluster, removed afterwards; None if none."""
    bindir = postgres_bindir()
    if bindir is None:
        print("no PostgreSQL binaries found: no server rows", file=sys.stderr)
        yield None
        return
    run_as: list[str] = []
    owner = None
    if os.geteuid() == 0:  # initdb and postgres refuse to run as root
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            print("running as root and no 'postgres' user: no server rows", file=sys.stderr)
            yield None
            return
        run_as = ["runuser", "-u", "postgres", "--"]
    # Directly under /tmp, not in a private directory: the postgres user must enter it.
    home = Path(tempfile.mkdtemp(prefix="learnpath-bench-pg-"))
    data, log = home / "data", home / "log"

    def must(argv: list[str]) -> None:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            tail = log.read_text(errors="replace")[-1000:] if log.exists() else ""
            raise SystemExit(
                f"{' '.join(argv)} failed ({done.returncode}): {done.stderr[-1000:]}{tail}\n"
                "(--no-server leaves the server rows out)"
            )

    try:
        if owner is not None:
            os.chown(home, owner.pw_uid, owner.pw_gid)
        port = free_port()
        must(
            [*run_as, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8"]
            + ["--auth-local=trust", "--auth-host=trust"]
        )
        must(
            [*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o"]
            + [f"-p {port} -k {home} -c listen_addresses=127.0.0.1", "start"]
        )
        host = ["-h", "127.0.0.1", "-p", str(port), "-U", "postgres"]
        must([str(bindir / "createdb"), *host, DATABASE])
        said = subprocess.run([str(bindir / "postgres"), "--version"], capture_output=True)
        version = said.stdout.decode().split()[2:3]  # postgres (PostgreSQL) 15.3 ...
        print(f"PostgreSQL {' '.join(version)} on 127.0.0.1:{port} in {home}", file=sys.stderr)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/{DATABASE}"
    finally:
        if (data / "postmaster.pid").exists():
            stop = [*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]
            subprocess.run(stop, capture_output=True, timeout=120)
        shutil.rmtree(home, ignore_errors=True)


@contextmanager
def server_for(args: argparse.Namespace) -> Iterator[str | None]:
    if args.no_server:
        yield None
    elif args.server:
        yield args.server
    else:
        with throwaway_server() as url:
            yield url


# -- the run -----------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="See the module's docstring (benchmarks/bench.py) for what is measured.",
    )
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command (>= 7)")
    parser.add_argument(
        "--sizes",
        default="100,1000,10000,100000",
        help="generated path sizes, comma-separated (search, export, import from 10000 on)",
    )
    parser.add_argument(
        "--add-runs", type=int, default=None, help="runs of add and import (default --runs)"
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("bench-results.json"),
        help="where the JSON results go (default bench-results.json)",
    )
    parser.add_argument(
        "--markdown",
        action="store_true",
        help="print a markdown table for the README (the plain table goes to stderr)",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--server",
        metavar="URL",
        help="time the server rows on this PostgreSQL database (postgresql+psycopg://"
        "USER@127.0.0.1:PORT/DB: an empty one, on loopback) instead of a throw-away cluster",
    )
    where.add_argument("--no-server", action="store_true", help="leave the server rows out")
    parser.add_argument(
        "--learners",
        type=int,
        default=200,
        help="learners in the server batch (default 200; the group target is for 200)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if not Path(LEARNPATH).exists():
        raise SystemExit(f"no learnpath script beside {PY}; install the package first")
    # A kill still stops and removes the throw-away cluster and the temporary files.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    with tempfile.TemporaryDirectory(prefix="learnpath-bench-") as tmp, server_for(args) as url:
        work = Path(tmp)
        base = {k: v for k, v in os.environ.items() if not k.startswith("LEARNPATH_")}
        base |= {"LEARNPATH_DATA_DIR": str(work / "data"), "COLUMNS": "100"}
        for var in ("BROWSER", "SSH_CONNECTION", "SSH_TTY", "DISPLAY", "WAYLAND_DISPLAY"):
            base.pop(var, None)
        subprocess.run([LEARNPATH, "list"], env=base, check=True, capture_output=True)

        def on(steps: int) -> dict[str, str]:
            """The generated path of that size, in a data directory of its own."""
            data = str(work / f"data-{steps}")
            return {**base, "LEARNPATH_DATA_DIR": data, "LEARNPATH_PATH": f"bench-{steps}"}

        files = {}
        for steps in sizes:
            print(f"generating a path of {steps} steps", file=sys.stderr)
            files[steps] = work / f"bench-{steps}.yaml"
            generate(steps, files[steps])
            env = {**on(steps)}
            del env["LEARNPATH_PATH"]  # not there yet
            timed([LEARNPATH, "add", str(files[steps])], env)
            # A learner a third of the way through: done steps in front, the rest to go.
            if steps >= 3:
                timed([LEARNPATH, "done", f"1-{steps // 3}"], on(steps))

        lp = [LEARNPATH]
        plan: list[Job] = [
            ("-", "floor", FLOOR, base, None),
            ("-", "python -c pass", [PY, "-c", "pass"], base, None),
            ("-", "one-command Typer app --help", [PY, "-c", EMPTY_TYPER], base, None),
            ("-", "stack floor", STACK_FLOOR, base, None),
            ("bundled", "--help", [*lp, "--help"], base, None),
            ("bundled", "list", [*lp, "list"], base, None),
            ("bundled", "progress", [*lp, "progress"], base, None),
            ("bundled", "next", [*lp, "next"], base, None),
            ("bundled", "done 1", [*lp, "done", "1"], base, [*lp, "undo", "1"]),
        ]
        batch = None
        if url:
            server = {**base, "LEARNPATH_DATABASE_URL": url}
            timed([*lp, "list"], server)
            print(f"server: {args.learners} learners, {AT_ONCE} at once", file=sys.stderr)
            batch = learner_batch(server, args.learners)
            plan += [
                ("server", "list", [*lp, "list"], server, None),
                ("server", "progress", [*lp, "progress"], server, None),
                ("server", "next", [*lp, "next"], server, None),
                ("server", "done 1", [*lp, "done", "1"], server, [*lp, "undo", "1"]),
                ("server", "group", [*lp, "group"], server, None),
            ]
        backups = {}
        for steps in sizes:
            env, size = on(steps), str(steps)
            plan += [
                (size, "list", [*lp, "list"], env, None),
                (size, "progress", [*lp, "progress"], env, None),
                (size, "next", [*lp, "next"], env, None),
                (size, "list --all --json", [*lp, "list", "--all", "--json"], env, None),
            ]
            if steps >= BIG:
                hit = one_hit(steps)
                backups[steps] = work / f"export-{steps}.json"
                every = ["search", "--json", "Vortraege"]
                plan += [
                    (size, f'search "{hit}"', [*lp, "search", hit], env, None),
                    (size, "search Vortraege", [*lp, "search", "Vortraege"], env, None),
                    (size, "search --json Vortraege", [*lp, *every], env, None),
                    (size, "export -o FILE", [*lp, "export", "-o", str(backups[steps])], env, None),
                ]
        print(f"timing {len(plan)} commands, {args.runs} runs each", file=sys.stderr)
        figures = list(measure(plan, args.runs).values())
        add_runs = args.add_runs or args.runs
        for steps in sizes:
            if steps in backups:
                print(f"timing import of {steps} steps ({add_runs} runs)", file=sys.stderr)
                figures.append(time_import(steps, backups[steps], add_runs, base))
            print(f"timing add of {steps} steps ({add_runs} runs)", file=sys.stderr)
            figures.append(time_add(steps, files[steps], add_runs, base))
        if batch:
            figures.insert(next(i for i, f in enumerate(figures) if f.path == "server"), batch)

    floor = statistics.median(next(f for f in figures if f.command == "floor").runs) * 1000
    stack = statistics.median(next(f for f in figures if f.command == "stack floor").runs) * 1000
    results = [finish(f, floor, stack) for f in figures]
    report(results, floor, stack, args)
    return 0 if all(f.ok is not False for f in results) else 1


# -- the report --------------------------------------------------------------------------

COLUMNS = ("path", "command", "median ms", "ratio", "target", "peak MiB", "ok")
RIGHT = (True, False, True, True, False, True, False)  # which columns align right


def cells(f: Figure) -> tuple[str, ...]:
    ratio = f"{f.ratio:.2f}" if f.ratio is not None else ""
    targets = []
    if f.target is not None:
        targets.append(f"≤{f.target:g}")
    if f.memory_target is not None:
        targets.append(f"≤{f.memory_target:g} MiB")
    if f.failures is not None:
        targets.append("0 failed")
    if f.stack_ratio is not None and f.stack_target is not None:
        ratio += f" (stack {f.stack_ratio:.2f})"
        targets.append(f"stack ≤{f.stack_target:.2f}")
    command = f.command if f.failures is None else f"{f.command}: {f.failures} failed"
    mark = {True: "ok", False: "MISS", None: ""}[f.ok]
    median, peak = f"{f.median_ms:.0f}", f"{f.peak_mib:.1f}"
    return (f.path, command, median, ratio, ", ".join(targets), peak, mark)


def report(results: list[Figure], floor: float, stack: float, args: argparse.Namespace) -> None:
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform(terse=True)}"
    add_runs = args.add_runs or args.runs
    title = (
        f"learnpath benchmark, {datetime.now(UTC):%Y-%m-%d}, Python "
        f"{platform.python_version()}, {machine}"
    )
    about = (
        f"floor (import typer, rich, sqlmodel): {floor:.0f} ms; stack floor: {stack:.0f} ms; "
        f"medians of {args.runs} runs (add, import: {add_runs})"
    )
    rows = [cells(f) for f in results]
    plain = sys.stderr if args.markdown else sys.stdout
    widths = [max(len(c) for c in column) for column in zip(COLUMNS, *rows, strict=True)]

    def line(row: tuple[str, ...]) -> str:
        laid = zip(row, widths, RIGHT, strict=True)
        out = (c.rjust(w) if right else c.ljust(w) for c, w, right in laid)
        return "  ".join(out).rstrip()

    print(title, file=plain)
    print(about, file=plain)
    print(line(COLUMNS), file=plain)
    for row in rows:
        print(line(row), file=plain)
    batch = next((f for f in results if f.failures is not None), None)
    said = ", ".join(" ".join(c) for c in LEARNER_COMMANDS)
    note = f"{batch.command}: each learner runs {said}; the wall time of all" if batch else ""
    if note:
        print(note, file=plain)
    for f in results:
        for error in f.errors:
            print(f"  failed: {error}", file=plain)
    if args.markdown:
        print(f"{title}; {about}\n")
        print("| " + " | ".join(COLUMNS) + " |")
        print("|" + "|".join("---:" if right else "---" for right in RIGHT) + "|")
        for row in rows:
            print("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |")
        if note:
            print(f"\n{note}.")

    payload = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": machine,
        "runs": args.runs,
        "add_runs": add_runs,
        "floor_ms": round(floor, 1),
        "stack_floor_ms": round(stack, 1),
        "learner_commands": [" ".join(c) for c in LEARNER_COMMANDS],
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
