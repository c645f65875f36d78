"""Regenerate the README's command tour and command reference from the real program.

    python scripts/gen_readme.py          # rewrite README.md in place
    python scripts/gen_readme.py --check  # exit 1 when README.md is out of date

Each generated block sits between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``.
tests/test_readme.py runs the check, so the README cannot drift from the code.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from learnpath.cli.group import SECTIONS

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
# Every command, in the groups and the order `learnpath --help` shows them.
COMMANDS = [name for _, names in SECTIONS for name in names]
# The tour: what a new learner types, in order. Times of day are shown as one fixed
# example (see _run), so that the README does not change with the clock.
TOUR = [
    ["list"],
    ["done", "1", "2"],
    ["open", "3", "--no-browser"],
    ["skip", "4"],
    ["note", "2", "Die Abbildungen zur Self-Attention noch einmal ansehen."],
    [],
    ["progress"],
    ["log"],
    ["search", "Vortrage"],
    ["show", "8"],
    ["show", "9", "--json"],
    ["add", "tests/fixtures/messy.md"],
    ["paths"],
    ["check", "tests/fixtures/broken.md"],
]
EXAMPLE_TIME = "2026-11-24 18:30"
_LOCAL_TIME = re.compile(r"\b\d{4}-\d\d-\d\d \d\d:\d\d\b")
_UTC_TIME = re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\b")


def _env(data_dir: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("BROWSER", "SSH_CONNECTION", "SSH_TTY", "DISPLAY", "LEARNPATH_PATH")
    }
    env.update(
        {
            "LEARNPATH_DATA_DIR": data_dir,
            "COLUMNS": "88",
            "TERMINAL_WIDTH": "88",
            "NO_COLOR": "1",
            "TERM": "dumb",
            "_TYPER_FORCE_DISABLE_TERMINAL": "1",
        }
    )
    return env


def _run(args: list[str], data_dir: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "learnpath", *args],
        capture_output=True,
        text=True,
        env=_env(data_dir),
        timeout=120,
    )
    text = out.stdout + out.stderr
    # Typer shows the program as "python -m learnpath" here; people type "learnpath".
    text = text.replace("python -m learnpath", "learnpath")
    text = _LOCAL_TIME.sub(EXAMPLE_TIME, text)
    text = _UTC_TIME.sub(EXAMPLE_TIME.replace(" ", "T") + ":00.000000Z", text)
    return "\n".join(line.rstrip() for line in text.rstrip().splitlines())


def tour() -> str:
    with tempfile.TemporaryDirectory() as data_dir:
        parts = [
            f"```console\n$ {shlex.join(['learnpath', *args])}\n{_run(args, data_dir)}\n```"
            for args in TOUR
        ]
    return "\n\n".join(parts)


def reference() -> str:
    with tempfile.TemporaryDirectory() as data_dir:
        parts = [f"### `learnpath`\n\n```text\n{_run(['--help'], data_dir)}\n```"]
        for command in COMMANDS:
            help_text = _run([command, "--help"], data_dir)
            parts.append(f"### `learnpath {command}`\n\n```text\n{help_text}\n```")
    return "\n\n".join(parts)


def render(readme: str) -> str:
    for name, make in (("tour", tour), ("commands", reference)):
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)
        if not pattern.search(readme):
            raise SystemExit(f"README.md has no <!-- {name}:start --> block")
        block = make()
        readme = pattern.sub(lambda m, b=block: m.group(1) + b + "\n" + m.group(2), readme)
    return readme


def main() -> int:
    current = README.read_text(encoding="utf-8")
    wanted = render(current)
    if "--check" in sys.argv[1:]:
        if wanted != current:
            print("README.md is out of date: run python scripts/gen_readme.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
