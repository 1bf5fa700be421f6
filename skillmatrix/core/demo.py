"""Generate a realistic demo organisation: pure data, no I/O, no database, no Qt.

The story a manager should see: teams with a seniority pyramid and a mix of roles, levels
that sit around each person's target and creep up quarter by quarter, people keen to grow
where they are behind, and in every team a couple of single points of failure (only one
person at the coverage level) and a critical gap (nobody there). Everything is drawn from
one seeded generator, so the same seed gives the same organisation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import chain, count, pairwise

import numpy as np

from skillmatrix.core.errors import ValidationError
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.model import CoverageRule, Seniority
from skillmatrix.core.scale import DEFAULT_SCALE, INTEREST_MAX

#: One row per stored cell; ``level`` and ``interest`` are -1 when absent.
RATING_DTYPE = np.dtype([
    ("person", np.int32), ("competency", np.int32), ("level", np.int8), ("na", np.bool_),
    ("interest", np.int8),
])  # fmt: skip

TEAM_NAMES = (
    "Payments", "Platform", "Growth", "Identity", "Data", "Mobile", "Search", "Checkout",
    "Infrastructure", "Messaging", "Billing", "Onboarding",
)  # fmt: skip
FIRST_NAMES = """
Aisha Alejandro Amara Amir Ana Andrei Anika Arjun Astrid Ayumi Beatriz Ben Bilal Camille
Carlos Chen Chiara Chloe Daniel Dario Deepa Diego Dmitri Elena Elif Emeka Emma Erik Fatima
Felix Finn Freya Gabriel Grace Hana Hannah Hiroshi Ibrahim Ines Ingrid Isabel Ivan Jakub Jamal
James Javier Jin Joao Jonas Julia Kai Kamala Karin Kenji Kofi Lars Laura Leila Liam Lina Lucas
Luis Maja Malik Marco Maria Mateo Maya Mei Mohammed Nadia Naomi Nikhil Nina Noah Olga Oliver
Omar Oscar Priya Rafael Rahul Ravi Rosa Ruth Sakura Samuel Sara Sebastian Sofia Sven Tariq
Thomas Tomas Uma Valentina Victor Wei Yara Yusuf Zainab Zoe
""".split()  # noqa: SIM905 (word lists read better as prose)
LAST_NAMES = """
Abara Adeyemi Ahmed Almeida Andersen Bakker Banerjee Becker Bianchi Brennan Castillo Chen
Costa Dubois Eriksson Fernandes Fischer Garcia Gomez Gupta Haddad Hansen Hashemi Herrera
Hoffmann Horvat Ibrahim Ivanova Jansen Jensen Kapoor Kato Kelly Khan Kim Kowalski Kuznetsov
Larsen Lee Lindqvist Lopez Mahlangu Marino Martin Mendes Meyer Molina Moreau Murphy Nakamura
Navarro Nguyen Novak Nowak O'Brien Okafor Okonkwo Olsen Ortiz Osei Park Patel Pereira Petrov
Popescu Quinn Rahman Ramos Reyes Ricci Rossi Russo Saito Santos Schmidt Schneider Silva Singh
Smith Sokolov Suzuki Tanaka Taylor Torres Tran van_Dijk Vargas Virtanen Wagner Walsh Wang
Weber Williams Wong Yamamoto Yilmaz Zhang Zielinski
""".split()  # noqa: SIM905
#: Junior .. Principal: a pyramid, fattest at Mid and Senior.
SENIORITY_WEIGHTS = (0.2, 0.32, 0.28, 0.13, 0.07)
STRENGTH_NOTES = (
    "Led the Kafka migration", "Go-to person for {comp} questions",
    "Ran the {comp} brown-bag session", "Mentoring two juniors in {comp}",
    "Wrote the team's {comp} playbook", "Calm and thorough during the March outage",
    "Owned the {comp} part of the re-platforming", "Reviewers trust their judgement on {comp}",
)  # fmt: skip
GROWTH_NOTES = (
    "Wants to pair on incident response", "Wants more exposure to {comp}",
    "Agreed a {comp} stretch goal for next quarter", "Shadowing a senior on {comp}",
    "Booked on the {comp} course", "Ask for a {comp} buddy when the new project starts",
    "Needs a refresher on OAuth before the identity work", "Keen, but blocked by on-call load",
)  # fmt: skip
#: Notes that look like spreadsheet formulas, so exports are tested against injection.
FORMULA_NOTES = (
    "-- needs a refresher on OAuth", "=Strong, see the post-mortem write-up",
    "+1 from two peers on code review quality", "-1 on estimates last quarter, improving",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class DemoPerson:
    """A person to create; ``role`` is the name of one of the frameworks."""

    name: str
    email: str
    team: str
    role: str
    seniority: Seniority


@dataclass(frozen=True, slots=True)
class DemoCycle:
    """A quarterly assessment cycle, e.g. "2026-Q1" from 1 January to 31 March."""

    name: str
    starts_on: date
    ends_on: date
    closed: bool


@dataclass(frozen=True, eq=False)
class DemoOrganisation:
    """A generated organisation, ready to be written to a database.

    Attributes:
        teams: team names.
        people: people, sorted by team then name.
        frameworks: the frameworks given; each framework's name is a role.
        competency_names: union of the frameworks' competencies, first-seen order.
        cycles: quarterly cycles, oldest first; all closed but the latest.
        ratings: one ``RATING_DTYPE`` array per cycle; a row for each cell of a person's
            own role that holds a level, an n/a mark or an interest (level -1: not rated).
        notes: per cycle, (person index, competency index) -> note; every key has a row.
    """

    teams: tuple[str, ...]
    people: tuple[DemoPerson, ...]
    frameworks: tuple[Framework, ...]
    competency_names: tuple[str, ...]
    cycles: tuple[DemoCycle, ...]
    ratings: tuple[np.ndarray, ...]
    notes: tuple[dict[tuple[int, int], str], ...]


def generate_demo(
    frameworks: Sequence[Framework],
    *,
    people: int = 40,
    teams: int = 3,
    cycles: int = 4,
    seed: int = 0,
    today: date | None = None,
) -> DemoOrganisation:
    """Generate a demo organisation.

    Args:
        frameworks: the roles to staff (at least one, distinct names).
        people: number of people (at least ``teams``).
        teams: number of teams (at least one).
        cycles: number of quarterly cycles, the latest containing ``today``.
        seed: seed of the random generator; the same seed gives the same output.
        today: the date that sets the latest quarter (default: the real today).

    Returns:
        The organisation, with per-cycle rating arrays and notes.

    Raises:
        ValidationError: if a count is out of range or frameworks are missing or repeated.
    """
    roles = [fw.name for fw in frameworks]
    if not roles or len(set(roles)) != len(roles):
        raise ValidationError("the demo needs at least one framework, each with its own name")
    if teams < 1 or cycles < 1 or people < teams:
        raise ValidationError("the demo needs at least one team and cycle, and a person per team")
    rng = np.random.default_rng(seed)
    team_names = tuple(TEAM_NAMES[:teams]) + tuple(
        f"Team {n}" for n in range(len(TEAM_NAMES) + 1, teams + 1)
    )
    comp_names, targets, rules = _competencies(frameworks)
    demo_people, team, role, sen = _staff(rng, people, team_names, roles)
    target = targets[role, sen]  # (N, K), -1 outside the person's role
    in_role = target >= 0
    levels, interest = _levels(rng, target, cycles)
    spofs = _shape_coverage(rng, levels, target, team, sen, rules)
    covers = levels >= rules["level"]  # never hidden, so the planted coverage story holds
    na = in_role & ~covers.any(axis=0) & (rng.random(in_role.shape) < 0.02)
    ratings: list[np.ndarray] = []
    notes: list[dict[tuple[int, int], str]] = []
    for c in range(cycles):
        unrated = rng.random(in_role.shape) < (0.025 if c < cycles - 1 else 0.06)
        has_level = in_role & ~na & (~unrated | covers[c])
        level = np.where(has_level, levels[c], -1)
        wish = np.where(in_role & ~na, interest[c], -1)
        p, k = np.nonzero(in_role & (has_level | na | (wish >= 0)))
        rows = np.empty(p.size, RATING_DTYPE)
        rows["person"], rows["competency"] = p, k
        rows["level"], rows["na"], rows["interest"] = level[p, k], na[p, k], wish[p, k]
        ratings.append(rows)
        notes.append(_notes(rng, cycles - 1 - c, has_level, level, target, comp_names))
    for person, comp in spofs:  # the latest cycle explains its single points of failure
        label = DEFAULT_SCALE.label(int(rules["level"][comp]))
        notes[-1].setdefault(
            (person, comp),
            f"Only one in the team at {label} or above in {comp_names[comp]}; needs a backup",
        )
    dates = quarters(today or date.today(), cycles)
    return DemoOrganisation(
        team_names, demo_people, tuple(frameworks), comp_names, dates, tuple(ratings), tuple(notes)
    )


def quarters(today: date, count: int) -> tuple[DemoCycle, ...]:
    """The ``count`` quarters up to the one containing ``today``, oldest first."""
    first = today.year * 4 + (today.month - 1) // 3 - count + 1
    starts = [date(q // 4, 3 * (q % 4) + 1, 1) for q in range(first, first + count + 1)]
    return tuple(
        DemoCycle(f"{a.year}-Q{(a.month + 2) // 3}", a, b - timedelta(days=1), i < count - 1)
        for i, (a, b) in enumerate(pairwise(starts))
    )


def _competencies(
    frameworks: Sequence[Framework],
) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """Competency names, role targets and coverage rules of the demo frameworks.

    Returns the union of competency names, a (role, seniority, competency) target table (-1:
    none), and per competency its coverage rule (``level``, ``people``), ``critical`` and
    ``plain`` (the default rule) as a structured array.
    """
    index: dict[str, int] = {}
    for spec in (spec for fw in frameworks for spec in fw.competencies):
        index.setdefault(spec.name, len(index))
    targets = np.full((len(frameworks), len(Seniority), len(index)), -1, np.int8)
    rules = np.zeros(
        len(index), [("level", np.int8), ("people", np.int32), ("critical", bool), ("plain", bool)]
    )
    rules["level"] = -1
    for f, fw in enumerate(frameworks):
        for spec in fw.competencies:
            i = index[spec.name]
            targets[f, :, i] = [spec.targets[s] for s in Seniority]
            rules["critical"][i] |= spec.critical
            if rules["level"][i] < 0:
                rules[i] = (spec.rule.min_level, spec.rule.min_people, spec.critical, False)
                rules["plain"][i] = spec.rule == CoverageRule()
    return tuple(index), targets, rules


def _counts(total: int, weights: Sequence[float]) -> np.ndarray:
    """Split ``total`` by ``weights`` (largest remainder), at least one each when possible."""
    raw = total * np.asarray(weights, float) / sum(weights)
    counts = np.floor(raw).astype(int)
    counts[np.argsort(counts - raw)[: total - counts.sum()]] += 1
    while total >= len(counts) and (counts == 0).any():
        counts[np.argmax(counts)] -= 1
        counts[np.argmin(counts)] += 1
    return counts


def _staff(
    rng: np.random.Generator, n: int, team_names: tuple[str, ...], roles: list[str]
) -> tuple[tuple[DemoPerson, ...], np.ndarray, np.ndarray, np.ndarray]:
    """People with their team, role and seniority indexes, sorted by team then name."""
    sen = np.repeat(np.arange(len(Seniority)), _counts(n, SENIORITY_WEIGHTS))
    role = rng.permutation(np.repeat(np.arange(len(roles)), _counts(n, [1] * len(roles))))
    team = np.empty(n, np.int64)  # deal by seniority then role, so every team gets a mix
    team[np.lexsort((rng.random(n), role, sen))] = np.arange(n) % len(team_names)
    names = _names(rng, n)
    order = np.array(sorted(range(n), key=lambda i: (team[i], names[i][0])), dtype=np.int64)
    team, role, sen = team[order], role[order], sen[order]
    seniorities = list(Seniority)
    people = tuple(
        DemoPerson(names[i][0], names[i][1], team_names[t], roles[r], seniorities[s])
        for i, t, r, s in zip(
            order.tolist(), team.tolist(), role.tolist(), sen.tolist(), strict=True
        )
    )
    return people, team, role, sen


def _names(rng: np.random.Generator, n: int) -> list[tuple[str, str]]:
    """Unique (full name, email) pairs; a middle initial (or a number) separates namesakes."""
    firsts = rng.integers(len(FIRST_NAMES), size=n).tolist()
    lasts = rng.integers(len(LAST_NAMES), size=n).tolist()
    initials = (rng.integers(26, size=(n, 4)) + 65).tolist()
    taken: set[str] = set()
    out = []
    for i in range(n):
        first, last = FIRST_NAMES[firsts[i]], LAST_NAMES[lasts[i]].replace("_", " ")
        middles = ["", *(f"{chr(x)}. " for x in [*initials[i], *range(65, 91)])]
        options = chain(((m, "") for m in middles), (("", f" {x}") for x in count(2)))
        middle, suffix = next(o for o in options if f"{first} {o[0]}{last}{o[1]}" not in taken)
        name = f"{first} {middle}{last}{suffix}"
        taken.add(name)
        local = ".".join(filter(None, (_slug(w) for w in (first, middle, last, suffix))))
        out.append((name, f"{local}@example.com"))
    return out


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _levels(
    rng: np.random.Generator, target: np.ndarray, cycles: int
) -> tuple[np.ndarray, np.ndarray]:
    """(cycles, N, K) levels and interests for every cell (callers mask out-of-role cells).

    Levels start a little under target (per-person ability plus per-cell noise) and
    then mostly hold, sometimes step up (more often when behind target, interested, or in
    a person's growth-spurt quarter), and rarely step down.
    """
    lo, hi = DEFAULT_SCALE.min, DEFAULT_SCALE.max
    n, k = target.shape
    ability = rng.normal(0.0, 0.5, (n, 1))
    start = target + ability + rng.normal(0.0, 0.75, (n, k)) - 0.12 * (cycles - 1)
    level = np.clip(np.rint(start), lo, hi).astype(np.int8)
    wish = rng.choice(INTEREST_MAX + 1, size=(n, k), p=[0.2, 0.35, 0.28, 0.17]).astype(np.int8)
    keen = (level < target) & (rng.random((n, k)) < 0.5)
    wish = np.where(keen, np.minimum(wish + 1, INTEREST_MAX), wish)
    wish[rng.random((n, k)) < 0.12] = -1
    levels, interest = [level], [wish]
    for _ in range(1, cycles):
        spurt = rng.random((n, 1)) < 0.07
        p_up = 0.07 + 0.08 * (level < target) + 0.04 * (wish >= 2) + 0.35 * spurt
        u = rng.random((n, k))
        step = (u < p_up).astype(np.int8) - (u > 0.988).astype(np.int8)
        level = np.clip(level + step, lo, hi).astype(np.int8)
        redraw = rng.random((n, k)) < 0.1
        wish = np.where(redraw, rng.integers(-1, INTEREST_MAX + 1, (n, k)), wish)
        levels.append(level)
        interest.append(wish.astype(np.int8))
    return np.stack(levels), np.stack(interest)


def _shape_coverage(
    rng: np.random.Generator,
    levels: np.ndarray,
    target: np.ndarray,
    team: np.ndarray,
    sen: np.ndarray,
    rules: np.ndarray,
) -> list[tuple[int, int]]:
    """Give each team 1-2 critical gaps, 2-3 single points of failure, and mostly cover the rest.

    A gap caps everyone below the competency's coverage level in every cycle; a single point
    of failure also lifts its most senior holder to that level. Most other competencies the
    rule finds short are covered by lifting their most senior people from a random quarter on,
    so coverage improves over time and the planted problems stand out.

    Returns:
        (person index, competency index) of each single point of failure's holder.
    """
    spofs: list[tuple[int, int]] = []
    in_role = target >= 0
    usable = rules["level"] > DEFAULT_SCALE.min
    k = rules.size
    for t in range(int(team.max()) + 1):
        members = np.flatnonzero(team == t)
        count = in_role[members].sum(axis=0)
        order = rng.permutation(k)
        plain, critical = rules["plain"][order], rules["critical"][order]
        gap_rank = order[np.lexsort((~critical, ~plain))]
        gaps = [c for c in gap_rank if usable[c] and count[c] >= 1][: rng.integers(1, 3)]
        spof_rank = order[np.lexsort((-np.minimum(count[order], 3), ~plain))]
        spof_list = [c for c in spof_rank if usable[c] and count[c] >= 2 and c not in gaps]
        spof_list = spof_list[: rng.integers(2, 4)]
        # top up, from a random quarter on, each other competency the rule finds short
        mine, latest = in_role[members], levels[-1][members]
        able = mine & (sen[members, None] > 0)  # nobody lifts a Junior to Proficient
        key = np.where(able, sen[members, None] * 8 + latest + rng.random(mine.shape), -1)
        short = usable & ((mine & (latest >= rules["level"])).sum(axis=0) < rules["people"])
        short[gaps + spof_list] = False
        start = rng.integers(0, levels.shape[0], k)
        top = np.argsort(-key, axis=0)[: rules["people"].max()]
        for j, picks in enumerate(top):
            rows = members[picks]
            cols = np.flatnonzero(short & (j < rules["people"]) & (key[picks, np.arange(k)] >= 0))
            for c, cycle_levels in enumerate(levels):
                sel = cols[start[cols] <= c]
                cycle_levels[rows[sel], sel] = np.maximum(
                    cycle_levels[rows[sel], sel], rules["level"][sel]
                )
        for c in gaps + spof_list:
            rows, level = members[mine[:, c]], rules["level"][c]
            levels[:, rows, c] = np.minimum(levels[:, rows, c], level - 1)
            if c in gaps:
                continue
            holder = rows[np.lexsort((rng.random(rows.size), levels[-1, rows, c], sen[rows]))[-1]]
            levels[:, holder, c] = np.maximum(levels[:, holder, c], level)
            spofs.append((int(holder), int(c)))
    return spofs


def _notes(
    rng: np.random.Generator,
    age: int,
    has_level: np.ndarray,
    level: np.ndarray,
    target: np.ndarray,
    comp_names: tuple[str, ...],
) -> dict[tuple[int, int], str]:
    """A handful of manager notes on rated cells; the first one looks like a formula.

    ``age`` is how many quarters before the latest this cycle is; it picks the formula-like
    note, so the latest cycle gets "-- needs a refresher on OAuth" and four cycles hold
    notes starting with each of "-", "=" and "+".
    """
    p, k = np.nonzero(has_level)
    wanted = min(p.size, int(np.clip(has_level.shape[0] // 8, 4, 40)))
    notes: dict[tuple[int, int], str] = {}
    for j, i in enumerate(rng.choice(p.size, size=wanted, replace=False).tolist()):
        person, c = int(p[i]), int(k[i])
        pool = STRENGTH_NOTES if level[person, c] >= target[person, c] else GROWTH_NOTES
        text = FORMULA_NOTES[age % len(FORMULA_NOTES)] if j == 0 else pool[rng.integers(len(pool))]
        notes[(person, c)] = text.format(comp=comp_names[c])
    return notes
