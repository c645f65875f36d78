from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from learnpath.cli import app

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "data" / "transformers.yaml"

# Variables that would make a test depend on the machine it runs on.
_FOREIGN_ENV = (
    "BROWSER",
    "SSH_CONNECTION",
    "SSH_CLIENT",
    "SSH_TTY",
    "LEARNPATH_PATH",
    "LEARNPATH_LEARNER",
    "DISPLAY",
    "WAYLAND_DISPLAY",
)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own, empty data directory and a neutral environment."""
    directory = tmp_path / "data"
    monkeypatch.setenv("LEARNPATH_DATA_DIR", str(directory))
    for name in _FOREIGN_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    return directory


@pytest.fixture
def db_file(data_dir: Path) -> Path:
    return data_dir / "learnpath.db"


class Result:
    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.exit_code = code
        self.stdout = stdout
        self.stderr = stderr


@pytest.fixture
def run() -> Callable[..., Result]:
    """Invoke the Typer app in-process; stdout and stderr apart."""
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        result = runner.invoke(app, list(args), env=env)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


def console_script() -> str:
    """The installed ``learnpath`` script of the environment running the tests."""
    beside = Path(sys.executable).with_name("learnpath")
    found = str(beside) if beside.exists() else shutil.which("learnpath")
    assert found, "the learnpath console script is not installed"
    return found


@pytest.fixture
def cli(data_dir: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the real console script in a subprocess."""

    def call(
        *args: str, env: dict[str, str] | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        full_env = {k: v for k, v in os.environ.items() if k not in _FOREIGN_ENV}
        full_env["LEARNPATH_DATA_DIR"] = str(data_dir)
        full_env.update(env or {})
        return subprocess.run(
            [console_script(), *args],
            capture_output=True,
            text=True,
            env=full_env,
            timeout=timeout,
        )

    return call
