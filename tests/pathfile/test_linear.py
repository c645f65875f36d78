"""Every regular expression over untrusted text runs in linear time.

Each input below is built to make one pattern backtrack: with a super-linear pattern it
takes minutes (the ones found in issue 12 took 17 s to 145 s at these sizes or less),
with a linear one milliseconds. An alarm bounds each case, so a regression fails here
rather than hanging the suite.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from learnpath.errors import PathFileError
from learnpath.pathfile.markdown import parse_markdown_path
from learnpath.text import clean_block, clean_line, fold, is_web_url, readable

N = 50_000  # characters: about 0.05 s when linear


@contextmanager
def within(seconds: int) -> Iterator[None]:
    def expired(*_: object) -> None:
        raise TimeoutError(f"took more than {seconds} s: not linear")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


TEXT_CASES: dict[str, str] = {
    "link openers": "[a](" * (N // 4),
    "brackets": "[" * N,
    "link without closing paren": "[a](" + "b" * N,
    "link title without quote": '[a](u "' * (N // 7),
    "bold openers": "**a " * (N // 4),
    "underscore bold openers": "__a " * (N // 4),
    "emphasis openers": "*a " * (N // 3),
    "code ticks": "`a" * (N // 2),
    "spaces and controls": " \t\x1b" * (N // 3),
}


@pytest.mark.parametrize("text", TEXT_CASES.values(), ids=TEXT_CASES.keys())
@pytest.mark.parametrize("function", [readable, clean_line, clean_block, fold, is_web_url])
def test_text_helpers_are_linear(function: Callable[[str], object], text: str):
    with within(5):
        function(text)


def _markdown(body: str) -> str:
    return f"# Pfad\n\n## Learning Path\n\n### Teil\n\n{body}\n"


MARKDOWN_CASES: dict[str, str] = {
    # issue 12: a 2.5 KB heading took 21 s
    "heading of spaces, tabs and hashes": "# a" + " \t" * (N // 4) + "#" * (N // 4) + " b",
    "title cell of link openers": "| Title |\n|---|\n| " + "[a](" * (N // 4) + " |",
    "title cell without closing bracket": "| Title |\n|---|\n| [" + "a" * N + " |",
    "separator-like line": " - " * (N // 3) + "x",
    "table separator run": "| a |\n" + "|-" * (N // 2) + "x",
    "bullet of spaces": "## Prerequisites\n\n- " + " " * N + "x",
    "bold prerequisite without closing": "## Prerequisites\n\n- **" + "a" * N,
    "length cell of digits": "| Title | Length |\n|---|---|\n| T | " + "1" * N + "h |",
    "many pipes": "| Title |\n|---|\n" + "|" * N,
}


@pytest.mark.parametrize("body", MARKDOWN_CASES.values(), ids=MARKDOWN_CASES.keys())
def test_the_markdown_reader_is_linear(body: str):
    # Refusing is fine; taking forever, or crashing, is not.
    with within(5), contextlib.suppress(PathFileError):
        parse_markdown_path(_markdown(body), "hostile.md")


def test_show_of_a_hostile_description_is_quick(run, tmp_path: Path):
    """issue 12: a 48 KB description of '[a](' repeated made every `show` take 17 s."""
    file = tmp_path / "p.yaml"
    file.write_text(
        "title: P\nsections:\n  - title: S\n    steps:\n"
        f"      - {{title: T, description: '{'[a](' * 12_000}'}}\n",
        encoding="utf-8",
    )
    assert run("add", str(file)).exit_code == 0
    with within(10):
        assert run("--path", "p", "show", "1").exit_code == 0
