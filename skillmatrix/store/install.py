"""Write a framework (role, categories, competencies, rules, targets) inside a session."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import CursorResult, Table, delete, insert, select, update
from sqlalchemy.orm import Session

from skillmatrix.core.errors import ValidationError
from skillmatrix.core.frameworks import CompetencySpec, Framework, fit_to_scale
from skillmatrix.core.model import Competency, Seniority
from skillmatrix.core.scale import Scale
from skillmatrix.store import models, repo_changes, versions
from skillmatrix.store import repo_competencies as comps
from skillmatrix.store import repo_roles as roles
from skillmatrix.store.names import fold

COMPETENCIES = cast(Table, models.Competency.__table__)
RULES = cast(Table, models.CoverageRule.__table__)
DESCRIPTIONS = cast(Table, models.LevelDescription.__table__)


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

    Competencies, rules and level descriptions are written by Core statements (a few
    executemany) rather than as ORM objects: a new database installs 300 competencies
    with their rules, descriptions and 900 targets, and the unit of work cost more than
    SQLite's inserts. Changed rows keep the ORM's rules: a competency's version goes up
    by one, compared with the version read. ORM copies of these rows held by the session
    are expired after, so a later read sees what was written.
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
    categories: dict[str, int] = {}
    for spec in framework.competencies:
        if fold(spec.category) not in categories:
            categories[fold(spec.category)] = comps.ensure_category(s, spec.category).id
    s.flush()  # the ORM's pending rows first: the statements below read the tables
    placed = _write_competencies(s, framework.competencies, categories)
    _write_rules(s, placed, scale)
    _write_level_descriptions(s, placed)
    roles.replace_targets(s, role.id, {cid: dict(spec.targets) for spec, cid in placed})
    for row in list(s.identity_map.values()):
        if isinstance(row, (models.Competency, models.CoverageRule, models.LevelDescription)):
            s.expire(row)
    return role.id


class _Stored:
    """A competency row as the install leaves it (``id`` None until inserted)."""

    __slots__ = ("category_id", "critical", "description", "id", "name", "position", "version")

    def __init__(self, row: Sequence[Any]) -> None:
        (
            self.id,
            self.name,
            self.category_id,
            self.description,
            self.critical,
            self.position,
            self.version,
        ) = row

    def values(self) -> tuple[Any, ...]:
        return (self.category_id, self.description, bool(self.critical), self.position)


def _write_competencies(
    s: Session, specs: Sequence[CompetencySpec], categories: dict[str, int]
) -> list[tuple[CompetencySpec, int]]:
    """Insert the new competencies and update the changed ones; (spec, id) per spec."""
    C = COMPETENCIES.c
    stored = {
        fold(r[1]): _Stored(r)
        for r in s.execute(
            select(C.id, C.name, C.category_id, C.description, C.critical, C.position, C.version)
        )
    }
    before = {key: row.values() for key, row in stored.items()}
    next_position = comps.next_positions(s)
    keys: list[tuple[CompetencySpec, str]] = []
    for spec in specs:
        key, category_id = fold(spec.name), categories[fold(spec.category)]
        row = stored.get(key)
        if row is None:
            row = stored[key] = _Stored((None, spec.name, category_id, "", False, 0, 1))
        elif row.category_id == category_id:
            _describe(row, spec)
            keys.append((spec, key))
            continue
        else:
            row.category_id = category_id
        row.position = next_position.get(category_id, 0)
        next_position[category_id] = row.position + 1
        _describe(row, spec)
        keys.append((spec, key))
    added = [row for row in stored.values() if row.id is None]
    if added:
        ids = s.execute(
            insert(COMPETENCIES).returning(C.id, sort_by_parameter_order=True),
            [
                {
                    "name": r.name,
                    "category_id": r.category_id,
                    "description": r.description,
                    "critical": bool(r.critical),
                    "position": r.position,
                    "version": 1,
                }
                for r in added
            ],
        ).scalars()
        for row, new_id in zip(added, ids, strict=True):
            row.id = new_id
    for key, old in before.items():
        row = stored[key]
        if row.values() != old:  # the ORM's compare-and-set: WHERE version = <read>, + 1
            done = s.execute(
                update(COMPETENCIES)
                .where(C.id == row.id, C.version == row.version)
                .values(
                    category_id=row.category_id,
                    description=row.description,
                    critical=bool(row.critical),
                    position=row.position,
                    version=row.version + 1,
                )
            )
            if cast(CursorResult[Any], done).rowcount != 1:  # an UPDATE has a row count
                raise versions.stale(f"competency {row.name!r}")
    return [(spec, stored[key].id) for spec, key in keys]


def _write_rules(s: Session, placed: list[tuple[CompetencySpec, int]], scale: Scale) -> None:
    """Each placed competency's coverage rule, inserted or updated (last spec wins)."""
    R = RULES.c
    stored = {
        cid: (people, level)
        for cid, people, level in s.execute(select(R.competency_id, R.min_people, R.min_level))
    }
    wanted: dict[int, tuple[int, int]] = {}
    for spec, cid in placed:
        if spec.rule.min_people < 1:
            raise ValidationError("a coverage rule needs at least 1 person")
        scale.level(spec.rule.min_level)  # raises ValidationError outside the scale
        wanted[cid] = (spec.rule.min_people, spec.rule.min_level)
    new = [
        {"competency_id": cid, "min_people": p, "min_level": lv}
        for cid, (p, lv) in wanted.items()
        if cid not in stored
    ]
    if new:
        s.execute(insert(RULES), new)
    for cid, (people, level) in wanted.items():
        if cid in stored and stored[cid] != (people, level):
            s.execute(
                update(RULES)
                .where(R.competency_id == cid)
                .values(min_people=people, min_level=level)
            )


def _write_level_descriptions(s: Session, placed: list[tuple[CompetencySpec, int]]) -> None:
    """What each level means, as the specs say: set, changed, or (empty text) removed."""
    D = DESCRIPTIONS.c
    stored = {
        (cid, level): (row_id, text)
        for row_id, cid, level, text in s.execute(select(D.id, D.competency_id, D.level, D.text))
    }
    wanted: dict[tuple[int, int], str] = {}
    for spec, cid in placed:
        for level, text in spec.level_descriptions.items():
            wanted[(cid, level)] = text.strip()
    new = [
        {"competency_id": cid, "level": level, "text": text}
        for (cid, level), text in wanted.items()
        if text and (cid, level) not in stored
    ]
    if new:
        s.execute(insert(DESCRIPTIONS), new)
    gone = [stored[k][0] for k, text in wanted.items() if not text and k in stored]
    if gone:
        s.execute(delete(models.LevelDescription).where(models.LevelDescription.id.in_(gone)))
    for key, text in wanted.items():
        if text and key in stored and stored[key][1] != text:
            s.execute(update(DESCRIPTIONS).where(D.id == stored[key][0]).values(text=text))


def _describe(row: _Stored, spec: CompetencySpec) -> None:
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
