"""The quick paths of text handling hold to their plain definitions for any text."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from learnpath.text import (
    _CONTROL,
    _PLAIN_WEB_URL,
    _WS,
    checked_web_url,
    clean_line,
    fold,
    is_web_url,
    search_text,
    search_texts,
    transliterate,
)

UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}


def plain_fold(text: str) -> str:
    """fold as defined: decomposed, every combining mark dropped, case folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def plain_search_text(text: str) -> str:
    if not text:
        return ""
    plain = plain_fold(text)
    written_out = plain_fold("".join(UMLAUTS.get(c, c) for c in text))
    return plain if written_out == plain else f"{plain}\n{written_out}"


# European letters, their accents on their own, and anything else Unicode has.
TEXT = st.text(
    st.one_of(
        st.sampled_from("aouAOUeßäöüÄÖÜéèñçÅøİıﬁǟ\u0308\u0301\u0323\u034f\u0330\x01 –"),
        st.characters(),
    ),
    max_size=40,
)


@settings(max_examples=500)
@given(TEXT)
@example("Vorträge über Größe – naïve Café")
@example("a\u0308\u0323ä\u0330\u034f")
def test_fold_and_search_text_are_their_plain_definitions(text):
    assert fold(text) == plain_fold(text)
    assert search_text(text) == plain_search_text(text)
    assert transliterate(text) == "".join(UMLAUTS.get(c, c) for c in text)


@settings(max_examples=500)
@given(st.lists(st.one_of(st.none(), TEXT), max_size=8))
@example(["Vorträge", None, "", "a\0b", "Übung"])
@example(["Ä\u0323\u0301", "ǟ", "u\u0308", "Öl\x01"])
def test_texts_folded_together_are_each_folded_alone(texts):
    assert search_texts(texts) == [search_text(text) for text in texts]


def test_written_out_umlauts_find_the_same_step():
    assert search_text("Vorträge") == "vortrage\nvortraege"
    assert search_text("Straße") == "strasse"  # casefold writes ß out already
    assert search_text("Video") == "video"


@settings(max_examples=500)
@given(st.from_regex(_PLAIN_WEB_URL, fullmatch=True))
def test_every_url_the_quick_check_accepts_passes_the_full_one(url):
    assert checked_web_url(url)


@given(st.one_of(st.text(max_size=30), st.from_regex(r"\Ahttps?://[^/]{0,12}/?.{0,8}\Z")))
@example("https://example.org:99999/")
@example("https://user@example.org/")
@example("https://ex ample.org/")
def test_is_web_url_is_the_full_check(value):
    assert is_web_url(value) == checked_web_url(value)


@given(st.text(st.sampled_from(" \t\n\x0b\u00a0\u2028\x1b\x85\u202eab"), max_size=12))
@example("a  b")
@example(" a")
def test_a_line_is_cleaned_whenever_it_needs_to_be(text):
    assert clean_line(text) == _WS.sub(" ", _CONTROL.sub("", text)).strip()


def test_emoji_joined_by_a_joiner_are_shown_side_by_side():
    """Terminals draw 👩‍💻 as one wide character and Rich counts two: without the
    joiner both count two emoji, and table columns stay in line."""
    from rich.cells import cell_len

    from learnpath.text import safe

    assert safe("👩\u200d💻 Coding") == "👩💻 Coding"
    assert cell_len(safe("👨\u200d👩\u200d👧")) == 6
    assert safe("क्\u200dष") == "क्\u200dष"  # a joiner in a script's own writing stays
