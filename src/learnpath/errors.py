"""The errors a user can cause, each with its exit code and a message for people.

The CLI turns every LearnpathError into one line, ``Error: <message>``, on stderr.
Anything else that escapes is a bug and is allowed to show as one.
"""

from __future__ import annotations

import errno


class LearnpathError(Exception):
    """Base class: something the user can fix. ``str(err)`` is the message."""

    exit_code = 1


class StepNotFound(LearnpathError):
    """A step reference matches no step of the path."""


class PathFileError(LearnpathError):
    """A path file cannot be read, parsed or validated."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        # Each entry is one problem, already formatted as FILE:LINE:COLUMN: text.
        self.problems = problems or []


class DatabaseError(LearnpathError):
    """The database cannot be opened, read or written."""


class CorruptDatabase(DatabaseError):
    """The database file is not a usable SQLite database."""


class DatabaseTooNew(DatabaseError):
    """The database was written by a newer learnpath."""


class DatabaseLocked(DatabaseError):
    """Another process holds the database longer than we are willing to wait."""


class DataDirError(LearnpathError):
    """The data directory cannot be created or written."""


class NothingToOpen(LearnpathError):
    """The step has no URL that may be opened."""


class UnknownPath(LearnpathError):
    """No path of that name is known."""

    def __init__(self, name: str, known: list[str] | None = None) -> None:
        import difflib

        shown = name if len(name) <= 40 else name[:39] + "…"
        close = difflib.get_close_matches(name, known or [], n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        super().__init__(
            f"there is no path named {shown!r}; {hint}'learnpath paths' lists them, "
            "'learnpath add FILE' adds one"
        )


class PathExists(LearnpathError):
    """A path of that name exists already."""


class Refused(LearnpathError):
    """The request is understood but not allowed (e.g. removing the bundled path)."""


class NoteError(LearnpathError):
    """A note that cannot be written (empty, or no editor to write it in)."""


class LearnerError(LearnpathError):
    """The learner's name ($LEARNPATH_LEARNER) cannot be used."""


def cannot_write(err: OSError, target: object) -> DataDirError:
    """A failed write as one line a user can act on: a full disk, a read-only one, or
    whatever the system said."""
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return DataDirError(f"no space left on the device for {target}; free some space")
    if err.errno == errno.EROFS:
        return DataDirError(f"cannot write {target}: the disk is read-only")
    return DataDirError(f"cannot write {target}: {err.strerror or err}")


# What a full or read-only disk raises: the environment's fault, never a bug to show.
DISK_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS)


class BackupError(LearnpathError):
    """A file that is not a learnpath backup, or one this learnpath cannot read."""
