"""Rating cells: semantics of each field, change records, undo, batches, validation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from skillmatrix.core.errors import NotFoundError, ValidationError
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.model import Rating, Source
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services.ratings import RatingChange
from skillmatrix.store.database import Database


@dataclass
class Org:
    db: Database
    cycle: int
    ann: int
    bob: int
    comps: list[int]

    def rate(self, **kw: object) -> RatingChange:
        kw.setdefault("person_id", self.ann)
        kw.setdefault("competency_id", self.comps[0])
        return ratings.rate(self.db, cycle_id=self.cycle, **kw)  # type: ignore[arg-type]

    def get(self, source: Source = Source.MANAGER) -> Rating | None:
        return ratings.get_rating(
            self.db,
            cycle_id=self.cycle,
            person_id=self.ann,
            competency_id=self.comps[0],
            source=source,
        )


@pytest.fixture
def org(db: Database, engineer: Framework) -> Org:
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann").id
    bob = people.add_person(db, name="Bob").id
    cycle = cycles.start_cycle(db, name="2026-Q1").id
    return Org(db, cycle, ann, bob, [c.id for c in fw.list_competencies(db)])


def _rater(db: Database, given: str) -> str:
    """Who a rating is stored as: on a server its login, whatever the caller says."""
    return db.identity if db.shared else given


def test_first_rating_creates_a_row(org: Org) -> None:
    change = org.rate(level=3, interest=2, note=" keen ", rated_by="Mia")
    expected = Rating(
        org.ann,
        org.comps[0],
        level=3,
        interest=2,
        note="keen",
        source=Source.MANAGER,
        rated_by=_rater(org.db, "Mia"),
        rated_on=dt.date.today(),
    )
    assert change == RatingChange(org.cycle, org.ann, org.comps[0], Source.MANAGER, None, expected)
    assert change.changed and org.get() == expected


def test_level_and_not_applicable_clear_each_other(org: Org) -> None:
    org.rate(level=0)
    assert org.get().level == 0  # type: ignore[union-attr]  # 0 is a level, not "unrated"
    change = org.rate(not_applicable=True)
    assert change.before.level == 0 and change.after.not_applicable  # type: ignore[union-attr]
    assert change.after.level is None  # type: ignore[union-attr]
    after = org.rate(level=2).after
    assert after is not None and after.level == 2 and not after.not_applicable
    with pytest.raises(ValidationError, match="level and be not applicable"):
        org.rate(level=1, not_applicable=True)


def test_unset_fields_are_kept_and_none_clears(org: Org) -> None:
    org.rate(level=2, interest=3, note="x", rated_by="Mia")
    after = org.rate(interest=None).after
    assert after is not None and (after.level, after.interest, after.note) == (2, None, "x")
    assert after.rated_by == _rater(org.db, "Mia")  # kept when not given
    after = org.rate(level=None).after
    assert after is not None and after.level is None and after.note == "x"


def test_emptied_rating_is_deleted(org: Org) -> None:
    org.rate(level=2, note="n")
    change = org.rate(level=None, note="")
    assert change.after is None and org.get() is None
    assert ratings.list_ratings(org.db, org.cycle) == []
    assert org.rate(level=None).changed is False  # nothing to clear


def test_same_value_is_no_change(org: Org) -> None:
    first = org.rate(level=2, rated_by="Mia").after
    again = org.rate(level=2, rated_by="Leo")
    assert not again.changed and again.after == first


def test_sources_are_separate(org: Org) -> None:
    org.rate(level=3)
    org.rate(level=1, source="self")
    assert org.get().level == 3  # type: ignore[union-attr]
    assert org.get(Source.SELF).level == 1  # type: ignore[union-attr]
    assert [r.source for r in ratings.list_ratings(org.db, org.cycle)] == [
        Source.MANAGER,
        Source.SELF,
    ]
    assert len(ratings.list_ratings(org.db, org.cycle, "self")) == 1


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"level": 5}, "outside the scale"),
        ({"level": -1}, "outside the scale"),
        ({"level": True}, "not a level"),
        ({"level": "3"}, "not a level"),
        ({"interest": 4}, "interest 4"),
        ({"interest": 1.5}, "not an interest"),
        ({"source": "peer"}, "not a rating source"),
    ],
)
def test_invalid_values_refused_before_the_database(
    org: Org, kwargs: dict[str, object], match: str
) -> None:
    # cycle_id 999 does not exist: a ValidationError proves the check came first.
    with pytest.raises(ValidationError, match=match):
        ratings.rate(org.db, cycle_id=999, person_id=org.ann, competency_id=org.comps[0], **kwargs)  # type: ignore[arg-type]


def test_unknown_ids(org: Org) -> None:
    with pytest.raises(NotFoundError, match="no cycle #999"):
        ratings.rate(org.db, cycle_id=999, person_id=org.ann, competency_id=org.comps[0], level=1)
    with pytest.raises(NotFoundError, match="no person #999"):
        org.rate(person_id=999, level=1)
    with pytest.raises(NotFoundError, match="no competency #999"):
        org.rate(competency_id=999, level=1)
    with pytest.raises(NotFoundError):
        ratings.list_ratings(org.db, 999)


def test_restore_rating_undoes_exactly(org: Org) -> None:
    created = org.rate(level=2, note="a", rated_by="Mia")
    changed = org.rate(not_applicable=True, interest=1)
    # Undo the second change, then the first.
    undo2 = ratings.restore_rating(
        org.db,
        cycle_id=org.cycle,
        source=Source.MANAGER,
        person_id=org.ann,
        competency_id=org.comps[0],
        rating=changed.before,
    )
    assert undo2.before == changed.after and undo2.after == changed.before
    assert org.get() == created.after
    ratings.restore_rating(
        org.db,
        cycle_id=org.cycle,
        source="manager",
        person_id=org.ann,
        competency_id=org.comps[0],
        rating=created.before,
    )
    assert org.get() is None
    # Redo: put back a row (with its original date) where none exists.
    old = Rating(org.ann, org.comps[0], level=4, rated_by="X", rated_on=dt.date(2020, 1, 1))
    redo = ratings.restore_rating(
        org.db,
        cycle_id=org.cycle,
        source="manager",
        person_id=org.ann,
        competency_id=org.comps[0],
        rating=old,
    )
    assert redo.before is None and org.get() == old


def test_restore_rating_refuses_mismatches(org: Org) -> None:
    other = Rating(org.bob, org.comps[0], level=1)
    with pytest.raises(ValidationError, match="another cell"):
        ratings.restore_rating(
            org.db,
            cycle_id=org.cycle,
            source="manager",
            person_id=org.ann,
            competency_id=org.comps[0],
            rating=other,
        )
    bad = Rating(org.ann, org.comps[0], level=9)
    with pytest.raises(ValidationError, match="outside the scale"):
        ratings.restore_rating(
            org.db,
            cycle_id=org.cycle,
            source="manager",
            person_id=org.ann,
            competency_id=org.comps[0],
            rating=bad,
        )


def test_rate_many_is_one_transaction(org: Org) -> None:
    org.rate(level=1)
    cells = [(org.ann, c) for c in org.comps] + [(org.bob, org.comps[0]), (org.ann, org.comps[0])]
    changes = ratings.rate_many(org.db, cycle_id=org.cycle, cells=cells, level=3, rated_by="Mia")
    assert [(c.person_id, c.competency_id) for c in changes] == cells[:-1]  # de-duplicated
    assert changes[0].before is not None and changes[0].before.level == 1
    assert all(c.after is not None and c.after.level == 3 for c in changes)
    assert len(ratings.list_ratings(org.db, org.cycle)) == 4
    # One bad cell: nothing at all is written.
    with pytest.raises(NotFoundError):
        ratings.rate_many(
            org.db,
            cycle_id=org.cycle,
            cells=[(org.bob, org.comps[1]), (999, org.comps[1])],
            level=2,
        )
    assert (
        ratings.get_rating(
            org.db, cycle_id=org.cycle, person_id=org.bob, competency_id=org.comps[1]
        )
        is None
    )
    cleared = ratings.rate_many(org.db, cycle_id=org.cycle, cells=cells, level=None)
    assert all(c.after is None for c in cleared)
    assert ratings.list_ratings(org.db, org.cycle) == []


def test_rate_many_large_batch(org: Org) -> None:
    many = [people.add_person(org.db, name=f"P{i}").id for i in range(30)]
    cells = [(p, c) for p in many for c in org.comps] * 1
    changes = ratings.rate_many(org.db, cycle_id=org.cycle, cells=cells, interest=2)
    assert len(changes) == 90 and all(c.after.interest == 2 for c in changes)  # type: ignore[union-attr]
    notes = ratings.rate_many(org.db, cycle_id=org.cycle, cells=cells, note="calibrated")
    assert all(
        c.before is not None and c.after.note == "calibrated"  # type: ignore[union-attr]
        for c in notes
    )


def test_rate_many_spans_query_chunks(org: Org) -> None:
    from skillmatrix.store.bulk import bulk_insert_people

    with org.db.session() as s:
        ids = bulk_insert_people(s, [{"name": f"P{i}"} for i in range(450)])
    cells = [(p, c) for p in ids for c in org.comps[:2]]
    first = ratings.rate_many(org.db, cycle_id=org.cycle, cells=cells, level=1)
    assert all(c.before is None for c in first)
    second = ratings.rate_many(org.db, cycle_id=org.cycle, cells=cells, level=2)
    assert all(c.before is not None and c.before.level == 1 for c in second)
    assert len(ratings.list_ratings(org.db, org.cycle)) == 900


def test_restore_many_is_all_or_nothing(org: Org) -> None:
    changes = ratings.rate_many(
        org.db, cycle_id=org.cycle, cells=[(org.ann, c) for c in org.comps[:2]], level=3
    )
    undo = [
        ratings.Restore(ch.cycle_id, ch.source, ch.person_id, ch.competency_id, ch.before)
        for ch in changes
    ]
    # A bad second item (a rating for another cell) must leave the first untouched too.
    wrong = Rating(org.bob, org.comps[1], level=1)
    bad = [undo[0], ratings.Restore(org.cycle, Source.MANAGER, org.ann, org.comps[1], wrong)]
    with pytest.raises(ValidationError):
        ratings.restore_many(org.db, bad)
    assert all(
        ratings.get_rating(org.db, cycle_id=org.cycle, person_id=org.ann, competency_id=c).level
        == 3
        for c in org.comps[:2]
    )
    done = ratings.restore_many(org.db, undo)
    assert [d.after for d in done] == [None, None]
    assert [d.before.level for d in done] == [3, 3]
    for c in org.comps[:2]:
        assert (
            ratings.get_rating(org.db, cycle_id=org.cycle, person_id=org.ann, competency_id=c)
            is None
        )
