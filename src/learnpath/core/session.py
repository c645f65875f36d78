"""A session: one learner's database, opened and synced, and the path being worked on."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from learnpath.config import BUNDLED_PATH, bundled_path_file, database_url
from learnpath.core.sync import sync, sync_stored
from learnpath.storage import Database, open_database
from learnpath.storage import queries as q

ACTIVE_KEY = "active_path"  # the setting that remembers `learnpath use`


@dataclass(slots=True)
class Session:
    """A learner's view of one path in one open database."""

    db: Database
    path: str = BUNDLED_PATH
    # What opening it found worth telling the learner (a newer path kept, say).
    notices: list[str] = field(default_factory=list)

    @property
    def learner(self) -> str:
        """Whose progress, history and notes this session reads and writes."""
        return self.db.learner

    def on(self, path: str) -> Session:
        """The same database, working on another path."""
        return Session(self.db, path)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_session(
    path: str | None = None, url: str | None = None, directory: Path | None = None
) -> Session:
    """Open the learner's database, synced: on the server ``url`` names (or
    $LEARNPATH_DATABASE_URL), else the local one in ``directory`` (default: the data
    directory, which also holds stored paths and backups either way).

    ``path`` names the path to work on; by default the active one (``learnpath use``),
    or the bundled path when none was chosen.
    """
    db = open_database(url or database_url(), directory)
    try:
        notices: list[str] = []
        sync(db, BUNDLED_PATH, bundled_path_file(), notices=notices)
        if path is None:
            path = active_name(db)
            # The active path may have been removed by another learner since.
            if db.one(q.PATH_SOURCE, {"path": path}) is None:
                path = BUNDLED_PATH
        if path != BUNDLED_PATH:
            sync_stored(db, path)  # UnknownPath for a name no path has
        return Session(db, path, notices)
    except BaseException:
        db.close()
        raise


def active_name(db: Database) -> str:
    """The active path: the one chosen with `learnpath use`, else the bundled one."""
    row = db.one(q.GET_SETTING, {"key": ACTIVE_KEY})
    return str(row["value"]) if row else BUNDLED_PATH
