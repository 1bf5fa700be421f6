"""Alembic: models and migrations agree; older files are backed up, then upgraded.

Older files are made honestly: ``alembic upgrade 0001`` on an empty file, then data in
plain SQL. Rehearsals of a failing or table-rebuilding upgrade add a test-only revision on
top of the real head.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select
from sqlalchemy.engine import Engine, make_url
from store_helpers import fingerprint

from skillmatrix.core.errors import DatabaseError
from skillmatrix.core.scale import DEFAULT_SCALE
from skillmatrix.store import migrate, models
from skillmatrix.store.database import Database, make_engine
from skillmatrix.store.models import Base
from skillmatrix.store.revision import HEAD_REVISION


def _migrated_engine(path: Path) -> Engine:
    """A file built only by running the migrations (no create_all)."""
    engine = make_engine(create_engine(f"sqlite:///{path}").url)
    with engine.begin() as conn:
        migrate.upgrade_head(conn)
    return engine


def _schema(engine: Engine) -> dict[str, object]:
    insp = inspect(engine)
    out: dict[str, object] = {}
    for table in sorted(insp.get_table_names()):
        out[table] = (
            [(c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(table)],
            insp.get_pk_constraint(table),
            sorted(insp.get_foreign_keys(table), key=lambda fk: fk["name"] or ""),
            sorted(insp.get_indexes(table), key=lambda ix: ix["name"] or ""),
            sorted(insp.get_unique_constraints(table), key=lambda uq: uq["name"] or ""),
            sorted(insp.get_check_constraints(table), key=lambda ck: ck["name"] or ""),
        )
    return out


def test_upgrade_head_on_empty_file_matches_the_models(tmp_path: Path) -> None:
    engine = _migrated_engine(tmp_path / "migrated.db")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    engine.dispose()


def test_migrated_schema_equals_create_all_schema(tmp_path: Path) -> None:
    migrated = _migrated_engine(tmp_path / "migrated.db")
    Database(tmp_path / "created.db").close()
    created = create_engine(f"sqlite:///{tmp_path / 'created.db'}")
    # CHECK constraints and constraint names too, which compare_metadata skips on SQLite.
    assert _schema(migrated) == _schema(created)
    migrated.dispose()
    created.dispose()


def test_migrated_file_opens_as_current_with_seed_rows(tmp_path: Path) -> None:
    _migrated_engine(tmp_path / "migrated.db").dispose()
    with Database(tmp_path / "migrated.db") as db:
        assert not db.created and db.backup_path is None
        assert db.scale == DEFAULT_SCALE


def test_one_head_and_known_revisions() -> None:
    known = migrate.known_revisions()
    assert {"0001", "0002"} <= known and migrate.head_revision() in known


def test_head_revision_constant_is_the_scripts_head() -> None:
    # Opening a current file compares with HEAD_REVISION instead of asking Alembic.
    assert HEAD_REVISION == migrate.script_head() == migrate.head_revision()


def test_opening_a_current_file_does_not_import_alembic(tmp_path: Path) -> None:
    Database(tmp_path / "current.db").close()
    script = textwrap.dedent(
        """
        import sys
        from skillmatrix.store.database import Database
        Database(sys.argv[1]).close()
        print(sorted(m for m in sys.modules if m.split(".")[0] == "alembic"))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "current.db")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "[]"


# -- a real 0001 database ---------------------------------------------------------------


