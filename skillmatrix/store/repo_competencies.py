"""Scale, categories and competencies (with their coverage rules and level descriptions)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from skillmatrix.core.errors import ValidationError
from skillmatrix.core.model import Competency, CoverageRule
from skillmatrix.core.scale import Level, Scale
from skillmatrix.store import models
from skillmatrix.store.lookup import by_name, find
from skillmatrix.store.names import clean_name
from skillmatrix.store.records import Category


def load_scale(s: Session) -> Scale:
    """The database's scale, lowest level first."""
    rows = s.scalars(select(models.ScaleLevel).order_by(models.ScaleLevel.value)).all()
    return Scale(tuple(Level(r.value, r.label, r.description) for r in rows))


# -- categories ----------------------------------------------------------------------------


def to_category(row: models.Category) -> Category:
    """The plain record of a category row."""
    return Category(id=row.id, name=row.name, position=row.position)


def list_categories(s: Session) -> list[Category]:
    """Categories in display order."""
    rows = s.scalars(select(models.Category).order_by(models.Category.position, models.Category.id))
    return [to_category(r) for r in rows]


def category_row(s: Session, key: int | str) -> models.Category:
    """A category by id or name (NotFoundError lists the names)."""
    return find(s, models.Category, key, "category")


def ensure_category(s: Session, name: str) -> models.Category:
    """The category called ``name`` (any case), created at the end of the list if new."""
    name = clean_name(name, "category")
    row = by_name(s, models.Category, name)
    if row is None:
        last = s.scalar(select(func.max(models.Category.position)))
        row = models.Category(name=name, position=0 if last is None else last + 1)
        s.add(row)
        s.flush()
    return row


# -- competencies --------------------------------------------------------------------------


def competency_row(s: Session, key: int | str) -> models.Competency:
    """A competency by id or name, ignoring case (NotFoundError lists the names)."""
    return find(s, models.Competency, key, "competency")


def next_position(s: Session, category_id: int) -> int:
    """Position after the last competency of a category."""
    last = s.scalar(
        select(func.max(models.Competency.position)).where(
            models.Competency.category_id == category_id
        )
    )
    return 0 if last is None else last + 1


def next_positions(s: Session) -> dict[int, int]:
    """Position after the last competency of each category that has any (by category id)."""
    last = func.max(models.Competency.position)
    rows = s.execute(
        select(models.Competency.category_id, last).group_by(models.Competency.category_id)
    )
    return {category_id: position + 1 for category_id, position in rows}


def check_unique_name(s: Session, name: str, *, except_id: int | None = None) -> None:
    """Refuse a competency name already used (ignoring case) by another competency."""
    other = by_name(s, models.Competency, name)
    if other is not None and other.id != except_id:
        raise ValidationError(f"a competency named {other.name!r} already exists")


def set_rule(
    s: Session,
    competency_id: int,
    rule: CoverageRule,
    scale: Scale,
    *,
    known: dict[int, models.CoverageRule] | None = None,
) -> None:
    """Create or change a competency's coverage rule (ValidationError when invalid).

    ``known`` (every rule by competency id, kept up to date here) spares a query per call
    when many are set at once.
    """
    if rule.min_people < 1:
        raise ValidationError("a coverage rule needs at least 1 person")
    scale.level(rule.min_level)  # raises ValidationError outside the scale
    row = s.get(models.CoverageRule, competency_id) if known is None else known.get(competency_id)
    if row is None:
        row = models.CoverageRule(
            competency_id=competency_id,
            min_people=rule.min_people,
            min_level=rule.min_level,
        )
        s.add(row)
        if known is not None:
            known[competency_id] = row
    else:
        row.min_people, row.min_level = rule.min_people, rule.min_level


def set_level_description(
    s: Session,
    competency_id: int,
    level: int,
    text: str,
    *,
    known: dict[tuple[int, int], models.LevelDescription] | None = None,
) -> None:
    """Set (or, with empty ``text``, remove) what ``level`` means for a competency.

    ``known`` (from :func:`level_descriptions_by_key`, kept up to date here) spares a query
    per call when many are set at once.
    """
    if known is None:
        row = s.scalar(
            select(models.LevelDescription).where(
                models.LevelDescription.competency_id == competency_id,
                models.LevelDescription.level == level,
            )
        )
    else:
        row = known.get((competency_id, level))
    text = text.strip()
    if not text:
        if row is not None:
            s.delete(row)
            if known is not None:
                del known[(competency_id, level)]
    elif row is None:
        row = models.LevelDescription(competency_id=competency_id, level=level, text=text)
        s.add(row)
        if known is not None:
            known[(competency_id, level)] = row
    else:
        row.text = text


def rules_by_competency(s: Session) -> dict[int, models.CoverageRule]:
    """Every coverage rule by competency id."""
    return {r.competency_id: r for r in s.scalars(select(models.CoverageRule))}


def level_descriptions_by_key(s: Session) -> dict[tuple[int, int], models.LevelDescription]:
    """Every level description by (competency id, level)."""
    rows = s.scalars(select(models.LevelDescription))
    return {(r.competency_id, r.level): r for r in rows}


