"""Where things live: the data directory, the database file, the bundled path."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from learnpath.errors import LearnerError, PathFileError

DATA_DIR_ENV = "LEARNPATH_DATA_DIR"
DB_NAME = "learnpath.db"
BUNDLED_PATH = "transformers"


def data_dir() -> Path:
    """``$LEARNPATH_DATA_DIR`` when set, else the platform's user data directory."""
    chosen = os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs  # only needed when no directory was chosen

    return Path(platformdirs.user_data_dir("learnpath", appauthor=False))


def bundled_path_file() -> Path:
    """The bundled Transformers path file, from a wheel or from a source checkout."""
    here = Path(__file__).resolve().parent
    candidates = (
        here / "data" / f"{BUNDLED_PATH}.yaml",  # installed wheel (force-included)
        here.parent.parent / "data" / f"{BUNDLED_PATH}.yaml",  # editable install, checkout
    )
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise PathFileError(
        f"the bundled path file {BUNDLED_PATH}.yaml is missing from the installation; "
        "reinstall learnpath"
    )


MAX_LEARNER = 64


def learner() -> str:
    """Who is learning: $LEARNPATH_LEARNER, else the login name.

    Progress, history, notes and the active path belong to a learner, so that several
    can share one database (see README, "Learners").
    """
    name = os.environ.get("LEARNPATH_LEARNER", "").strip()
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):  # no login name at all, as in some containers
            name = "learner"
    if len(name) > MAX_LEARNER or any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise LearnerError(f"LEARNPATH_LEARNER must be at most {MAX_LEARNER} printable characters")
    return name


DATABASE_URL_ENV = "LEARNPATH_DATABASE_URL"


def database_url() -> str | None:
    """A server database to use instead of the local file (see README, "Study groups")."""
    return os.environ.get(DATABASE_URL_ENV, "").strip() or None
