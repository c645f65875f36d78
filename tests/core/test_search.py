"""Search through the core: case, accents and written-out umlauts, notes too."""

from __future__ import annotations

import pytest

from learnpath.core.notes import add_note
from learnpath.core.search import first_hits, hits, search
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


def test_the_first_hits_come_with_the_count_of_all(long_path):
    add_note(long_path, "s150", "Schritt wiederholen")
    found = first_hits(long_path, "schritt 1", all_paths=False, limit=3)
    assert [h.step.number for h in found.hits] == [1, 10, 11]
    # 1, 10-19, 100-199, and 150 is counted once though its note matches too.
    assert found.total == 1 + 10 + 100
    assert len(list(hits(long_path, "schritt 1"))) == found.total


def test_steps_found_by_their_notes_fall_in_number_order(long_path):
    add_note(long_path, "s7", "siehe Schritt 150")
    add_note(long_path, "s150", "noch einmal")
    found = [(h.step.number, h.matched) for h in hits(long_path, "150")]
    assert found == [(7, ["notes"]), (150, ["title"])]
    assert first_hits(long_path, "150", False, 1).total == 2
    assert first_hits(long_path, "keinetreffer", False, 5).total == 0


def test_like_wildcards_in_the_search_are_taken_literally(tiny):
    add_note(tiny, "a", "100% sicher_ja!")
    assert [h.step.id for h in search(tiny, "100%")] == ["a"]
    assert search(tiny, "0_%") == [] and search(tiny, "!!") == []
    assert search(tiny, "r%j") == [] and search(tiny, "sicher ja") == []
    assert [h.step.id for h in search(tiny, "er_ja!")] == ["a"]
