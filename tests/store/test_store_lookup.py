"""Name lookups and their messages."""

from __future__ import annotations

import pytest

from skillmatrix.core.errors import NotFoundError, ValidationError
from skillmatrix.store import models
from skillmatrix.store.database import Database
from skillmatrix.store.lookup import by_name, find
from skillmatrix.store.names import clean_name, fold, hint


def test_fold_and_clean_name() -> None:
    assert fold("  API   Design ") == fold("api design") == "api design"
    assert fold("STRASSE") == fold("straße")  # casefold, not lower
    assert clean_name("  Data   platform ", "team") == "Data platform"
    with pytest.raises(ValidationError, match="a team needs a name"):
        clean_name(" \t", "team")


def test_hint() -> None:
    assert hint([]) == "(there are none yet)"
    assert hint(["b", "A"]) == "(existing: A, b)"
    many = hint([f"T{i:02d}" for i in range(15)], limit=3)
    assert many == "(existing: T00, T01, T02 and 12 more)"


def test_find_by_id_or_name(db: Database) -> None:
    with db.session() as s:
        s.add_all([models.Team(name="Core"), models.Team(name="Web")])
        s.flush()
        core = find(s, models.Team, "  core ", "team")
        assert find(s, models.Team, core.id, "team") is core
        assert by_name(s, models.Team, "nothing") is None
        with pytest.raises(NotFoundError, match=r"no team 'Ops' \(existing: Core, Web\)"):
            find(s, models.Team, "Ops", "team")
        with pytest.raises(NotFoundError, match="no team #99"):
            find(s, models.Team, 99, "team")
