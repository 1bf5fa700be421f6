"""Synthetic snapshots with a realistic structure for the figure tests and the gallery.

Teams of 4-10 people, a handful of roles whose targets grow with seniority, levels that
follow the targets with noise, some cells not rated, some N/A, interest on about half.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from skillmatrix.core.model import Competency, CoverageRule, Cycle, Person, Role, Seniority
from skillmatrix.core.snapshot import Snapshot, target_matrix

CATEGORIES: dict[str, list[str]] = {
    "Languages": ["Python", "Go", "TypeScript", "SQL", "Rust", "Java", "Bash", "Kotlin"],
    "Backend": [
        "API design",
        "Databases",
        "Messaging and queues",
        "Caching",
        "Distributed systems",
        "Payments domain",
        "Search relevance",
        "Auth",
    ],
    "Frontend": [
        "React",
        "Accessibility",
        "CSS and layout",
        "Browser performance",
        "Design systems",
        "Mobile web",
    ],
    "Data": [
        "Data modelling",
        "ETL pipelines",
        "Analytics and BI",
        "Machine learning",
        "Experimentation",
    ],
    "Operations": [
        "Kubernetes",
        "Observability and alerting",
        "Incident response",
        "Cloud networking",
        "Infrastructure as code",
        "Security hardening",
        "Capacity planning",
    ],
    "Practices": [
        "Code review",
        "Testing strategy",
        "Technical writing",
        "Architecture decisions",
        "Estimation",
    ],
    "Leadership": ["Mentoring", "Hiring and interviewing", "Stakeholder management", "Roadmapping"],
}
ROLE_CATEGORIES = {
    "Backend Engineer": ("Languages", "Backend", "Practices"),
    "Frontend Engineer": ("Frontend", "Practices"),
    "Site Reliability Engineer": ("Operations", "Languages", "Practices"),
    "Data Engineer": ("Data", "Languages", "Practices"),
    "Engineering Manager": ("Leadership", "Practices"),
}
TEAMS = [
    "Payments",
    "Search",
    "Checkout",
    "Platform",
    "Identity",
    "Mobile",
    "Growth",
    "Data Platform",
    "Observability",
    "Billing",
    "Catalogue",
    "Logistics",
]
FIRST = [
    "Ana",
    "Ben",
    "Chen",
    "Dara",
    "Eli",
    "Fatima",
    "Gus",
    "Hana",
    "Ivan",
    "Jo",
    "Kofi",
    "Lea",
    "Mateo",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tariq",
    "Uma",
    "Vik",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
]
LAST = [
    "Adams",
    "Becker",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Horvat",
    "Ito",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quispe",
    "Rossi",
    "Silva",
    "Tanaka",
    "Ueda",
    "Varga",
    "Weber",
    "Yilmaz",
]
SENIORITY_P = [0.2, 0.35, 0.3, 0.1, 0.05]
BASE_TARGET = {
    Seniority.JUNIOR: 1,
    Seniority.MID: 2,
    Seniority.SENIOR: 3,
    Seniority.STAFF: 3,
    Seniority.PRINCIPAL: 4,
}


def competencies(n: int | None = None) -> list[Competency]:
    """The catalogue (about 43 competencies), repeated with suffixes to reach ``n``."""
    base = [(cat, name) for cat, names in CATEGORIES.items() for name in names]
    n = len(base) if n is None else n
    out = []
    for k in range(n):
        cat, name = base[k % len(base)]
        suffix = f" {k // len(base) + 1}" if k >= len(base) else ""
        critical = name in {
            "Incident response",
            "Payments domain",
            "Databases",
            "Auth",
            "Kubernetes",
            "API design",
        }
        rule = CoverageRule(min_people=3 if critical else 2, min_level=3)
        out.append(Competency(k + 1, name + suffix, cat, critical=critical, rule=rule, position=k))
    return out


def roles(comps: list[Competency]) -> list[Role]:
    """Roles targeting their categories; targets grow with seniority (max 4)."""
    out = []
    for k, (name, cats) in enumerate(ROLE_CATEGORIES.items()):
        targets = {
            s: {
                c.id: min(4, BASE_TARGET[s] - (0 if c.category == cats[0] else 1))
                for c in comps
                if c.category in cats
            }
            for s in Seniority
        }
        out.append(Role(k + 1, name, targets=targets))
    return out


def people(n: int, rng: np.random.Generator) -> list[Person]:
    """``n`` people in teams of 4-10 with a plausible role and seniority mix."""
    out: list[Person] = []
    team_no = 0
    role_names = list(ROLE_CATEGORIES)
    while len(out) < n:
        size = int(rng.integers(4, 11))
        team = TEAMS[team_no % len(TEAMS)] + (
            f" {team_no // len(TEAMS) + 1}" if team_no >= len(TEAMS) else ""
        )
        team_no += 1
        for k in range(min(size, n - len(out))):
            role = "Engineering Manager" if k == 0 else str(rng.choice(role_names[:4]))
            sen = Seniority.SENIOR if k == 0 else list(Seniority)[int(rng.choice(5, p=SENIORITY_P))]
            pid = len(out) + 1
            name = f"{FIRST[pid % len(FIRST)]} {LAST[(pid * 7) % len(LAST)]}"
            out.append(Person(pid, name, team=team, role=role, seniority=sen))
    return out


def snapshot(
    n_people: int = 40,
    n_comps: int | None = None,
    *,
    seed: int = 1,
    cycle: str = "2025 Q2",
    team: str | None = None,
    shift: float = 0.0,
) -> Snapshot:
    """A synthetic snapshot; ``shift`` raises every level (for later cycles)."""
    rng = np.random.default_rng(seed)
    comps = competencies(n_comps)
    rls = roles(comps)
    ppl = people(n_people, rng)
    targets = target_matrix(ppl, comps, rls)
    has = ~np.isnan(targets)
    mean = np.where(has, np.nan_to_num(targets) - 0.4, 1.1) + shift
    levels = np.clip(np.rint(mean + rng.normal(0, 0.9, targets.shape)), 0, 4)
    unrated = rng.random(targets.shape) < np.where(has, 0.06, 0.45)
    na = ~has & ~unrated & (rng.random(targets.shape) < 0.08)
    levels[unrated | na] = np.nan
    interest = np.where(
        rng.random(targets.shape) < 0.5, rng.integers(0, 4, targets.shape).astype(float), np.nan
    )
    return Snapshot(
        people=tuple(ppl),
        competencies=tuple(comps),
        levels=levels,
        not_applicable=na,
        interest=interest,
        targets=targets,
        roles=tuple(rls),
        cycle=Cycle(1, cycle),
        team=team,
    )


def cycles(n_people: int = 40, n: int = 4, *, seed: int = 1) -> list[Snapshot]:
    """``n`` cycles of the same people, levels creeping up, oldest first."""
    names = ["2024 Q3", "2024 Q4", "2025 Q1", "2025 Q2", "2025 Q3", "2025 Q4"]
    out = []
    for k in range(n):
        s = snapshot(n_people, seed=seed, shift=0.25 * k)
        out.append(dataclasses.replace(s, cycle=Cycle(k + 1, names[k % len(names)])))
    return out


def self_assessment(manager: Snapshot, *, seed: int = 2) -> Snapshot:
    """A self-rating of the same cycle: mostly agrees, a little higher, a few far apart."""
    rng = np.random.default_rng(seed)
    noise = rng.choice([-2, -1, 0, 0, 0, 0, 1, 1, 2, 3], size=manager.shape)
    levels = np.clip(manager.levels + noise, 0, 4)
    return dataclasses.replace(manager, levels=levels)
