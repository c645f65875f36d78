"""Letting the learner write in their own editor ($VISUAL, then $EDITOR)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from learnpath.errors import NoteError

_FALLBACKS = ("editor", "nano", "vi")


def _command() -> list[str]:
    for var in ("VISUAL", "EDITOR"):
        value = os.environ.get(var, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError:
                raise NoteError(f"${var} ({value!r}) cannot be read as a command") from None
    for name in _FALLBACKS:
        if shutil.which(name):
            return [name]
    raise NoteError("no editor found; set $EDITOR (for example EDITOR=nano)")


def edit(text: str, suffix: str = ".md") -> str | None:
    """``text`` as the learner left it in their editor, or None if it was not changed."""
    command = _command()
    fd, name = tempfile.mkstemp(prefix="learnpath-", suffix=suffix)
    file = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        try:
            code = subprocess.call([*command, str(file)])
        except OSError as err:
            raise NoteError(f"cannot start the editor {command[0]!r}: {err.strerror}") from None
        if code != 0:
            raise NoteError(f"the editor {command[0]!r} exited with {code}; nothing was changed")
        edited = file.read_text(encoding="utf-8", errors="replace")
    finally:
        file.unlink(missing_ok=True)
    return None if edited == text else edited
