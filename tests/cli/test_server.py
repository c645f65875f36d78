"""A PostgreSQL server as the database: failures, many learners at once, copies.

The everyday commands themselves run on the server in test_commands, test_companion
and test_learners (the `backend` fixture); these are the cases only a server has.
"""

from __future__ import annotations

import json
import subprocess

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from ..conftest import console_script, script_env

STEPS = [str(n) for n in range(1, 11)]


def _query(url: str, statement: str) -> list[tuple]:
    """Run one statement on the server, in learnpath's own schema."""
    engine = create_engine(
        url, poolclass=NullPool, connect_args={"options": "-c search_path=learnpath"}
    )
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement))
            return [tuple(r) for r in result] if result.returns_rows else []
    finally:
        engine.dispose()


def _with(url: str, **parts: object) -> str:
    return make_url(url).set(**parts).render_as_string(hide_password=False)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"password": "wrong-password-42"}, "the server refused the user name or password"),
        ({"port": 1}, "cannot reach the server"),
        ({"database": "no_such_database"}, "the database does not exist; create it first"),
    ],
    ids=["password", "unreachable", "missing"],
)
def test_server_failures_are_one_clear_line_without_the_password(cli, server_url, change, message):
    url = _with(server_url, **change)
    password = make_url(url).password
    for how in ("env", "option"):
        args = ["list"] if how == "env" else ["--database-url", url, "list"]
        env = {"LEARNPATH_DATABASE_URL": url} if how == "env" else {}
        result = cli(*args, env=env, timeout=30)
        assert result.returncode == 1
        assert result.stderr.startswith("Error: ") and message in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert password not in result.stderr + result.stdout
        assert "***" in result.stderr


def test_other_urls_and_missing_drivers_are_named(cli):
    for url, message in (
        ("mysql://u:sekret@h/d", "only PostgreSQL URLs"),
        ("postgresql+pg8000://u:sekret@h/d", 'pip install "learnpath[postgres]"'),
        ("::nonsense::", "the database URL cannot be read"),
    ):
        result = cli("list", env={"LEARNPATH_DATABASE_URL": url})
        assert result.returncode == 1 and message in result.stderr
        assert "sekret" not in result.stderr


def test_a_schema_from_a_newer_learnpath_is_refused(cli, server_url):
    assert cli("list", env={"LEARNPATH_DATABASE_URL": server_url}).returncode == 0
    _query(server_url, "UPDATE learnpath_meta SET value = '99' WHERE key = 'schema'")
    result = cli("done", "1", env={"LEARNPATH_DATABASE_URL": server_url})
    assert result.returncode == 1 and "written by a newer learnpath (schema 99" in result.stderr
    assert _query(server_url, "SELECT count(*) FROM event") == [(0,)]


