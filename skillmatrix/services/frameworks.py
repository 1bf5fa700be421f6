"""Frameworks: install a role's competencies and targets; read roles, competencies, scale.

Competencies are shared between roles by name (compared ignoring case): "API design" in
both Engineer and Backend Engineer is one competency, so ratings and coverage add up.
"""

from __future__ import annotations

from sqlalchemy import select

from skillmatrix.core.errors import ValidationError
from skillmatrix.core.frameworks import CompetencySpec, Framework
from skillmatrix.core.model import Competency, Role, Seniority
from skillmatrix.core.scale import Scale
from skillmatrix.store import models
from skillmatrix.store import repo_competencies as comps
from skillmatrix.store import repo_roles as roles
from skillmatrix.store.database import Database
from skillmatrix.store.lookup import fold
from skillmatrix.store.records import Category


def get_scale(db: Database) -> Scale:
    """The database's proficiency scale."""
    return db.scale


def list_roles(db: Database) -> list[Role]:
    """Every role with its targets, ordered by name."""
    with db.session() as s:
        return roles.list_roles(s)


def get_role(db: Database, role: int | str) -> Role:
    """One role by id or name (any case).

    Raises:
        NotFoundError: no such role.
    """
    with db.session() as s:
        return roles.get_role(s, role)


def list_competencies(db: Database) -> list[Competency]:
    """Every competency, ordered by category position then competency position."""
    with db.session() as s:
        return comps.list_competencies(s)


def get_competency(db: Database, competency: int | str) -> Competency:
    """One competency by id or name (any case).

    Raises:
        NotFoundError: no such competency.
    """
    with db.session() as s:
        return comps.get_competency(s, competency)


def list_categories(db: Database) -> list[Category]:
    """Categories in display order."""
    with db.session() as s:
        return comps.list_categories(s)


def _check_levels(framework: Framework, scale: Scale) -> None:
    """Refuse a framework whose levels do not fit this database's scale."""

    def check(value: int, spec: CompetencySpec, what: str) -> None:
        if value not in scale:
            raise ValidationError(
                f"framework {framework.name!r}, competency {spec.name!r}: {what} {value} "
                f"is outside this database's scale {scale.min}-{scale.max}"
            )

    for spec in framework.competencies:
        for seniority, level in spec.targets.items():
            check(level, spec, f"{seniority.value} target")
        check(spec.rule.min_level, spec, "rule min_level")
        for level in spec.level_descriptions:
            check(level, spec, "level description")


def install_framework(db: Database, framework: Framework) -> Role:
    """Install or refresh a framework: its role, categories, competencies and targets.

    Idempotent: installing the same framework twice changes nothing. Competencies that
    already exist (same name ignoring case) are updated, not duplicated; the role's
    targets become exactly the framework's. Level descriptions given are set; others kept.

    Returns:
        The role, with its targets.

    Raises:
        ValidationError: a level does not fit this database's scale.
    """
    scale = db.scale
    _check_levels(framework, scale)
    with db.session() as s:
        fw = roles.upsert_framework(
            s,
            name=framework.name,
            description=framework.description,
            source=framework.source,
            version=framework.version,
        )
        role = roles.ensure_role(s, framework.name, fw.id)
        existing = {fold(c.name): c for c in s.scalars(select(models.Competency))}
        targets: dict[int, dict[Seniority, int]] = {}
        for spec in framework.competencies:
            category = comps.ensure_category(s, spec.category)
            row = existing.get(fold(spec.name))
            if row is None:
                row = models.Competency(
                    name=spec.name,
                    category_id=category.id,
                    position=comps.next_position(s, category.id),
                )
                s.add(row)
                existing[fold(spec.name)] = row
            elif row.category_id != category.id:
                row.category_id = category.id
                row.position = comps.next_position(s, category.id)
            row.description, row.critical = spec.description, spec.critical
            s.flush()
            comps.set_rule(s, row.id, spec.rule, scale)
            for level, text in spec.level_descriptions.items():
                comps.set_level_description(s, row.id, level, text)
            targets[row.id] = dict(spec.targets)
        roles.replace_targets(s, role.id, targets)
        s.flush()
        return roles.get_role(s, role.id)
