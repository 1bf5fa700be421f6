"""``history --since DATE`` keeps the changes made on or after DATE.

From its first instant, leaving out every earlier one, ratings' and others' alike, on SQLite
and on a real PostgreSQL; the command line says the same in JSON.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select, update

from skillmatrix.cli import main
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.model import Rating, Source
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services.history import history, rating_history
from skillmatrix.store import models, repo_ratings
from skillmatrix.store.database import Database

DAY = dt.date(2026, 10, 1)
#: When each change happened, in order of writing: the instant before DAY, DAY's first
#: instant, later that day, days after.
TIMES = (
    dt.datetime(2026, 9, 30, 23, 59, 59, 999000),
    dt.datetime(2026, 10, 1, 0, 0, 0),
    dt.datetime(2026, 10, 1, 13, 30),
    dt.datetime(2026, 10, 4, 9, 0),
)
INCLUDED = TIMES[1:]
LONG_BEFORE = dt.datetime(2025, 12, 31, 12, 0)


def _org(db: Database, engineer: Framework) -> None:
    """Four rating changes and four other changes, dated TIMES (each kind in order).

    The setting up (framework, person, cycle) is long before.
    """
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann", team="Core")
    cycle = cycles.start_cycle(db, name="2026-Q4", carry_forward=False)
    comp = fw.get_competency(db, "Testing")
    for level in range(1, 5):
        ratings.rate_many(db, cycle_id=cycle.id, cells=[(ann.id, comp.id)], level=level)
    for n in range(3):
        people.update_person(db, ann.id, email=f"ann{n}@example.com")
    with db.session() as s:
        for table in (models.RatingHistory, models.ChangeHistory):
            ids = list(s.scalars(select(table.id).order_by(table.id)))
            assert len(ids) >= len(TIMES)
            s.execute(update(table).values(at=LONG_BEFORE))
            for row_id, when in zip(ids[-len(TIMES) :], TIMES, strict=True):
                s.execute(update(table).where(table.id == row_id).values(at=when))


def test_history_since_keeps_that_day_on_and_leaves_out_earlier(
    db: Database, engineer: Framework
) -> None:
    _org(db, engineer)
    everything = history(db, kind="all")
    assert {e.when for e in everything} >= set(TIMES)
    since = history(db, since=DAY, kind="all")
    ratings_since = [e for e in since if e.source is not None]
    others_since = [e for e in since if e.source is None]
    assert sorted(e.when for e in ratings_since) == list(INCLUDED)
    assert sorted(e.when for e in others_since) == list(INCLUDED)
    assert [e.new for e in rating_history(db, since=DAY)] == ["4", "3", "2"]  # newest first
    # The day after the last change: nothing; a day well before: all of it.
    assert history(db, since=dt.date(2026, 10, 5), kind="all") == []
    assert len(history(db, since=dt.date(2025, 12, 31), kind="all")) == len(everything)
    assert len(history(db, since=dt.date(2026, 1, 1), kind="all")) == 2 * len(TIMES)


def test_history_since_on_the_command_line(
    db: Database, engineer: Framework, capsys: pytest.CaptureFixture[str]
) -> None:
    _org(db, engineer)
    target = str(db.path) if db.path is not None else db.url.render_as_string(False)
    code = main(["history", "--since", DAY.isoformat(), "--kind", "all", "--json", "--db", target])
    out, err = capsys.readouterr()
    assert code == 0, err
    whens = [dt.datetime.fromisoformat(e["when"]) for e in json.loads(out)]
    seconds = [t.replace(microsecond=0) for t in INCLUDED]
    assert sorted(whens) == sorted(seconds * 2)  # the ratings' and the person's
    assert min(whens) == dt.datetime.combine(DAY, dt.time())


def test_a_rating_written_at_the_first_instant_of_the_day_is_on_that_day(
    db: Database, engineer: Framework
) -> None:
    """A rating written at the first instant of the day is on that day.

    The fast write path (the SQLite driver's ISO text) once stored midnight as "2026-10-01
    00:00:00", which sorts before the "... 00:00:00.000000" that --since compares with: a
    change at 00:00:00.000000 was left out of its own day.
    """
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann", team="Core")
    cycle = cycles.start_cycle(db, name="2026-Q4", carry_forward=False)
    cell = (ann.id, fw.get_competency(db, "Testing").id)
    midnight = dt.datetime.combine(DAY, dt.time())
    with db.session() as s:
        current = repo_ratings.existing(s, cycle_id=cycle.id, source=Source.MANAGER, cells=[cell])
        prepared = repo_ratings.prepare_write(
            cycle_id=cycle.id,
            source=Source.MANAGER,
            new=[(cell, Rating(*cell, level=3))],
            current=current,
            positional=repo_ratings.positional(s),
            action="rate",
            now=midnight,
        )
        repo_ratings.write_prepared(s, prepared)
    assert [(e.when, e.new) for e in rating_history(db, since=DAY)] == [(midnight, "3")]
    assert rating_history(db, since=DAY + dt.timedelta(days=1)) == []
