"""Vectorised analytics against plain loops over Rating records, on random snapshots.

The loops restate the product rules one cell at a time, so an indexing slip in the numpy
code (axis, mask, tie order) shows up here even where the hand-made examples are silent.
"""

from __future__ import annotations

import math
import random

import pytest

from skillmatrix.core import analytics as an
from skillmatrix.core.model import Competency, CoverageRule, Person, Rating, Role, Seniority
from skillmatrix.core.scale import Level, Scale
from skillmatrix.core.snapshot import build_snapshot


def random_case(seed: int):
    rnd = random.Random(seed)
    low = rnd.choice([0, 1])
    scale = Scale(tuple(Level(v, str(v), "") for v in range(low, low + rnd.choice([4, 5]))))
    levels = range(scale.min, scale.max + 1)
    comps = [
        Competency(
            j,
            f"c{j}",
            "x",
            critical=rnd.random() < 0.3,
            rule=CoverageRule(rnd.randint(1, 3), rnd.choice(levels)),
            position=rnd.randint(0, 3),  # many ties: snapshot order must break them
        )
        for j in range(rnd.randint(1, 9))
    ]
    roles = [
        Role(
            r,
            f"r{r}",
            targets={
                s: {c.id: rnd.choice(levels) for c in comps if rnd.random() < 0.6}
                for s in Seniority
                if rnd.random() < 0.7
            },
        )
        for r in range(3)
    ]
    people = [
        Person(
            i,
            f"p{i}",
            role=rnd.choice(["r0", "r1", "r2", ""]),
            seniority=rnd.choice(list(Seniority)),
        )
        for i in range(rnd.randint(0, 12))
    ]
    ratings = []
    for p in people:
        for c in comps:
            x = rnd.random()
            if x < 0.15:
                ratings.append(Rating(p.id, c.id, not_applicable=True, interest=rnd.randint(0, 3)))
            elif x < 0.3:
                ratings.append(Rating(p.id, c.id, interest=rnd.choice([None, 2, 3])))
            else:
                ratings.append(
                    Rating(p.id, c.id, level=rnd.choice(levels), interest=rnd.randint(0, 3))
                )
    return people, comps, roles, ratings, scale


def reference(people, comps, roles, ratings, scale):
    """Coverage, gaps and hiring figures, one cell at a time."""
    cell = {(r.person_id, r.competency_id): r for r in ratings}
    role_of = {r.name: r for r in roles}

    def level(p, c):
        r = cell.get((p.id, c.id))
        return None if r is None or r.not_applicable else r.level

    def target(p, c):
        role = role_of.get(p.role)
        return None if role is None else role.target(p.seniority, c.id)

    def na(p, c):
        r = cell.get((p.id, c.id))
        return r is not None and r.not_applicable

    cov = {}
    for c in comps:
        rated = [level(p, c) for p in people if level(p, c) is not None]
        covering = [
            p.name for p in people if level(p, c) is not None and level(p, c) >= c.rule.min_level
        ]
        n = len(covering)
        status = "gap" if n == 0 else "at-risk" if n < c.rule.min_people else "ok"
        cov[c.id] = (n, status, covering, len(rated), sum(rated) / len(rated) if rated else None)
    gaps = {}
    for p in people:
        items = []
        for c in comps:
            t = target(p, c)
            if t is None or na(p, c):
                continue
            lv = level(p, c)
            g = max(0, t - (scale.min if lv is None else lv))
            if g > 0:
                items.append((c.id, g))
        gaps[p.id] = items
    hires = []
    for k, role in enumerate(roles):
        for s in Seniority:
            t = {cid: v for cid, v in role.targets.get(s, {}).items()}
            if not t:
                continue
            closes, improves, crit = [], [], 0
            for c in comps:
                n = cov[c.id][0]
                if n >= c.rule.min_people or t.get(c.id, -99) < c.rule.min_level:
                    continue
                if n + 1 >= c.rule.min_people:
                    closes.append(c.name)
                    crit += c.critical
                else:
                    improves.append(c.name)
            hires.append(
                ((-len(closes), -len(improves), -crit, s.rank, k), role.name, s, closes, improves)
            )
    return cov, gaps, hires


@pytest.mark.parametrize("seed", range(40))
def test_matches_reference(seed):
    people, comps, roles, ratings, scale = random_case(seed)
    snap = build_snapshot(people, comps, ratings, roles, scale=scale)
    cov, gaps, hires = reference(people, comps, roles, ratings, scale)

    for row in an.coverage(snap):
        n, status, covering, rated, mean = cov[row.competency.id]
        assert (row.covered, row.status, [p.name for p in row.coverers], row.rated) == (
            n,
            status,
            covering,
            rated,
        )
        assert math.isnan(row.mean_level) if mean is None else row.mean_level == pytest.approx(mean)

    rank = {c.id: (c.position, j) for j, c in enumerate(comps)}
    result = an.person_gaps(snap)
    assert sorted(g.person.id for g in result) == sorted(p.id for p in people)
    totals = [g.total_gap for g in result]
    assert totals == sorted(totals, reverse=True)
    for g in result:
        want = sorted(gaps[g.person.id], key=lambda x: (-x[1], rank[x[0]]))
        assert [(i.competency.id, i.gap) for i in g.items] == want
        assert g.total_gap == sum(x[1] for x in want) and g.below_target == len(want)

    team = {t.competency.id: t for t in an.team_gaps(snap)}
    for c in comps:
        total = sum(g for items in gaps.values() for cid, g in items if cid == c.id)
        assert team[c.id].total_gap == total

    summary = an.summarize(snap)
    assert summary.ok == sum(v[1] == "ok" for v in cov.values())
    assert summary.single_points_of_failure == sum(v[0] == 1 for v in cov.values())
    assert [r.competency.id for r in an.single_points_of_failure(snap)] == [
        c.id for c in comps if cov[c.id][0] == 1
    ]

    hire = an.hiring_suggestion(snap)
    useful = [h for h in hires if h[3] or h[4]]
    if not useful:
        assert hire is None
    else:
        _, role, seniority, closes, improves = min(useful, key=lambda h: h[0])
        assert (hire.role, hire.seniority) == (role, seniority)
        assert ([c.name for c in hire.closes], [c.name for c in hire.improves]) == (
            closes,
            improves,
        )


@pytest.mark.parametrize("seed", range(20))
def test_mentor_pairs_follow_the_rules(seed):
    people, comps, roles, ratings, scale = random_case(seed)
    snap = build_snapshot(people, comps, ratings, roles, scale=scale)
    pairs = an.mentor_pairs(snap)
    seen, per_mentor = set(), {}
    for p in pairs:
        i, e, j = (
            snap.person_index(p.mentor.id),
            snap.person_index(p.mentee.id),
            snap.competency_index(p.competency.id),
        )
        assert snap.levels[i, j] == scale.max and p.mentor_level == scale.max
        assert not snap.not_applicable[e, j] and snap.interest[e, j] >= 2
        goal = scale.max - 1 if math.isnan(snap.targets[e, j]) else snap.targets[e, j]
        assert math.isnan(snap.levels[e, j]) or snap.levels[e, j] < goal
        assert (e, j) not in seen  # one mentor per mentee and competency
        seen.add((e, j))
        per_mentor[i, j] = per_mentor.get((i, j), 0) + 1
    assert all(n <= an.MENTEES_PER_MENTOR for n in per_mentor.values())
    interests = [p.mentee_interest for p in pairs]
    assert interests == sorted(interests, reverse=True)
