"""Making untrusted text safe to show: no control characters, markdown made readable.

Standard library only: both path files (pathfile, at load time) and the renderers (at
show time) use it, and neither may pull in the other's dependencies.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from urllib.parse import urlsplit, urlunsplit

# C0 controls except tab and newline, DEL, and C1 controls (U+0080-U+009F): a terminal
# may act on any of them (ESC starts ANSI sequences, U+009B is a one-byte CSI). Also
# the bidirectional overrides, which can make text read differently from what it is.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_WS = re.compile(r"\s+")


def clean_block(text: str) -> str:
    """Multi-line text without control characters; line breaks kept, ends trimmed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


# What clean_line changes: a control character, white space other than a space, two
# spaces in a row. A line without any (and no space at either end) is clean already.
_NOT_CLEAN_LINE = re.compile(_CONTROL.pattern + r"|[^\S ]|  ")


def clean_line(text: str) -> str:
    """One line of text: control characters removed, all white space runs made one space."""
    if _NOT_CLEAN_LINE.search(text) is None and not text.startswith(" ") and not text.endswith(" "):
        return text
    return _WS.sub(" ", _CONTROL.sub("", text)).strip()


# Every pattern over untrusted text must run in linear time: no part may scan past the
# character that starts the next try. So link texts and URLs hold no brackets (a link
# with them stays as written), and bold text holds no character of its own marker.
# tests/pathfile/test_linear.py tries each with input built to make it backtrack.
LINK = re.compile(
    r"(?<!!)\[([^\[\]\n]{0,1000})\]\(\s{0,100}<?([^)\[\]\s<>]{0,4000})>?"
    r"(?:\s{1,100}\"[^\"\n]{0,1000}\")?\s{0,100}\)"
)
_CODE = re.compile(r"`([^`\n]+)`")
_STRONG = re.compile(r"\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*|__(?=\S)([^_\n]+?)(?<=\S)__")
_EM = re.compile(r"(?<![\w*])([*_])(?=\S)([^*_\n]+?)(?<=\S)\1(?![\w*])")


