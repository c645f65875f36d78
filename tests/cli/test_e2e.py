"""The installed console script, as a learner runs it: real processes, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ..conftest import REPO


def test_a_learner_session(cli, data_dir):
    first = cli("list")
    assert first.returncode == 0, first.stderr
    assert "Wie funktionieren Transformer-Modelle?" in first.stdout
    assert (data_dir / "learnpath.db").is_file()
    assert cli("done", "1", "2").returncode == 0
    report = json.loads(cli("progress", "--json").stdout)
    assert (report["done"], report["total"], report["percent"]) == (2, 10, 20)
    assert cli("undo", "2").returncode == 0
    assert json.loads(cli("next", "--json").stdout)["number"] == 2


def test_python_dash_m_and_version(data_dir):
    out = subprocess.run(
        [sys.executable, "-m", "learnpath", "--version"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0
    assert out.stdout.startswith("learnpath ")


def test_help_lists_every_command(cli):
    out = cli("--help").stdout
    for command in ("list", "show", "info", "open", "done", "undo", "progress", "next"):
        assert command in out


@pytest.fixture
def browser_script(tmp_path: Path) -> tuple[str, Path]:
    log = tmp_path / "opened.txt"
    script = tmp_path / "fake-browser"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{log}"\n')
    script.chmod(0o755)
    return str(script), log


def test_open_uses_the_browser_the_learner_set(cli, browser_script):
    script, log = browser_script
    result = cli("open", "2", env={"BROWSER": script})
    assert result.returncode == 0, result.stderr
    assert result.stdout == "https://jalammar.github.io/illustrated-transformer/\n"
    assert log.read_text() == "https://jalammar.github.io/illustrated-transformer/\n"
    assert "Opened in your browser. Step 2 is now started." in result.stderr
    step = json.loads(cli("show", "2", "--json").stdout)
    assert step["status"] == "started" and step["started_at"]


def test_open_honours_browser_even_over_ssh(cli, browser_script):
    script, log = browser_script
    result = cli("open", "3", env={"BROWSER": script, "SSH_CONNECTION": "10.0.0.1 1 10.0.0.2 22"})
    assert result.returncode == 0
    assert log.read_text() == "https://www.youtube.com/watch?v=wjZofJX0v4M\n"


def test_open_over_ssh_prints_the_url_and_says_why(cli, browser_script):
    _, log = browser_script
    result = cli("open", "4", env={"SSH_CONNECTION": "10.0.0.1 1 10.0.0.2 22", "DISPLAY": ":0"})
    assert result.returncode == 0
    assert result.stdout == "https://www.youtube.com/watch?v=eMlx5fFNoYc\n"
    assert "Not opened: this is an SSH session" in result.stderr
    assert not log.exists()


def test_open_without_any_graphical_browser(cli, tmp_path):
    # A PATH with only a text browser on it: it must not take over the terminal.
    bindir = tmp_path / "bin"
    bindir.mkdir()
    marker = tmp_path / "lynx-ran"
    (bindir / "lynx").write_text(f"#!/bin/sh\ntouch {marker}\n")
    (bindir / "lynx").chmod(0o755)
    result = cli("open", "5", env={"PATH": f"{bindir}:/usr/bin:/bin", "TERM": "xterm"})
    assert result.returncode == 0
    assert result.stdout == "http://peterbloem.nl/blog/transformers\n"
    assert "Not opened: no graphical browser was found" in result.stderr
    assert not marker.exists()
    assert json.loads(cli("show", "5", "--json").stdout)["status"] == "started"


def test_open_with_a_broken_browser_setting(cli):
    result = cli("open", "6", env={"BROWSER": "/nonexistent/browser"})
    assert result.returncode == 0
    assert "could not be started" in result.stderr


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ("exit 1", "exited with status 1"),
        ("echo 'gio: Operation not supported' >&2; exit 2", "exited with status 2"),
        ("echo 'gio: Operation not supported' >&2", "could not open it"),
    ],
)
def test_a_browser_that_fails_is_never_reported_as_opened(cli, tmp_path, script, message):
    browser = tmp_path / "failing-browser"
    browser.write_text(f"#!/bin/sh\n{script}\n")
    browser.chmod(0o755)
    result = cli("open", "2", env={"BROWSER": str(browser)})
    assert result.returncode == 0
    assert "Opened" not in result.stderr and message in result.stderr
    assert result.stdout.strip() == "https://jalammar.github.io/illustrated-transformer/"


def test_open_does_not_restart_a_done_step(cli):
    cli("done", "7")
    result = cli("open", "7", "--no-browser")
    assert result.returncode == 0
    assert json.loads(cli("show", "7", "--json").stdout)["status"] == "done"


def test_wheel_install_finds_the_bundled_path(tmp_path, data_dir):
    """A plain (non-editable) install carries data/transformers.yaml inside the package."""
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(wheels),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("learnpath-*.whl")
    assert "learnpath/data/transformers.yaml" in zipfile.ZipFile(wheel).namelist()
    target = tmp_path / "site"
    installed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stderr
    env = {**os.environ, "PYTHONPATH": str(target), "LEARNPATH_DATA_DIR": str(data_dir)}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import learnpath.config as c, sys; print(c.bundled_path_file()); "
            "from learnpath.cli.app import main; sys.argv=['learnpath','list']; main()",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    first, _, rest = out.stdout.partition("\n")
    assert first == str(target / "learnpath" / "data" / "transformers.yaml")
    assert "Stanford CS25: V4 I Overview of Transformers" in rest
