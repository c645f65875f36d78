"""Reading path files: the bundled one, the format's rules, and every kind of bad file."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from learnpath.errors import PathFileError
from learnpath.pathfile.definition import PathDef, assign_ids, slugify
from learnpath.pathfile.yamlfile import load_yaml_path, parse_yaml_path

from ..conftest import BUNDLED, REPO

SEED = REPO.parent / "shared" / "seed" / "transformers.md"
CS25_DESCRIPTION = (
    "Der Stanford-Kurs CS25 bietet wöchentliche Vorträge von führenden Forschern zu den "
    "neuesten Entwicklungen in Transformer-Modellen wie GPT und DALL-E. Der Kurs hat große "
    "Popularität erlangt, mit bekannten Gastrednern und Millionen von Aufrufen auf YouTube. "
    "Für 2024 sind erweiterte Veranstaltungen und Livestreams geplant, die auch der "
    "Öffentlichkeit offenstehen."
)


def parse(text: str) -> PathDef:
    return parse_yaml_path(textwrap.dedent(text), "p.yaml")


def problems(text: str) -> list[str]:
    with pytest.raises(PathFileError) as info:
        parse(text)
    return info.value.problems


def test_bundled_path_is_complete():
    path = load_yaml_path(BUNDLED)
    assert (path.id, path.title, path.language) == ("transformers", "Transformers", "de")
    assert [s.title for s in path.sections] == ["Fundamentals", "Advanced Topics"]
    assert [len(s.steps) for s in path.sections] == [7, 3]
    assert len(path.prerequisites) == 4
    assert path.description and path.description.startswith("Transformers haben sich")
    assert path.overview and path.overview.startswith("Dieser Learning Path bietet")
    for _, step in path.steps():
        # Every field is filled; a length is given where it is a checked fact.
        assert step.id and step.title and step.type and step.url and step.description
        assert 1 <= step.description.count(".") + step.description.count("!") <= 4
    cs25 = path.sections[1].steps[0]
    assert cs25.title == "Stanford CS25: V4 I Overview of Transformers"
    assert cs25.type == "Video" and cs25.minutes == 77
    assert cs25.url == (
        "https://www.youtube.com/watch?v=fKMB5UlVY1E&list=PLoROMvodv4rNiJRchCzutFw5ItR_Z27CM"
        "&index=26"
    )
    assert cs25.description == CS25_DESCRIPTION
    minutes = {step.id: step.minutes for _, step in path.steps() if step.minutes}
    assert minutes == {
        "3b1b-transformers-chapter-5": 27,
        "3b1b-attention-chapter-6": 26,
        "karpathy-lets-build-gpt": 116,
        "stanford-cs25-v4-overview": 77,
        "transformer-family-v2": 45,
    }


@pytest.mark.skipif(not SEED.exists(), reason="shared/seed/transformers.md is not beside the repo")
def test_bundled_path_carries_the_seed_text_word_for_word():
    seed = SEED.read_text(encoding="utf-8")
    path = load_yaml_path(BUNDLED)
    assert path.description in seed and path.overview in seed
    for prereq in path.prerequisites:
        assert f"- {prereq.title}: {prereq.description}\n" in seed
    assert CS25_DESCRIPTION in seed


def test_minimal_file_needs_only_titles():
    path = parse(
        """
        title: Minimal
        sections:
          - title: Only
            steps:
              - title: First step
              - title: First step
              - title: "1984"
        """
    )
    assert [s.id for _, s in path.steps()] == ["first-step", "first-step-2", "step-1984"]
    assert path.prerequisites == []


def test_explicit_ids_win_over_derived_ones():
    path = parse(
        """
        title: T
        sections:
          - title: S
            steps:
              - title: Alpha
              - title: Other
                id: alpha
        """
    )
    assert [s.id for _, s in path.steps()] == ["alpha-2", "alpha"]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Wie funktionieren Transformer-Modelle?", "wie-funktionieren-transformer-modelle"),
        ("Über Größe & Maß", "ueber-groesse-mass"),
        ("Café   crème!", "cafe-creme"),
        ("???", "step"),
        ("42", "step-42"),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug


def test_problems_name_file_line_and_column():
    found = problems(
        """
        title: T
        sections:
          - title: S
            steps:
              - title: Fine
              - type: Video
              - title: Bad url
                url: javascript:alert(1)
              - title: Bad minutes
                minutes: many
        """
    )
    assert found == [
        "p.yaml:7:9: sections[1].steps[2].title: is required",
        "p.yaml:9:14: sections[1].steps[3].url: expected an http:// or https:// URL with a host "
        "(no credentials, nothing invisible)",
        "p.yaml:11:18: sections[1].steps[4].minutes: expected a whole number",
    ]


def test_duplicate_ids_are_each_reported():
    found = problems(
        """
        title: T
        sections:
          - title: S
            steps:
              - {title: A, id: same}
              - {title: B, id: same}
          - title: S2
            steps:
              - {title: C, id: same}
        """
    )
    assert found == [
        "p.yaml:7:24: duplicate step id 'same'; every step id must be unique",
        "p.yaml:10:24: duplicate step id 'same'; every step id must be unique",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: [unclosed\n", "p.yaml:2:1: invalid YAML"),
        ("- a list\n", "p.yaml:1:1: expected a mapping with 'title' and 'sections' at the top"),
        ("title: T\n", "p.yaml:1:1: sections: is required"),
        ("title: T\nsections: []\ncolour: red\n", "p.yaml:3:9: colour: is not a known field"),
        (
            "title: T\nsections:\n  - title: S\n    steps:\n      - {title: A, id: '12'}\n",
            "p.yaml:5:24: sections[1].steps[1].id: an id of digits only would be read as a step "
            "number; add a letter",
        ),
    ],
)
def test_single_problems(text, expected):
    with pytest.raises(PathFileError) as info:
        parse_yaml_path(text, "p.yaml")
    assert info.value.problems[0].startswith(expected)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,x",
        "ftp://x.org/a",
        "",
        "https://",
        "http://exa mple.org",
    ],
)
def test_only_http_urls_are_accepted(url):
    found = problems(
        f"""
        title: T
        sections:
          - title: S
            steps:
              - title: A
                url: "{url}"
        """
    )
    assert len(found) == 1 and "expected an http:// or https:// URL" in found[0]


def test_control_characters_are_removed_and_markup_kept_as_text():
    path = parse(
        """
        title: "[red]x[/red]\\e[2J"
        sections:
          - title: "S\\u009b1m"
            steps:
              - title: "[bold]A[/bold]\\u0007"
                description: "line one\\nline\\u202e two"
        """
    )
    step = path.sections[0].steps[0]
    assert path.title == "[red]x[/red][2J"
    assert path.sections[0].title == "S1m"
    assert step.title == "[bold]A[/bold]"
    assert step.description == "line one\nline two"


def test_unreadable_files(tmp_path: Path):
    with pytest.raises(PathFileError, match="does not exist"):
        load_yaml_path(tmp_path / "missing.yaml")
    with pytest.raises(PathFileError, match="is a directory"):
        load_yaml_path(tmp_path)
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(PathFileError, match="not UTF-8"):
        load_yaml_path(binary)


def test_assign_ids_never_collides():
    from learnpath.pathfile.definition import StepDef as Step

    steps = [Step(title="a"), Step(title="a", id="a-2"), Step(title="a"), Step(title="a")]
    assign_ids(steps)
    assert [s.id for s in steps] == ["a", "a-2", "a-3", "a-4"]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_gives_a_path_or_our_error(text):
    try:
        result = parse_yaml_path(text, "fuzz.yaml")
    except PathFileError as err:
        assert err.problems and all(p.startswith("fuzz.yaml:") for p in err.problems)
    else:
        assert isinstance(result, PathDef)


_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20))
_step = st.dictionaries(
    st.sampled_from(["id", "title", "type", "url", "description", "minutes", "extra"]),
    _scalar,
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["title", "sections", "language", "prerequisites"]),
        st.one_of(
            _scalar,
            st.lists(
                st.fixed_dictionaries(
                    {"title": _scalar}, optional={"steps": st.lists(_step, max_size=4)}
                ),
                max_size=3,
            ),
        ),
    )
)
def test_any_structure_gives_a_path_or_our_error(data):
    import yaml

    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        result = parse_yaml_path(text, "fuzz.yaml")
    except PathFileError as err:
        assert err.problems
    else:
        ids = [s.id for _, s in result.steps()]
        assert len(ids) == len(set(ids)) and all(ids)


def test_a_key_given_twice_is_refused_with_its_line():
    """YAML keeps the last of two equal keys silently; a path file may not."""
    with pytest.raises(PathFileError) as caught:
        parse(
            "title: T\nsections:\n  - title: S\n    steps:\n"
            "      - title: A\n        url: https://a.example\n        url: https://b.example\n"
        )
    assert caught.value.problems == ["p.yaml:7:9: invalid YAML: the key 'url' is given twice"]


@pytest.mark.parametrize("version", ["99999999999999999999999999", "2147483648", "-1"])
def test_numbers_out_of_range_are_refused_on_every_backend_alike(version):
    with pytest.raises(PathFileError, match="version: input should be"):
        parse(f"title: T\nversion: {version}\nsections: []\n")


@pytest.mark.parametrize(
    "url",
    [
        "https://user:secret@example.org/x",
        "https://example.org@evil.example/x",
        "https://exa\u200bmple.org/",
        "https://example.org/\u202egnp.exe",
        "https://\ufeffexample.org/",
        "https://example.org/a\u00adb",
        "https://example.org:http/",
    ],
)
def test_urls_with_credentials_or_invisible_characters_are_refused(url):
    with pytest.raises(PathFileError, match="no credentials, nothing invisible"):
        parse(
            f"title: T\nsections:\n  - title: S\n    steps:\n      - {{title: A, url: '{url}'}}\n"
        )


def test_internationalised_hosts_are_shown_and_opened_as_punycode(run, tmp_path):
    from learnpath.text import ascii_url

    assert ascii_url("https://аpple.com/x?q=1") == "https://xn--pple-43d.com/x?q=1"
    assert ascii_url("https://bücher.example:8080/") == "https://xn--bcher-kva.example:8080/"
    assert ascii_url("https://example.org/straße") == "https://example.org/straße"
    file = tmp_path / "idn.yaml"
    file.write_text(
        "title: P\nsections:\n  - title: S\n    steps:\n"
        "      - {title: Apfel, url: 'https://аpple.com/login'}\n",
        encoding="utf-8",
    )
    assert run("add", str(file)).exit_code == 0
    for args in (["show", "1"], ["next"], ["open", "1", "--no-browser"]):
        out = run("--path", "idn", *args).stdout
        assert "https://xn--pple-43d.com/login" in out and "аpple" not in out, args


_bytes_pieces = st.sampled_from(
    [
        b"title: T\n",
        b"sections: []\n",
        b"\xc3\xa4",
        b"\xc0\x80",
        b"\xed\xa0\x80",
        b"\x00",
        b"\xf4\x90\x80\x80",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\xfe\xff",
        b"\xe2\x80",
        b"'",
        b"\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_bytes_pieces, st.binary(max_size=4)), max_size=8).map(b"".join))
@example(b"\xff\xfet\x00i\x00t\x00l\x00e\x00:\x00 \x00T\x00")
@example(b"title: T\nsections: []\n\xed\xa0\x80")
def test_a_files_bytes_read_as_its_text_would_be(data):
    """Bytes go to the parser undecoded; whatever it accepts is UTF-8 text, and what
    is not gets the same error as decoding it would."""

    def outcome(read):
        try:
            return read().model_dump()
        except PathFileError as err:
            return str(err)

    def as_text():
        from learnpath.pathfile.files import decode

        return parse_yaml_path(decode(data, "f.yaml"), "f.yaml")

    assert outcome(lambda: parse_yaml_path(data, "f.yaml")) == outcome(as_text)


# The parser learnpath uses (libyaml's where PyYAML has it) and the pure-Python one.
_LOADERS = [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)]
# Plain data of any shape, and YAML that writes scalars in every way a hand might.
_plain_data = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=12)
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)
_plain_words = st.sampled_from(
    [
        "yes",
        "No",
        "~",
        "null",
        "0x1F",
        "0o17",
        "1_000",
        "1:30",
        "2026-01-02",
        ".inf",
        "-.5",
        "+12",
        "<<",
        "=",
        "a: b",
        "'q'",
        '"\\u00e4"',
        "- x",
        "[1, 2]",
        "{a: 1}",
        "&a x",
        "*a",
        "!!str 5",
        "! x",
        "|\n  block",
        ">\n  folded",
        "#c",
        "\n",
        "  ",
        "---",
        "...",
    ]
)


@settings(max_examples=300, deadline=None)
@given(_plain_data, st.booleans())
def test_plain_data_is_read_from_events_as_the_loader_reads_it(data, flow):
    import yaml

    from learnpath.pathfile.yamlevents import load_plain

    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
    for loader in _LOADERS:
        assert load_plain(text, loader) == yaml.load(text, Loader=yaml.SafeLoader)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_plain_words, st.text(max_size=3)), max_size=10).map(" ".join))
def test_any_yaml_is_read_from_events_as_the_loader_reads_it_or_left_to_it(text):
    """What the event reader takes is read exactly as the full loader reads it; a tag,
    an anchor, a merge key, a repeated key or an error is left to the full loader."""
    import yaml

    from learnpath.pathfile.yamlevents import NotPlain, load_plain
    from learnpath.pathfile.yamlfile import _Loader

    for loader in _LOADERS:
        try:
            fast = load_plain(text, loader)
        except NotPlain:
            continue
        assert fast == yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
