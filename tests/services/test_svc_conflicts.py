"""Writes that cannot lose work, on SQLite and on a real PostgreSQL.

Row versions make every update a compare-and-set, a first rating is an upsert, a stale write
is refused naming who changed the cell and when, and nothing is overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from sqlalchemy import select, text

from skillmatrix.core.errors import ChangedMeanwhileError, ReadOnlyError
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.model import Rating, Source
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services.rating_changes import Restore
from skillmatrix.store import models, repo_ratings
from skillmatrix.store.database import Database

#: "changed by NAME at TIME since you loaded it", TIME local and short ("14:05").
CHANGED_BY = re.compile(r"was changed by (\S+) at (\d\d:\d\d) since you loaded it")


@dataclass
class Org:
    db: Database
    cycle: int
    ann: int
    comps: list[int]

    @property
    def cell(self) -> tuple[int, int]:
        return self.ann, self.comps[0]

    def stored(self) -> Rating | None:
        return ratings.get_rating(
            self.db, cycle_id=self.cycle, person_id=self.ann, competency_id=self.comps[0]
        )

    def version(self) -> int | None:
        with self.db.reading() as s:
            return s.scalar(
                select(models.Rating.version).where(
                    models.Rating.cycle_id == self.cycle,
                    models.Rating.person_id == self.ann,
                    models.Rating.competency_id == self.comps[0],
                )
            )


@pytest.fixture
def org(db: Database, engineer: Framework) -> Org:
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann").id
    cycle = cycles.start_cycle(db, name="2026-Q1").id
    return Org(db, cycle, ann, [c.id for c in fw.list_competencies(db)])


def _who(db: Database, given: str) -> str:
    return db.identity if db.shared else given


def test_every_rating_update_bumps_the_row_version(org: Org) -> None:
    ratings.rate(org.db, cycle_id=org.cycle, person_id=org.ann, competency_id=org.comps[0], level=1)
    assert org.version() == 1
    for n, level in enumerate((2, 3), start=2):
        ratings.rate_many(org.db, cycle_id=org.cycle, cells=[org.cell], level=level)
        assert org.version() == n


def test_an_edit_of_a_cell_changed_since_it_was_loaded_is_refused_naming_who_and_when(
    org: Org,
) -> None:
    loaded = None  # the grid showed "not rated"
    ratings.rate_many(org.db, cycle_id=org.cycle, cells=[org.cell], level=4, rated_by="bob")
    with pytest.raises(ChangedMeanwhileError) as refused:
        ratings.rate_many(
            org.db,
            cycle_id=org.cycle,
            cells=[org.cell],
            level=1,
            rated_by="ann",
            expect={org.cell: loaded},
        )
    message = str(refused.value)
    match = CHANGED_BY.search(message)
    assert match and match.group(1) == _who(org.db, "bob")
    assert "Ann · API design" in message and "now 4 Expert" in message and "\n" not in message
    assert refused.value.cells == ((org.cycle, Source.MANAGER, *org.cell),)
    stored = org.stored()
    assert stored is not None and stored.level == 4  # nothing overwritten
    # Applying it again against what is stored now goes through.
    ratings.rate_many(
        org.db, cycle_id=org.cycle, cells=[org.cell], level=1, expect={org.cell: stored}
    )
    stored = org.stored()
    assert stored is not None and stored.level == 1


def test_an_edit_matching_what_was_loaded_goes_through(org: Org) -> None:
    change = ratings.rate_many(org.db, cycle_id=org.cycle, cells=[org.cell], level=2)[0]
    ratings.rate_many(
        org.db, cycle_id=org.cycle, cells=[org.cell], note="keen", expect={org.cell: change.after}
    )
    stored = org.stored()
    assert stored is not None and (stored.level, stored.note) == (2, "keen")


def test_a_write_planned_on_a_stale_version_is_refused_not_overwriting(org: Org) -> None:
    """The version compare-and-set itself: a plan read before another writer's commit."""
    ratings.rate_many(org.db, cycle_id=org.cycle, cells=[org.cell], level=2)
    with org.db.reading() as s:
        stale = repo_ratings.existing(
            s, cycle_id=org.cycle, source=Source.MANAGER, cells=[org.cell]
        )
    ratings.rate_many(org.db, cycle_id=org.cycle, cells=[org.cell], level=3, rated_by="bob")
    mine = Rating(*org.cell, level=0, source=Source.MANAGER)
    for new in (mine, None):  # an update and a delete
        with pytest.raises(ChangedMeanwhileError, match=CHANGED_BY), org.db.session() as s:
            repo_ratings.write(
                s, cycle_id=org.cycle, source=Source.MANAGER, new=[(org.cell, new)], current=stale
            )
        stored = org.stored()
        assert stored is not None and stored.level == 3


