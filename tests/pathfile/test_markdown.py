"""Markdown learning paths as they really come."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnpath.errors import PathFileError
from learnpath.pathfile.definition import PathDef
from learnpath.pathfile.load import load_path
from learnpath.pathfile.markdown import parse_markdown_path

from ..conftest import FIXTURES
from .test_yaml import CS25_DESCRIPTION, SEED

SEED_TEXT = (
    SEED.read_text(encoding="utf-8")
    if SEED.exists()
    else (FIXTURES / "seed-copy.md").read_text(encoding="utf-8")
)


def test_seed_document_reads_as_its_one_cs25_step():
    path = parse_markdown_path(SEED_TEXT, "transformers.md")
    assert path.title == "Transformers"
    assert [s.title for s in path.sections] == ["Fundamentals", "Advanced Topics"]
    assert path.sections[0].steps == []
    (step,) = path.sections[1].steps
    assert step.title == "Stanford CS25: V4 I Overview of Transformers"
    assert step.type == "Video"
    assert step.url == (
        "https://www.youtube.com/watch?v=fKMB5UlVY1E&list=PLoROMvodv4rNiJRchCzutFw5ItR_Z27CM"
        "&index=26"
    )
    assert step.description == CS25_DESCRIPTION
    assert [p.title for p in path.prerequisites] == [
        "Grundkenntnisse in Maschinellem Lernen und Deep Learning",
        "Kenntnisse in Linearer Algebra und Statistik",
        "Vertrautheit mit Python und Bibliotheken wie TensorFlow oder PyTorch",
        "Grundlegendes Verständnis von Natural Language Processing (NLP)",
    ]
    assert path.prerequisites[1].description.startswith("Die mathematischen Grundlagen")
    assert path.overview and path.overview.startswith("Dieser Learning Path bietet")


def test_messy_file_reads_every_case():
    path = load_path(FIXTURES / "messy.md")
    assert [(p.title, p.description) for p in path.prerequisites] == [
        ("Ownership", "Du kennst `&` und `&mut`."),
        ("Cargo", "Projekte anlegen und bauen"),
        ("Geduld", None),
    ]
    assert [(s.title, len(s.steps)) for s in path.sections] == [
        ("Grundlagen", 3),
        ("Offene Themen", 0),
        ("Leere Tabelle", 0),
        ("Advanced", 1),
    ]
    book, rustlings, second, async_ = [s for _, s in path.steps()]
    # Numbering in the file (3, 7, 9) is ignored; ids come from titles, unique.
    assert [s.id for s in (book, rustlings, second, async_)] == [
        "the-book",
        "rustlings-ohne-link",
        "the-book-2",
        "async-rust",
    ]
    assert "[Kapitel 4](https://doc.rust-lang.org/book/" in book.description
    assert rustlings.url is None
    assert rustlings.description == "Kleine Aufgaben mit `cargo` | direkt im Terminal."
    assert (async_.title, async_.minutes) == ("Async Rust", 90)


def test_path_without_steps_is_valid():
    path = load_path(FIXTURES / "empty.md")
    assert path.steps() == [] and [s.title for s in path.sections] == ["Fundamentals"]


def test_every_problem_has_its_line():
    with pytest.raises(PathFileError) as info:
        load_path(FIXTURES / "broken.md")
    name = str(FIXTURES / "broken.md")
    assert info.value.problems == [
        f"{name}:7:7: sections[1].steps[1].url: expected an http:// or https:// URL with a host "
        "(no credentials, nothing invisible)",
        f"{name}:12:1: the table has no Title column; expected | Step | Title | Type | "
        "Description |",
    ]


def test_missing_title_line():
    with pytest.raises(PathFileError, match="x.md:1:1: no '# Title' line"):
        parse_markdown_path("Just text\n", "x.md")


@pytest.mark.parametrize(
    "table",
    [
        "| Title | Type |\n|---|---|\n| [A](https://a.org) | Video |\n",
        "Title | Type\n--- | ---\n[A](https://a.org) | Video\n",
        "| Schritt | Titel | Typ | Beschreibung |\n|:-:|:--|--|--|\n| 1 | [A](https://a.org) "
        "| Video | x |\n",
    ],
    ids=["no-step-column", "no-outer-pipes", "german-headers"],
)
def test_table_variants(table):
    path = parse_markdown_path(f"# P\n\n### S\n\n{table}", "p.md")
    (step,) = path.sections[0].steps
    assert (step.title, step.url, step.type) == ("A", "https://a.org", "Video")


def test_english_and_german_section_names_and_many_sections():
    sections = "".join(f"### Abschnitt {n}\n\n| Title |\n|---|\n| T{n} |\n\n" for n in range(12))
    path = parse_markdown_path(f"# P\n\n## Lernpfad\n\nÜberblick.\n\n{sections}", "p.md")
    assert len(path.sections) == 12 and path.overview == "Überblick."


_MARKDOWNISH = st.text(alphabet=st.sampled_from(list("#|-[]()*_`\\:. \naTt1hs")), max_size=300)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_MARKDOWNISH, st.text()))
def test_any_text_gives_a_path_or_our_error(text):
    """Text shaped like markdown tables and headings, and any unicode at all."""
    try:
        result = parse_markdown_path(text, "fuzz.md")
    except PathFileError as err:
        assert err.problems and all(p.startswith("fuzz.md:") for p in err.problems)
    else:
        assert isinstance(result, PathDef)


LISTED = """\
# Probe

