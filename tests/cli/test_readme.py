"""The README's tour and command reference are generated; they must match the program."""

from __future__ import annotations

import re
import subprocess
import sys

from ..conftest import REPO


def test_readme_is_generated_from_the_current_help():
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen_readme.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


def test_readme_two_commands_are_the_ones_ci_runs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    for name in ("install", "test"):
        match = re.search(rf"<!-- {name}-command -->\n```sh\n(.+?)\n```", readme)
        assert match, f"README has no {name} command block"
        assert f"{name}-command" in ci
