"""Create the demo organisation in a database (``skillmatrix demo``, the welcome page).

Everything is written in ONE transaction (frameworks, teams, people, cycles, ratings), so
a failure or a cancel leaves the database exactly as it was. Ratings go in through the
store's bulk inserts (SQLAlchemy Core executemany): 5,000 people x 4 cycles take seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import repeat
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from skillmatrix.core.demo import DemoOrganisation, generate_demo
from skillmatrix.core.errors import ValidationError
from skillmatrix.core.frameworks import Framework, builtin_frameworks, fit_to_scale
from skillmatrix.core.gcpause import gc_paused
from skillmatrix.core.model import Source
from skillmatrix.core.scale import DEFAULT_SCALE, Scale
from skillmatrix.store import bulk, models
from skillmatrix.store.database import Database
from skillmatrix.store.install import check_levels, install
from skillmatrix.store.names import fold

Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]
CHUNK = 50_000  # ratings per insert; also how often progress and cancel are checked
RATED_BY = "Demo manager"


def rater_name(team: str | None) -> str:
    """Who rates a demo person: their team's manager (calibration compares them)."""
    return f"{team} manager" if team else RATED_BY


@dataclass(frozen=True, slots=True)
class DemoResult:
    """What was stored."""

    people: int
    teams: int
    cycles: tuple[str, ...]
    ratings: int


class DemoCancelled(Exception):
    """Raised inside the transaction so a cancelled demo leaves nothing behind."""


