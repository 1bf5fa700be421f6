"""Edit the competency framework (for the Framework editor): one call = one transaction.

Competencies and categories are named by id or by name (any case). Each call returns the
changed record so the editor can refresh just that line.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from skillmatrix.core.errors import ValidationError
from skillmatrix.core.model import Competency, CoverageRule, Role, Seniority
from skillmatrix.services import restore
from skillmatrix.services.restore import DeletedCompetency, RoleTarget
from skillmatrix.services.unset import UNSET, Unset
from skillmatrix.store import models, repo_changes, versions
from skillmatrix.store import repo_competencies as comps
from skillmatrix.store import repo_ratings as ratings
from skillmatrix.store import repo_roles as roles
from skillmatrix.store.database import Database
from skillmatrix.store.lookup import by_name
from skillmatrix.store.names import clean_name
from skillmatrix.store.records import Category


def _seniority(value: Seniority | str) -> Seniority:
    try:
        return value if isinstance(value, Seniority) else Seniority.parse(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


def _record(
    s: Session,
    db: Database,
    action: str,
    comp: Competency,
    old: repo_changes.Value = None,
    new: repo_changes.Value = None,
) -> Competency:
    """One ``competency.*`` history row; returns ``comp`` for the caller to return."""
    repo_changes.record(
        s,
        who=db.identity,
        action=f"competency.{action}",
        kind="competency",
        entity_id=comp.id,
        name=comp.name,
        old=old,
        new=new,
    )
    return comp


def _rule(comp: Competency) -> dict[str, int]:
    return {"min_people": comp.rule.min_people, "min_level": comp.rule.min_level}


def _level(db: Database, level: int) -> int:
    if isinstance(level, bool) or not isinstance(level, int):
        raise ValidationError(f"{level!r} is not a level")
    db.scale.level(level)  # ValidationError outside the scale
    return level


# -- categories ----------------------------------------------------------------------------


def add_category(db: Database, *, name: str) -> Category:
    """Add a category at the end of the list.

    Raises:
        ValidationError: the name is empty or already used.
    """
    with db.session() as s:
        if by_name(s, models.Category, name) is not None:
            raise ValidationError(f"a category named {clean_name(name, 'category')!r} exists")
        return comps.to_category(comps.ensure_category(s, name))


def rename_category(db: Database, *, category: int | str, new_name: str) -> Category:
    """Rename a category (a change of case only is allowed)."""
    with db.session() as s:
        row = comps.category_row(s, category)
        new_name = clean_name(new_name, "category")
        other = by_name(s, models.Category, new_name)
        if other is not None and other.id != row.id:
            raise ValidationError(f"a category named {other.name!r} exists")
        row.name = new_name
        return comps.to_category(row)


def move_category(db: Database, *, category: int | str, position: int) -> list[Category]:
    """Move a category to ``position`` (0 = first); returns every category in order."""
    with db.session() as s:
        row = comps.category_row(s, category)
        order = [c.id for c in comps.list_categories(s) if c.id != row.id]
        order.insert(max(0, min(position, len(order))), row.id)
        for pos, cid in enumerate(order):
            cat = s.get(models.Category, cid)
            assert cat is not None
            cat.position = pos
        s.flush()
        return comps.list_categories(s)


def remove_category(db: Database, *, category: int | str) -> Category:
    """Remove an empty category (undo of "Add category"); the others keep their positions.

    Returns:
        The removed category, for ``restore_category``.

    Raises:
        NotFoundError: no such category.
        ValidationError: it still holds competencies.
    """
    with db.session() as s:
        row = comps.category_row(s, category)
        count = comps.count_in_category(s, row.id)
        if count:
            what = "1 competency" if count == 1 else f"{count} competencies"
            raise ValidationError(
                f"category {row.name!r} cannot be removed: it still has {what}; "
                "move or remove them first"
            )
        removed = comps.to_category(row)
        s.delete(row)
        return removed


def restore_category(db: Database, *, category: Category) -> Category:
    """Put a removed category back with its id and at its place (undo of ``remove_category``).

    Raises:
        ValidationError: the id or the name is taken.
    """
    with db.session() as s:
        return comps.to_category(comps.insert_category(s, category))


# -- competencies --------------------------------------------------------------------------


def add_competency(
    db: Database,
    *,
    name: str,
    category: str,
    description: str = "",
    critical: bool = False,
    rule: CoverageRule | None = None,
) -> Competency:
    """Add a competency at the end of ``category`` (created if new).

    Raises:
        ValidationError: the name is empty or used (ignoring case), or the rule is invalid.
    """
    scale = db.scale
    with db.session() as s:
        name = clean_name(name, "competency")
        comps.check_unique_name(s, name)
        cat = comps.ensure_category(s, category)
        row = models.Competency(
            name=name,
            category_id=cat.id,
            description=description.strip(),
            critical=critical,
            position=comps.next_position(s, cat.id),
        )
        s.add(row)
        s.flush()
        rule = rule or CoverageRule(min_level=scale.default_min_level)
        comps.set_rule(s, row.id, rule, scale)
        added = comps.get_competency(s, row.id)
        new = {"category": added.category, "critical": added.critical, **_rule(added)}
        return _record(s, db, "add", added, new=new)


def rename_competency(
    db: Database, *, competency: int | str, new_name: str, expected_version: int | None = None
) -> Competency:
    """Rename a competency; its ratings and targets follow it."""
    with db.session() as s:
        row = comps.competency_row(s, competency)
        versions.claim(row, expected_version, f"competency {row.name!r}")
        new_name = clean_name(new_name, "competency")
        comps.check_unique_name(s, new_name, except_id=row.id)
        old_name = row.name
        row.name = new_name
        renamed = comps.get_competency(s, row.id)
        if old_name == new_name:
            return renamed
        return _record(s, db, "rename", renamed, old_name, new_name)


def set_description(
    db: Database,
    *,
    competency: int | str,
    description: str,
    expected_version: int | None = None,
) -> Competency:
    """Change what a competency is about (one line shown in tooltips and reports)."""
    with db.session() as s:
        row = comps.competency_row(s, competency)
        versions.claim(row, expected_version, f"competency {row.name!r}")
        old = row.description
        row.description = description.strip()
        changed = comps.get_competency(s, row.id)
        if old == changed.description:
            return changed
        return _record(s, db, "description", changed, old, changed.description)


def move_competency(
    db: Database, *, competency: int | str, position: int, category: str | None = None
) -> Competency:
    """Put a competency at ``position`` (0 = first) in its category, or in ``category``."""
    with db.session() as s:
        row = comps.competency_row(s, competency)
        before = _place(comps.get_competency(s, row.id))
        old_category = row.category_id
        target = comps.ensure_category(s, category).id if category else old_category
        row.category_id = target
        s.flush()
        order = [cid for cid in comps.ids_in_category(s, target) if cid != row.id]
        order.insert(max(0, min(position, len(order))), row.id)
        comps.renumber(s, target, order)
        if old_category != target:
            comps.renumber(s, old_category)
        moved = comps.get_competency(s, row.id)
        if before == _place(moved):
            return moved
        # (the siblings it passed shift too; they are not recorded one by one)
        return _record(s, db, "move", moved, before, _place(moved))


def _place(comp: Competency) -> dict[str, str | int]:
    return {"category": comp.category, "position": comp.position}


def count_competency_ratings(db: Database, *, competency: int | str) -> int:
    """How many ratings (all cycles and sources) removing the competency would delete."""
    with db.reading() as s:
        return ratings.count_for_competency(s, comps.competency_row(s, competency).id)


def remove_competency(
    db: Database,
    *,
    competency: int | str,
    drop_empty_category: bool = False,
    expected_version: int | None = None,
) -> DeletedCompetency:
    """Delete a competency with its targets, rule, level descriptions and ratings.

    Ratings of every cycle and source go, closed ones too; the rest of its category closes
    up.

    Args:
        db: the database.
        competency: id or name.
        drop_empty_category: also remove its category when it is left empty (undo of
            an "Add competency" that created the category).
        expected_version: the competency's version as loaded (None: not checked).

    Returns:
        What was removed, for ``restore_competency``; ``rating_count`` says how many
        ratings went with it.

    Raises:
        ChangedMeanwhileError: it changed since ``expected_version`` (None: not checked).
    """
    with db.session() as s:
        row = comps.competency_row(s, competency)
        versions.check(row, expected_version, f"competency {row.name!r}")
        comp = comps.get_competency(s, row.id)
        category = comps.category_row(s, row.category_id)
        stored_rule = s.get(models.CoverageRule, row.id)
        removed = DeletedCompetency(
            competency=comp,
            category=comps.to_category(category),
            rule=(
                CoverageRule(stored_rule.min_people, stored_rule.min_level)
                if stored_rule is not None
                else None
            ),
            targets=tuple(RoleTarget(*t) for t in roles.targets_of(s, row.id)),
            ratings=restore.capture_ratings(s, competency_id=row.id),
            siblings=tuple(comps.positions(s, row.category_id)),
        )
        _record(
            s, db, "remove", comp, old={"category": comp.category, "ratings": len(removed.ratings)}
        )
        s.delete(row)  # the database cascades to targets, rule, descriptions, ratings
        s.flush()
        comps.renumber(s, category.id)
        if drop_empty_category and comps.count_in_category(s, category.id) == 0:
            s.delete(category)
            removed = replace(removed, category_removed=True)
        return removed


def restore_competency(db: Database, *, deleted: DeletedCompetency) -> Competency:
    """Put a removed competency back (undo of ``remove_competency``) in one transaction.

    The same id, name, description, critical flag, coverage rule, level descriptions,
    position in its category (the others get their old positions back), every role target
    and every rating. A category that is gone is created again with its old id and position.

    Ratings in closed cycles come back too: see ``services.restore`` for why.

    Raises:
        ValidationError: the id or the name is taken.
        NotFoundError: a role, person or cycle it referred to is gone.
    """
    scale = db.scale
    comp = deleted.competency
    with db.session() as s:
        category = s.get(models.Category, deleted.category.id)
        if category is None:
            category = comps.insert_category(s, deleted.category)
        comps.insert_competency(s, comp, category.id)
        if deleted.rule is not None:
            comps.set_rule(s, comp.id, deleted.rule, scale)
        roles.insert_targets(
            s, comp.id, ((t.role_id, t.seniority, t.level) for t in deleted.targets)
        )
        comps.place(s, category.id, comp.id, deleted.siblings)
        restore.put_back_ratings(s, deleted.ratings)
        back = comps.get_competency(s, comp.id)
        return _record(
            s, db, "restore", back, new={"category": back.category, "ratings": len(deleted.ratings)}
        )


def set_critical(
    db: Database, *, competency: int | str, critical: bool, expected_version: int | None = None
) -> Competency:
    """Mark a competency as critical (analytics flag its gaps first)."""
    with db.session() as s:
        row = comps.competency_row(s, competency)
        versions.claim(row, expected_version, f"competency {row.name!r}")
        old = bool(row.critical)
        row.critical = bool(critical)
        changed = comps.get_competency(s, row.id)
        if old == changed.critical:
            return changed
        return _record(s, db, "critical", changed, str(old).lower(), str(changed.critical).lower())


def set_rule(
    db: Database,
    *,
    competency: int | str,
    min_people: int,
    min_level: int,
    expected_version: int | None = None,
) -> Competency:
    """Set the coverage rule: covered when ``min_people`` are at ``min_level`` or above."""
    scale = db.scale
    if isinstance(min_people, bool) or not isinstance(min_people, int) or min_people < 1:
        raise ValidationError("a coverage rule needs a whole number of at least 1 person")
    with db.session() as s:
        row = comps.competency_row(s, competency)
        versions.claim(row, expected_version, f"competency {row.name!r}")
        old = _rule(comps.get_competency(s, row.id))
        comps.set_rule(s, row.id, CoverageRule(min_people, _level(db, min_level)), scale)
        changed = comps.get_competency(s, row.id)
        if old == _rule(changed):
            return changed
        return _record(s, db, "rule", changed, old, _rule(changed))


def set_level_description(
    db: Database,
    *,
    competency: int | str,
    level: int,
    text: str,
    expected_version: int | None = None,
) -> Competency:
    """Describe what ``level`` means for a competency; empty ``text`` removes it."""
    _level(db, level)
    with db.session() as s:
        row = comps.competency_row(s, competency)
        versions.claim(row, expected_version, f"competency {row.name!r}")
        old = comps.get_competency(s, row.id).level_descriptions.get(level, "")
        comps.set_level_description(s, row.id, level, text)
        changed = comps.get_competency(s, row.id)
        new = changed.level_descriptions.get(level, "")
        if old == new:
            return changed
        return _record(s, db, "level_description", changed, {str(level): old}, {str(level): new})


# -- roles and targets ---------------------------------------------------------------------


def add_role(db: Database, *, name: str) -> Role:
    """Add a role with no targets yet.

    Raises:
        ValidationError: the name is empty or used.
    """
    with db.session() as s:
        if by_name(s, models.Role, name) is not None:
            raise ValidationError(f"a role named {clean_name(name, 'role')!r} exists")
        row = roles.ensure_role(s, name)
        return roles.get_role(s, row.id)


def set_target(
    db: Database,
    *,
    role: int | str,
    seniority: Seniority | str,
    competency: int | str,
    level: int | None,
    expected_version: int | Unset | None = UNSET,
) -> Role:
    """Set the level a role expects at a seniority; ``None`` removes the target.

    ``expected_version``: the target's version as loaded, None when there was no target
    (someone adding one meanwhile is then a conflict too); UNSET: not checked.

    Raises:
        ChangedMeanwhileError: the target changed since it was loaded.
    """
    sen = _seniority(seniority)
    if level is not None:
        _level(db, level)
    with db.session() as s:
        role_row = roles.role_row(s, role)
        comp = comps.competency_row(s, competency)
        what = f"the {role_row.name} {sen.value} target for {comp.name!r}"
        old_level = roles.target_level(s, role_row.id, sen, comp.id)
        roles.set_target(
            s,
            role_row.id,
            sen,
            comp.id,
            level,
            checked=expected_version is not UNSET,
            expected_version=None if expected_version is UNSET else expected_version,
            what=what,
        )
        s.flush()
        if old_level != level:
            key = {"role": role_row.name, "seniority": sen.value}
            repo_changes.record(
                s,
                who=db.identity,
                action="target.clear" if level is None else "target.set",
                kind="target",
                entity_id=comp.id,
                name=comp.name,
                old={**key, "level": old_level},
                new={**key, "level": level},
            )
        return roles.get_role(s, role_row.id)
