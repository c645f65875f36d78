from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from learnpath.cli.app import build

app = build()  # the whole app, every command, as `learnpath --help` shows it

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "data" / "transformers.yaml"
FIXTURES = REPO / "tests" / "fixtures"
SCHEMAS = REPO / "tests" / "storage" / "schema"  # the schema of every version, as SQL

# Variables that would make a test depend on the machine it runs on.
_FOREIGN_ENV = (
    "BROWSER",
    "SSH_CONNECTION",
    "SSH_CLIENT",
    "SSH_TTY",
    "LEARNPATH_PATH",
    "LEARNPATH_LEARNER",
    "LEARNPATH_DATABASE_URL",
    "DISPLAY",
    "WAYLAND_DISPLAY",
)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own, empty data directory and a neutral environment."""
    directory = tmp_path / "data"
    monkeypatch.setenv("LEARNPATH_DATA_DIR", str(directory))
    for name in _FOREIGN_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    return directory


@pytest.fixture
def db_file(data_dir: Path) -> Path:
    return data_dir / "learnpath.db"


class Result:
    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.exit_code = code
        self.stdout = stdout
        self.stderr = stderr


@pytest.fixture
def run() -> Callable[..., Result]:
    """Invoke the Typer app in-process; stdout and stderr apart."""
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        result = runner.invoke(app, list(args), env=env)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


def console_script() -> str:
    """The installed ``learnpath`` script of the environment running the tests."""
    beside = Path(sys.executable).with_name("learnpath")
    found = str(beside) if beside.exists() else shutil.which("learnpath")
    assert found, "the learnpath console script is not installed"
    return found


def script_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment for a learnpath subprocess: this one, neutral, on ``data_dir``."""
    env = {k: v for k, v in os.environ.items() if k not in _FOREIGN_ENV}
    env["LEARNPATH_DATA_DIR"] = str(data_dir)
    return env | extra


@pytest.fixture
def cli(data_dir: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the real console script in a subprocess."""

    def call(
        *args: str, env: dict[str, str] | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        full_env = script_env(data_dir, **(env or {}))
        return subprocess.run(
            [console_script(), *args],
            capture_output=True,
            text=True,
            env=full_env,
            timeout=timeout,
        )

    return call


# -- backends ---------------------------------------------------------------------------
#
# The command tests run twice: on the local SQLite file and on a PostgreSQL server.
# The server is $LEARNPATH_TEST_DATABASE_URL (an administrator's URL; .ci/run starts a
# throw-away cluster and sets it), or else one these tests start themselves from the
# machine's PostgreSQL binaries. With neither, the server cases skip and say why,
# except where $LEARNPATH_TEST_REQUIRE_SERVER is set (CI), where that is a failure.

SERVER_ENV = "LEARNPATH_TEST_DATABASE_URL"
REQUIRE_ENV = "LEARNPATH_TEST_REQUIRE_SERVER"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: the test looks inside the SQLite file")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        only = metafunc.definition.get_closest_marker("sqlite_only")
        metafunc.parametrize(
            "backend", ["sqlite"] if only else ["sqlite", "postgres"], indirect=True
        )


def _pg_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(versions[-1]) if versions else None


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str | None]:
    """An administrator's URL of a PostgreSQL server, or None when none can be had."""
    given = os.environ.get(SERVER_ENV)
    if given:
        yield given
        return
    initdb, pg_ctl = _pg_binary("initdb"), _pg_binary("pg_ctl")
    if not (initdb and pg_ctl):
        yield None
        return
    import pwd
    import secrets
    import tempfile

    root = os.geteuid() == 0
    run_as: list[str] = ["runuser", "-u", "postgres", "--"] if root else []
    # Directly under /tmp: the postgres user cannot enter root's private pytest folders.
    home = Path(tempfile.mkdtemp(prefix="learnpath-pg-"))
    password = secrets.token_hex(8)
    (home / "pw").write_text(password)
    if root:
        user = pwd.getpwnam("postgres")
        for item in (home, home / "pw"):
            os.chown(item, user.pw_uid, user.pw_gid)
    port = _free_port()
    quiet = {"capture_output": True, "timeout": 120}
    made = subprocess.run(
        [
            *run_as,
            initdb,
            "-D",
            str(home / "data"),
            "-U",
            "postgres",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            f"--pwfile={home / 'pw'}",
            "-E",
            "UTF8",
        ],
        **quiet,
    )
    started = (
        made.returncode == 0
        and subprocess.run(
            [
                *run_as,
                pg_ctl,
                "-D",
                str(home / "data"),
                "-l",
                str(home / "log"),
                "-w",
                "-o",
                f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off",
                "start",
            ],
            **quiet,
        ).returncode
        == 0
    )
    try:
        yield (
            f"postgresql+psycopg://postgres:{password}@127.0.0.1:{port}/postgres"
            if started
            else None
        )
    finally:
        if started:
            subprocess.run(
                [*run_as, pg_ctl, "-D", str(home / "data"), "-m", "fast", "stop"], **quiet
            )
        shutil.rmtree(home, ignore_errors=True)


_databases = iter(range(1, 1_000_000))


@pytest.fixture
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """'sqlite' or 'postgres'; for postgres, a fresh database on the test server."""
    if request.param == "sqlite":
        return "sqlite"
    monkeypatch.setenv("LEARNPATH_DATABASE_URL", request.getfixturevalue("server_url"))
    return "postgres"


def new_database(admin: str) -> str:
    """The URL of a new, empty database on the test server."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"learnpath_test_{os.getpid()}_{next(_databases)}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def elsewhere(
    backend: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Callable[[], None]:
    """Move this test to a brand-new place: another data directory, another database."""
    count = iter(range(1, 1000))

    def move() -> None:
        monkeypatch.setenv("LEARNPATH_DATA_DIR", str(tmp_path / f"elsewhere{next(count)}"))
        if backend == "postgres":
            url = new_database(request.getfixturevalue("pg_admin_url"))
            monkeypatch.setenv("LEARNPATH_DATABASE_URL", url)

    return move


@pytest.fixture
def sql(backend: str, db_file: Path) -> Callable[..., list[tuple]]:
    """Run one statement (``?`` placeholders) on the database in use; its rows."""

    def run_sql(statement: str, params: tuple = ()) -> list[tuple]:
        if backend == "sqlite":
            with sqlite3.connect(db_file) as conn:
                cursor = conn.execute(statement, params)
                return cursor.fetchall()
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        engine = create_engine(
            os.environ["LEARNPATH_DATABASE_URL"],
            poolclass=NullPool,
            connect_args={"options": "-c search_path=learnpath"},  # learnpath's own schema
        )
        try:
            with engine.begin() as conn:
                result = conn.exec_driver_sql(statement.replace("?", "%s"), params)
                return [tuple(row) for row in result] if result.returns_rows else []
        finally:
            engine.dispose()

    return run_sql


@pytest.fixture
def server_url(request: pytest.FixtureRequest) -> str:
    """A new database on the test server, for the tests that are about servers."""
    admin = request.getfixturevalue("pg_admin_url")
    if admin is None:
        reason = "no PostgreSQL server: set LEARNPATH_TEST_DATABASE_URL or install postgresql"
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(reason)
        pytest.skip(reason)
    return new_database(admin)