@gc_paused()
def create_demo(
    db: Database,
    *,
    people: int = 40,
    teams: int = 3,
    cycles: int = 4,
    seed: int = 0,
    force: bool = False,
    frameworks: Sequence[Framework] | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> DemoResult | None:
    """Fill ``db`` with a generated organisation rated over ``cycles`` quarters.

    Args:
        db: the database.
        people: number of people.
        teams: number of teams.
        cycles: number of quarterly cycles, the latest containing ``today``.
        seed: the same seed gives the same organisation.
        force: replace the people, teams, cycles and ratings the database holds
            (frameworks stay); otherwise it must hold no people and no cycles.
        frameworks: the roles to staff; default the built-in frameworks.
        today: the date that sets the latest quarter (default today).
        progress: called with (fraction 0-1, text) as the work advances.
        cancelled: polled while writing; when it returns True nothing is written.

    Returns:
        What was created, or None when ``cancelled()`` became true.

    Raises:
        ValidationError: the database already holds people or cycles and ``force`` is off,
            a count is out of range, or the database's scale does not suit the demo.
    """
    if people > 100_000 or teams > people or cycles > 40:
        raise ValidationError("demo size out of range (at most 100,000 people and 40 cycles)")
    _check_scale(db.scale)
    if not force:
        with db.session() as s:
            _refuse_data(s, db.name)
    report = progress or (lambda _f, _t: None)
    report(0.02, f"Generating {people:,} people…")
    org = generate_demo(
        list(frameworks) if frameworks is not None else builtin_frameworks(),
        people=people,
        teams=teams,
        cycles=cycles,
        seed=seed,
        today=today,
    )
    return write_organisation(
        db, org, force=force, today=today, progress=progress, cancelled=cancelled
    )


def write_organisation(
    db: Database,
    org: DemoOrganisation,
    *,
    force: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> DemoResult | None:
    """Store a generated organisation: its frameworks, teams, people, cycles and ratings.

    Ratings are dated the end of their cycle, or today for the current one.

    Returns:
        What was stored, or None when ``cancelled`` returned True (nothing is stored).

    Raises:
        ValidationError: the database holds people or cycles and ``force`` is False.
    """
    scale = db.scale
    shift = _check_scale(scale)
    frameworks = [on_scale(fw, scale) for fw in org.frameworks]
    for fw in frameworks:
        check_levels(fw, scale)
    today = today or dt.date.today()
    report = progress or (lambda _f, _t: None)
    stop = cancelled or (lambda: False)
    total = max(sum(len(r) for r in org.ratings), 1)
    done = 0
    try:
        with db.bulk(), db.session() as s:  # (longer than an interactive statement may run)
            if force:
                bulk.delete_organisation(s)
            else:
                _refuse_data(s, db.name)
            report(0.05, "Installing the role frameworks…")
            comp_ids, person_ids = _write_structure(s, org, frameworks, scale)
            raters = [rater_name(p.team) for p in org.people]
            with (
                bulk.foreign_keys_checked_after(s, bulk.RATINGS),
                bulk.indexes_rebuilt_after(s, bulk.RATINGS),
            ):
                for cycle, rows, notes in zip(org.cycles, org.ratings, org.notes, strict=True):
                    report(
                        0.1 + 0.9 * done / total, f"Writing {cycle.name}: {len(rows):,} ratings…"
                    )
                    row = models.Cycle(
                        name=cycle.name,
                        starts_on=cycle.starts_on,
                        ends_on=cycle.ends_on,
                        closed=cycle.closed,
                    )
                    s.add(row)
                    s.flush()
                    rated_on = min(cycle.ends_on, today)
                    for chunk in _rating_rows(
                        rows, notes, person_ids, comp_ids, rated_on, shift, raters
                    ):
                        if stop():
                            raise DemoCancelled
                        done += bulk.bulk_insert_ratings(s, row.id, chunk)
    except DemoCancelled:
        return None
    report(1.0, "Done")
    return DemoResult(
        people=len(org.people),
        teams=len(org.teams),
        cycles=tuple(c.name for c in org.cycles),
        ratings=done,
    )


def _check_scale(scale: Scale) -> int:
    """How far the database's levels sit above the generator's 0-4 (1 for a 1-5 scale)."""
    if len(scale.levels) != len(DEFAULT_SCALE.levels):
        raise ValidationError(
            f"the demo needs a scale of {len(DEFAULT_SCALE.levels)} levels (0-4 or 1-5); "
            f"this database uses {scale.min}-{scale.max}"
        )
    return scale.min - DEFAULT_SCALE.min


def on_scale(fw: Framework, scale: Scale) -> Framework:
    """A demo framework on the database's scale.

    The generator works on 0-4, so one written for no particular scale is taken as 0-4.
    """
    span = fw.written_for or (DEFAULT_SCALE.min, DEFAULT_SCALE.max)
    return fit_to_scale(replace(fw, written_for=span), scale)


def _refuse_data(s: Session, name: str) -> None:
    counts = bulk.count_data(s)
    if counts["people"] or counts["cycles"]:
        raise ValidationError(
            f"{name} already holds {counts['people']} people and {counts['cycles']} cycles; "
            "use --force to replace them with the demo"
        )


def _write_structure(
    s: Session, org: DemoOrganisation, frameworks: Sequence[Framework], scale: Scale
) -> tuple[np.ndarray, np.ndarray]:
    """Write the frameworks, teams and people of ``org``.

    Frameworks are written on the database scale. Returns competency ids (by
    ``competency_names`` index) and person ids (by ``org.people`` index) as lookup arrays.
    """
    role_ids = {fw.name: install(s, fw, scale) for fw in frameworks}
    C = models.Competency
    by_name = {fold(name): cid for cid, name in s.execute(select(C.id, C.name))}
    comp_ids = np.array([by_name[fold(n)] for n in org.competency_names], dtype=np.int64)
    team_ids = dict(zip(org.teams, bulk.bulk_insert_teams(s, org.teams), strict=True))
    person_ids = bulk.bulk_insert_people(
        s,
        (
            {
                "name": p.name,
                "email": p.email,
                "team_id": team_ids[p.team],
                "role_id": role_ids[p.role],
                "seniority": p.seniority,
            }
            for p in org.people
        ),
    )
    return comp_ids, np.array(person_ids, dtype=np.int64)


def _rating_rows(
    rows: np.ndarray,
    notes: dict[tuple[int, int], str],
    person_ids: np.ndarray,
    comp_ids: np.ndarray,
    rated_on: dt.date,
    shift: int = 0,
    raters: list[str] | None = None,
) -> Iterator[list[tuple[Any, ...]]]:
    """The generator's structured array as chunks of rows in ``RatingRow`` field order.

    Plain tuples: building 1.5M named tuples cost seconds. -1 means absent, levels are moved
    up by ``shift`` onto the database's scale, rated by ``raters[person]``.
    """
    manager = Source.MANAGER.value
    for start in range(0, len(rows), CHUNK):
        part = rows[start : start + CHUNK]
        n = len(part)
        levels = np.where((part["level"] < 0) | part["na"], -1, part["level"] + shift)
        level_col = [None if v < 0 else v for v in levels.tolist()]
        wish_col = [None if v < 0 else v for v in part["interest"].tolist()]
        p_idx = part["person"].tolist()
        if notes:
            note_col = [
                notes.get((p, k), "")
                for p, k in zip(p_idx, part["competency"].tolist(), strict=True)
            ]
        else:
            note_col = [""] * n
        by_col = [raters[p] for p in p_idx] if raters else repeat(RATED_BY, n)
        yield list(
            zip(
                person_ids[part["person"]].tolist(),
                comp_ids[part["competency"]].tolist(),
                level_col,
                part["na"].tolist(),
                wish_col,
                note_col,
                repeat(manager, n),
                by_col,
                repeat(rated_on, n),
                repeat(None, n),  # confirmed_cycle_id, confirmed_on: every field given,
                repeat(None, n),  # so the bulk insert pads no row
                strict=False,
            )
        )
