"""``skillmatrix server init|grant|upgrade`` end to end against a real PostgreSQL server.

The session's server; also what a client says about a shared database it must not change.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import psycopg
import pytest
from alembic import command
from pg_server import PgServer
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from skillmatrix.cli import main
from skillmatrix.store import migrate
from skillmatrix.store.server_admin import SCHEMA_LOCK


def sm(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _no_env_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SKILLMATRIX_DB", raising=False)


def _raw(url: str) -> psycopg.Connection[object]:
    u = make_url(url)
    return psycopg.connect(host=u.host, port=u.port, user=u.username, dbname=u.database)


def test_init_grant_and_work_as_a_manager(
    capsys: pytest.CaptureFixture[str], pg_server: PgServer, pg_empty_url: str, tmp_path: Path
) -> None:
    url = pg_empty_url
    code, out, err = sm(capsys, "summary", "--db", url)
    assert code == 1 and "skillmatrix server init" in err and len(err.splitlines()) == 1
    code, out, _ = sm(capsys, "server", "init", url)
    assert code == 0 and "Created the SkillMatrix schema" in out
    sheet = tmp_path / "team.csv"
    sheet.write_text("Name,Team,API design\nAda,Core,3\nBo,Edge,2\n", encoding="utf-8")
    code, _, err = sm(capsys, "import", str(sheet), "--db", url)  # as the superuser
    assert code == 0, err
    code, out, _ = sm(capsys, "server", "grant", "h13_cli_mgr", "--team", "Core", "--db", url)
    assert code == 0 and "h13_cli_mgr" in out and "manager of Core" in out
    code, _, err = sm(capsys, "server", "grant", "h13_cli_mgr", "--team", "Nope", "--db", url)
    assert code == 1 and "no team named 'Nope'" in err and len(err.splitlines()) == 1

    manager = pg_server.login_url(url, "h13_cli_mgr")
    sheet.write_text("Name,Team,API design\nAda,Core,4\n", encoding="utf-8")
    code, _, err = sm(capsys, "import", str(sheet), "--db", manager)
    assert code == 0, err
    code, out, _ = sm(capsys, "history", "--json", "--db", manager)
    entries = json.loads(out)
    latest = entries[0]
    assert (latest["who"], latest["person"], latest["new"]) == ("h13_cli_mgr", "Ada", "4")
    # Bo (team Edge) is not theirs to see, nor his arrival; the cycle concerns nobody.
    assert {e["person"] for e in entries if e["kind"] == "rating"} == {"Ada"}
    assert {(e["action"], e["person"]) for e in entries if e["kind"] != "rating"} == {
        ("cycle.start", ""),
        ("competency.add", ""),  # API design, made by the first import
        ("person.add", "Ada"),
    }
    sheet.write_text("Name,Team,API design\nBo,Edge,4\n", encoding="utf-8")
    code, _, err = sm(capsys, "import", str(sheet), "--db", manager)
    assert code == 1 and "Bo (team Edge) is not in your teams" in err
    assert len(err.splitlines()) == 1
    code, _, err = sm(capsys, "cycle", "start", "2031-Q1", "--db", manager)
    assert code == 1 and "only a SkillMatrix admin may change" in err
    assert len(err.splitlines()) == 1


def _at_revision(url: str, revision: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            command.upgrade(migrate.alembic_config(conn), revision)
    finally:
        engine.dispose()


def test_upgrade_backs_up_first_and_a_client_refuses_older_and_newer(
    capsys: pytest.CaptureFixture[str], pg_empty_url: str, tmp_path: Path
) -> None:
    url = pg_empty_url
    _at_revision(url, "0004")
    code, _, err = sm(capsys, "summary", "--db", url)
    assert code == 1 and "older SkillMatrix schema (0004)" in err
    assert "skillmatrix server upgrade" in err and len(err.splitlines()) == 1
    code, _, err = sm(capsys, "server", "init", url)
    assert code == 1 and "server upgrade" in err

    code, out, err = sm(capsys, "server", "upgrade", url, "--backup-dir", str(tmp_path))
    assert code == 0, err
    backup = Path(out.splitlines()[0].removeprefix("Backup: "))
    assert backup.parent == tmp_path and "rev0004" in backup.name
    listing = subprocess.run(
        ["pg_restore", "--list", str(backup)], capture_output=True, text=True, check=True
    ).stdout
    assert "TABLE public ratings" in listing
    assert f"to {migrate.head_revision()}" in out
    code, out, _ = sm(capsys, "summary", "--db", url)
    assert code == 0
    code, out, _ = sm(capsys, "server", "upgrade", url, "--backup-dir", str(tmp_path))
    assert code == 0 and "nothing to upgrade" in out

    with _raw(url) as conn:  # a newer app upgraded it
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    code, _, err = sm(capsys, "summary", "--db", url)
    assert code == 1 and "newer SkillMatrix (schema 9999)" in err and len(err.splitlines()) == 1


def test_upgrade_refuses_without_pg_dump_and_while_another_runs(
    capsys: pytest.CaptureFixture[str],
    pg_empty_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = pg_empty_url
    _at_revision(url, "0004")
    with monkeypatch.context() as m:
        m.delenv("SKILLMATRIX_PG_DUMP", raising=False)
        m.setenv("PATH", str(tmp_path))
        code, _, err = sm(capsys, "server", "upgrade", url, "--backup-dir", str(tmp_path))
    assert code == 1 and "pg_dump was not found" in err and len(err.splitlines()) == 1
    with _raw(url) as other:
        other.execute(f"SELECT pg_advisory_lock({SCHEMA_LOCK})")
        code, _, err = sm(capsys, "server", "upgrade", url, "--backup-dir", str(tmp_path))
        assert code == 1 and "another 'skillmatrix server' command" in err
        code, _, err = sm(capsys, "server", "init", url)
        assert code == 1 and "another 'skillmatrix server' command" in err
    assert not list(tmp_path.glob("*.dump"))  # refused before any backup or change
    code, _, _ = sm(capsys, "summary", "--db", url)
    assert code == 1  # still 0004


def test_grant_needs_a_team_or_admin_and_a_postgresql_address(
    capsys: pytest.CaptureFixture[str], pg_url: str, tmp_path: Path
) -> None:
    code, _, err = sm(capsys, "server", "grant", "h13_nobody", "--db", pg_url)
    assert code == 1 and "at least one --team, or --admin" in err
    code, out, err = sm(capsys, "server", "grant", "h13_cli_admin", "--admin", "--db", pg_url)
    assert code == 0 and "h13_cli_admin" in out and "admin" in out
    code, _, err = sm(capsys, "server", "init", str(tmp_path / "x.db"))
    assert code == 1 and "is not a" in err
