"""Write a framework (role, categories, competencies, rules, targets) inside a session."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from skillmatrix.core.errors import ValidationError
from skillmatrix.core.frameworks import CompetencySpec, Framework, fit_to_scale
from skillmatrix.core.model import Competency, Seniority
from skillmatrix.core.scale import Scale
from skillmatrix.store import models, repo_changes
from skillmatrix.store import repo_competencies as comps
from skillmatrix.store import repo_roles as roles
from skillmatrix.store.names import fold


def check_levels(framework: Framework, scale: Scale) -> None:
    """Refuse a framework whose levels do not fit a database's scale.

    Checked after ``fit_to_scale``: one written for another scale of the same size fits.

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
    # Positions, categories, rules and level descriptions are looked up once, not per
    # competency: a query each would autoflush each row (300 competencies took 0.8 s).
    next_position = comps.next_positions(s)
    categories: dict[str, models.Category] = {}
    placed: list[tuple[CompetencySpec, models.Competency]] = []
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
            _describe(row, spec)
            continue
        else:
            row.category_id = category.id
        row.position = next_position.get(category.id, 0)
        next_position[category.id] = row.position + 1
        _describe(row, spec)
        placed.append((spec, row))
    s.flush()
    rules = comps.rules_by_competency(s)
    descriptions = comps.level_descriptions_by_key(s)
    targets: dict[int, dict[Seniority, int]] = {}
    for spec, row in placed:
        comps.set_rule(s, row.id, spec.rule, scale, known=rules)
        for level, text in spec.level_descriptions.items():
            comps.set_level_description(s, row.id, level, text, known=descriptions)
        targets[row.id] = dict(spec.targets)
    roles.replace_targets(s, role.id, targets)
    s.flush()
    return role.id


def _describe(row: models.Competency, spec: CompetencySpec) -> None:
    row.description = spec.description
    row.critical = bool(row.critical) or spec.critical


def install_recorded(s: Session, framework: Framework, scale: Scale, *, who: str, via: str) -> int:
    """:func:`install`, its changes recorded in the change history.

    One ``competency.add`` or ``competency.edit`` per competency it adds or changes, one
    ``target.install`` per competency whose targets for the role it changes (a user's
    framework load or import; a new database's and the demo's own set-up are not recorded).
    """
    before = {c.id: c for c in comps.list_competencies(s)}
    old_targets = {r.id: r.targets for r in roles.list_roles(s)}
    role_id = install(s, framework, scale)
    role = roles.get_role(s, role_id)
    added: list[repo_changes.Change] = []
    edited: list[repo_changes.Change] = []
    after = comps.list_competencies(s)
    for comp in after:
        fields = _fields(comp)
        if comp.id not in before:
            added.append((comp.id, comp.name, None, {**fields, "via": via}))
            continue
        old, new = repo_changes.changed_fields(_fields(before[comp.id]), fields)
        if new:
            edited.append((comp.id, comp.name, old, {**new, "via": via}))
    names = {c.id: c.name for c in after}
    was, now = _levels(old_targets.get(role_id, {})), _levels(role.targets)
    targets: list[repo_changes.Change] = []
    for cid in sorted(set(was) | set(now)):
        old_levels, new_levels = was.get(cid, {}), now.get(cid, {})
        if old_levels != new_levels:
            key = {"role": role.name}
            targets.append((cid, names[cid], {**key, **old_levels}, {**key, **new_levels}))
    repo_changes.record_many(s, who=who, action="competency.add", kind="competency", changes=added)
    repo_changes.record_many(
        s, who=who, action="competency.edit", kind="competency", changes=edited
    )
    repo_changes.record_many(s, who=who, action="target.install", kind="target", changes=targets)
    return role_id


def _fields(comp: Competency) -> dict[str, object]:
    return {
        "category": comp.category,
        "description": comp.description,
        "critical": comp.critical,
        "min_people": comp.rule.min_people,
        "min_level": comp.rule.min_level,
    }


def _levels(targets: dict[Seniority, dict[int, int]]) -> dict[int, dict[str, int]]:
    """Targets by competency id: {seniority: level}."""
    out: dict[int, dict[str, int]] = {}
    for seniority, levels in targets.items():
        for cid, level in levels.items():
            out.setdefault(cid, {})[seniority.value] = level
    return out
