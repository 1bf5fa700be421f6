"""Alembic: models and migrations agree; older files are backed up, then upgraded."""

from __future__ import annotations

import sqlite3
import textwrap
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select
from sqlalchemy.engine import Engine
from store_helpers import fingerprint

from skillmatrix.core.errors import DatabaseError
from skillmatrix.core.scale import DEFAULT_SCALE
from skillmatrix.store import migrate, models
from skillmatrix.store.database import Database, make_engine
from skillmatrix.store.models import Base


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
    assert "0001" in known and migrate.head_revision() in known


# -- upgrading with a test-only revision ------------------------------------------------

REVISION_0002 = """
import sqlalchemy as sa
from alembic import op

revision = "0002_test"
down_revision = "0001"
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
    folder.mkdir()
    (folder / "0002_test.py").write_text(textwrap.dedent(REVISION_0002).format(extra=extra))
    monkeypatch.setattr(migrate, "extra_version_locations", lambda: [str(folder)])


def _make_0001_database(path: Path) -> Database:
    """A database at 0001 holding a team, a person, a cycle and a rating; left open so
    the last writes are still in the -wal file, not yet in the main file."""
    db = Database(path)
    with db.session() as s:
        team = models.Team(name="Core")
        cat = models.Category(name="Skills", position=0)
        s.add_all([team, cat])
        s.flush()
        comp = models.Competency(name="SQL", category_id=cat.id, position=0)
        person = models.Person(name="Ann", team_id=team.id)
        cycle = models.Cycle(name="2026-Q1")
        s.add_all([comp, person, cycle])
        s.flush()
        s.add(models.Rating(cycle_id=cycle.id, person_id=person.id, competency_id=comp.id, level=3))
    return db


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
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
                "0002_test"
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
    old.close()
    with Database(path) as again:  # now current: no second backup
        assert again.backup_path is None


def test_backup_dir_argument(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "skills.db"
    _make_0001_database(path).close()
    _with_revision(monkeypatch, tmp_path / "versions")
    with Database(path, backup_dir=tmp_path / "elsewhere") as db:
        assert db.backup_path is not None and db.backup_path.parent == tmp_path / "elsewhere"


def test_failed_upgrade_leaves_data_and_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "skills.db"
    _make_0001_database(path).close()
    _with_revision(monkeypatch, tmp_path / "versions", extra='raise RuntimeError("bad step")')
    with pytest.raises(DatabaseError, match="bad step") as info:
        Database(path)
    assert "left unchanged" in str(info.value) and "\n" not in str(info.value)
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        columns = {row[1] for row in con.execute("PRAGMA table_info(teams)")}
        assert "colour" not in columns
        assert con.execute("SELECT name FROM people").fetchall() == [("Ann",)]
    finally:
        con.close()
    assert list((tmp_path / "backups").iterdir())


def test_newer_file_is_not_backed_up_or_touched(tmp_path: Path) -> None:
    path = tmp_path / "skills.db"
    _make_0001_database(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '0999'")
    con.commit()
    con.close()
    before = fingerprint(path)
    with pytest.raises(DatabaseError, match="newer SkillMatrix"):
        Database(path)
    assert fingerprint(path) == before
