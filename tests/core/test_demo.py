"""Tests of the demo organisation generator (pure: no database, no Qt)."""

from __future__ import annotations

import re
import time
from collections import Counter
from datetime import date
from itertools import pairwise

import numpy as np
import pytest

from skillmatrix.core.demo import RATING_DTYPE, DemoOrganisation, generate_demo
from skillmatrix.core.errors import ValidationError
from skillmatrix.core.frameworks import CompetencySpec, Framework, builtin_frameworks
from skillmatrix.core.model import Seniority
from skillmatrix.core.scale import DEFAULT_SCALE, INTEREST_MAX

TODAY = date(2026, 2, 14)


def _framework(name: str, competencies: list[str]) -> Framework:
    """A small framework: every 4th competency critical, targets rising with seniority."""
    specs = []
    for i, comp in enumerate(competencies):
        targets = (1, 2, 3, 3, 4) if i % 3 else (0, 1, 2, 3, 3)
        specs.append(
            CompetencySpec(
                name=comp,
                category="Skills",
                description=f"{comp}.",
                targets=dict(zip(Seniority, targets, strict=True)),
                critical=i % 4 == 0,
            )
        )
    return Framework(name=name, description="", competencies=tuple(specs))


SHARED = ["Code review", "Testing", "Incident response"]
FRAMEWORKS = (
    _framework("Engineer", [*SHARED, "Debugging", "Documentation", "Estimation", "Mentoring"]),
    _framework("Product Engineer", [*SHARED, "UX sense", "Experimentation", "Frontend", "SQL"]),
    _framework("Backend Engineer", [*SHARED, "API design", "Databases", "Kafka", "Security"]),
)


@pytest.fixture(scope="module")
def org() -> DemoOrganisation:
    return generate_demo(FRAMEWORKS, today=TODAY)


def _team_index(org: DemoOrganisation) -> np.ndarray:
    return np.array([org.teams.index(p.team) for p in org.people])


def _targets(org: DemoOrganisation) -> dict[tuple[str, str], dict[Seniority, int]]:
    return {(fw.name, c.name): c.targets for fw in org.frameworks for c in fw.competencies}


def test_same_seed_gives_identical_output() -> None:
    a = generate_demo(FRAMEWORKS, seed=7, today=TODAY)
    b = generate_demo(FRAMEWORKS, seed=7, today=TODAY)
    assert (a.teams, a.people, a.cycles, a.notes) == (b.teams, b.people, b.cycles, b.notes)
    assert a.competency_names == b.competency_names
    assert all(np.array_equal(x, y) for x, y in zip(a.ratings, b.ratings, strict=True))


def test_different_seed_gives_different_output() -> None:
    a = generate_demo(FRAMEWORKS, seed=1, today=TODAY)
    b = generate_demo(FRAMEWORKS, seed=2, today=TODAY)
    assert a.people != b.people
    assert not np.array_equal(a.ratings[-1], b.ratings[-1])


def test_default_counts(org: DemoOrganisation) -> None:
    assert len(org.people) == 40
    assert org.teams == ("Payments", "Platform", "Growth")
    assert {p.team for p in org.people} == set(org.teams)
    assert len(org.cycles) == len(org.ratings) == len(org.notes) == 4
    assert org.competency_names[:3] == tuple(SHARED)
    assert len(org.competency_names) == len(set(org.competency_names)) == 3 + 3 * 4


def test_other_counts_and_numbered_teams() -> None:
    org = generate_demo(FRAMEWORKS, people=30, teams=14, cycles=2, today=TODAY)
    assert len(org.people) == 30 and len(org.cycles) == 2
    assert org.teams[-2:] == ("Team 13", "Team 14")
    assert len(set(org.teams)) == 14
    assert Counter(p.team for p in org.people).keys() == set(org.teams)


def test_roles_and_seniorities_spread(org: DemoOrganisation) -> None:
    assert {p.role for p in org.people} == {fw.name for fw in FRAMEWORKS}
    seniorities = Counter(p.seniority for p in org.people)
    assert set(seniorities) == set(Seniority)
    assert seniorities[Seniority.MID] > seniorities[Seniority.PRINCIPAL]
    assert seniorities[Seniority.SENIOR] > seniorities[Seniority.PRINCIPAL]
    for team in org.teams:
        members = [p for p in org.people if p.team == team]
        assert len({p.role for p in members}) >= 2
        assert len({p.seniority for p in members}) >= 3


