"""A large path file read in a child process while its steps are checked and written.

Loading a 100,000-step path is two halves of about the same size: reading the YAML
(libyaml's events made into data) and checking and writing its steps. In one process
they follow each other. Here a forked child reads the file and sends each step's data
as soon as it is read; this process checks the steps and writes them meanwhile, so on
two cores the halves overlap.

Only plain data crosses (marshal: both ends are the same interpreter). The child ends
by sending the rest of the file's data, with the steps it sent left out; this process
puts its checked steps back in their places and validates the whole with the same
function a parse in one process uses (a checked step is taken as it is, a step that
failed its check is reported at its line), so the verdict and every message are the
same. Steps are written while every one before them was valid and had its id (an id
made up is known only at the end); the rest are written after the verdict.

Where there is no fork, or the file is more than plain YAML, or the child ends without
its data, the file is parsed in this process instead: the same result, only later.
Nothing the child does touches the database, and it never returns to its caller.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import signal
import sys
from collections.abc import Generator
from typing import IO, Any

from learnpath.errors import PathFileError
from learnpath.pathfile.content import (
    BATCH,
    InMemory,
    PathContent,
    PathHead,
    StepRow,
    head_of,
    step_row,
)
from learnpath.pathfile.definition import StepDef
from learnpath.pathfile.files import no_gc
from learnpath.pathfile.yamlevents import NotPlain
from learnpath.pathfile.yamlfile import parse_yaml_path, plain_data, validated

Batches = Generator[list[StepRow] | None, None, None]
# Below this size a file is parsed in one go: a fork costs more than it saves.
MIN_BYTES = 1 << 20
_HEADER = 8  # bytes giving a message's length
# Where a step was read: (section index, index in the section).
Place = tuple[int, int]


def parse_for_load(data: bytes, name: str, min_bytes: int = MIN_BYTES) -> PathContent:
    """The content of YAML path file ``data`` (named ``name`` in errors) for
    Database.load_path: read in a child while it is written when it is large and this
    system can fork, else parsed here and now (PathFileError at once)."""
    if len(data) < min_bytes or not can_fork():
        return InMemory(parse_yaml_path(data, name))
    return StreamedParse(data, name)


def can_fork() -> bool:
    # macOS has fork, but its system libraries are not safe in a forked child (which
    # is why Python's multiprocessing does not fork there by default).
    return hasattr(os, "fork") and sys.platform != "darwin"


class StreamedParse:
    """PathContent of a file read in a child process (see the module's note)."""

    def __init__(self, data: bytes, name: str) -> None:
        self._data, self._name = data, name
        self._head: PathHead | None = None
        self._error: PathFileError | None = None
        self._forked = False

    def step_batches(self) -> Batches:
        self._head = self._error = None
        if self._forked:  # a retried write: the child is gone, so the file is parsed here
            yield from self._here()
            return
        self._forked = True
        yield from self._from_child()

    def head(self) -> PathHead:
        if self._error is not None:
            raise self._error
        if self._head is None:
            raise RuntimeError("the head of a path asked for before its steps were read")
        return self._head

    def _here(self) -> Batches:
        try:
            path = parse_yaml_path(self._data, self._name)
        except PathFileError as err:
            self._error = err
            return
        self._head = head_of(path)
        yield from InMemory(path).step_batches()

    def _from_child(self) -> Batches:
        try:
            readable, writable = os.pipe()
        except OSError:  # out of file descriptors: no child, a parse here
            yield from self._here()
            return
        try:
            pid = os.fork()
        except OSError:  # out of processes or memory
            os.close(readable)
            os.close(writable)
            yield from self._here()
            return
        if pid == 0:
            try:  # the child: read, send, and end without ever unwinding the caller
                os.close(readable)
                _child(self._data, writable)
            finally:
                os._exit(0)
        os.close(writable)
        checked = _Checked()
        try:
            with os.fdopen(readable, "rb") as stream:
                while (message := _receive(stream)) is not None:
                    kind, body = message
                    if kind == "steps":
                        if rows := checked.add(body):
                            yield rows
                    elif kind == "rest":
                        yield from self._finish(checked, body)
                        return
                    else:  # more than plain YAML: the full loader's, here
                        break
            if checked.written:
                yield None
            yield from self._here()
        finally:
            _end(pid, stop=self._head is None and self._error is None)

    def _finish(self, checked: _Checked, rest: object) -> Batches:
        """The verdict on the whole file, then the steps not written yet."""
        try:
            path = validated(checked.put_back(rest), self._data, self._name)
        except PathFileError as err:
            self._error = err
            return
        steps = path.steps()
        done = checked.written
        mine = zip(checked.steps, steps[:done], strict=True) if done <= len(steps) else None
        if mine is None or any(sent is not step for sent, (_, step) in mine):
            done = 0  # not the steps written (never seen): all of them again
            yield None
        rows = [step_row(i, step) for i, step in steps[done:]]
        for at in range(0, len(rows), BATCH):
            yield rows[at : at + BATCH]
        self._head = head_of(path)


class _Checked:
    """The steps received so far, each checked, and how many of them were written."""

    def __init__(self) -> None:
        from pydantic import TypeAdapter

        self._check_one: Any = TypeAdapter(StepDef).validate_python
        self._check_all: Any = TypeAdapter(list[StepDef]).validate_python
        # Where each step was read, and the step checked (or its data, if it failed).
        self.places: list[Place] = []
        self.items: list[object] = []
        self.steps: list[StepDef] = []  # the ones written, in order
        self.written = 0
        self._writing = True

    def add(self, received: list[tuple[int, int, object]]) -> list[StepRow]:
        """Check a batch of steps as read; the rows of those to write now."""
        from pydantic import ValidationError

        raw = [data for _, _, data in received]
        try:
            items: list[object] = self._check_all(raw)
        except ValidationError:  # one or more failed: each is checked alone
            items = [self._one(data) for data in raw]
        rows = []
        for (section, at, _), item in zip(received, items, strict=True):
            self.places.append((section, at))
            self.items.append(item)
            if self._writing and isinstance(item, StepDef) and item.id is not None:
                rows.append(step_row(section, item))
                self.steps.append(item)
            else:
                self._writing = False
        self.written += len(rows)
        return rows

    def _one(self, data: object) -> object:
        from pydantic import ValidationError

        try:
            step: StepDef = self._check_one(data)
        except ValidationError:
            return data  # the path's validation reports it, at its line
        return step

    def put_back(self, rest: Any) -> object:
        """The file's data: the rest the child sent, with every step in its place."""
        for (section, at), item in zip(self.places, self.items, strict=True):
            rest["sections"][section]["steps"][at] = item
        return rest


def _child(data: bytes, out_fd: int) -> None:
    """Read the file in the forked child, sending each step's data as it is read and
    then the rest; a file that is more than plain YAML (or data marshal cannot carry)
    ends with a word to read it in the parent."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the child quietly
    with os.fdopen(out_fd, "wb") as out:
        batch: list[tuple[int, int, object]] = []

        def on_step(section: int, at: int, step: dict[Any, Any]) -> object:
            batch.append((section, at, step))
            if len(batch) >= BATCH:
                _send(out, ("steps", batch))
                batch.clear()
            return None  # its place, filled again by the parent

        try:
            with no_gc():
                rest = plain_data(data, "", on_step)
            _send(out, ("steps", batch))
            _send(out, ("rest", rest))
        except (NotPlain, PathFileError, ValueError):
            _send(out, ("parse here", None))


def _send(out: IO[bytes], message: tuple[str, Any]) -> None:
    payload = marshal.dumps(message)  # ValueError for data it cannot carry
    out.write(len(payload).to_bytes(_HEADER, "big") + payload)
    out.flush()


def _receive(stream: IO[bytes]) -> tuple[str, Any] | None:
    """The next message, or None when the child is gone (a message cut short too)."""
    header = stream.read(_HEADER)
    if len(header) < _HEADER:
        return None
    size = int.from_bytes(header, "big")
    payload = stream.read(size)
    if len(payload) < size:
        return None
    message: tuple[str, Any] = marshal.loads(payload)
    return message


def _end(pid: int, stop: bool) -> None:
    """Reap the child, which ends on its own once it has sent everything; one still
    reading (the write failed or was interrupted) is stopped first."""
    if stop:
        with contextlib.suppress(ProcessLookupError):  # it ended, and waits to be reaped
            os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
