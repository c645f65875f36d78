"""Paths that follow their source: add from a URL, update with what changed, progress
following each step; every network failure a one-line error that changes nothing."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnpath.core.follow import add_source, update
from learnpath.core.paths import summaries
from learnpath.core.status import Action, change
from learnpath.core.steps import steps
from learnpath.errors import LearnpathError
from learnpath.web import FetchError, raw_url

from ..webserver import refused_url, serve

V1 = """\
title: Kurs
sections:
  - title: Teil A
    steps:
      - {title: Einführung, url: 'https://example.org/intro', minutes: 5}
      - {title: Zweiter Schritt, url: 'https://example.org/zwei'}
      - {title: Dritter, url: 'https://example.org/drei'}
"""
# Step 1 retitled (followed by its URL), step 2's URL changed (followed by its id, made
# from its unchanged title), step 3 gone, a new step.
V2 = (
    V1.replace("Einführung", "Einleitung")
    .replace("/zwei'", "/zwei-neu'")
    .replace(
        "{title: Dritter, url: 'https://example.org/drei'}",
        "{title: Neu, url: 'https://example.org/neu'}",
    )
)


@pytest.fixture
def site():
    with serve() as found:
        found.files["kurs.yaml"] = V1.encode()
        yield found


def test_a_path_added_from_a_url_updates_with_its_progress(bundled, site):
    add_source(bundled, f"{site.base}/files/kurs.yaml", None, update=False)
    kurs = bundled.on("kurs")
    change(kurs, ["1", "2", "3"], Action.done)
    site.files["kurs.yaml"] = V2.encode()
    preview = update(bundled, "kurs", dry_run=True)
    assert [(c.number, c.status, c.what) for c in preview.changes] == [
        (1, "done", ["retitled (was 'Einführung')"]),
        (2, "done", ["URL changed"]),
        (3, "todo", ["new"]),
        (3, "done", ["removed"]),
    ]
    assert [s.title for s in steps(kurs)] == ["Einführung", "Zweiter Schritt", "Dritter"]
    update(bundled, "kurs")
    assert [(s.title, s.status) for s in steps(kurs)] == [
        ("Einleitung", "done"),
        ("Zweiter Schritt", "done"),
        ("Neu", "todo"),
    ]
    [source] = [p.source for p in summaries(bundled) if p.name == "kurs"]
    assert source == f"{site.base}/files/kurs.yaml"


def test_an_unchanged_source_costs_one_conditional_request(bundled, site):
    add_source(bundled, f"{site.base}/files/kurs.yaml", None, update=False)
    site.requests.clear()
    assert update(bundled, "kurs").changed is False
    assert site.requests == [("GET", "/files/kurs.yaml")]


def test_a_github_page_is_read_from_its_raw_file():
    page = "https://github.com/owner/repo/blob/main/paths/transformers.md"
    assert (
        raw_url(page) == "https://raw.githubusercontent.com/owner/repo/main/paths/transformers.md"
    )
    assert raw_url("https://example.org/x.yaml") == "https://example.org/x.yaml"


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/missing", "not found (HTTP 404"),
        ("/gone", "gone (HTTP 410"),
        ("/forbidden", "forbidden (HTTP 403"),
        ("/loop", "a redirect loop"),
        ("/to-file", "which is not an http(s) URL"),
        ("/chain/5", "more than 5 redirects"),
        ("/hang", "timed out"),
    ],
)
def test_every_failure_is_one_line_naming_the_url(bundled, site, monkeypatch, path, says):
    monkeypatch.setenv("LEARNPATH_HTTP_TIMEOUT", "0.5")
    url = f"{site.base}{path}"
    with pytest.raises(FetchError) as caught:
        add_source(bundled, url, "kurs", update=False)
    assert str(caught.value).startswith(f"{url}: ") and says in str(caught.value)
    assert "\n" not in str(caught.value)
    assert [p.name for p in summaries(bundled)] == ["transformers"]


def test_redirects_are_followed_up_to_five(bundled, site):
    # /chain/4 answers with five redirects: 4, 3, 2, 1, 0, then the file.
    assert add_source(bundled, f"{site.base}/chain/4", "kurs", update=False).steps == 3


def test_a_refused_port_and_a_body_over_the_limit(bundled, site, monkeypatch):
    with pytest.raises(FetchError, match="connection refused"):
        add_source(bundled, refused_url(), "kurs", update=False)
    monkeypatch.setattr("learnpath.pathfile.files.MAX_FILE_BYTES", 1000)
    with pytest.raises(FetchError, match="too large"):
        add_source(bundled, f"{site.base}/big", "kurs", update=False)


def test_text_is_decoded_by_the_charset_the_server_declares(bundled, site):
    added = add_source(bundled, f"{site.base}/latin1", "kurs", update=False)
    assert added.title == "Größe"
    assert [s.title for s in steps(bundled.on("kurs"))] == ["Übung"]


def test_only_http_and_files_are_read(bundled):
    for url in ("ftp://example.org/x.yaml", "file:///etc/passwd", "javascript://x"):
        with pytest.raises(LearnpathError):
            add_source(bundled, url, "kurs", update=False)
    with pytest.raises(FetchError, match="not a plain http"):
        add_source(bundled, "https://user:secret@example.org/x.yaml", "kurs", update=False)


@pytest.mark.sqlite_only
def test_https_with_a_trusted_and_an_untrusted_authority(bundled, monkeypatch, tmp_path):
    trustme = pytest.importorskip("trustme")
    authority = trustme.CA()
    context = __import__("ssl").create_default_context(__import__("ssl").Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    with serve(context) as secure:
        secure.files["kurs.yaml"] = V1.encode()
        url = f"{secure.base}/files/kurs.yaml"
        with pytest.raises(FetchError, match="certificate not trusted"):
            add_source(bundled, url, "kurs", update=False)
        pem = tmp_path / "ca.pem"
        authority.cert_pem.write_to_path(str(pem))
        monkeypatch.setenv("SSL_CERT_FILE", str(pem))
        assert add_source(bundled, url, "kurs", update=False).steps == 3


_TITLES = st.sampled_from(["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta"])
_URLS = st.sampled_from([f"https://example.org/{n}" for n in range(7)])
_VERSION = st.lists(st.tuples(_TITLES, _URLS), min_size=1, max_size=6).map(
    lambda steps: list({t: (t, u) for t, u in {u: (t, u) for t, u in steps}.values()}.values())
)


def _yaml(version: list[tuple[str, str]]) -> str:
    lines = ["title: P", "sections:", "  - title: S", "    steps:"]
    lines += [f"      - {{title: {t}, url: '{u}'}}" for t, u in version]
    return "\n".join(lines) + "\n"


_NAMES = itertools.count()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(_VERSION, st.lists(st.booleans(), min_size=6, max_size=6)),
        min_size=2,
        max_size=4,
    )
)
@pytest.mark.sqlite_only
def test_no_step_whose_id_or_url_survives_loses_its_status(bundled, site, versions):
    """For any sequence of versions, a step that keeps its title (so its id), or the URL
    of a step whose title went, from one version to the next keeps its status (some
    steps are marked done before each update). A step that is new by both returns
    with what its id had before, as a removed step's history always has."""
    name = f"p{next(_NAMES)}"  # a new path for every example: nothing carries over
    site.files[f"{name}.yaml"] = _yaml(versions[0][0]).encode()
    add_source(bundled, f"{site.base}/files/{name}.yaml", None, update=False)
    path = bundled.on(name)
    for version, marks in versions[1:]:
        todo = [s.id for s, mark in zip(steps(path), marks, strict=False) if mark]
        if todo:
            change(path, todo, Action.done)
        before = {s.title: s for s in steps(path)}
        by_url = {s.url: s for s in before.values()}
        site.files[f"{name}.yaml"] = _yaml(version).encode()
        update(bundled, name)
        titles = {title for title, _ in version}
        for step in steps(path):
            kept = before.get(step.title)
            if kept is None and (old := by_url.get(step.url)) and old.title not in titles:
                kept = old
            if kept is not None:
                assert step.status == kept.status, (step.title, step.url)