def _make_0001_database(path: Path) -> Engine:
    """A database built by migration 0001 alone, holding a team, a person, a cycle and a rating.

    Its schema and seed rows are 0001's, whatever the models have become since.

    The engine is returned still open, so the last writes are still in the -wal file, not
    yet in the main file; ``dispose()`` it when done.
    """
    engine = make_engine(make_url(f"sqlite:///{path}"))
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "0001")
    with engine.begin() as conn:
        # Plain SQL against the 0001 tables: the ORM models describe the head schema.
        for sql in (
            "INSERT INTO teams (id, name) VALUES (1, 'Core')",
            "INSERT INTO categories (id, name, position) VALUES (1, 'Skills', 0)",
            "INSERT INTO competencies (id, name, category_id, description, critical, position)"
            " VALUES (1, 'SQL', 1, '', 0, 0)",
            "INSERT INTO people (id, name, email, team_id, role_id, seniority, active,"
            " created_at) VALUES (1, 'Ann', 'ann@x.org', 1, NULL, 'Mid', 1,"
            " '2026-01-01 00:00:00')",
            "INSERT INTO cycles (id, name, starts_on, ends_on, closed, created_at)"
            " VALUES (1, '2026-Q1', NULL, NULL, 0, '2026-01-01 00:00:00')",
            "INSERT INTO ratings (cycle_id, person_id, competency_id, source, level,"
            " not_applicable, interest, note, rated_by, rated_on)"
            " VALUES (1, 1, 1, 'manager', 3, 0, NULL, '', '', NULL)",
        ):
            conn.exec_driver_sql(sql)
    return engine


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def test_made_0001_database_really_is_0001(tmp_path: Path) -> None:
    path = tmp_path / "skills.db"
    _make_0001_database(path).dispose()
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert "report_secret" not in _columns(con, "skillmatrix_meta")
        assert con.execute("SELECT app, created_with FROM skillmatrix_meta").fetchall() == [
            ("skillmatrix", "migration 0001")
        ]
    finally:
        con.close()


def test_real_0001_database_upgrades_to_head_with_a_secret(tmp_path: Path) -> None:
    path = tmp_path / "skills.db"
    old = _make_0001_database(path)
    assert Path(f"{path}-wal").stat().st_size > 0
    with Database(path) as db:
        assert db.backup_path is not None and "rev0001" in db.backup_path.name
        with db.session() as s:
            secret = s.scalar(select(models.Meta.report_secret))
            assert s.scalars(select(models.Person.name)).all() == ["Ann"]
            assert s.scalar(select(models.Rating.level)) == 3
            assert s.scalar(select(models.Meta.created_with)) == "migration 0001"
        assert secret is not None and len(bytes.fromhex(secret)) == 32
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
                migrate.head_revision()
            )
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        backup = sqlite3.connect(db.backup_path)
        try:  # the backup is the 0001 file, data included, without a secret
            assert backup.execute("SELECT version_num FROM alembic_version").fetchall() == [
                ("0001",)
            ]
            assert "report_secret" not in _columns(backup, "skillmatrix_meta")
            assert backup.execute("SELECT level FROM ratings").fetchall() == [(3,)]
        finally:
            backup.close()
    old.dispose()
    with Database(path) as again:  # current now: no second backup, the same secret
        assert again.backup_path is None
        with again.session() as s:
            assert s.scalar(select(models.Meta.report_secret)) == secret


def test_upgraded_schema_equals_create_all_schema(tmp_path: Path) -> None:
    _make_0001_database(tmp_path / "old.db").dispose()
    Database(tmp_path / "old.db").close()
    Database(tmp_path / "created.db").close()
    upgraded = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    created = create_engine(f"sqlite:///{tmp_path / 'created.db'}")
    assert _schema(upgraded) == _schema(created)
    upgraded.dispose()
    created.dispose()


def test_two_upgraded_databases_get_different_secrets(tmp_path: Path) -> None:
    secrets = []
    for name in ("a.db", "b.db"):
        _make_0001_database(tmp_path / name).dispose()
        with Database(tmp_path / name) as db, db.session() as s:
            secrets.append(s.scalar(select(models.Meta.report_secret)))
    assert secrets[0] != secrets[1]


def test_downgrade_to_0001_drops_the_secret_and_keeps_the_marker(tmp_path: Path) -> None:
    path = tmp_path / "skills.db"
    Database(path).close()
    engine = make_engine(make_url(f"sqlite:///{path}"), foreign_keys=False)
    with engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), "0001")
    engine.dispose()
    con = sqlite3.connect(path)
    try:
        assert "report_secret" not in _columns(con, "skillmatrix_meta")
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        with pytest.raises(sqlite3.IntegrityError):  # the single-row CHECK survived
            con.execute("INSERT INTO skillmatrix_meta VALUES (2, 'skillmatrix', '', '')")
    finally:
        con.close()
    with Database(path) as db, db.session() as s:  # and upgrading again refills it
        assert db.backup_path is not None
        assert len(s.scalar(select(models.Meta.report_secret)) or "") == 64


