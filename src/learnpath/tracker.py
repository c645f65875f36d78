"""What a learner does with a path: list, show, open, done, undo, progress, next.

The core of learnpath. It speaks to the database through db.py and queries.py and
hands plain dataclasses to whoever shows them; it never imports typer or rich.
"""

from __future__ import annotations

import difflib
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from learnpath import queries as q
from learnpath.config import BUNDLED_PATH, DB_NAME, bundled_path_file, data_dir, database_url
from learnpath.db import Database, utc_now
from learnpath.errors import NoteError, NothingToOpen, PathFileError, StepNotFound, UnknownPath
from learnpath.text import clean_block, is_web_url, safe

if TYPE_CHECKING:
    from learnpath.catalog import PathDef

Status = Literal["todo", "started", "done", "skipped"]
STATUSES: tuple[Status, ...] = ("todo", "started", "done", "skipped")
HANDLED = ("done", "skipped")
MAX_REF_LEN = 200


def percent(handled: int, total: int) -> int:
    """Whole percent, never claiming 100 before the end nor 0 after a start."""
    if total <= 0:
        return 0
    value = round(100 * handled / total)
    if handled < total:
        value = min(value, 99)
    if handled > 0:
        value = max(value, 1)
    return value


# `list` shows a window of this many rows on a long path (a Rich row costs about a
# quarter of a millisecond, and a screen holds about this many), starting a few rows
# before the first step still to do. A path only a little longer is shown whole, so the
# footer never says "3 more".
WINDOW_ROWS = 40
WINDOW_CONTEXT = 3
# `progress` shows this many sections around the current one.
SECTION_ROWS = 12
SECTION_CONTEXT = 2


def window_bounds(
    anchor: int, count: int, rows: int = WINDOW_ROWS, context: int = WINDOW_CONTEXT
) -> tuple[int, int]:
    """The rows (1-based, inclusive) of ``count`` shown around ``anchor``.

    The window starts ``context`` rows before the anchor and holds ``rows`` rows; when
    there are only a quarter more than that, all are shown.
    """
    if count <= rows + rows // 4:
        return 1, count
    last = min(count, max(1, anchor - context) + rows - 1)
    return max(1, last - rows + 1), last


ACTIVE_KEY = "active_path"  # the setting that remembers `learnpath use`


def active_name(db: Database) -> str:
    """The active path: the one chosen with `learnpath use`, else the bundled one."""
    row = db.one(q.GET_SETTING, {"key": ACTIVE_KEY})
    return row["value"] if row else BUNDLED_PATH


def path_source(db: Database, name: str) -> sqlite3.Row:
    """The path's row of source facts; UnknownPath when no path has that name."""
    row = db.one(q.PATH_SOURCE, {"path": name})
    if row is None:
        raise UnknownPath(name)
    return row


# The value classes below are plain dataclasses, not frozen ones: creating a frozen
# class costs twice as long, and every call of learnpath pays for creating them all.
# They are still treated as values and never changed after creation.
@dataclass(slots=True)
class StepView:
    """One step with the learner's status, as commands show it."""

    number: int
    id: str
    section: str
    title: str
    type: str | None
    url: str | None
    minutes: int | None
    status: Status
    started_at: str | None
    completed_at: str | None
    description: str | None = None
    notes: int = 0  # how many notes the learner has on it

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> StepView:
        keys = row.keys()
        return cls(
            number=row["number"],
            id=row["step_id"],
            section=row["section"],
            title=row["title"],
            type=row["type"],
            url=row["url"],
            minutes=row["minutes"],
            status=row["status"],
            started_at=row["started_at"],
            completed_at=row["completed_at"],
            description=row["description"] if "description" in keys else None,
            notes=row["notes"] or 0,
        )

    def to_json(self, with_description: bool = False) -> dict[str, Any]:
        """The documented JSON object of a step (see README, "JSON output")."""
        out: dict[str, Any] = {
            "number": self.number,
            "id": self.id,
            "section": self.section,
            "title": self.title,
            "type": self.type,
            "url": self.url,
            "minutes": self.minutes,
            "status": self.status,
            "started_at": self.started_at,
            "completed_at": self.completed_at,
        }
        if with_description:
            out["description"] = self.description
        return out