@pytest.mark.sqlite_only
def test_update_all_goes_on_past_a_failing_source_and_exits_1(run, site, tmp_path, bundled):
    (tmp_path / "local.yaml").write_text(V1, encoding="utf-8")
    assert run("add", str(tmp_path / "local.yaml")).exit_code == 0
    assert run("add", f"{site.base}/files/kurs.yaml").exit_code == 0
    site.files.clear()  # the server lost it
    (tmp_path / "local.yaml").write_text(V2, encoding="utf-8")
    result = run("update", "--all")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {site.base}/files/kurs.yaml: not found (HTTP 404 Not Found)\n"
    assert "local (" in result.stdout and "4 steps changed" in result.stdout
    again = run("update", "local", "--dry-run")
    assert again.exit_code == 0 and "unchanged" in again.stdout


@pytest.mark.sqlite_only
def test_add_of_a_url_that_fails_is_one_line_and_exit_1(run, site):
    result = run("add", f"{site.base}/missing")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {site.base}/missing: not found (HTTP 404 Not Found)\n"


@pytest.mark.sqlite_only
def test_adding_a_file_does_not_load_the_network_code(cli, tmp_path):
    import subprocess
    import sys

    (tmp_path / "kurs.yaml").write_text(V1, encoding="utf-8")
    code = (
        "import sys\nfrom learnpath.cli.app import run\nrun(sys.argv[1:])\n"
        "print('NET=' + ','.join(m for m in ('learnpath.web', 'urllib.request', 'ssl')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, "add", str(tmp_path / "kurs.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.rstrip().endswith("NET=")
