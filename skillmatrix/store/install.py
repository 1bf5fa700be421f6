"""Write a framework (role, categories, competencies, rules, targets) inside a session."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from skillmatrix.core.errors import ValidationError
from skillmatrix.core.frameworks import CompetencySpec, Framework, fit_to_scale
from skillmatrix.core.model import Seniority
from skillmatrix.core.scale import Scale
from skillmatrix.store import models
from skillmatrix.store import repo_competencies as comps
from skillmatrix.store import repo_roles as roles
from skillmatrix.store.names import fold


def check_levels(framework: Framework, scale: Scale) -> None:
    """Refuse a framework whose levels do not fit a database's scale (after
    ``fit_to_scale``: one written for another scale of the same size fits).

    Raises:
        ValidationError: names the framework, competency and offending value.
        FrameworkError: written for a scale of another size.
    """
    framework = fit_to_scale(framework, scale)

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


def install(s: Session, framework: Framework, scale: Scale) -> int:
    """Upsert ``framework`` and return its role's id (see ``services.install_framework``).

    Competencies are matched by name ignoring case; a match is updated (last install wins
    for description, category and rule), never duplicated. A competency is critical when
    any installed role marks it so: a team that mixes roles cannot afford to lose what
    any of them depends on. The role's targets become exactly the framework's.
    """
    framework = fit_to_scale(framework, scale)
    check_levels(framework, scale)
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
        row.description = spec.description
        row.critical = bool(row.critical) or spec.critical
        s.flush()
        comps.set_rule(s, row.id, spec.rule, scale)
        for level, text in spec.level_descriptions.items():
            comps.set_level_description(s, row.id, level, text)
        targets[row.id] = dict(spec.targets)
    roles.replace_targets(s, role.id, targets)
    s.flush()
    return role.id
