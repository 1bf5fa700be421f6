"""Installing frameworks and reading roles, competencies and the scale."""

from __future__ import annotations

from pathlib import Path

import pytest
from svc_helpers import framework

from skillmatrix.core.errors import NotFoundError, ValidationError
from skillmatrix.core.frameworks import Framework, builtin_frameworks
from skillmatrix.core.model import CoverageRule, Seniority
from skillmatrix.core.scale import DEFAULT_SCALE, Level, Scale
from skillmatrix.services import frameworks as fw
from skillmatrix.store.database import Database


def test_install_creates_role_competencies_and_targets(db: Database, engineer: Framework) -> None:
    role = fw.install_framework(db, engineer)
    comps = fw.list_competencies(db)
    assert [c.name for c in comps] == ["API design", "Testing", "Communication"]
    assert [c.category for c in comps] == ["Hard skills", "Hard skills", "Soft skills"]
    api = comps[0]
    assert api.critical and api.rule == CoverageRule(1, 2)
    assert api.level_descriptions == {2: "API design at 2"}
    assert api.description == "API design for Engineer"
    assert role.name == "Engineer" and role.framework == "Engineer"
    assert role.competency_ids == frozenset(c.id for c in comps)
    assert role.target(Seniority.MID, api.id) == 2
    assert role.target(Seniority.PRINCIPAL, comps[2].id) == 4
    assert fw.list_roles(db) == [role]
    assert fw.get_role(db, "engineer") == role
    assert fw.get_competency(db, "api design") == api
    assert [c.name for c in fw.list_categories(db)] == ["Hard skills", "Soft skills"]


def test_install_is_idempotent(db: Database, engineer: Framework) -> None:
    first = fw.install_framework(db, engineer)
    comps = fw.list_competencies(db)
    assert fw.install_framework(db, engineer) == first
    assert fw.list_competencies(db) == comps


def test_competencies_are_shared_by_name_ignoring_case(
    db: Database, engineer: Framework, backend: Framework
) -> None:
    eng = fw.install_framework(db, engineer)
    back = fw.install_framework(db, backend)
    names = [c.name for c in fw.list_competencies(db)]
    assert names == ["API design", "Testing", "Databases", "Communication"]
    api = fw.get_competency(db, "API DESIGN")
    assert api.id in eng.competency_ids and api.id in back.competency_ids
    assert back.target(Seniority.MID, api.id) == 3
    assert fw.get_role(db, "Engineer").target(Seniority.MID, api.id) == 2
    assert api.name == "API design"  # the first spelling stays


def test_reinstall_replaces_the_roles_targets(db: Database, engineer: Framework) -> None:
    fw.install_framework(db, engineer)
    smaller = framework("Engineer", [("Testing", "Quality", 1, False)], version=2)
    role = fw.install_framework(db, smaller)
    testing = fw.get_competency(db, "Testing")
    assert role.competency_ids == {testing.id}
    assert testing.category == "Quality" and testing.rule == CoverageRule(2, 1)
    # Competencies no framework targets any more stay (their ratings are history).
    assert len(fw.list_competencies(db)) == 3


def test_levels_outside_this_databases_scale_are_refused(
    tmp_path: Path, engineer: Framework
) -> None:
    small = Scale(tuple(Level(v, str(v), "") for v in range(1, 4)))
    with Database(tmp_path / "small.db", scale=small) as db:
        with pytest.raises(ValidationError, match="outside this database's scale 1-3"):
            fw.install_framework(db, engineer)
        assert fw.list_roles(db) == [] and fw.list_competencies(db) == []


def test_scale_and_lookups(db: Database) -> None:
    assert fw.get_scale(db) == DEFAULT_SCALE
    with pytest.raises(NotFoundError, match="there are none yet"):
        fw.get_role(db, "Engineer")
    with pytest.raises(NotFoundError, match="no competency"):
        fw.get_competency(db, 42)


def test_builtin_frameworks_install(db: Database) -> None:
    frameworks = builtin_frameworks()
    if not frameworks:
        pytest.skip("no built-in frameworks shipped yet")
    for f in frameworks:
        fw.install_framework(db, f)
    roles = fw.list_roles(db)
    assert {r.name for r in roles} == {f.name for f in frameworks}
    distinct = {spec.name.casefold() for f in frameworks for spec in f.competencies}
    assert len(fw.list_competencies(db)) == len(distinct)


def test_a_competency_critical_for_any_installed_role_stays_critical(db: Database) -> None:
    by_name = {f.name: f for f in builtin_frameworks()}
    backend, product = by_name["Backend Engineer"], by_name["Product Engineer"]
    api_backend = next(c for c in backend.competencies if c.name == "API design")
    api_product = next(c for c in product.competencies if c.name == "API design")
    assert api_backend.critical and not api_product.critical  # the premise of this test
    fw.install_framework(db, backend)
    fw.install_framework(db, product)  # installed last, says "not critical"
    assert fw.get_competency(db, "API design").critical
