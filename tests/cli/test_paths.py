"""Many paths: add, use, remove, and the tools for authors (check, convert, schema)."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from learnpath.pathfile.yamlfile import parse_yaml_path

from ..conftest import BUNDLED, FIXTURES

# Every test here runs on the local SQLite file and on a PostgreSQL server.
pytestmark = pytest.mark.usefixtures("backend")


def add_messy(run, tmp_path, *extra):
    copy = tmp_path / "messy.md"
    shutil.copy(FIXTURES / "messy.md", copy)
    result = run("add", str(copy), *extra)
    assert result.exit_code == 0, result.stderr
    return copy


def test_add_stores_a_copy_and_lists_the_path(run, tmp_path, data_dir):
    copy = add_messy(run, tmp_path)
    copy.unlink()  # the original may vanish
    stored = data_dir / "paths" / "messy.yaml"
    assert stored.is_file()
    listing = json.loads(run("paths", "--json").stdout)
    assert listing == [
        {
            "name": "transformers",
            "title": "Transformers",
            "steps": 10,
            "done": 0,
            "handled": 0,
            "percent": 0,
            "active": True,
            "source": "bundled",
        },
        {
            "name": "messy",
            "title": "Rust für Fortgeschrittene",
            "steps": 4,
            "done": 0,
            "handled": 0,
            "percent": 0,
            "active": False,
            "source": str(copy.resolve()),  # where it came from: `update` reads it
        },
    ]
    assert "messy" in run("paths").stdout


def test_use_switches_every_command(run, tmp_path):
    add_messy(run, tmp_path)
    assert run("use", "messy").exit_code == 0
    assert json.loads(run("progress", "--json").stdout)["total"] == 4
    run("done", "the-book")
    assert json.loads(run("list", "--json").stdout)[0]["status"] == "done"
    # --path and LEARNPATH_PATH choose for one call only.
    assert json.loads(run("--path", "transformers", "progress", "--json").stdout)["total"] == 10
    env = {"LEARNPATH_PATH": "transformers"}
    assert json.loads(run("progress", "--json", env=env).stdout)["total"] == 10
    assert json.loads(run("progress", "--json").stdout)["done"] == 1
    active = [p["name"] for p in json.loads(run("paths", "--json").stdout) if p["active"]]
    assert active == ["messy"]


def test_unknown_path_names(run):
    result = run("--path", "nope", "list")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: there is no path named 'nope'; 'learnpath paths' lists them, "
        "'learnpath add FILE' adds one\n"
    )
    assert run("use", "nope").exit_code == 1


def test_taken_name_is_refused_and_update_keeps_progress_by_id(run, tmp_path):
    copy = add_messy(run, tmp_path)
    again = run("add", str(copy))
    assert again.exit_code == 1
    assert "a path named 'messy' exists already; use --update" in again.stderr
    run("--path", "messy", "done", "async-rust", "rustlings-ohne-link")
    # The author moves Advanced first and adds a step.
    text = copy.read_text(encoding="utf-8")
    head, advanced = text.split("### Advanced")
    copy.write_text(
        head.replace(
            "### Grundlagen",
            "### Advanced"
            + advanced.rstrip("\n")
            + "\n| [Neu](https://example.org/neu) | Video | x | 5 |\n\n### Grundlagen",
        ),
        encoding="utf-8",
    )
    updated = run("add", str(copy), "--update")
    assert updated.exit_code == 0, updated.stderr
    steps = json.loads(run("--path", "messy", "list", "--json").stdout)
    assert [(s["id"], s["number"], s["status"]) for s in steps] == [
        ("async-rust", 1, "done"),
        ("neu", 2, "todo"),
        ("the-book", 3, "todo"),
        ("rustlings-ohne-link", 4, "done"),
        ("the-book-2", 5, "todo"),
    ]


def test_bundled_name_is_refused_for_add(run, tmp_path):
    copy = add_messy(run, tmp_path, "--name", "other")
    result = run("add", str(copy), "--name", "transformers")
    assert result.exit_code == 1 and "is the bundled path" in result.stderr
    bad = run("add", str(copy), "--name", "Bad Name!")
    assert bad.exit_code == 1 and "not a usable path name" in bad.stderr


def test_remove_asks_first_and_keeps_progress_for_a_re_add(run, tmp_path, data_dir):
    copy = add_messy(run, tmp_path)
    run("use", "messy")
    run("done", "1")
    declined = run("remove", "messy")
    assert declined.exit_code == 1
    assert json.loads(run("progress", "--json").stdout)["path"] == "messy"
    removed = run("remove", "messy", "--yes")
    assert removed.exit_code == 0
    assert not (data_dir / "paths" / "messy.yaml").exists()
    # The active path falls back to the bundled one.
    assert json.loads(run("progress", "--json").stdout)["path"] == "transformers"
    run("add", str(copy))
    assert json.loads(run("--path", "messy", "progress", "--json").stdout)["done"] == 1


def test_bundled_path_cannot_be_removed(run):
    result = run("remove", "transformers", "--yes")
    assert result.exit_code == 1
    assert result.stderr == "Error: the bundled path cannot be removed\n"


def test_empty_path_shows_zero_of_zero(run):
    assert run("add", str(FIXTURES / "empty.md")).exit_code == 0
    report = json.loads(run("--path", "empty", "progress", "--json").stdout)
    assert (report["total"], report["done"], report["percent"], report["next"]) == (0, 0, 0, None)
    assert "This path has no steps yet." in run("--path", "empty", "list").stdout


def test_open_a_step_without_link_is_an_error(run):
    run("add", str(FIXTURES / "messy.md"))
    result = run("--path", "messy", "open", "rustlings-ohne-link")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: step 2 (rustlings-ohne-link) has no URL; there is nothing to open\n"
    )


def test_broken_file_is_not_added(run):
    result = run("add", str(FIXTURES / "broken.md"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {FIXTURES / 'broken.md'} has 2 problems:")
    assert "broken" not in run("paths").stdout


def test_convert_prints_what_add_stores(run, tmp_path, data_dir):
    converted = run("convert", str(FIXTURES / "messy.md"))
    assert converted.exit_code == 0
    path = parse_yaml_path(converted.stdout, "converted.yaml")
    assert [s.id for _, s in path.steps()] == [
        "the-book",
        "rustlings-ohne-link",
        "the-book-2",
        "async-rust",
    ]
    run("add", str(FIXTURES / "messy.md"))
    assert (data_dir / "paths" / "messy.yaml").read_text(encoding="utf-8") == converted.stdout
    out = tmp_path / "out.yaml"
    assert run("convert", str(FIXTURES / "messy.md"), "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == converted.stdout


def test_check_lists_every_problem(run):
    result = run("check", str(FIXTURES / "broken.md"))
    assert result.exit_code == 1
    name = FIXTURES / "broken.md"
    assert result.stdout.splitlines() == [
        f"{name}:7:7: sections[1].steps[1].url: expected an http:// or https:// URL with a host "
        "(no credentials, nothing invisible)",
        f"{name}:12:1: the table has no Title column; expected | Step | Title | Type | "
        "Description |",
    ]
    ok = run("check", str(FIXTURES / "messy.md"))
    assert ok.exit_code == 0
    assert ok.stdout.strip().endswith(": ok, Rust für Fortgeschrittene (4 sections, 4 steps)")
    assert run("check", "missing.yaml").exit_code == 1


def test_check_and_add_warn_about_links_in_a_list(run, tmp_path):
    from ..pathfile.test_markdown import LISTED

    file = tmp_path / "probe.md"
    file.write_text(LISTED, encoding="utf-8")
    checked = run("check", str(file))
    assert checked.exit_code == 0
    warnings = checked.stdout.splitlines()[:2]
    assert all(": warning: " in w and "these are not steps" in w for w in warnings)
    assert checked.stdout.splitlines()[2] == f"{file}: ok, Probe (2 sections, 1 step)"
    added = run("add", str(file))
    assert added.exit_code == 0
    assert added.stderr.splitlines()[-2:] == warnings


def test_check_bundled_yaml_is_ok(run):
    from ..conftest import BUNDLED

    assert run("check", str(BUNDLED)).exit_code == 0


def test_schema_describes_the_yaml_format(run):
    from ..conftest import BUNDLED

    schema = json.loads(run("schema").stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    assert set(schema["required"]) == {"title", "sections"}
    assert "Step" in schema["$defs"]
    # The bundled file uses only what the schema knows.
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    assert set(data) <= set(schema["properties"])


def test_seed_document_added_as_is_shows_its_prerequisites(run):
    assert run("add", str(FIXTURES / "seed-copy.md"), "--name", "seed").exit_code == 0
    info = " ".join(run("--path", "seed", "info").stdout.split())
    assert "Grundkenntnisse in Maschinellem Lernen und Deep Learning: Ein Verständnis" in info
    assert "Grundlegendes Verständnis von Natural Language Processing (NLP)" in info
    (step,) = json.loads(run("--path", "seed", "list", "--json").stdout)
    assert (step["number"], step["section"], step["title"]) == (
        1,
        "Advanced Topics",
        "Stanford CS25: V4 I Overview of Transformers",
    )


def test_a_yaml_path_file_can_be_added(run):
    from ..conftest import BUNDLED

    assert run("add", str(BUNDLED), "--name", "copy").exit_code == 0
    ids = [s["id"] for s in json.loads(run("--path", "copy", "list", "--json").stdout)]
    assert ids[7] == "stanford-cs25-v4-overview" and len(ids) == 10


def test_a_yaml_file_with_every_id_is_stored_as_written(run, tmp_path, data_dir):
    written = (
        "# kept\ntitle: T\nsections:\n  - title: S\n    steps:\n      - id: a\n        title: A\n"
    )
    with_ids = tmp_path / "with-ids.yaml"
    with_ids.write_text(written, encoding="utf-8")
    assert run("add", str(with_ids)).exit_code == 0
    assert (data_dir / "paths" / "with-ids.yaml").read_text(encoding="utf-8") == written

    # Without ids, the stored copy spells out the ones given, so they never move.
    without = tmp_path / "without.yaml"
    without.write_text(written.replace("      - id: a\n        title", "      - title"))
    assert run("add", str(without)).exit_code == 0
    stored = (data_dir / "paths" / "without.yaml").read_text(encoding="utf-8")
    assert "# kept" not in stored and "id: a\n" in stored


def test_bundled_file_changes_reach_the_learner(run, tmp_path, monkeypatch):
    """The CLI reloads the bundled path when it changes, keeping progress by id."""
    from learnpath.core import session as session_mod

    copy = tmp_path / "transformers.yaml"
    copy.write_text(BUNDLED.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(session_mod, "bundled_path_file", lambda: copy)
    run("done", "annotated-transformer")
    text = copy.read_text(encoding="utf-8")
    # Move "The Annotated Transformer" to the very front of the path.
    start = text.index("      - id: annotated-transformer")
    end = text.index("      - id: transformer-family-v2")
    block = text[start:end]
    text = text[:start] + text[end:]
    anchor = text.index("      - id: hf-wie-funktionieren")
    copy.write_text(text[:anchor] + block + text[anchor:], encoding="utf-8")
    result = run("show", "1", "--json")
    assert '"id": "annotated-transformer"' in result.stdout
    assert '"status": "done"' in result.stdout