# -- upgrading with a test-only revision after the real head -----------------------------

TEST_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "9999_test"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    # A batch rebuild of a table that other tables reference, as real migrations will do.
    with op.batch_alter_table("teams") as batch:
        batch.add_column(sa.Column("colour", sa.String(20), nullable=True))
    {extra}


def downgrade():
    with op.batch_alter_table("teams") as batch:
        batch.drop_column("colour")
"""


def _with_revision(monkeypatch: pytest.MonkeyPatch, folder: Path, extra: str = "") -> None:
    """Add the test-only revision "9999_test" on top of the shipped head."""
    head = migrate.head_revision()  # before the extra folder is added
    folder.mkdir()
    script = textwrap.dedent(TEST_REVISION).format(head=head, extra=extra)
    (folder / "9999_test.py").write_text(script)
    monkeypatch.setattr(migrate, "extra_version_locations", lambda: [str(folder)])
    assert migrate.head_revision() == "9999_test"


def test_older_file_is_backed_up_then_upgraded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "skills.db"
    old = _make_0001_database(path)
    assert Path(f"{path}-wal").stat().st_size > 0
    _with_revision(monkeypatch, tmp_path / "versions")
    with Database(path) as db:
        assert db.backup_path is not None and db.backup_path.parent == tmp_path / "backups"
        assert "rev0001" in db.backup_path.name
        with db.session() as s:
            assert s.scalars(select(models.Person.name)).all() == ["Ann"]
            assert s.scalar(select(models.Rating.level)) == 3
            assert len(s.scalar(select(models.Meta.report_secret)) or "") == 64  # 0002 ran
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
                "9999_test"
            )
            assert "colour" in {c["name"] for c in inspect(conn).get_columns("teams")}
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        backup = sqlite3.connect(db.backup_path)
        try:
            # The backup holds the 0001 schema and the rows that were only in the WAL.
            assert backup.execute("SELECT version_num FROM alembic_version").fetchall() == [
                ("0001",)
            ]
            assert backup.execute("SELECT level FROM ratings").fetchall() == [(3,)]
            assert backup.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            backup.close()
    old.dispose()
    with Database(path) as again:  # now current: no second backup
        assert again.backup_path is None


def test_backup_dir_argument(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "skills.db"
    _make_0001_database(path).dispose()
    _with_revision(monkeypatch, tmp_path / "versions")
    with Database(path, backup_dir=tmp_path / "elsewhere") as db:
        assert db.backup_path is not None and db.backup_path.parent == tmp_path / "elsewhere"


def test_failed_upgrade_leaves_data_and_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "skills.db"
    _make_0001_database(path).dispose()
    _with_revision(monkeypatch, tmp_path / "versions", extra='raise RuntimeError("bad step")')
    with pytest.raises(DatabaseError, match="bad step") as info:
        Database(path)
    assert "left unchanged" in str(info.value) and "\n" not in str(info.value)
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert "colour" not in _columns(con, "teams")
        # One transaction for the whole upgrade: 0002's column went with the failure.
        assert "report_secret" not in _columns(con, "skillmatrix_meta")
        assert con.execute("SELECT name FROM people").fetchall() == [("Ann",)]
    finally:
        con.close()
    assert list((tmp_path / "backups").iterdir())


def test_newer_file_is_not_backed_up_or_touched(tmp_path: Path) -> None:
    path = tmp_path / "skills.db"
    _make_0001_database(path).dispose()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '0999'")
    con.commit()
    con.close()
    before = fingerprint(path)
    with pytest.raises(DatabaseError, match="newer SkillMatrix"):
        Database(path)
    assert fingerprint(path) == before
