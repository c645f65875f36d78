"""Paths that follow their source: added from a URL or a file, updated from it later
with what changed step by step, the learner's progress following each step.

Progress is keyed by step id. When an update changes a step's id (its title changed, so
the id made from the title did), the step is recognised by its URL; when its URL changed
and its title did not, by its title. Its progress, history and notes then move to the new
id, for every learner, in the transaction that loads the new version.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from learnpath.config import BUNDLED_PATH
from learnpath.core.paths import Read, add_read
from learnpath.core.results import Added, StepChange, Updated
from learnpath.core.session import Session
from learnpath.core.steps import steps
from learnpath.core.sync import path_source
from learnpath.errors import LearnpathError, Refused
from learnpath.model import StepView
from learnpath.pathfile.definition import PathDef, StepDef
from learnpath.storage import Database, sources
from learnpath.storage.base import Row

# Where a step's progress waits while ids are moved, so that two steps trading ids never
# meet: no step id can hold a '~' (pathfile.definition.STEP_ID_RE).
_MOVING = "~moving~"


def read_source(source: str, known: Row | None = None) -> Read:
    """A path file from ``source`` (a URL or a file); for a URL read before, a
    conditional request, and no data when the server says it has not changed."""
    from learnpath.pathfile.files import MAX_FILE_BYTES, read_path_file

    if "://" not in source:  # a file: the network code is not even loaded
        file = Path(source).expanduser()
        return Read(str(file.resolve()), file, read_path_file(file))
    from learnpath import web

    url = web.raw_url(source)
    if not url.lower().startswith(("http://", "https://")):
        raise LearnpathError(f"{source}: only http:// and https:// URLs (or files) are read")
    etag, modified = (known["etag"], known["modified"]) if known else (None, None)
    fetched = web.fetch(url, MAX_FILE_BYTES, etag, modified)
    # What the file is called decides markdown or YAML, as for a file on disk.
    named = Path(unquote(urlsplit(fetched.url).path).rsplit("/", 1)[-1] or "path.yaml")
    data = fetched.text(source).encode("utf-8") if fetched.body is not None else None
    return Read(source, named, data, fetched.etag, fetched.modified)


def add_source(session: Session, source: str, name: str | None, update: bool) -> Added:
    """`learnpath add SOURCE`: a file, or a URL read once over the network."""
    return add_read(session, read_source(source), name, update)


def update(session: Session, name: str, dry_run: bool = False) -> Updated:
    """Read a path's source again; when it changed, load the new version, each step's
    progress following it. A dry run reads and compares, and changes nothing."""
    db = session.db
    path_source(db, name)  # UnknownPath unless it is known
    if name == BUNDLED_PATH:
        raise Refused("the bundled path comes with learnpath; a new release updates it")
    known = db.one(sources.PATH_ORIGIN, {"path": name})
    if known is None:
        raise LearnpathError(
            f"learnpath does not know where the path {name!r} came from (it was added "
            f"before learnpath kept that); add it again with 'learnpath add SOURCE --name "
            f"{name} --update'"
        )
    read = read_source(known["origin"], known)
    if read.data is None or hashlib.sha256(read.data).hexdigest() == known["digest"]:
        return Updated(name, known["origin"], changed=False, dry_run=dry_run)
    from learnpath.pathfile.load import load_path

    definition = load_path(read.name, read.data)
    changes, moves = compare(list(steps(session.on(name))), definition)
    if not dry_run:
        add_read(session, read, name, update=True, before=lambda d: move_progress(d, name, moves))
    return Updated(name, known["origin"], changed=True, dry_run=dry_run, changes=changes)


def added_paths(db: Database) -> list[str]:
    """Every path that knows its source, by name: what `update --all` reads."""
    return sorted(row["path_id"] for row in db.rows(sources.PATH_ORIGINS))


@dataclass(slots=True)
class _New:
    number: int
    section: str
    step: StepDef


def compare(old: list[StepView], new: PathDef) -> tuple[list[StepChange], dict[str, str]]:
    """What changed from ``old`` (the steps with the learner's status) to ``new``, step
    by step in the new order, then the removed ones; and which old ids move to which
    new ones (a step recognised by its URL or its title)."""
    fresh = [_New(n, new.sections[s].title, step) for n, (s, step) in enumerate(new.steps(), 1)]
    by_id = {view.id: view for view in old}
    match: dict[int, StepView] = {}
    for item in fresh:
        if item.step.id in by_id:
            match[item.number] = by_id.pop(item.step.id)
    for key in ("url", "title"):  # a new id: the same URL, else the same title
        left = {}
        for view in by_id.values():
            value = getattr(view, key)
            if value and value not in left:
                left[value] = view
        for item in fresh:
            value = getattr(item.step, key)
            if item.number not in match and value and value in left:
                match[item.number] = by_id.pop(left.pop(value).id)
    changes = [_change(item, match.get(item.number)) for item in fresh]
    changes += [
        StepChange(gone.number, gone.id, gone.title, gone.status, ["removed"])
        for gone in sorted(by_id.values(), key=lambda v: v.number)
    ]
    moves = {match[i.number].id: i.step.id or "" for i in fresh if i.number in match}
    return [c for c in changes if c.what], {a: b for a, b in moves.items() if a != b}


def _change(item: _New, view: StepView | None) -> StepChange:
    step = item.step
    if view is None:
        return StepChange(item.number, step.id or "", step.title, "todo", ["new"])
    what = []
    if view.title != step.title:
        what.append(f"retitled (was {view.title!r})")
    for name, before, after in (
        ("URL", view.url, step.url),
        ("type", view.type, step.type),
        ("length", view.minutes, step.minutes),
        ("description", view.description, step.description),
    ):
        if before != after:
            what.append(f"{name} changed")
    if view.number != item.number or view.section != item.section:
        what.append(f"moved (was {view.number})")
    return StepChange(item.number, step.id or "", step.title, view.status, what)


def move_progress(db: Database, path: str, moves: dict[str, str]) -> None:
    """Move each step's progress, history and notes from its old id to its new one, for
    every learner: first all aside, then each to its place. A step removed long ago
    whose id a moved step now takes keeps its history; its old status gives way to the
    moved step's."""
    for old in moves:
        params = {"path": path, "old": old, "new": _MOVING + old}
        for statement in (sources.MOVE_PROGRESS, sources.MOVE_EVENTS, sources.MOVE_NOTES):
            db.execute(statement, params)
    for old, new in moves.items():
        params = {"path": path, "old": _MOVING + old, "new": new}
        db.execute(sources.DROP_REPLACED_PROGRESS, params)
        for statement in (sources.MOVE_PROGRESS, sources.MOVE_EVENTS, sources.MOVE_NOTES):
            db.execute(statement, params)
