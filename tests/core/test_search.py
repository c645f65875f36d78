"""Search through the core: case, accents and written-out umlauts, notes too."""

from __future__ import annotations

import pytest

from learnpath.core.notes import add_note
from learnpath.core.search import search
from learnpath.errors import LearnpathError


@pytest.mark.parametrize("query", ["Vorträge", "vortrage", "VORTRAEGE", "köpfe"])
def test_search_ignores_case_accents_and_written_out_umlauts(tiny, query):
    hits = search(tiny, query)
    assert [(h.step.id, h.matched) for h in hits] == [("d", ["description"])]


def test_search_finds_notes_and_names_every_field_that_matched(tiny):
    add_note(tiny, "e", "Video ansehen")
    hits = search(tiny, "video")
    assert [(h.step.id, h.matched) for h in hits] == [("c", ["type"]), ("e", ["notes"])]


def test_search_across_paths(tiny):
    assert {h.path for h in search(tiny, "transformer", all_paths=True)} == {"transformers"}
    assert search(tiny, "transformer") == []


def test_an_empty_search_is_refused(tiny):
    with pytest.raises(LearnpathError, match="the search text is empty"):
        search(tiny, "   ")
