"""Starting from nothing.

Creating a database on a scale, the first cycle, one-step start-and-close, and an import
that creates the cycle it needs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from svc_helpers import framework

from skillmatrix.core.errors import FrameworkError, ValidationError
from skillmatrix.core.frameworks import builtin_frameworks
from skillmatrix.core.model import Seniority
from skillmatrix.core.scale import DEFAULT_SCALE, Level, Scale
from skillmatrix.core.scales import ONE_TO_FIVE
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services.database import open_database
from skillmatrix.services.excel import import_file
from skillmatrix.services.new_database import create_database
from skillmatrix.store import repo_ratings
from skillmatrix.store.database import Database

NOV_2026 = dt.date(2026, 11, 15)


def _engineer() -> object:
    return next(f for f in builtin_frameworks() if f.name == "Engineer")


def test_a_new_database_on_one_to_five_with_a_builtin_framework(tmp_path: Path) -> None:
    created = create_database(tmp_path / "new.db", scale=ONE_TO_FIVE, frameworks=[_engineer()])
    with created.db as db:
        assert created.new_file and created.frameworks == ("Engineer",)
        assert db.scale == ONE_TO_FIVE
        role = fw.get_role(db, "Engineer")
        # Written for 0-4, stored level for level on 1-5.
        assert min(role.targets[Seniority.JUNIOR].values()) >= 1
        assert max(role.targets[Seniority.PRINCIPAL].values()) == 5
        assert {c.rule.min_level for c in fw.list_competencies(db)} <= {4, 5}
    with open_database(tmp_path / "new.db") as again:  # the scale is the stored one
        assert again.scale == ONE_TO_FIVE


def test_a_framework_that_does_not_fit_leaves_no_file(tmp_path: Path) -> None:
    three = Scale(tuple(Level(v, f"L{v}", "") for v in range(1, 4)))
    with pytest.raises(FrameworkError, match="written for a 0-4 scale"):
        create_database(tmp_path / "sub" / "x.db", scale=three, frameworks=[_engineer()])
    assert not (tmp_path / "sub").exists()


def test_an_existing_empty_database_takes_the_scale(tmp_path: Path) -> None:
    open_database(tmp_path / "e.db").close()  # made empty, on 0-4
    with create_database(tmp_path / "e.db", scale=ONE_TO_FIVE).db as db:
        assert db.scale == ONE_TO_FIVE
        cycles.start_cycle(db, name="2026-Q4")
    with pytest.raises(ValidationError, match="already exists and holds data"):
        create_database(tmp_path / "e.db", scale=DEFAULT_SCALE)
    with open_database(tmp_path / "e.db") as db:
        assert db.scale == ONE_TO_FIVE  # refused: nothing changed


def _rated(db: Database) -> int:
    f = framework("Engineer", [("API design", "Hard", 2, False)])
    fw.install_framework(db, f)
    pid = people.add_person(db, name="Ada", role="Engineer").id
    cid = fw.get_competency(db, "API design").id
    first = cycles.start_cycle(db, name="2026-Q3", today=NOV_2026)
    ratings.rate(db, cycle_id=first.id, person_id=pid, competency_id=cid, level=3)
    return first.id


def test_start_with_carry_forward_and_close_previous(db: Database) -> None:
    first = _rated(db)
    new = cycles.start_cycle(db, name="2026-Q4", carry_forward=True, close_previous=True)
    assert cycles.get_cycle(db, first).closed and not new.closed
    assert [r.level for r in ratings.list_ratings(db, new.id)] == [3]


def test_start_and_close_are_one_transaction(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _rated(db)

    def broken(*_a: object, **_k: object) -> None:
        raise ValidationError("disk full")

    monkeypatch.setattr(repo_ratings, "carry_forward", broken)
    with pytest.raises(ValidationError, match="disk full"):
        cycles.start_cycle(db, name="2026-Q4", carry_forward=True, close_previous=True)
    assert [c.name for c in cycles.list_cycles(db)] == ["2026-Q3"]
    assert not cycles.get_cycle(db, first).closed


def _csv(tmp_path: Path, body: str, name: str = "ratings.csv") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_import_creates_the_first_cycle_in_its_transaction(db: Database, tmp_path: Path) -> None:
    path = _csv(tmp_path, "Name,API design\nAda,3\n")
    dry = import_file(db, path, cycle="2026-Q2", dry_run=True, create_cycle=True)
    assert dry.cycle_created == "2026-Q2" and dry.created == 1
    assert cycles.list_cycles(db) == []  # rolled back with the rest
    refused = import_file(
        db, _csv(tmp_path, "Name,API design\nAda,9\n", "bad.csv"), create_cycle=True
    )
    assert refused.problems and cycles.list_cycles(db) == []
    done = import_file(db, path, cycle="2026-Q2", create_cycle=True)
    assert done.applied and done.cycle == "2026-Q2"
    assert [c.name for c in cycles.list_cycles(db)] == ["2026-Q2"]
    # Once there is a cycle, a name that does not exist is an error, not a new cycle.
    again = import_file(db, path, cycle="2026-Q9", create_cycle=True)
    assert again.problems and again.cycle_created is None


def test_import_without_a_cycle_name_creates_the_current_quarter(
    db: Database, tmp_path: Path
) -> None:
    result = import_file(db, _csv(tmp_path, "Name,API design\nAda,3\n"), create_cycle=True)
    assert result.cycle_created == cycles.next_cycle_name(None)
    without = import_file(db, _csv(tmp_path, "Name,Testing\nBo,2\n", "more.csv"))
    assert without.cycle_created is None  # only when asked (the command line asks)


def test_competencies_an_import_creates_get_the_usual_rule_of_the_scale(
    tmp_path: Path,
) -> None:
    with create_database(tmp_path / "five.db", scale=ONE_TO_FIVE).db as db:
        result = import_file(db, _csv(tmp_path, "Name,API design\nAda,5\n"), create_cycle=True)
        assert result.applied
        (comp,) = fw.list_competencies(db)
        assert comp.rule.min_level == 4  # Proficient on 1-5, not 3 (Competent)