@dataclass(slots=True)
class SectionProgress:
    title: str
    total: int
    done: int
    skipped: int
    started: int
    minutes_done: int
    minutes_left: int
    timed: int  # steps whose length is known

    @property
    def percent(self) -> int:
        return percent(self.done + self.skipped, self.total)


@dataclass(slots=True)
class Progress:
    path: str
    title: str
    sections: list[SectionProgress]
    next: StepView | None

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)

    @property
    def done(self) -> int:
        return sum(s.done for s in self.sections)

    @property
    def skipped(self) -> int:
        return sum(s.skipped for s in self.sections)

    @property
    def started(self) -> int:
        return sum(s.started for s in self.sections)

    @property
    def minutes_done(self) -> int:
        return sum(s.minutes_done for s in self.sections)

    @property
    def minutes_left(self) -> int:
        return sum(s.minutes_left for s in self.sections)

    @property
    def timed(self) -> int:
        return sum(s.timed for s in self.sections)

    @property
    def percent(self) -> int:
        return percent(self.done + self.skipped, self.total)

    def section_window(self) -> tuple[int, int]:
        """The sections (1-based, inclusive) `progress` shows: those around the current one."""
        current = next(
            (i for i, s in enumerate(self.sections, 1) if s.done + s.skipped < s.total),
            len(self.sections),
        )
        return window_bounds(current, len(self.sections), SECTION_ROWS, SECTION_CONTEXT)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object of ``progress --json``."""
        return {
            "path": self.path,
            "total": self.total,
            "done": self.done,
            "skipped": self.skipped,
            "percent": self.percent,
            "sections": [
                {
                    "title": s.title,
                    "total": s.total,
                    "done": s.done,
                    "skipped": s.skipped,
                    "percent": s.percent,
                }
                for s in self.sections
            ],
            "next": self.next.to_json() if self.next else None,
        }


@dataclass(slots=True)
class Listing:
    """What `list` shows: matching steps (maybe a window of them) and the counts around."""

    steps: Iterable[StepView]
    progress: Progress
    before: int = 0  # matching steps left out ahead of the window
    after: int = 0  # and behind it
    filtered: bool = False


@dataclass(slots=True)
class Prerequisite:
    title: str
    description: str | None


@dataclass(slots=True)
class PathInfo:
    id: str
    title: str
    language: str | None
    description: str | None
    overview: str | None
    prerequisites: list[Prerequisite]
    step_count: int


@dataclass(slots=True)
class Note:
    at: str  # UTC, ISO 8601
    text: str


@dataclass(slots=True)
class Stand:
    """Where the learner stands after a status change."""

    section: SectionProgress | None
    progress: Progress
    just_completed: bool  # this change finished the path


@dataclass(slots=True)
class Change:
    """What a status command did to one step."""

    step: StepView
    old: Status
    new: Status

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(slots=True)
class Opened:
    step: StepView
    launched: bool
    reason: str | None  # why the browser was not started
    started: bool  # whether this call marked the step started


@dataclass
class Tracker:
    """A learner's view of one path in one database."""

    db: Database
    path: str = BUNDLED_PATH
    _count: int | None = field(default=None, repr=False)

    @classmethod
    def load(
        cls, directory: Path | None = None, path: str | None = None, url: str | None = None
    ) -> Tracker:
        """Open the database, synced: on the server ``url`` names (or
        $LEARNPATH_DATABASE_URL), else the local one in ``directory`` (default: the data
        directory, which also holds stored paths and backups either way).

        ``path`` names the path to work on; by default the active one (``learnpath
        use``), or the bundled path when none was chosen.
        """
        directory = directory or data_dir()
        url = url or database_url()
        if url:
            from learnpath.server import ServerDatabase  # SQLAlchemy only for a server

            db: Any = ServerDatabase.open(url, directory)
        else:
            db = Database.open(directory / DB_NAME)
        try:
            bundled = cls(db, BUNDLED_PATH)
            bundled.sync(bundled_path_file())
            if path is None:
                path = active_name(db)
                # The active path may have been removed by another learner since.
                if db.one(q.PATH_SOURCE, {"path": path}) is None:
                    path = BUNDLED_PATH
            if path == BUNDLED_PATH:
                return bundled
            tracker = cls(db, path)
            tracker.sync_stored()
            return tracker
        except BaseException:
            db.close()
            raise

    def sync_stored(self) -> None:
        """Reload an added path when its stored copy changed."""
        stored = Path(path_source(self.db, self.path)["source"])
        # The database holds the whole path; a stored copy that went missing only means
        # there is nothing newer to load.
        if stored.is_file():
            self.sync(stored)

    def close(self) -> None:
        self.db.close()

    # -- loading the path file ------------------------------------------------------

    def sync(self, file: Path, parsed: PathDef | None = None) -> bool:
        """Load ``file`` into the database if it changed since the last run.

        The check is cheap: size and mtime first, then a content hash; YAML is parsed
        only when the content really changed. ``parsed`` is the file's content when the
        caller has just written it (``add``), so it need not be read back. Returns
        whether the path was reloaded.
        """
        try:
            st = file.stat()
        except OSError as err:
            raise PathFileError(f"cannot read the path file {file}: {err.strerror}") from None
        params = {"path": self.path}
        row = self.db.one(q.PATH_SOURCE, params)
        source = str(file)
        if (
            parsed is None
            and row is not None
            and row["source"] == source
            and row["source_size"] == st.st_size
            and row["source_mtime_ns"] == st.st_mtime_ns
        ):
            return False

        import hashlib  # here, not at the top: a call that finds the file unchanged needs none

        from learnpath import catalog

        data = catalog.read_bytes(file)
        digest = hashlib.sha256(data).hexdigest()
        stat = {"source": source, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
        if row is not None and row["source_hash"] == digest:
            self.db.write(lambda db: db.execute(q.TOUCH_SOURCE, {**params, **stat}))
            return False

        from learnpath import store  # SQLAlchemy only when a path really has to be loaded

        # Bundled and stored copies are YAML.
        definition = parsed or catalog.load_yaml_path(file, data)
        if self._older_bundled(row, definition):
            # Learners sharing a database may run different releases: the newest content
            # stays, and this file is remembered as seen so it is not read again.
            self.db.write(lambda db: db.execute(q.TOUCH_SOURCE, {**params, **stat}))
            return False
        text = None if self.path == BUNDLED_PATH else catalog.decode(data, str(file))
        store.sync_path(self.db, self.path, definition, digest=digest, source_text=text, **stat)
        self._count = None
        return True

    def _older_bundled(self, row: sqlite3.Row | None, definition: PathDef) -> bool:
        """Whether ``definition`` is an older version of the bundled path than the one
        the database holds (its `version`, raised whenever the content changes)."""
        if self.path != BUNDLED_PATH or row is None:
            return False
        held, offered = row["version"], definition.version
        return held is not None and offered is not None and offered < held

    # -- reading --------------------------------------------------------------------

    def info(self) -> PathInfo:
        row = self.db.one(q.PATH_INFO, {"path": self.path})
        if row is None:
            raise PathFileError(f"the path {self.path!r} is not loaded; run learnpath again")
        prereqs = [
            Prerequisite(p["title"], p.get("description"))
            for p in json.loads(row["prerequisites"] or "[]")
        ]
        return PathInfo(
            id=row["id"],
            title=row["title"],
            language=row["language"],
            description=row["description"],
            overview=row["overview"],
            prerequisites=prereqs,
            step_count=row["step_count"],
        )

    def count(self) -> int:
        if self._count is None:
            self._count = self.info().step_count
        return self._count

    def steps(self, section: str | None = None, status: str | None = None) -> Iterator[StepView]:
        """The path's steps in order, optionally only one section's or one status's."""
        needle = section.casefold() if section else None
        for row in self.db.rows(q.STEPS, {"path": self.path}):
            if needle is not None and needle not in row["section"].casefold():
                continue
            if status is not None and row["status"] != status:
                continue
            yield StepView.from_row(row)

    def listing(
        self, section: str | None = None, status: str | None = None, everything: bool = False
    ) -> Listing:
        """The steps `list` shows: every match, or on a long path a window of them."""
        progress = self.progress()
        filtered = section is not None or status is not None
        if everything:
            return Listing(self.steps(section, status), progress, filtered=filtered)
        if not filtered:
            # The common case is answered by the index on step numbers, whatever the length.
            count = progress.total
            anchor = progress.next.number if progress.next else count
            first, last = window_bounds(anchor, count)
            rows = self.db.rows(q.STEPS_BETWEEN, {"path": self.path, "first": first, "last": last})
            steps = [StepView.from_row(row) for row in rows]
            return Listing(steps, progress, before=first - 1, after=count - last)
        # Filters are applied here, in Python, so a filtered window takes two passes: one
        # to count the matches and find the first unfinished one, one to take the window.
        count, anchor = 0, 0
        for step in self.steps(section, status):
            count += 1
            if not anchor and step.status not in HANDLED:
                anchor = count
        first, last = window_bounds(anchor or count, count)
        steps = []
        for index, step in enumerate(self.steps(section, status), 1):
            if index > last:
                break
            if index >= first:
                steps.append(step)
        return Listing(steps, progress, before=first - 1, after=count - last, filtered=True)

    def section_titles(self) -> list[str]:
        return [s.title for s in self.progress().sections]

    def check_section(self, section: str) -> None:
        """Refuse a section filter that matches no section, naming the ones there are."""
        titles = self.section_titles()
        if not any(section.casefold() in t.casefold() for t in titles):
            raise StepNotFound(
                f"no section matches {_quote(section)}; the sections are: " + ", ".join(titles)
            )

    def step(self, ref: str) -> StepView:
        """The step a reference names: its number (1..N) or its id."""
        ref = ref.strip()
        if not ref:
            raise StepNotFound("the step reference is empty; give a step number or id")
        if len(ref) > MAX_REF_LEN:
            raise StepNotFound(
                f"a step reference of {len(ref)} characters is too long; give a step number or id"
            )
        if ref.isascii() and ref.isdigit():
            row = self.db.one(q.STEP_BY_NUMBER, {"path": self.path, "number": int(ref)})
            if row is None:
                raise StepNotFound(f"there is no step {int(ref)}; {self._range()}")
            return StepView.from_row(row)
        if re.fullmatch(r"[+-]?\d*[.,]?\d+", ref):
            raise StepNotFound(f"{_quote(ref)} is not a step number; {self._range()}")
        row = self.db.one(q.STEP_BY_ID, {"path": self.path, "step_id": ref})
        if row is None:
            ids = [s.id for s in self.steps()]
            low = ref.casefold()
            close = [i for i in ids if low in i.casefold()] or difflib.get_close_matches(
                ref, ids, n=1
            )
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise StepNotFound(
                f"no step has the id {_quote(ref)}; {hint}'learnpath list' shows numbers and ids"
            )
        return StepView.from_row(row)

    def _range(self) -> str:
        total = self.count()
        return "the path has no steps" if total == 0 else f"the steps are numbered 1 to {total}"

    def resolve(self, refs: Iterable[str]) -> list[StepView]:
        """Every referenced step, once each, in the order given; any bad one raises."""
        seen: dict[str, StepView] = {}
        for ref in refs:
            step = self.step(ref)
            seen.setdefault(step.id, step)
        return list(seen.values())

    def next(self) -> StepView | None:
        """The first step neither done nor skipped, or None when the path is complete."""
        row = self.db.one(q.NEXT_STEP, {"path": self.path})
        return StepView.from_row(row) if row else None

    def progress(self) -> Progress:
        info = self.info()
        sections = []
        current = None  # the position of the first section with steps still to do
        for row in self.db.rows(q.SECTION_SUMMARY, {"path": self.path}):
            section = SectionProgress(
                title=row["title"],
                total=row["total"],
                done=row["done"] or 0,
                skipped=row["skipped"] or 0,
                started=row["started"] or 0,
                minutes_done=row["minutes_done"] or 0,
                minutes_left=row["minutes_left"] or 0,
                timed=row["timed"] or 0,
            )
            if current is None and section.done + section.skipped < section.total:
                current = row["position"]
            sections.append(section)
        step = None
        if current is not None:
            row = self.db.one(q.NEXT_IN_SECTION, {"path": self.path, "section": current})
            step = StepView.from_row(row) if row else None
        return Progress(path=self.path, title=info.title, sections=sections, next=step)

    # -- changing status ------------------------------------------------------------

    def done(self, refs: Iterable[str]) -> list[Change]:
        """Mark steps done; a step already done keeps its first completion time."""
        return self._set(refs, "done")

    def undo(self, refs: Iterable[str]) -> list[Change]:
        """Put steps back to todo, clearing their times."""
        return self._set(refs, "todo")

    def start(self, refs: Iterable[str]) -> list[Change]:
        """Mark steps started; a done step stays done (undo it first to study it again)."""
        return self._set(refs, "started")

    def skip(self, refs: Iterable[str]) -> list[Change]:
        """Mark steps skipped: handled like done steps, but counted apart."""
        return self._set(refs, "skipped")

    def stand(self, changes: list[Change]) -> Stand:
        """Where the learner stands after ``changes``: the last changed step's section
        and the whole path."""
        p = self.progress()
        section = next((s for s in p.sections if s.title == changes[-1].step.section), None)
        finished = any(c.changed and c.new in HANDLED for c in changes)
        return Stand(section=section, progress=p, just_completed=finished and p.next is None)

    # -- notes ----------------------------------------------------------------------

    def notes(self, step: StepView) -> list[Note]:
        rows = self.db.rows(q.NOTES, {"path": self.path, "step_id": step.id})
        return [Note(at=row["at"], text=row["text"]) for row in rows]

    def add_note(self, ref: str, note: str) -> StepView:
        """Append a note to a step, with the time; recorded in the history as 'noted'."""
        step = self.step(ref)
        note = _note_text(note)
        if not note:
            raise NoteError("the note is empty; write its text after the step")

        def work(db: Database) -> None:
            now = utc_now()
            params = {"path": self.path, "step_id": step.id, "now": now}
            db.execute(q.ADD_NOTE, {**params, "text": note})
            db.execute(q.ADD_EVENT, {**params, "action": "noted"})

        self.db.write(work)
        return step

    def clear_notes(self, ref: str) -> int:
        """Clear a step's notes; returns how many there were."""
        step = self.step(ref)
        params = {"path": self.path, "step_id": step.id}
        return self.db.write(lambda db: db.execute(q.CLEAR_NOTES, {**params, "now": utc_now()}))

    def replace_notes(self, ref: str, text: str) -> int:
        """Put ``text`` in place of a step's notes (after editing them all at once).

        Returns the number of notes the step has now: 1, or 0 when the text is empty.
        """
        step = self.step(ref)
        text = _note_text(text)

        def work(db: Database) -> int:
            now = utc_now()
            params = {"path": self.path, "step_id": step.id, "now": now}
            db.execute(q.CLEAR_NOTES, params)
            if not text:
                return 0
            db.execute(q.ADD_NOTE, {**params, "text": text})
            db.execute(q.ADD_EVENT, {**params, "action": "noted"})
            return 1

        return self.db.write(work)

    def open(self, ref: str, browser: bool = True) -> Opened:
        """Open a step's resource and mark it started when it was still todo."""
        step = self.step(ref)
        if not step.url:
            raise NothingToOpen(
                f"step {step.number} ({step.id}) has no URL; there is nothing to open"
            )
        if not is_web_url(step.url):
            raise NothingToOpen(
                f"step {step.number} ({step.id}) has a URL that is not http or https; "
                "it will not be opened"
            )
        launched, reason = False, None
        if browser:
            from learnpath.browser import launch

            result = launch(step.url)
            launched, reason = result.opened, result.reason
        changes = self.start([step.id])
        return Opened(
            step=changes[0].step, launched=launched, reason=reason, started=changes[0].changed
        )

    def _set(self, refs: Iterable[str], target: Status) -> list[Change]:
        steps = self.resolve(refs)  # every reference is checked before anything changes

        def work(db: Database) -> list[Change]:
            now = utc_now()
            changes = []
            for step in steps:
                # Read again inside the transaction: another process may have written.
                row = db.one(q.STEP_BY_ID, {"path": self.path, "step_id": step.id})
                current = StepView.from_row(row) if row else step
                new = _transition(current, target, now)
                if new is None:
                    changes.append(Change(current, current.status, current.status))
                    continue
                db.execute(
                    q.SET_PROGRESS,
                    {
                        "path": self.path,
                        "step_id": step.id,
                        "status": new.status,
                        "started_at": new.started_at,
                        "completed_at": new.completed_at,
                        "now": now,
                    },
                )
                action = {"todo": "undone"}.get(new.status, new.status)
                db.execute(
                    q.ADD_EVENT,
                    {"path": self.path, "step_id": step.id, "action": action, "now": now},
                )
                changes.append(Change(new, current.status, new.status))
            return changes

        return self.db.write(work)


# Lines of the editing template that explain it; they are dropped when it is saved.
_TEMPLATE_MARK = "# learnpath:"


def notes_template(step: StepView, notes: list[Note]) -> str:
    """The text `note --edit` opens in the editor: every note of the step, one after
    the other; saved, it becomes the step's one note."""
    head = [
        f"{_TEMPLATE_MARK} notes on step {step.number}, {safe(step.title)}",
        f"{_TEMPLATE_MARK} saved, this text becomes the step's note; saved empty, it clears them.",
        f"{_TEMPLATE_MARK} lines starting with '{_TEMPLATE_MARK}' are left out.",
        "",
    ]
    return "\n".join(head) + "\n\n".join(n.text for n in notes) + "\n"


def notes_from_template(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith(_TEMPLATE_MARK))


def _note_text(text: str) -> str:
    """A note as stored: control characters removed, line breaks kept, ends trimmed."""
    return clean_block(text)


def _transition(step: StepView, target: Status, now: str) -> StepView | None:
    """The step after moving to ``target``, or None when nothing changes."""
    if target == "done":
        if step.status == "done":
            return None
        return replace(step, status="done", completed_at=now)
    if target == "todo":
        if step.status == "todo":
            return None
        return replace(step, status="todo", started_at=None, completed_at=None)
    if target == "started":
        if step.status in ("started", "done"):
            return None
        return replace(step, status="started", started_at=step.started_at or now)
    if target == "skipped":
        if step.status == "skipped":
            return None
        return replace(step, status="skipped", completed_at=None)
    raise ValueError(target)


def _quote(text: str, limit: int = 40) -> str:
    """A user's input, made safe and short enough to echo in a message."""
    text = safe(text)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
