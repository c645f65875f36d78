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


def launch(url: str) -> Launch:
    """Open ``url`` (already checked to be http or https) if a suitable browser exists."""
    import webbrowser

    chosen = os.environ.get("BROWSER", "").strip()
    if chosen:
        try:
            ok = webbrowser.get().open(url)
        except webbrowser.Error:
            ok = False
        if ok:
            return Launch(True)
        return Launch(False, f"the browser in $BROWSER ({chosen}) could not be started")

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
    try:
        ok = controller.open(url)
    except OSError:
        ok = False
    return Launch(True) if ok else Launch(False, "the browser could not be started")
