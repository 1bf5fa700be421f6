"""Fixtures for the figure tests: a small hand-made snapshot and synthetic big ones."""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib
import pytest

from skillmatrix.core.model import (
    Competency,
    CoverageRule,
    Cycle,
    Person,
    Rating,
    Role,
    Seniority,
)
from skillmatrix.core.snapshot import Snapshot, build_snapshot

sys.path.insert(0, str(Path(__file__).resolve().parent))  # plots_data

matplotlib.use("Agg")  # the builders never need a backend; this only guards stray pyplot use

S = Seniority


def small_competencies() -> list[Competency]:
    return [
        Competency(1, "Python", "Languages", rule=CoverageRule(2, 3), position=0),
        Competency(2, "Go", "Languages", rule=CoverageRule(1, 3), position=1),
        Competency(3, "API design", "Backend", critical=True, rule=CoverageRule(2, 3), position=2),
        Competency(4, "Databases", "Backend", rule=CoverageRule(2, 2), position=3),
        Competency(5, "Kubernetes", "Operations", rule=CoverageRule(1, 3), position=4),
    ]


def small_roles() -> list[Role]:
    return [
        Role(1, "Backend", targets={S.MID: {1: 2, 3: 2, 4: 2}, S.SENIOR: {1: 3, 3: 3, 4: 3}}),
        Role(2, "SRE", targets={S.MID: {5: 3, 2: 2}}),
    ]


def small_people() -> list[Person]:
    return [
        Person(1, "Ana", team="Payments", role="Backend", seniority=S.SENIOR),
        Person(2, "Ben", team="Search", role="SRE", seniority=S.MID),
        Person(3, "Cleo", team="Payments", role="Backend", seniority=S.MID),
        Person(4, "Dan", team="Search", role="Backend", seniority=S.JUNIOR),
    ]


def small_ratings() -> list[Rating]:
    r = Rating
    return [
        r(1, 1, 4, interest=3),
        r(1, 2, 2),
        r(1, 3, 3),
        r(1, 4, 2),
        r(1, 5, None, True),
        r(2, 1, 1),
        r(2, 2, 3),
        r(2, 5, 2),
        r(2, 4, None, True),
        r(3, 1, 2),
        r(3, 3, 1),
        r(3, 2, 0, interest=2),
        r(3, 4, None, interest=1),
        r(4, 1, 3),
        r(4, 5, 4),
        r(4, 2, 1),
    ]


@pytest.fixture
def small() -> Snapshot:
    """4 people in 2 teams x 5 competencies in 3 categories, with N/A and unrated cells."""
    return build_snapshot(
        small_people(),
        small_competencies(),
        small_ratings(),
        small_roles(),
        cycle=Cycle(7, "2025 Q1"),
        team="Platform",
    )


@pytest.fixture
def big() -> Snapshot:
    """500 people x 200 competencies made with numpy."""
    import plots_data

    return plots_data.snapshot(500, 200, seed=5)