def test_a_write_to_a_rating_removed_since_it_was_read_is_a_conflict(org: Org) -> None:
    """A write to a rating removed since it was read is a conflict naming who removed it.

    Read a rating, another manager removes it (the undo of their first rating), then write:
    not "not visible to you" (the twenty-managers run on PostgreSQL hit this on a cell both
    managed, as a permission refusal).
    """
    first = ratings.rate_many(
        org.db, cycle_id=org.cycle, cells=[org.cell], level=2, rated_by="bob"
    )[0]
    with org.db.reading() as s:
        stale = repo_ratings.existing(
            s, cycle_id=org.cycle, source=Source.MANAGER, cells=[org.cell]
        )
    undo = Restore(org.cycle, Source.MANAGER, *org.cell, first.before, expect=first.after)
    ratings.restore_many(org.db, [undo])
    assert org.stored() is None
    with org.db.reading() as s:
        remover = s.scalar(
            select(models.RatingHistory.who).order_by(models.RatingHistory.id.desc()).limit(1)
        )
    mine = Rating(*org.cell, level=3, source=Source.MANAGER)
    for new in (mine, None):  # an update and a delete
        with pytest.raises(ChangedMeanwhileError) as refused, org.db.session() as s:
            repo_ratings.write(
                s, cycle_id=org.cycle, source=Source.MANAGER, new=[(org.cell, new)], current=stale
            )
        # An undo without a login to record (SQLite) is told as "someone else".
        assert f"was changed by {remover or 'someone else'} at " in str(refused.value)
        assert org.stored() is None  # nothing written


def test_a_first_rating_is_an_upsert_and_a_cell_rated_meanwhile_is_a_conflict(org: Org) -> None:
    """A first rating meets a cell rated meanwhile: a conflict naming who was first.

    Read "no rating", someone else rates the cell, then insert: no duplicate-key error and
    no overwrite.
    """
    with org.db.reading() as s:
        stale = repo_ratings.existing(
            s, cycle_id=org.cycle, source=Source.MANAGER, cells=[org.cell]
        )
    assert stale == {}
    ratings.rate_many(org.db, cycle_id=org.cycle, cells=[org.cell], level=3, rated_by="bob")
    mine = Rating(*org.cell, level=1, source=Source.MANAGER)
    with pytest.raises(ChangedMeanwhileError, match=CHANGED_BY), org.db.session() as s:
        repo_ratings.write(
            s, cycle_id=org.cycle, source=Source.MANAGER, new=[(org.cell, mine)], current=stale
        )
    stored = org.stored()
    assert stored is not None and stored.level == 3
    with org.db.reading() as s:
        sql = "SELECT count(*) FROM ratings"
        assert s.execute(text(sql)).scalar() == 1


def test_undo_of_a_cell_changed_since_refuses_and_names_who(org: Org) -> None:
    change = ratings.rate_many(org.db, cycle_id=org.cycle, cells=[org.cell], level=2)[0]
    ratings.rate_many(org.db, cycle_id=org.cycle, cells=[org.cell], level=4, rated_by="bob")
    undo = Restore(org.cycle, Source.MANAGER, *org.cell, change.before, expect=change.after)
    with pytest.raises(ChangedMeanwhileError) as refused:
        ratings.restore_many(org.db, [undo])
    match = CHANGED_BY.search(str(refused.value))
    assert match and match.group(1) == _who(org.db, "bob")
    stored = org.stored()
    assert stored is not None and stored.level == 4


def test_a_closed_cycle_refuses_ratings_and_closing_bumps_its_version(org: Org) -> None:
    with org.db.reading() as s:
        before = s.get(models.Cycle, org.cycle)
        assert before is not None and before.version == 1
    cycles.close_cycle(org.db, org.cycle)
    with org.db.reading() as s:
        after = s.get(models.Cycle, org.cycle)
        assert after is not None and after.version == 2
    with pytest.raises(ReadOnlyError):
        ratings.rate_many(org.db, cycle_id=org.cycle, cells=[org.cell], level=1)


def test_starting_after_a_stale_latest_cycle_names_who_started_it(org: Org) -> None:
    """Two managers pressing Start with the same latest cycle get one new cycle."""
    first = cycles.start_cycle(org.db, after=org.cycle, close_previous=True)
    with pytest.raises(ChangedMeanwhileError) as refused:
        cycles.start_cycle(org.db, after=org.cycle, close_previous=True)
    message = str(refused.value)
    assert f"{first.name} was started by {org.db.identity or 'someone else'} at " in message
    assert [c.name for c in cycles.list_cycles(org.db)] == ["2026-Q1", first.name]


def test_start_close_and_carry_forward_are_one_transaction(org: Org) -> None:
    ratings.rate_many(org.db, cycle_id=org.cycle, cells=[org.cell], level=3)
    # A name already taken fails after the lock: neither a new cycle nor a closed old one.
    with pytest.raises(Exception, match="already exists"):
        cycles.start_cycle(org.db, name="2026-q1", close_previous=True)
    assert not cycles.get_cycle(org.db, org.cycle).closed
    new = cycles.start_cycle(org.db, after=org.cycle, close_previous=True)
    assert cycles.get_cycle(org.db, org.cycle).closed
    carried = ratings.get_rating(
        org.db, cycle_id=new.id, person_id=org.ann, competency_id=org.comps[0]
    )
    assert carried is not None and carried.level == 3


def test_person_updates_compare_and_set_on_their_version(org: Org) -> None:
    people.update_person(org.db, org.ann, name="Ann B")
    with org.db.reading() as s:
        row = s.get(models.Person, org.ann)
        assert row is not None and row.version == 2
    # Someone else's update lands between this session's read and its write.
    with (
        pytest.raises(ChangedMeanwhileError, match="people row was changed"),
        org.db.session() as s,
    ):
        row = s.get(models.Person, org.ann)
        assert row is not None
        s.execute(text("UPDATE people SET version = version + 1 WHERE id = :i"), {"i": org.ann})
        row.name = "Lost"
        s.flush()
    assert people.get_person(org.db, org.ann).name == "Ann B"