def readable(text: str) -> str:
    """Markdown inline syntax shown as a reader wants it: links as 'text (url)'.

    Inline code and emphasis lose their markers; the words stay.
    """
    text = LINK.sub(_link, text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(lambda m: m.group(1) or m.group(2), text)
    return _EM.sub(r"\2", text)


def _link(match: re.Match[str]) -> str:
    label, url = match.group(1), match.group(2)
    if not url or not label:
        return match.group(0)  # not a link to show as one: left as written
    return label if label == url else f"{label} ({url})"


def some_of(names: list[str], shown: int = 5) -> str:
    """Names for a message: the first few, and how many more ('a, b and 3 more')."""
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


# A zero-width joiner beside an emoji. A terminal draws a joined sequence (👩‍💻) as one
# wide character, Rich counts each emoji in it, and a table's columns drift apart; shown
# without the joiner, the emoji stand side by side and both agree on the width.
_EMOJI = "\u2600-\u27bf\U0001f000-\U0001faff"
_EMOJI_JOINER = re.compile(f"(?<=[{_EMOJI}\ufe0f])\u200d|\u200d(?=[{_EMOJI}])")


def safe(text: str | None) -> str:
    """Text from the database, fit for a terminal (defence in depth: pathfile cleans too)."""
    return _EMOJI_JOINER.sub("", _CONTROL.sub("", text)) if text else ""


# White space of any kind (str.isspace's set), the C0, DEL and C1 controls, and the
# characters that are invisible or turn text around: soft hyphen, zero-width spaces and
# joiners, direction marks, embeddings, overrides and isolates, word joiners, the BOM.
# Any of them lets a URL read as something it is not.
_NOT_IN_URL = re.compile(
    r"[\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


# The common URL, decided without taking it apart: an http(s) scheme, an ASCII host
# name alone (no credentials, no port) and printable ASCII after it. Every such URL is
# one the full check accepts (a property test holds them to it); `add` checks 100,000.
_PLAIN_WEB_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?:[/?#][!-~]*)?")


def is_web_url(value: str) -> bool:
    """True for an http(s) URL with a host and nothing a terminal, a shell or a reader
    could trip on: no credentials (https://user:pass@host), nothing invisible, and a
    host that has a punycode form."""
    return _PLAIN_WEB_URL.fullmatch(value) is not None or checked_web_url(value)


def checked_web_url(value: str) -> bool:
    """is_web_url, each part of the URL taken apart and checked."""
    if not value or _NOT_IN_URL.search(value):
        return False
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is no number
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not host or "@" in parts.netloc:
        return False
    return _ascii_host(host) is not None


def ascii_url(url: str) -> str:
    """The URL as it is shown and opened: an internationalised host name in its
    punycode form (xn--...), so that a look-alike host cannot pass for the real one."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    ascii_host = _ascii_host(host)
    if host.isascii() or ascii_host is None:
        return url
    netloc = ascii_host if parts.port is None else f"{ascii_host}:{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def _ascii_host(host: str) -> str | None:
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


# German umlauts as they are written without them: 'Vorträge' is also 'Vortraege'.
_WRITTEN_OUT = (
    ("ä", "ae"),
    ("ö", "oe"),
    ("ü", "ue"),
    ("ß", "ss"),
    ("Ä", "Ae"),
    ("Ö", "Oe"),
    ("Ü", "Ue"),
)
_UMLAUT = re.compile("[" + "".join(umlaut for umlaut, _ in _WRITTEN_OUT) + "]")


def transliterate(text: str) -> str:
    # One C-level replace per umlaut met: a translate table that maps a character to
    # two looks up every character of the text in Python's dict protocol.
    for umlaut, written in _WRITTEN_OUT:
        if umlaut in text:
            text = text.replace(umlaut, written)
    return text


class _CombiningMarks(dict[int, int | None]):
    """A str.translate table that drops combining marks and keeps every other character,
    filled in as characters are met: a table of all of Unicode would cost more to build
    than any search."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_MARKS = _CombiningMarks()
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# The combining marks of Latin, Greek and Cyrillic accents (U+0300-U+036F, all but the
# grapheme joiner), which decomposing European text leaves: removed in one C-level pass.
_ACCENTS = re.compile(
    "[" + "".join(chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))) + "]+"
)


def _drop_marks(run: re.Match[str]) -> str:
    return run.group().translate(_MARKS)


def fold(text: str) -> str:
    """Text for matching: accents dropped, case folded ('Vorträge' -> 'vortrage').

    Decomposed (NFKD), combining marks dropped, case folded. ASCII text only needs its
    case folded; the common accents go in one pass; only what other characters are left
    is looked at a run at a time: search and `add` fold every step's text, and a
    character at a time in Python was most of their time.
    """
    if text.isascii():
        return text.lower()
    return _unmarked(unicodedata.normalize("NFKD", text)).casefold()


def _unmarked(decomposed: str) -> str:
    """Decomposed text without its combining marks."""
    decomposed = _ACCENTS.sub("", decomposed)
    if not decomposed.isascii():
        decomposed = _NON_ASCII.sub(_drop_marks, decomposed)
    return decomposed


def search_text(text: str | None) -> str:
    """What search looks in for ``text``: its folded form, and on a second line its
    folded form with umlauts written out ('vortrage' and 'vortraege'), when they differ."""
    if not text:
        return ""
    plain = fold(text)
    if text.isascii() or _UMLAUT.search(text) is None:
        return plain  # nothing to write out
    written_out = fold(transliterate(text))
    return plain if written_out == plain else f"{plain}\n{written_out}"


def search_texts(texts: Sequence[str | None]) -> list[str]:
    """search_text of each of ``texts``, folded all at once.

    Folding works character by character (a combining mark only ever follows the letter
    it belongs to, and is dropped), so the texts can be joined with a NUL, folded as
    one and split again: `add` folds three texts per step, and the calls themselves were
    half of the time. Texts are cleaned of NULs on the way in; should one hold a NUL
    anyway, each is folded on its own.
    """
    joined = "\0".join(text or "" for text in texts)
    if not texts or joined.count("\0") != len(texts) - 1:
        return [search_text(text) for text in texts]
    if joined.isascii() or _UMLAUT.search(joined) is None:
        return fold(joined).split("\0")
    both = _folded_both_ways(joined)
    if both is None:
        plain = fold(joined).split("\0")
        written_out = fold(transliterate(joined)).split("\0")
    else:
        plain, written_out = both[0].split("\0"), both[1].split("\0")
    return [p if w == p else f"{p}\n{w}" for p, w in zip(plain, written_out, strict=True)]


# Each umlaut as its vowel and a mark, \x01: dropped, the umlaut's plain fold; made an e,
# the umlaut written out. It is a character that folding keeps as it is and that nothing
# decomposes to (ß needs no mark: case folding writes it out either way).
_MARKED = tuple((umlaut, written[0] + "\x01") for umlaut, written in _WRITTEN_OUT if umlaut != "ß")


def _folded_both_ways(text: str) -> tuple[str, str] | None:
    """fold(text) and fold(transliterate(text)) from one fold of the text with its
    umlauts marked; None for a text with a \x01 of its own.

    The same either way: a combining mark after an umlaut is dropped whatever comes
    before it, and \x01 is a starter, so no mark moves across it when the text is
    decomposed.
    """
    if "\x01" in text:
        return None
    for umlaut, marked in _MARKED:
        if umlaut in text:
            text = text.replace(umlaut, marked)
    folded = fold(text)
    return folded.replace("\x01", ""), folded.replace("\x01", "e")
