"""open_database: where the database lives and how targets are read."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillmatrix import paths
from skillmatrix.core.errors import DatabaseError
from skillmatrix.services.database import ENV_VAR, open_database


def test_path_creates_parent_folders(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "skills.db"
    with open_database(target) as db:
        assert db.created and db.path == target and target.exists()
    with open_database(str(target)) as again:
        assert not again.created


def test_url_target(tmp_path: Path) -> None:
    with open_database(f"sqlite:///{tmp_path / 'u.db'}") as db:
        assert db.path == tmp_path / "u.db"


def test_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env" / "from-env.db"))
    with open_database(None) as db:
        assert db.path == tmp_path / "env" / "from-env.db"


def test_default_path_from_paths_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    default = tmp_path / "data" / "skillmatrix.db"
    monkeypatch.setattr(paths, "default_database_path", lambda: default)
    with open_database() as db:
        assert db.path == tmp_path / "data" / "skillmatrix.db" and db.created


def test_unusable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseError, match="cannot create the folder"):
        open_database(blocker / "sub" / "skills.db")
