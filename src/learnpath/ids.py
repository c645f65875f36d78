"""Names for events and notes that stay the same wherever they are copied.

Standard library only. A new event or note gets a random uid. One that was written
before uids existed (an old database, a version-1 backup) gets a uid made from what it
says, so that the same old history migrated or read on two machines gets the same
uids, and merging it twice adds it once.
"""

from __future__ import annotations

import os
from collections import Counter


def new_uid() -> str:
    """A random uid: 128 bits as 32 hex digits."""
    return os.urandom(16).hex()


class UidBatch:
    """Uids for the events of one command, in the order they are made.

    The log is ordered by time, then by uid: events of one command share their time, so
    their uids keep the command's order (a random 112-bit stem and a counter), while
    events of two machines at the same moment are ordered alike on both.
    """

    def __init__(self) -> None:
        self._stem = os.urandom(14).hex()
        self._count = 0

    def __call__(self) -> str:
        uid = f"{self._stem}{self._count:04x}"
        self._count += 1
        return uid


class LegacyUids:
    """Uids for records written before uids existed, made from their content.

    Records alike in every field are told apart by how many came before them, in the
    order they were written; feed them in that order.
    """

    def __init__(self) -> None:
        self._seen: Counter[tuple[str, ...]] = Counter()

    def __call__(self, *fields: str | None) -> str:
        import hashlib  # only for old records: not worth loading on every call

        key = tuple(field or "" for field in fields)
        occurrence = self._seen[key]
        self._seen[key] += 1
        text = "\x1f".join((*key, str(occurrence)))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