## Learning Path

### Grundlagen

| Title | Type |
|---|---|
| [Eins](https://example.org/1) | Blog |

- [Zwei](https://example.org/2)

### Weiterlesen

Zum Vertiefen:

- [Drei](https://example.org/3)
* [Vier](https://example.org/4) und mehr
- nur Text

```
- [Im Code](https://example.org/code)
```
"""


def test_links_in_a_list_are_warned_about_not_made_steps():
    path = parse_markdown_path(LISTED, "p.md")
    assert [s.title for _, s in path.steps()] == ["Eins"]
    assert path.warnings == [
        "p.md:11:3: warning: section 'Grundlagen' has a link in a list: these are not steps; "
        "to make them steps, write them as rows of the section's table "
        "(| Title | Type | Description |)",
        "p.md:17:3: warning: section 'Weiterlesen' has 2 links in a list: these are not "
        "steps; to make them steps, write them as rows of the section's table "
        "(| Title | Type | Description |)",
    ]


def test_the_seed_and_plain_lists_give_no_warnings():
    assert parse_markdown_path(SEED_TEXT, "transformers.md").warnings == []
    plain = "# P\n\n## Learning Path\n\n### A\n\n- nur Text\n- [kein Link]\n"
    assert parse_markdown_path(plain, "p.md").warnings == []


def test_numbered_nested_and_bare_links_in_a_list_are_warned_about_too():
    text = (
        "# P\n\n## Learning Path\n\n### A\n\n1. [Paper](https://example.org/p)\n"
        "2) <https://example.org/q>\n    - https://example.org/r\n"
    )
    (warning,) = parse_markdown_path(text, "p.md").warnings
    assert warning.startswith("p.md:7:4: warning: section 'A' has 3 links in a list")


@pytest.mark.parametrize(
    ("opening", "inside", "closing"),
    [
        ("```", "~~~", "```"),
        ("~~~", "```", "~~~"),
        ("````", "```", "````"),
        ("```", "```py", "```"),
    ],
)
def test_a_fence_closes_only_with_its_own_kind(opening, inside, closing):
    """A ``~~~`` line in a backtick block (or a shorter fence in a longer one, or a
    fence with an info string) is code: the block goes on, and a heading in it is
    no section."""
    fence = "\n".join([opening, inside, "## Kein Abschnitt", inside, closing])
    table = "| Title | Type |\n|---|---|\n| [{}](https://example.org/{}) | Video |\n"
    text = (
        "# Pfad\n\n## Learning Path\n\n### Teil\n\n"
        + table.format("Schritt", "a")
        + f"\n{fence}\n\n### Zweiter Teil\n\n"
        + table.format("Noch einer", "b")
    )
    path = parse_markdown_path(text, "fence.md")
    assert [s.title for s in path.sections] == ["Teil", "Zweiter Teil"]
    assert [step.title for _, step in path.steps()] == ["Schritt", "Noch einer"]