def test_names_and_emails_unique_at_5000() -> None:
    org = generate_demo(FRAMEWORKS, people=5000, cycles=1, today=TODAY)
    names = [p.name for p in org.people]
    emails = [p.email for p in org.people]
    assert len(set(names)) == len(set(emails)) == 5000
    assert all(re.fullmatch(r"[a-z0-9]+(\.[a-z0-9]+)+@example\.com", e) for e in emails)
    assert len({n.split()[0] for n in names}) > 50  # varied, not one family
    plain = next(p for p in org.people if len(p.name.split()) == 2 and "'" not in p.name)
    first, last = plain.name.lower().split()
    assert plain.email == f"{first}.{last}@example.com"


def test_ratings_shape_and_ranges(org: DemoOrganisation) -> None:
    targets = _targets(org)
    for rows in org.ratings:
        assert rows.dtype == RATING_DTYPE
        levels = rows["level"][rows["level"] >= 0]
        assert levels.min() >= DEFAULT_SCALE.min and levels.max() <= DEFAULT_SCALE.max
        assert set(np.unique(rows["level"])) <= {-1, *range(DEFAULT_SCALE.max + 1)}
        assert set(np.unique(rows["interest"])) <= set(range(-1, INTEREST_MAX + 1))
        assert np.all(rows["level"][rows["na"]] == -1)
        for p, c in zip(rows["person"].tolist(), rows["competency"].tolist(), strict=True):
            assert (org.people[p].role, org.competency_names[c]) in targets  # own role only
        cells = rows["person"].astype(np.int64) * 1000 + rows["competency"]
        assert np.unique(cells).size == rows.size  # one row per cell
    latest = org.ratings[-1]
    assert latest["na"].any()  # some n/a ...
    assert ((latest["level"] == -1) & ~latest["na"]).any()  # ... and some not rated
    assert (latest["interest"] >= 0).mean() > 0.7  # interest on most cells


def test_levels_centre_on_target(org: DemoOrganisation) -> None:
    targets = _targets(org)
    rows = org.ratings[-1][org.ratings[-1]["level"] >= 0]
    wanted = [
        targets[org.people[p].role, org.competency_names[c]][org.people[p].seniority]
        for p, c in zip(rows["person"].tolist(), rows["competency"].tolist(), strict=True)
    ]
    assert abs(float(np.mean(rows["level"] - np.array(wanted)))) < 0.6


def _coverage(org: DemoOrganisation, team: int) -> dict[int, int]:
    """Competency index -> people at >= 3 in the latest cycle, over the team's rated cells."""
    rows = org.ratings[-1]
    rows = rows[_team_index(org)[rows["person"]] == team]
    present = np.unique(rows["competency"][rows["level"] >= 0])
    covered = np.bincount(
        rows["competency"][rows["level"] >= 3], minlength=len(org.competency_names)
    )
    return {int(c): int(covered[c]) for c in present}


@pytest.mark.parametrize("people", [40, 600])
def test_every_team_has_a_single_point_of_failure_and_a_gap(people: int) -> None:
    org = generate_demo(FRAMEWORKS, people=people, today=TODAY)
    critical = {c.name for fw in FRAMEWORKS for c in fw.competencies if c.critical}
    for team in range(len(org.teams)):
        coverage = _coverage(org, team)  # rule: 2 people at >= 3
        spofs = [c for c, n in coverage.items() if n == 1]
        gaps = [c for c, n in coverage.items() if n == 0]
        assert len(spofs) >= 1, org.teams[team]
        assert len(gaps) >= 1, org.teams[team]
        assert any(org.competency_names[c] in critical for c in gaps)
        assert len(spofs) + len(gaps) < len(coverage) / 2  # the problems stand out