def test_eight_learners_at_once_on_one_server(data_dir, server_url):
    rounds = 2
    script = (
        " && ".join(
            f'"$LP" {verb} {" ".join(STEPS)}' for _ in range(rounds) for verb in ("done", "undo")
        )
        + f' && "$LP" done {" ".join(STEPS[:3])}'
    )
    procs = [
        subprocess.Popen(
            ["sh", "-c", script],
            env=script_env(
                data_dir,
                LEARNPATH_DATABASE_URL=server_url,
                LP=console_script(),
                LEARNPATH_LEARNER=f"l{i}",
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(8)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert err == ""
    events = _query(server_url, "SELECT learner, action FROM event ORDER BY id")
    for i in range(8):
        mine = [action for learner, action in events if learner == f"l{i}"]
        # Every command of every learner landed exactly: done and undone alternate.
        assert mine == (["done"] * 10 + ["undone"] * 10) * rounds + ["done"] * 3
    done = _query(
        server_url,
        "SELECT learner, count(*) FROM progress WHERE status = 'done' GROUP BY learner",
    )
    assert sorted(done) == [(f"l{i}", 3) for i in range(8)]


def test_copy_both_ways_changes_nothing_the_second_time(run, data_dir, server_url, tmp_path):
    extra = tmp_path / "zwei.yaml"
    extra.write_text("title: Zwei\nsections:\n  - title: S\n    steps:\n      - title: A\n")
    run("add", str(extra))
    run("--path", "zwei", "done", "1")
    run("done", "1", "2")
    run("note", "2", "bleibt")
    run("note", "3", "weg")
    run("note", "3", "--clear", "--yes")
    first = run("copy", "--to", server_url)
    assert first.exit_code == 0, first.stderr
    assert first.stdout.splitlines() == [
        "Copied:",
        "  added the path 'zwei'",
        "  marked done on 'transformers': steps 1, 2",
        "  marked done on 'zwei': step 1",
        "  added 5 history entries and 1 note",
    ]
    assert run("copy", "--to", server_url).stdout.startswith("Nothing to change")
    on_server = {"LEARNPATH_DATABASE_URL": server_url}
    assert run("list", "--json").stdout == run("list", "--json", env=on_server).stdout
    assert json.loads(run("show", "3", "--json", env=on_server).stdout)["notes"] == []
    assert run("--path", "zwei", "list", "--json", env=on_server).stdout.count('"done"') == 1

    # The other way: a step done on the server comes back; a local file is a target too.
    run("done", "5", env=on_server)
    back = run("copy", "--from", server_url)
    assert "  marked done on 'transformers': step 5" in back.stdout.splitlines()
    assert run("copy", "--from", server_url).stdout.startswith("Nothing to change")
    file = tmp_path / "other.db"
    assert run("copy", "--to", str(file)).exit_code == 0
    assert run("copy", "--to", f"sqlite:///{file}").stdout.startswith("Nothing to change")
    assert "added" not in run("copy", "--from", str(file)).stdout
    assert run("copy").exit_code == 2


def test_a_server_that_never_answers_times_out(cli):
    import socket
    import threading
    import time

    # A listener on loopback that accepts connections and then says nothing at all.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    port = silent.getsockname()[1]
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        silent.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(silent.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        began = time.monotonic()
        url = f"postgresql+psycopg://u:sekret@127.0.0.1:{port}/d"
        result = cli("list", env={"LEARNPATH_DATABASE_URL": url}, timeout=60)
        took = time.monotonic() - began
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        silent.close()
    assert result.returncode == 1
    assert "did not answer within 5 s" in result.stderr and "sekret" not in result.stderr
    assert took < 20


def test_a_server_stopping_mid_command_leaves_nothing_half_written(data_dir, server_url, tmp_path):
    import time

    env = script_env(data_dir, LEARNPATH_DATABASE_URL=server_url)
    assert subprocess.run([console_script(), "list"], env=env, capture_output=True).returncode == 0
    file = tmp_path / "zwei.yaml"
    file.write_text("title: Zwei\nsections:\n  - title: S\n    steps:\n      - title: A\n")
    engine = create_engine(server_url, poolclass=NullPool)
    with engine.connect() as holder:
        # Hold the lock that loading a path takes, so `add` waits inside its transaction.
        holder.execute(text("SELECT pg_advisory_lock(4242002)"))
        holder.commit()
        proc = subprocess.Popen(
            [console_script(), "add", str(file)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        waiting: list = []
        for _ in range(200):
            waiting = holder.execute(
                text(
                    "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND pid <> pg_backend_pid() AND datname = current_database()"
                )
            ).all()
            holder.commit()
            if waiting:
                break
            time.sleep(0.05)
        assert waiting, "the add never reached the server"
        # What a server shutting down does to each session.
        holder.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": waiting[0][0]})
        holder.commit()
        out, err = proc.communicate(timeout=60)
        holder.execute(text("SELECT pg_advisory_unlock(4242002)"))
        holder.commit()
    engine.dispose()
    assert proc.returncode == 1
    assert err.startswith("Error: ") and "cannot be known" in err and "Traceback" not in err
    assert make_url(server_url).password not in err
    paths = subprocess.run([console_script(), "paths", "--json"], env=env, capture_output=True)
    assert [p["name"] for p in json.loads(paths.stdout)] == ["transformers"]


def test_no_machine_reads_a_local_file_that_server_data_names(data_dir, server_url, tmp_path):
    """A learner sets an added path's `source` to a file of their choosing; another
    learner's machine never reads it, and a stale local copy never reverts the path."""
    env = script_env(data_dir, LEARNPATH_DATABASE_URL=server_url)
    file = tmp_path / "p.yaml"
    file.write_text("title: P\nsections:\n  - title: S\n    steps:\n      - {id: a, title: A}\n")
    assert subprocess.run([console_script(), "add", str(file)], env=env).returncode == 0
    secret = tmp_path / "secret.yaml"
    secret.write_text("title: Geheim\nsections:\n  - title: X\n    steps:\n      - {title: B}\n")
    _query(server_url, f"UPDATE path SET source = '{secret}', source_hash = 'x' WHERE id = 'p'")
    other = script_env(tmp_path / "other", LEARNPATH_DATABASE_URL=server_url)
    shown = subprocess.run(
        [console_script(), "--path", "p", "list", "--json"], env=other, capture_output=True
    )
    assert shown.returncode == 0, shown.stderr
    assert [s["id"] for s in json.loads(shown.stdout)] == ["a"]
    assert _query(server_url, "SELECT title FROM path WHERE id = 'p'") == [("P",)]
    # The first machine's stored copy, now older than the server's path, is not read.
    file.write_text(file.read_text() + "      - {id: b, title: B}\n")
    update = subprocess.run([console_script(), "add", str(file), "--update"], env=other)
    assert update.returncode == 0
    stored = data_dir / "paths" / "p.yaml"
    stored.write_text(stored.read_text().replace("title: A", "title: Alt"))
    listed = subprocess.run(
        [console_script(), "--path", "p", "list", "--json"], env=env, capture_output=True
    )
    assert [s["title"] for s in json.loads(listed.stdout)] == ["A", "B"]


def test_learnpath_lives_apart_from_other_tables_in_a_shared_database(cli, server_url):
    admin = create_engine(server_url, poolclass=NullPool)  # the default schema, public
    with admin.begin() as conn:
        conn.execute(text("CREATE TABLE event (id int, what text)"))
        conn.execute(text("CREATE TABLE setting (name text)"))
    admin.dispose()
    env = {"LEARNPATH_DATABASE_URL": server_url}
    assert cli("done", "1", env=env).returncode == 0
    assert json.loads(cli("list", "--json", env=env).stdout)[0]["status"] == "done"


def test_an_installation_in_public_moves_to_learnpaths_own_schema(cli, server_url):
    env = {"LEARNPATH_DATABASE_URL": server_url}
    assert cli("done", "2", env=env).returncode == 0
    admin = create_engine(server_url, poolclass=NullPool)
    with admin.begin() as conn:  # as an older learnpath left it: everything in public
        for (table,) in conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'learnpath'")
        ).all():
            conn.execute(text(f"ALTER TABLE learnpath.{table} SET SCHEMA public"))
    admin.dispose()
    assert json.loads(cli("list", "--json", env=env).stdout)[1]["status"] == "done"


@pytest.mark.parametrize("value", ["3a", None])
def test_a_damaged_schema_version_is_one_clear_line(cli, server_url, value):
    env = {"LEARNPATH_DATABASE_URL": server_url}
    assert cli("list", env=env).returncode == 0
    if value is None:
        _query(server_url, "DELETE FROM learnpath_meta")
    else:
        _query(server_url, f"UPDATE learnpath_meta SET value = '{value}'")
    result = cli("list", env=env)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "learnpath_meta is damaged" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "form",
    ["query", "percent", "at", "slash", "hash"],
)
def test_the_password_never_appears_in_any_url_form(cli, server_url, form):
    url = make_url(server_url)
    secret = "s3cr/et#p@ss wörd"
    base_url = f"postgresql+psycopg://{url.username}@127.0.0.1:1/{url.database}"
    urls = {
        "query": f"{base_url}?password={secret.replace(' ', '+')}",
        "percent": _with(server_url, password=secret, port=1),
        "at": f"postgresql+psycopg://{url.username}:p@ss@127.0.0.1:1/db",
        "slash": f"postgresql+psycopg://{url.username}:pa/ss@127.0.0.1:1/db",
        "hash": f"postgresql+psycopg://{url.username}:pa#ss@127.0.0.1:1/db",
    }
    result = cli("list", env={"LEARNPATH_DATABASE_URL": urls[form]}, timeout=30)
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    for piece in ("s3cr", "wörd", "w%C3%B6rd", "p@ss", "ss@127", "pa/ss", "pa#ss"):
        assert piece not in result.stderr, (form, result.stderr)


@pytest.mark.parametrize("held", ["table", "advisory"])
def test_a_lock_held_elsewhere_is_a_clear_error_not_a_hang(
    run, server_url, monkeypatch, tmp_path, held
):
    from learnpath.storage import postgres

    monkeypatch.setattr(postgres, "WAIT_LIMIT_S", 1)
    env = {"LEARNPATH_DATABASE_URL": server_url}
    assert run("list", env=env).exit_code == 0
    file = tmp_path / "zwei.yaml"
    file.write_text("title: Zwei\nsections:\n  - title: S\n    steps:\n      - title: A\n")
    holder = create_engine(
        server_url, poolclass=NullPool, connect_args={"options": "-c search_path=learnpath"}
    )
    with holder.connect() as conn:
        if held == "table":
            conn.execute(text("LOCK TABLE progress IN ACCESS EXCLUSIVE MODE"))
            waiting = [["done", "3"], ["next"]]
        else:
            # The locks of creating or migrating the schema and of loading a path: the
            # schema is current, so everyday commands never wait for the first.
            conn.execute(text("SELECT pg_advisory_lock(4242001), pg_advisory_lock(4242002)"))
            for args in (["done", "3"], ["next"]):
                assert run(*args, env=env).exit_code == 0
            waiting = [["add", str(file)]]
        for args in waiting:
            result = run(*args, env=env)
            assert result.exit_code == 1, (args, result.stdout)
            assert "held a lock for more than 1 s" in result.stderr, result.stderr
        conn.rollback()
        if held == "advisory":
            conn.execute(text("SELECT pg_advisory_unlock_all()"))
    holder.dispose()
    assert run("done", "4", env=env).exit_code == 0


def test_copy_takes_the_other_database_from_the_environment(run, data_dir, server_url):
    run("done", "1")
    result = run("copy", env={"LEARNPATH_COPY_TO": server_url})
    assert result.exit_code == 0, result.stderr
    theirs = run("list", "--json", env={"LEARNPATH_DATABASE_URL": server_url})
    assert json.loads(theirs.stdout)[0]["status"] == "done"
