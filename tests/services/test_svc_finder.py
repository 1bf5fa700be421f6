"""The expert finder against a real database: levels, interest, freshness, other teams."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from skillmatrix.core.errors import NotFoundError, ValidationError
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.model import Source
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services.finder import find_experts
from skillmatrix.services.rating_changes import Restore
from skillmatrix.store.database import Database
from skillmatrix.store.names import closest


def test_experts_across_teams_highest_then_freshest(db: Database, engineer: Framework) -> None:
    fw.install_framework(db, engineer)
    api = next(c for c in fw.list_competencies(db) if c.name == "API design")
    q1 = cycles.start_cycle(db, name="2026-Q1")
    staff = {
        name: people.add_person(db, name=name, team=team).id
        for name, team in (("Ann", "Core"), ("Bob", "Web"), ("Cy", "Web"), ("Dee", None))
    }
    for name, level, interest in (("Ann", 3, None), ("Bob", 4, 3), ("Cy", 3, 2), ("Dee", 1, 3)):
        ratings.rate(
            db,
            cycle_id=q1.id,
            person_id=staff[name],
            competency_id=api.id,
            level=level,
            interest=interest,
        )
    # Ann's 3 was confirmed long ago; Cy's 3 today: Cy comes first among the 3s.
    ann = ratings.get_rating(db, cycle_id=q1.id, person_id=staff["Ann"], competency_id=api.id)
    assert ann is not None
    backdated = replace(ann, rated_on=dt.date(2025, 1, 1))
    ratings.restore_many(db, [Restore(q1.id, Source.MANAGER, staff["Ann"], api.id, backdated)])
    # A self rating never counts as expertise.
    ratings.rate(
        db,
        cycle_id=q1.id,
        person_id=staff["Dee"],
        competency_id=api.id,
        level=4,
        source=Source.SELF,
    )
    name, cycle, found = find_experts(db, "api DESIGN")
    assert (name, cycle) == ("API design", "2026-Q1")
    assert [(e.person, e.team, e.level) for e in found] == [
        ("Bob", "Web", 4),
        ("Cy", "Web", 3),
        ("Ann", "Core", 3),
    ]
    assert found[2].confirmed == dt.date(2025, 1, 1)
    _, _, keen = find_experts(db, "API design", min_level=1, interest=True)
    assert [e.person for e in keen] == ["Bob", "Cy", "Dee"]
    # Carried into a new cycle, the levels stay findable and say they are carried.
    cycles.start_cycle(db, name="2026-Q2")
    _, cycle, carried = find_experts(db, "API design")
    assert cycle == "2026-Q2" and all(e.carried for e in carried) and len(carried) == 3


def test_finder_refusals_name_what_was_wrong(db: Database, engineer: Framework) -> None:
    fw.install_framework(db, engineer)
    cycles.start_cycle(db, name="2026-Q1")
    with pytest.raises(NotFoundError, match="no competency 'testin'; did you mean 'Testing'"):
        find_experts(db, "testin")
    with pytest.raises(ValidationError, match="--min-level 9 is outside the scale 0-4"):
        find_experts(db, "Testing", min_level=9)


def test_closest_name_guesses_only_when_one_name_fits() -> None:
    names = ["Containers & Kubernetes", "GraphQL APIs", "Go", "Python"]
    assert closest("kubernets", names) == "Containers & Kubernetes"
    assert closest("graphql", names) == "GraphQL APIs"
    assert closest("pyhton", names) == "Python"
    assert closest("Rust", names) is None
