"""`learnpath browse` as a learner starts it: the real console script, in a terminal
(a pseudo-terminal here) or refused, with one line, where there is none."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time

from learnpath.core.session import open_session
from learnpath.core.steps import step

from ..conftest import console_script, script_env


def test_without_a_terminal_it_says_so_in_one_line(data_dir):
    for extra in ({}, {"TERM": "dumb"}):
        done = subprocess.run(
            [console_script(), "browse"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=script_env(data_dir, **extra),
            timeout=60,
        )
        assert done.returncode == 1
        assert done.stdout == ""
        assert done.stderr.startswith("Error: browse needs an interactive terminal")
        assert done.stderr.count("\n") == 1 and "'learnpath list'" in done.stderr


def _read_until(fd: int, wanted: bytes, seen: bytearray, limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while wanted not in seen:
        assert time.monotonic() < deadline, f"{wanted!r} never came; saw {bytes(seen[-400:])!r}"
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:  # the other end closed: the app ended
                return


def test_keys_in_a_real_terminal_change_the_database(data_dir):
    pid, fd = pty.fork()
    if pid == 0:  # the child: the console script, its terminal this pty
        env = script_env(data_dir, TERM="xterm-256color", COLUMNS="100", LINES="30")
        os.execve(console_script(), [console_script(), "browse"], env)
    seen = bytearray()
    try:
        _read_until(fd, b"Transformers", seen)
        _read_until(fd, b"Open", seen)  # the footer: the app is ready for keys
        os.write(fd, b"d")
        _read_until(fd, b"is done now", seen)
        os.write(fd, b"q")
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    with open_session() as session:
        assert step(session, "1").status == "done"