def list_competencies(s: Session, ids: list[int] | None = None) -> list[Competency]:
    """Competencies ordered by category position, then their own position.

    Args:
        s: the session.
        ids: only these competencies (all when None).
    """
    C, K = models.Competency, models.Category
    stmt = (
        select(C, K.name)
        .join(K, C.category_id == K.id)
        .order_by(K.position, K.id, C.position, C.id)
    )
    if ids is not None:
        stmt = stmt.where(C.id.in_(ids))
    rows = s.execute(stmt).all()
    rules = {r.competency_id: r for r in s.scalars(select(models.CoverageRule))}
    descriptions: dict[int, dict[int, str]] = defaultdict(dict)
    for d in s.scalars(select(models.LevelDescription).order_by(models.LevelDescription.level)):
        descriptions[d.competency_id][d.level] = d.text
    out = []
    for comp, category in rows:
        rule = rules.get(comp.id)
        out.append(
            Competency(
                id=comp.id,
                name=comp.name,
                category=category,
                description=comp.description,
                critical=comp.critical,
                rule=CoverageRule(rule.min_people, rule.min_level) if rule else CoverageRule(),
                level_descriptions=dict(descriptions.get(comp.id, {})),
                position=comp.position,
                version=comp.version,
            )
        )
    return out


def get_competency(s: Session, key: int | str) -> Competency:
    """One competency as a core record (by id or name)."""
    row = competency_row(s, key)
    s.flush()
    return list_competencies(s, [row.id])[0]


def ids_in_category(s: Session, category_id: int) -> list[int]:
    """A category's competency ids in display order."""
    return list(
        s.scalars(
            select(models.Competency.id)
            .where(models.Competency.category_id == category_id)
            .order_by(models.Competency.position, models.Competency.id)
        )
    )


def renumber(s: Session, category_id: int, order: list[int] | None = None) -> None:
    """Give a category's competencies positions 0..n-1 (in ``order`` when given)."""
    for pos, cid in enumerate(ids_in_category(s, category_id) if order is None else order):
        row = s.get(models.Competency, cid)
        assert row is not None
        row.position = pos


# -- putting removed rows back (undo) --------------------------------------------------------


def count_in_category(s: Session, category_id: int) -> int:
    """Competencies in a category."""
    return (
        s.scalar(
            select(func.count())
            .select_from(models.Competency)
            .where(models.Competency.category_id == category_id)
        )
        or 0
    )


def positions(s: Session, category_id: int) -> list[tuple[int, int]]:
    """(competency id, position) of a category's competencies in display order."""
    C = models.Competency
    rows = s.execute(
        select(C.id, C.position).where(C.category_id == category_id).order_by(C.position, C.id)
    )
    return [(r.id, r.position) for r in rows]


def insert_category(s: Session, category: Category) -> models.Category:
    """Put a category back under its old id and position (undo of its removal).

    When another category holds that position now (the others were renumbered since),
    those from it on move down one, so the category lands at the same place in the list.

    Raises:
        ValidationError: the id or the name (ignoring case) is taken.
    """
    K = models.Category
    if s.get(K, category.id) is not None:
        raise ValidationError(f"category #{category.id} already exists")
    other = by_name(s, K, category.name)
    if other is not None:
        raise ValidationError(f"a category named {other.name!r} exists")
    if s.scalar(select(func.count()).select_from(K).where(K.position == category.position)):
        s.execute(update(K).where(K.position >= category.position).values(position=K.position + 1))
    row = K(id=category.id, name=clean_name(category.name, "category"), position=category.position)
    s.add(row)
    s.flush()
    return row


def insert_competency(s: Session, comp: Competency, category_id: int) -> models.Competency:
    """Put a competency row and its level descriptions back under its old id (undo).

    The coverage rule, targets and ratings are the caller's; so is its place among the
    category's other competencies (see ``place``).

    Raises:
        ValidationError: the id or the name (ignoring case) is taken.
    """
    if s.get(models.Competency, comp.id) is not None:
        raise ValidationError(f"competency #{comp.id} already exists")
    check_unique_name(s, comp.name)
    row = models.Competency(
        id=comp.id,
        name=comp.name,
        category_id=category_id,
        description=comp.description,
        critical=comp.critical,
        position=comp.position,
    )
    s.add(row)
    s.flush()
    s.add_all(
        models.LevelDescription(competency_id=comp.id, level=level, text=text)
        for level, text in comp.level_descriptions.items()
    )
    s.flush()
    return row


def place(
    s: Session, category_id: int, competency_id: int, before: Sequence[tuple[int, int]]
) -> None:
    """Give a category the order it had before ``competency_id`` was removed.

    Args:
        s: the session.
        category_id: the category the competency is back in.
        competency_id: the competency put back.
        before: (competency id, position) of the category, itself included, as they were.

    When the category holds the same other competencies in the same order as then, every
    position becomes exactly what it was; otherwise the competency goes back to its old
    rank and the category is renumbered 0..n-1.
    """
    now = [cid for cid, _ in positions(s, category_id) if cid != competency_id]
    then = [cid for cid, _ in before]
    if now == [cid for cid in then if cid != competency_id]:
        for cid, position in before:
            row = s.get(models.Competency, cid)
            assert row is not None
            row.position = position
        s.flush()
        return
    rank = then.index(competency_id) if competency_id in then else len(now)
    now.insert(min(rank, len(now)), competency_id)
    renumber(s, category_id, now)
    s.flush()