def test_levels_grow_across_cycles(org: DemoOrganisation) -> None:
    means = [float(r["level"][r["level"] >= 0].mean()) for r in org.ratings]
    assert means[-1] > means[0]
    first, last = org.ratings[0], org.ratings[-1]
    before = {(p, c): lv for p, c, lv in first[["person", "competency", "level"]].tolist()}
    changes = Counter(
        np.sign(lv - before[p, c])
        for p, c, lv in last[["person", "competency", "level"]].tolist()
        if lv >= 0 and before.get((p, c), -1) >= 0
    )
    assert changes[1] > changes[-1] > 0  # some step up, a few drop


@pytest.mark.parametrize(
    ("today", "names"),
    [
        (date(2026, 2, 14), ["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]),
        (date(2025, 12, 31), ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]),
        (date(2026, 7, 1), ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]),
    ],
)
def test_cycles_are_quarters_across_a_year_boundary(today: date, names: list[str]) -> None:
    cycles = generate_demo(FRAMEWORKS, people=6, today=today).cycles
    assert [c.name for c in cycles] == names
    assert [c.closed for c in cycles] == [True, True, True, False]
    assert cycles[-1].starts_on <= today <= cycles[-1].ends_on
    for cycle in cycles:
        year, quarter = int(cycle.name[:4]), int(cycle.name[-1])
        assert cycle.starts_on == date(year, 3 * quarter - 2, 1)
    for a, b in pairwise(cycles):
        assert (b.starts_on - a.ends_on).days == 1
    assert cycles[2].ends_on.day in (30, 31)


def test_default_today_is_the_real_today() -> None:
    latest = generate_demo(FRAMEWORKS, people=6, cycles=1).cycles[-1]
    assert latest.starts_on <= date.today() <= latest.ends_on


def test_notes_are_ordinary_and_include_a_formula_like_one(org: DemoOrganisation) -> None:
    all_notes = [text for notes in org.notes for text in notes.values()]
    assert 4 <= len(org.notes[0]) <= 40
    assert "-- needs a refresher on OAuth" in org.notes[-1].values()
    assert {text[0] for text in all_notes} >= {"=", "+", "-"}
    assert sum(text[0].isalpha() for text in all_notes) > len(all_notes) / 2
    for rows, notes in zip(org.ratings, org.notes, strict=True):
        rated = {(p, c) for p, c, lv in rows[["person", "competency", "level"]].tolist() if lv >= 0}
        assert set(notes) <= rated


def test_tiny_organisation() -> None:
    org = generate_demo(FRAMEWORKS[:1], people=1, teams=1, cycles=1, today=TODAY)
    assert len(org.people) == 1 and org.people[0].role == "Engineer"
    assert org.ratings[0].size > 0


@pytest.mark.parametrize(
    "kwargs", [{"people": 2, "teams": 3}, {"teams": 0}, {"cycles": 0}, {"frameworks": ()}]
)
def test_bad_arguments_are_refused(kwargs: dict) -> None:
    frameworks = kwargs.pop("frameworks", FRAMEWORKS)
    with pytest.raises(ValidationError):
        generate_demo(frameworks, **kwargs)


def test_5000_people_is_fast() -> None:
    big = tuple(
        _framework(name, [*SHARED, *(f"{name} skill {i}" for i in range(30))])
        for name in ("Engineer", "Product Engineer", "Backend Engineer")
    )
    start = time.perf_counter()
    org = generate_demo(big, people=5000, today=TODAY)
    assert time.perf_counter() - start < 5.0
    assert sum(r.size for r in org.ratings) > 5000 * 30 * 4 * 0.8


def test_builtin_frameworks() -> None:
    frameworks = builtin_frameworks()
    if not frameworks:
        pytest.skip("no built-in frameworks in resources/frameworks/ yet")
    org = generate_demo(frameworks, today=TODAY)
    assert {p.role for p in org.people} == {fw.name for fw in frameworks}
    for team in range(len(org.teams)):
        coverage = _coverage(org, team)
        assert 1 in coverage.values() and 0 in coverage.values(), org.teams[team]
    means = [float(r["level"][r["level"] >= 0].mean()) for r in org.ratings]
    assert means[-1] > means[0]
