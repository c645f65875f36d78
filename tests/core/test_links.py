"""Link health: every URL checked at once (HEAD, then GET), each with what was found;
for an added path the results are kept, and `list` and `show` say so."""

from __future__ import annotations

import json

import pytest

from learnpath.core.links import check_path
from learnpath.core.notes import detail
from learnpath.core.paths import add

from ..webserver import refused_url, serve


@pytest.fixture
def site():
    with serve() as found:
        found.files["ok.html"] = b"<p>hier</p>"
        found.files["kurs.yaml"] = b"title: x"
        yield found


def _path(tmp_path, base: str):
    targets = {
        "Gut": f"{base}/files/ok.html",
        "Weg": f"{base}/missing",
        "Verschwunden": f"{base}/gone",
        "Umgezogen": f"{base}/moved",
        "Verboten": f"{base}/forbidden",
        "Kein HEAD": f"{base}/no-head",
        "Kreis": f"{base}/loop",
        "Niemand": refused_url(),
    }
    lines = ["title: Links", "sections:", "  - title: Teil", "    steps:"]
    lines += [f"      - {{title: {t}, url: '{u}'}}" for t, u in targets.items()]
    lines.append("      - {title: Ohne URL}")
    file = tmp_path / "links.yaml"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return file


def test_each_link_gets_what_was_found(bundled, site, tmp_path):
    add(bundled, _path(tmp_path, site.base), "links", update=False)
    found = {r.number: r for r in check_path(bundled.on("links"), 4, 2.0)}
    assert {n: (r.status, r.http_status) for n, r in found.items()} == {
        1: ("ok", 200),
        2: ("broken", 404),
        3: ("broken", 410),
        4: ("redirected", 200),
        5: ("unknown", 403),
        6: ("ok", 200),  # HEAD refused with 405, GET answered
        7: ("unknown", 301),
        8: ("unreachable", None),
    }
    assert found[4].final_url == f"{site.base}/files/kurs.yaml"
    assert found[7].detail == "a redirect loop"
    assert found[8].detail == "connection refused"
    assert ("HEAD", "/no-head") in site.requests and ("GET", "/no-head") in site.requests


def test_kept_results_show_in_list_and_show(bundled, site, tmp_path, run):
    add(bundled, _path(tmp_path, site.base), "links", update=False)
    check_path(bundled.on("links"), 4, 2.0)
    assert detail(bundled.on("links"), "2").link.status == "broken"
    assert detail(bundled.on("links"), "9").link is None  # no URL, nothing checked
    listed = run("--path", "links", "list").stdout
    assert "Weg (link broken)" in listed and "Gut (link" not in listed
    shown = run("--path", "links", "show", "2").stdout
    assert "Link     broken (HTTP 404), checked" in shown


@pytest.mark.sqlite_only
def test_check_links_for_scripts_and_its_exit_code(run, site, tmp_path):
    file = _path(tmp_path, site.base)
    result = run("check", "--links", str(file), "--json", "--timeout", "2")
    assert result.exit_code == 1  # a broken link
    found = json.loads(result.stdout)
    assert [item["status"] for item in found][:3] == ["ok", "broken", "broken"]
    assert {"url", "status", "http_status", "final_url", "number", "id"} <= set(found[0])
    table = run("check", "--links", str(file), "--timeout", "2").stdout
    assert "8 links checked: 2 ok, 2 broken, 1 redirected, 2 unknown, 1 unreachable." in table
