"""A path file read in a forked child while it is written gives exactly what a parse in
one process gives: the same rows, the same head, the same errors, whatever the file."""

from __future__ import annotations

import os

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from learnpath.errors import PathFileError
from learnpath.pathfile import streaming
from learnpath.pathfile.content import BATCH, InMemory, PathContent
from learnpath.pathfile.streaming import StreamedParse, can_fork, parse_for_load
from learnpath.pathfile.yamlfile import parse_yaml_path

pytestmark = pytest.mark.skipif(not can_fork(), reason="this system does not fork")


def read(content: PathContent) -> object:
    """What a load would write: the rows (a None starts them again), then the head; or
    the error that refuses the file."""
    rows: list[object] = []
    for batch in content.step_batches():
        rows = [] if batch is None else rows + batch
    try:
        return rows, content.head()
    except PathFileError as err:
        return str(err), err.problems


def in_one_process(data: bytes) -> object:
    try:
        return read(InMemory(parse_yaml_path(data, "p.yaml")))
    except PathFileError as err:
        return str(err), err.problems


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The children forked during the test."""
    pids: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return pids


def all_reaped(pids: list[int]) -> bool:
    """Whether every one of ``pids`` was there and has ended and been reaped."""
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue
        return False
    return bool(pids)


def path_file(steps: int, per_section: int = 7, odd: dict[str, str] | None = None) -> bytes:
    """A path of ``steps`` steps; ``odd`` replaces or adds lines (by key) of the last
    step but one."""
    lines = ["title: Lang", "sections:"]
    for n in range(1, steps + 1):
        if n % per_section == 1:
            lines += [f"  - title: Abschnitt {n}", "    steps:"]
        step = {
            "id": f"s{n}",
            "title": f"'Schritt {n}: Vorträge'",
            "url": f"https://example.org/{n}",
            "minutes": f"{n % 9}",
            "description": f"Über {n}",
        }
        if odd and n == steps - 1:
            step |= odd
        lines += [
            ("      - " if at == 0 else "        ") + f"{key}: {value}"
            for at, (key, value) in enumerate(step.items())
        ]
    return ("\n".join(lines) + "\n").encode()


_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 200_000), st.text(max_size=12), st.dates()
)
_step = st.dictionaries(
    st.sampled_from(["id", "title", "type", "url", "description", "minutes", "extra"]),
    st.one_of(_scalar, st.sampled_from(["https://example.org/x", "s1", "Titel"])),
    max_size=6,
)
_steps = st.lists(
    st.one_of(
        st.fixed_dictionaries(
            {"id": st.sampled_from(["a", "b", "c1", "d-2"]), "title": st.sampled_from(["T", "Ü"])}
        ),
        _step,
        _scalar,
    ),
    max_size=5,
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    data=st.dictionaries(
        st.sampled_from(["title", "sections", "language", "version"]),
        st.one_of(
            _scalar,
            st.lists(
                st.one_of(
                    st.fixed_dictionaries({"title": _scalar}, optional={"steps": _steps}),
                    _scalar,
                ),
                max_size=3,
            ),
        ),
    ),
    anchored=st.booleans(),
)
@example(
    data={"title": "T", "sections": [{"title": "S", "steps": [{"title": "no id"}]}]},
    anchored=False,
)
def test_any_file_gives_what_one_process_gives(data, anchored, forked):
    text = yaml.safe_dump(data, allow_unicode=True)
    if anchored:  # more than plain YAML: the child leaves it to the full loader
        text = text.replace("title:", "title: &t", 1)
    streamed = read(StreamedParse(text.encode(), "p.yaml"))
    assert streamed == in_one_process(text.encode())
    assert all_reaped(forked)


@pytest.mark.parametrize(
    "odd, problem",
    [
        (None, None),
        ({"description": "!!str Über"}, None),  # a tag: read again by the full loader
        ({"minutes": "-1"}, "minutes: input should be greater than or equal to 0"),
        ({"id": "s1"}, "duplicate step id 's1'"),
        ({"published": "2024-01-01"}, "published: is not a known field"),  # a date: not marshal's
        ({"minutes": "*m"}, "invalid YAML"),  # an alias: for the full loader
    ],
)
def test_many_batches_and_a_problem_near_the_end(odd, problem, forked):
    steps = 3 * BATCH + 11
    data = path_file(steps, odd=odd)
    streamed = read(StreamedParse(data, "p.yaml"))
    assert streamed == in_one_process(data)
    if problem is None:
        rows, head = streamed
        assert len(rows) == steps and head.title == "Lang"
    else:
        message, _ = streamed
        assert problem in message
    assert all_reaped(forked)


def test_steps_after_one_without_an_id_come_with_their_made_up_ids():
    data = path_file(BATCH + 5).replace(b"      - id: s3\n        title", b"      - title")
    rows, _ = read(StreamedParse(data, "p.yaml"))
    assert [row.id for row in rows[:4]] == ["s1", "s2", "schritt-3-vortraege", "s4"]
    assert (rows, _) == in_one_process(data)


def test_a_child_that_dies_leaves_the_parse_to_this_process(monkeypatch, forked):
    data = path_file(2 * BATCH)

    def dies_after_a_batch(data, out_fd):
        os.write(out_fd, b"\x00" * 3)  # a message cut short
        os._exit(9)

    monkeypatch.setattr(streaming, "_child", dies_after_a_batch)
    assert read(StreamedParse(data, "p.yaml")) == in_one_process(data)
    assert all_reaped(forked)


def test_no_fork_to_be_had_means_a_parse_here(monkeypatch):
    def no_fork():
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    data = path_file(BATCH + 1)
    assert read(StreamedParse(data, "p.yaml")) == in_one_process(data)


def test_a_retried_write_reads_the_steps_again(forked):
    content = StreamedParse(path_file(BATCH + 3), "p.yaml")
    first = read(content)
    assert read(content) == first  # the second time parsed here: the child is gone
    assert all_reaped(forked)


def test_a_write_that_stops_early_stops_the_child(forked):
    content = StreamedParse(path_file(6 * BATCH), "p.yaml")
    batches = content.step_batches()
    assert len(next(batches)) == BATCH
    batches.close()
    assert all_reaped(forked)
    with pytest.raises(RuntimeError):
        content.head()


def test_small_files_are_parsed_at_once():
    assert isinstance(parse_for_load(path_file(3), "p.yaml"), InMemory)
    with pytest.raises(PathFileError, match="title"):
        parse_for_load(b"sections: []\n", "p.yaml")
    assert isinstance(parse_for_load(path_file(3), "p.yaml", min_bytes=1), StreamedParse)
