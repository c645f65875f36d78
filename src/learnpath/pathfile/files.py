"""Reading a path file's bytes safely. Standard library only: the cheap change check
reads bytes long before anything is parsed."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from learnpath.errors import PathFileError

# A real path is far smaller (100,000 steps are about 30 MiB); anything bigger is refused
# before it is read, so a hostile file cannot exhaust memory.
MAX_FILE_BYTES = 64 * 1024 * 1024
# Markdown takes several times the memory and time of YAML to read, and is written by
# hand: a quarter of the limit is still about 80,000 steps.
MAX_MARKDOWN_BYTES = MAX_FILE_BYTES // 4


def read_bytes(file: Path, limit: int = MAX_FILE_BYTES, kind: str = "path files") -> bytes:
    """The file's bytes, refusing what is missing, unreadable or larger than ``limit``
    (checked before anything is read)."""
    try:
        size = file.stat().st_size
        if size > limit:
            raise PathFileError(
                f"{file} is {size / 2**20:.0f} MiB; {kind} may be at most {limit // 2**20} MiB"
            )
        return file.read_bytes()
    except FileNotFoundError:
        raise PathFileError(f"{file} does not exist; check the file name") from None
    except IsADirectoryError:
        raise PathFileError(f"{file} is a directory; give a path file") from None
    except OSError as err:
        raise PathFileError(f"cannot read {file}: {err.strerror}") from None


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM is allowed), or a clear error."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise PathFileError(
            f"{name} is not UTF-8 text (byte {err.start}); save it as UTF-8"
        ) from None
    if "\x00" in text:
        raise PathFileError(f"{name} contains NUL bytes; it is not a text file")
    return text


def is_markdown(file: Path) -> bool:
    return file.suffix.lower() in (".md", ".markdown")


def read_path_file(file: Path) -> bytes:
    """A path file's bytes, its size checked against the limit of its kind before
    anything is read."""
    if is_markdown(file):
        return read_bytes(file, MAX_MARKDOWN_BYTES, "markdown path files")
    return read_bytes(file)


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cycle collector while a big file becomes objects.

    Loading creates hundreds of thousands of objects, each allocation counting towards
    the next collection; measured, the collector took half of the time of loading a
    10,000-step path. Loaded data (its models, its rows) has no cycles to find, and the
    size limit bounds it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
