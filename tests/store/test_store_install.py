"""``store.install`` writes competencies, rules and level descriptions with Core statements.

The rows it leaves (and the change history ``install_recorded`` writes) are
the ones the earlier ORM unit-of-work install left, kept here as the reference.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from skillmatrix.core.frameworks import CompetencySpec, Framework, builtin_frameworks, fit_to_scale
from skillmatrix.core.model import CoverageRule, Seniority
from skillmatrix.core.scale import Scale
from skillmatrix.store import install as install_module
from skillmatrix.store import models
from skillmatrix.store import repo_competencies as comps
from skillmatrix.store import repo_roles as roles
from skillmatrix.store.database import Database
from skillmatrix.store.names import fold

Installer = Callable[[Session, Framework, Scale], int]


def orm_install(s: Session, framework: Framework, scale: Scale) -> int:
    """The install as it was before (ORM objects, one unit of work): the reference."""
    framework = fit_to_scale(framework, scale)
    install_module.check_levels(framework, scale)
    fw = roles.upsert_framework(
        s,
        name=framework.name,
        description=framework.description,
        source=framework.source,
        version=framework.version,
    )
    role = roles.ensure_role(s, framework.name, fw.id)
    existing = {fold(c.name): c for c in s.scalars(select(models.Competency))}
    next_position = comps.next_positions(s)
    categories: dict[str, models.Category] = {}
    placed: list[tuple[CompetencySpec, models.Competency]] = []

    def describe(row: models.Competency, spec: CompetencySpec) -> None:
        row.description = spec.description
        row.critical = bool(row.critical) or spec.critical

    for spec in framework.competencies:
        category = categories.get(fold(spec.category))
        if category is None:
            category = categories[fold(spec.category)] = comps.ensure_category(s, spec.category)
        row = existing.get(fold(spec.name))
        if row is None:
            row = models.Competency(name=spec.name, category_id=category.id)
            s.add(row)
            existing[fold(spec.name)] = row
        elif row.category_id == category.id:
            placed.append((spec, row))
            describe(row, spec)
            continue
        else:
            row.category_id = category.id
        row.position = next_position.get(category.id, 0)
        next_position[category.id] = row.position + 1
        describe(row, spec)
        placed.append((spec, row))
    s.flush()
    rules = comps.rules_by_competency(s)
    descriptions = comps.level_descriptions_by_key(s)
    targets: dict[int, dict[Seniority, int]] = {}
    for spec, row in placed:
        comps.set_rule(s, row.id, spec.rule, scale, known=rules)
        for level, words in spec.level_descriptions.items():
            comps.set_level_description(s, row.id, level, words, known=descriptions)
        targets[row.id] = dict(spec.targets)
    roles.replace_targets(s, role.id, targets)
    s.flush()
    return role.id


def _changed(fw: Framework) -> Framework:
    """``fw`` re-issued with changes.

    A description, a category, a rule, level descriptions (one changed, one emptied, one
    added) and a critical flag changed; one competency new.
    """
    specs = list(fw.competencies)
    first, second, third, fourth = specs[:4]
    specs[0] = replace(first, description=first.description + " (revised)")
    specs[1] = replace(second, category="Moved elsewhere")
    specs[2] = replace(third, rule=CoverageRule(3, 2), critical=True)
    described = dict(fourth.level_descriptions)
    levels = sorted(described)
    if levels:
        described[levels[0]] = "Rewritten"
        described[levels[-1]] = "   "
    described[0] = described.get(0, "") or "Added"
    specs[3] = replace(fourth, level_descriptions=described)
    specs.append(
        CompetencySpec(
            name="Brand new skill",
            category="Moved elsewhere",
            description="new",
            targets={Seniority.MID: 2},
            level_descriptions={1: "One"},
        )
    )
    return replace(fw, competencies=tuple(specs), version=fw.version + 1)


def _frameworks() -> list[Framework]:
    builtin = builtin_frameworks()
    return builtin[:3]


def _run(db: Database, installer: Installer, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Install the frameworks, a changed one and the original again, recorded.

    All in one transaction that is rolled back; returns the rows it left, by natural key
    and by id.
    """
    monkeypatch.setattr(install_module, "install", installer)
    frameworks = _frameworks()
    with db.session() as s:
        for fw in frameworks:
            install_module.install(s, fw, db.scale)
        install_module.install_recorded(s, _changed(frameworks[0]), db.scale, who="t", via="test")
        install_module.install_recorded(s, frameworks[0], db.scale, who="t", via="test")
        rows = _rows(s)
        s.rollback()
    monkeypatch.undo()
    return rows


def _rows(s: Session) -> dict[str, Any]:
    def q(sql: str) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in s.execute(text(sql))]

    by_key = {
        "categories": q("SELECT name, position FROM categories ORDER BY name"),
        "competencies": q(
            "SELECT c.name, k.name, c.description, c.critical, c.position, c.version "
            "FROM competencies c JOIN categories k ON k.id = c.category_id ORDER BY c.name"
        ),
        "rules": q(
            "SELECT c.name, r.min_people, r.min_level FROM coverage_rules r "
            "JOIN competencies c ON c.id = r.competency_id ORDER BY c.name"
        ),
        "descriptions": q(
            "SELECT c.name, d.level, d.text FROM competency_level_descriptions d "
            "JOIN competencies c ON c.id = d.competency_id ORDER BY c.name, d.level"
        ),
        "targets": q(
            "SELECT r.name, t.seniority, c.name, t.level, t.version FROM targets t "
            "JOIN roles r ON r.id = t.role_id JOIN competencies c ON c.id = t.competency_id "
            "ORDER BY r.name, c.name, t.seniority"
        ),
        "frameworks": q("SELECT name, description, source, version FROM frameworks ORDER BY name"),
        "history": q(
            "SELECT who, action, entity_kind, entity_name, old_value, new_value"
            " FROM change_history "
            "ORDER BY action, entity_name, old_value, new_value"
        ),
    }
    if s.get_bind().dialect.name == "sqlite":  # ids too: the same rows in the same order
        tables = (
            "categories",
            "competencies",
            "coverage_rules",
            "competency_level_descriptions",
            "targets",
            "roles",
        )
        by_key["by_id"] = {t: q(f"SELECT * FROM {t} ORDER BY rowid") for t in tables}
    return by_key


def test_install_leaves_the_rows_the_orm_install_left(
    any_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = _run(any_db, orm_install, monkeypatch)
    new = _run(any_db, install_module.install, monkeypatch)
    assert reference["competencies"]  # the frameworks were installed
    assert any(name == "Brand new skill" for name, *_ in reference["competencies"])
    assert any(version > 1 for *_, version in reference["competencies"])  # updates too
    assert reference["history"]
    assert ("by_id" in reference) == (any_db.url.get_backend_name() == "sqlite")
    for key in reference:
        assert new[key] == reference[key], key


def test_install_refreshes_orm_rows_the_session_holds(any_db: Database) -> None:
    """A competency loaded as an ORM object before a re-install shows the new values."""
    fw = _frameworks()[0]
    with any_db.session() as s:
        install_module.install(s, fw, any_db.scale)
        name = fw.competencies[0].name
        row = s.scalars(select(models.Competency).where(models.Competency.name == name)).one()
        assert row.version == 1
        install_module.install(s, _changed(fw), any_db.scale)
        assert row.description.endswith("(revised)")
        assert row.version == 2
