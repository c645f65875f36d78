"""Opening a URL in the learner's browser, and knowing when not to try.

Learners often work over SSH or in WSL, where the standard library would happily start
a text-mode browser inside their terminal. We start a browser only when the learner
chose one ($BROWSER) or a graphical one is really there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# What the standard library falls back to on a machine without a display.
_CONSOLE_BROWSERS = {"www-browser", "links", "elinks", "lynx", "w3m"}


@dataclass(frozen=True)
class Launch:
    opened: bool
    reason: str | None = None  # why it was not opened


def _in_ssh() -> bool:
    return any(os.environ.get(v) for v in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"))


def _in_wsl() -> bool:
    try:
        return "microsoft" in Path("/proc/version").read_text(errors="replace").lower()
    except OSError:
        return False


# How long a browser command may take to fail before it counts as started: a launcher
# (xdg-open, wslview, open) answers at once; a browser started in the foreground runs on.
_FAIL_WINDOW_S = 3.0


def launch(url: str) -> Launch:
    """Open ``url`` (already checked to be http or https) if a suitable browser exists.

    The browser command is run by learnpath itself, so that one that fails (a non-zero
    exit status, or a launcher answering "Operation not supported") is reported as not
    opened, never as opened.
    """
    import webbrowser

    chosen = os.environ.get("BROWSER", "").strip()
    if chosen:
        first = chosen.split(os.pathsep)[0]  # $BROWSER may list several, as webbrowser reads it
        return _run(_command(first, url), f"the browser in $BROWSER ({first})")
    if _in_ssh():
        return Launch(
            False,
            "this is an SSH session, so no browser was started on the remote machine; "
            "open the URL on your own computer, or set $BROWSER",
        )
    try:
        controller = webbrowser.get()
    except webbrowser.Error:
        controller = None
    name = getattr(controller, "name", "") or ""
    if controller is None or os.path.basename(name) in _CONSOLE_BROWSERS:
        hint = "set BROWSER=wslview" if _in_wsl() else "set $BROWSER to choose one"
        return Launch(False, f"no graphical browser was found; {hint}")
    args = getattr(controller, "args", None)
    if not args:  # a controller that is no command (macOS, Windows): its own answer
        ok = controller.open(url) if controller else False
        return Launch(True) if ok else Launch(False, "the browser could not be started")
    return _run(
        [a.replace("%s", url) for a in args] + ([] if "%s" in "".join(args) else [url]),
        f"the browser {name!r}",
    )


def _command(setting: str, url: str) -> list[str]:
    """The command line a $BROWSER entry means for ``url`` ('%s' marks where it goes)."""
    import shlex

    try:
        words = shlex.split(setting)
    except ValueError:
        words = [setting]
    return _with_url(words, url)


def _with_url(words: list[str], url: str) -> list[str]:
    if any("%s" in w for w in words):
        return [w.replace("%s", url) for w in words]
    return [*words, url]


def _run(command: list[str], what: str) -> Launch:
    """Start the browser command; how it went, as far as its first seconds tell."""
    import subprocess
    import tempfile

    # What it says goes to a file, not a pipe: a browser that runs on after learnpath
    # has ended must not find its stderr closed.
    with tempfile.TemporaryFile() as said:
        try:
            proc = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=said,
                start_new_session=True,  # a browser outlives learnpath, not its ^C
            )
        except OSError as err:
            return Launch(False, f"{what} could not be started ({err.strerror})")
        try:
            code = proc.wait(timeout=_FAIL_WINDOW_S)
        except subprocess.TimeoutExpired:
            return Launch(True)  # still running: a browser in the foreground
        said.seek(0)
        message = said.read(500).decode("utf-8", "replace").strip()
    if code != 0:
        return Launch(False, f"{what} exited with status {code}")
    if "not supported" in message.lower():  # gio open says so, exiting 0 on some systems
        return Launch(False, f"{what} could not open it ({message.splitlines()[0]})")
    return Launch(True)
