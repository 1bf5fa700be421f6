"""Analytics on small, hand-computed snapshots.

The main fixture (default 0-4 scale)::

                 Python(c1)  SQL(c2)   K8s(c3)   Go(c4)     role / seniority
    rule         2 at >=3    2 at >=3  1 at >=3  2 at >=3
    Ann (1)      4           3         n/a       -          Backend Senior (4, 3, 3, 3)
    Bob (2)      3           1         4         1          Backend Mid    (3, 2, 2, -)
    Cat (3)      -           2         0         n/a        Backend Mid    (3, 2, 2, -)
    Dan (4)      2           -         1         0          no role

"-" is not rated.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from skillmatrix.core import analytics as an
from skillmatrix.core.errors import NotFoundError
from skillmatrix.core.model import Competency, CoverageRule, Person, Rating, Role, Seniority
from skillmatrix.core.scale import Level, Scale
from skillmatrix.core.snapshot import build_snapshot

NA = "n/a"

BACKEND = Role(
    1,
    "Backend",
    targets={
        Seniority.JUNIOR: {1: 2},
        Seniority.MID: {1: 3, 2: 2, 3: 2},
        Seniority.SENIOR: {1: 4, 2: 3, 3: 3, 4: 3},
    },
)


def comp(cid: int, name: str, *, people: int = 2, level: int = 3, critical: bool = False):
    return Competency(
        cid, name, "Tech", critical=critical, rule=CoverageRule(people, level), position=cid
    )


def ratings(table: dict[int, dict[int, object]], interest=None) -> list[Rating]:
    """Ratings from {person: {competency: level or NA}} plus {(person, comp): interest}."""
    interest = dict(interest or {})
    out = []
    for pid, row in table.items():
        for cid, value in row.items():
            out.append(
                Rating(
                    pid,
                    cid,
                    level=None if value == NA else value,
                    not_applicable=value == NA,
                    interest=interest.pop((pid, cid), None),
                )
            )
    out += [Rating(p, c, interest=i) for (p, c), i in interest.items()]
    return out


@pytest.fixture
def snap():
    comps = [comp(1, "Python", critical=True), comp(2, "SQL"), comp(3, "K8s", people=1)]
    comps.append(comp(4, "Go"))
    people = [
        Person(1, "Ann", role="Backend", seniority=Seniority.SENIOR),
        Person(2, "Bob", role="Backend", seniority=Seniority.MID),
        Person(3, "Cat", role="Backend", seniority=Seniority.MID),
        Person(4, "Dan"),
    ]
    table = {
        1: {1: 4, 2: 3, 3: NA},
        2: {1: 3, 2: 1, 3: 4, 4: 1},
        3: {2: 2, 3: 0, 4: NA},
        4: {1: 2, 3: 1, 4: 0},
    }
    wishes = {(1, 3): 3, (2, 4): 3, (3, 1): 2, (3, 3): 1, (4, 1): 3, (4, 3): 2}
    return build_snapshot(people, comps, ratings(table, wishes), [BACKEND])


def names(items) -> list[str]:
    return [x.name for x in items]


def by_name(rows):
    return {r.competency.name: r for r in rows}


# --- coverage ---------------------------------------------------------------------------


def test_coverage_counts_levels_at_rule_and_ignores_unrated_and_na(snap):
    rows = an.coverage(snap)
    assert names(r.competency for r in rows) == ["Python", "SQL", "K8s", "Go"]
    got = {
        r.competency.name: (r.covered, r.required, r.status, names(r.coverers), r.rated)
        for r in rows
    }
    assert got == {
        "Python": (2, 2, "ok", ["Ann", "Bob"], 3),
        "SQL": (1, 2, "at-risk", ["Ann"], 3),
        "K8s": (1, 1, "ok", ["Bob"], 3),  # Ann's n/a is not rated
        "Go": (0, 2, "gap", [], 2),
    }
    means = [r.mean_level for r in rows]
    assert means == pytest.approx([3.0, 2.0, 5 / 3, 0.5])  # not 0 for the unrated


def test_na_cell_never_covers_even_if_a_level_slipped_in(snap):
    levels = snap.levels.copy()
    levels[0, 2] = 4  # Ann K8s is n/a; a hand-made snapshot might still carry a level
    odd = dataclasses.replace(snap, levels=levels)
    k8s = by_name(an.coverage(odd))["K8s"]
    assert (k8s.covered, k8s.rated) == (1, 3)


def test_single_points_of_failure_is_bus_factor_one_regardless_of_rule(snap):
    rows = an.single_points_of_failure(snap)
    assert [(r.competency.name, r.status, names(r.coverers)) for r in rows] == [
        ("SQL", "at-risk", ["Ann"]),
        ("K8s", "ok", ["Bob"]),
    ]


# --- gaps -------------------------------------------------------------------------------


def test_person_gaps_count_unrated_as_full_target_and_skip_na(snap):
    gaps = an.person_gaps(snap)
    assert [(g.person.name, g.total_gap, g.below_target) for g in gaps] == [
        ("Cat", 5.0, 2),
        ("Ann", 3.0, 1),  # Go not rated -> 3; K8s n/a -> nothing
        ("Bob", 1.0, 1),
        ("Dan", 0.0, 0),  # no role, no target
    ]
    cat = gaps[0].items
    assert [(i.competency.name, i.target, i.gap) for i in cat] == [
        ("Python", 3, 3.0),
        ("K8s", 2, 2.0),
    ]
    assert math.isnan(cat[0].level) and cat[1].level == 0.0
    assert gaps[3].items == ()


def test_person_gap_items_tie_by_competency_position():
    comps = [comp(3, "C"), comp(1, "A"), comp(2, "B")]  # snapshot order differs from position
    role = Role(1, "R", targets={Seniority.MID: {1: 3, 2: 3, 3: 3}})
    people = [Person(1, "P", role="R"), Person(2, "Q", role="R")]
    table = {1: {1: 1, 2: 1, 3: 2}, 2: {1: 1, 2: 1, 3: 1}}
    s = build_snapshot(people, comps, ratings(table), [role])
    gaps = an.person_gaps(s)
    assert [i.competency.name for i in gaps[0].items] == ["A", "B", "C"]  # Q: all gap 2
    assert [i.competency.name for i in gaps[1].items] == ["A", "B", "C"]  # P: C is gap 1
    assert gaps[0].items[0] == gaps[1].items[0]  # equal cells compare equal (may be shared)


def test_team_gaps_match_person_gaps_and_sort_by_total_then_position(snap):
    rows = an.team_gaps(snap)
    got = [(r.competency.name, r.people_below, r.people_with_target, r.total_gap) for r in rows]
    assert got == [
        ("Python", 1, 3, 3.0),
        ("Go", 1, 1, 3.0),
        ("K8s", 1, 2, 2.0),  # Ann's n/a target is not counted
        ("SQL", 1, 3, 1.0),
    ]
    assert [r.mean_gap for r in rows] == pytest.approx([1.0, 3.0, 1.0, 1 / 3])
    assert sum(r.total_gap for r in rows) == sum(g.total_gap for g in an.person_gaps(snap))


def test_team_gap_mean_is_nan_without_targets():
    s = build_snapshot([Person(1, "P")], [comp(1, "A")], [Rating(1, 1, level=2)])
    (row,) = an.team_gaps(s)
    assert (row.people_with_target, row.total_gap) == (0, 0.0)
    assert math.isnan(row.mean_gap)


# --- summary ----------------------------------------------------------------------------


def test_summarize(snap):
    s = an.summarize(snap)
    assert (s.people, s.competencies, s.ok, s.at_risk, s.gaps) == (4, 4, 2, 1, 1)
    assert s.single_points_of_failure == 2
    assert s.share_meeting_rule == 0.5
    assert s.average_gap == pytest.approx(9 / 3)  # Ann, Bob, Cat have targets; Dan not
    assert s.rated_share == pytest.approx(11 / 14)  # 16 cells, 2 n/a, 11 rated


# --- what if someone leaves -------------------------------------------------------------


def test_what_if_ann_leaves(snap):
    rows = an.what_if_leaves(snap, 1)
    got = [
        (r.competency.name, r.covered, r.status, names(r.coverers), r.rated, r.mean_level)
        for r in rows
    ]
    assert got == [
        ("Python", 1, "at-risk", ["Bob"], 2, 2.5),  # ok -> at-risk
        ("SQL", 0, "gap", [], 2, 1.5),  # at-risk -> gap
    ]


def test_what_if_bob_leaves_and_harmless_departure(snap):
    assert [(r.competency.name, r.status) for r in an.what_if_leaves(snap, 2)] == [
        ("Python", "at-risk"),
        ("K8s", "gap"),
    ]
    assert an.what_if_leaves(snap, 4) == []


def test_what_if_unknown_person(snap):
    with pytest.raises(NotFoundError):
        an.what_if_leaves(snap, 99)


# --- mentors ----------------------------------------------------------------------------


def test_mentor_pairs(snap):
    pairs = an.mentor_pairs(snap)
    got = [(p.mentor.name, p.mentee.name, p.competency.name, p.mentee_interest) for p in pairs]
    assert got == [
        ("Ann", "Dan", "Python", 3),  # highest interest first; Dan has no target: 2 < 3
        ("Ann", "Cat", "Python", 2),  # not rated counts as below target; gap 3
        ("Bob", "Dan", "K8s", 2),  # gap 2; Cat (interest 1) and Ann (n/a) are left out
    ]
    assert all(p.mentor_level == 4 for p in pairs)
    assert math.isnan(pairs[1].mentee_level) and pairs[0].mentee_level == 2.0
    assert [p.mentee.name for p in an.mentor_pairs(snap, min_interest=3)] == ["Dan"]


def test_mentor_capacity_and_round_robin():
    people = [Person(i, f"P{i}") for i in range(1, 8)]
    table = {1: {1: 4}, 2: {1: 4}} | {i: {1: 0} for i in range(3, 8)}
    wishes = {(i, 1): 3 for i in range(3, 8)}
    s = build_snapshot(people, [comp(1, "A")], ratings(table, wishes))
    pairs = an.mentor_pairs(s)
    assert [(p.mentor.id, p.mentee.id) for p in pairs] == [(1, 3), (2, 4), (1, 5), (2, 6), (1, 7)]
    solo = s.subset(s.levels[:, 0] != 4)  # no experts
    assert an.mentor_pairs(solo) == []
    one = s.subset([i != 1 for i in range(7)])  # one expert: at most 3 mentees
    assert [p.mentee.id for p in an.mentor_pairs(one)] == [3, 4, 5]


# --- custom scale -----------------------------------------------------------------------

ONE_TO_FIVE = Scale(tuple(Level(v, f"L{v}", "") for v in range(1, 6)))


def test_one_to_five_scale():
    comps = [comp(1, "A", people=1, level=4)]
    role = Role(1, "R", targets={Seniority.MID: {1: 4}})
    people = [Person(1, "Top"), Person(2, "Four"), Person(3, "Three"), Person(4, "New", role="R")]
    table = {1: {1: 5}, 2: {1: 4}, 3: {1: 3}}
    wishes = {(2, 1): 3, (3, 1): 3, (4, 1): 2}
    s = build_snapshot(people, comps, ratings(table, wishes), [role], scale=ONE_TO_FIVE)
    (row,) = an.coverage(s)
    assert (row.covered, row.status, row.mean_level) == (2, "ok", 4.0)
    gap = an.person_gaps(s)[0]
    assert (gap.person.name, gap.total_gap) == ("New", 3.0)  # unrated = bottom (1) -> 4 - 1
    pairs = an.mentor_pairs(s)  # only 5 is expert; "Four" is not below 5 - 1 = 4
    assert [(p.mentor.name, p.mentee.name, p.mentor_level) for p in pairs] == [
        ("Top", "Three", 5),
        ("Top", "New", 5),
    ]


# --- hiring -----------------------------------------------------------------------------


def test_hiring_suggestion(snap):
    h = an.hiring_suggestion(snap)
    assert (h.role, h.seniority) == ("Backend", Seniority.SENIOR)
    assert names(h.closes) == ["SQL"]  # 1 -> 2 covered
    assert names(h.improves) == ["Go"]  # 0 -> 1 of 2


def _hiring_snap(roles, comps):
    people = [Person(1, "P")]
    return build_snapshot(people, comps, [Rating(1, c.id, level=0) for c in comps], roles)


def test_hiring_tie_goes_to_lower_seniority_then_role_order():
    comps = [comp(1, "A", people=1)]
    roles = [
        Role(1, "Staffy", targets={Seniority.STAFF: {1: 3}}),
        Role(2, "Mid1", targets={Seniority.MID: {1: 3}}),
        Role(3, "Mid2", targets={Seniority.MID: {1: 4}}),
    ]
    h = an.hiring_suggestion(_hiring_snap(roles, comps))
    assert (h.role, h.seniority, names(h.closes)) == ("Mid1", Seniority.MID, ["A"])


def test_hiring_ranks_closes_then_improves_then_critical_then_seniority():
    comps = [comp(1, "Crit", people=1, critical=True), comp(2, "Plain", people=1)]
    comps.append(comp(3, "Wide", people=3))
    roles = [
        Role(1, "Critical", targets={Seniority.PRINCIPAL: {1: 3}}),
        Role(2, "Plain", targets={Seniority.JUNIOR: {2: 3}}),
    ]
    h = an.hiring_suggestion(_hiring_snap(roles, comps))
    assert (h.role, h.seniority) == ("Critical", Seniority.PRINCIPAL)  # critical beats cheaper
    roles.append(Role(3, "Improver", targets={Seniority.STAFF: {2: 3, 3: 3}}))
    h = an.hiring_suggestion(_hiring_snap(roles, comps))
    assert (h.role, names(h.closes), names(h.improves)) == ("Improver", ["Plain"], ["Wide"])
    roles.append(Role(4, "Both", targets={Seniority.STAFF: {1: 4, 2: 3}}))
    h = an.hiring_suggestion(_hiring_snap(roles, comps))
    assert (h.role, names(h.closes)) == ("Both", ["Crit", "Plain"])  # most closes wins


def test_hiring_none_cases():
    comps = [comp(1, "A", people=1)]
    helps = [Role(1, "R", targets={Seniority.MID: {1: 3}})]
    weak = [Role(1, "R", targets={Seniority.MID: {1: 2}})]  # below min_level: helps nothing
    assert an.hiring_suggestion(_hiring_snap([], comps)) is None
    assert an.hiring_suggestion(_hiring_snap([Role(1, "R")], comps)) is None
    assert an.hiring_suggestion(_hiring_snap(weak, comps)) is None
    fine = build_snapshot([Person(1, "P")], comps, [Rating(1, 1, level=3)], helps)
    assert an.hiring_suggestion(fine) is None  # nothing below its rule


# --- cycle change -----------------------------------------------------------------------


def test_cycle_change_matches_by_id_with_different_people():
    ann, bob, eve = Person(1, "Ann"), Person(2, "Bob"), Person(5, "Eve")
    before = build_snapshot(
        [ann, bob],
        [comp(1, "Old"), comp(2, "SQL", people=1)],
        ratings({1: {1: 4, 2: 3}, 2: {2: 2}}),
    )
    after = build_snapshot(
        [bob, eve],
        [comp(2, "SQL", people=2), comp(3, "New")],  # SQL's rule was raised to 2 people
        ratings({2: {2: 3, 3: NA}, 5: {2: 4, 3: 1}}),
    )
    sql, new = an.cycle_change(before, after)
    assert (sql.competency.name, sql.mean_before, sql.mean_after) == ("SQL", 2.5, 3.5)
    assert (sql.covered_before, sql.covered_after, sql.covered_delta) == (1, 2, 1)
    assert (sql.status_before, sql.status_after) == ("at-risk", "ok")  # after's rule for both
    assert sql.mean_delta == 1.0
    assert new.competency.name == "New" and math.isnan(new.mean_before)
    assert (new.covered_before, new.status_before, new.status_after) == (0, "gap", "gap")
    assert new.mean_after == 1.0  # Bob's n/a is not a 0


# --- empty ------------------------------------------------------------------------------


@pytest.mark.parametrize("n_people,n_comps", [(0, 0), (0, 3), (3, 0)])
def test_empty_snapshots_do_not_crash_or_warn(recwarn, n_people, n_comps):
    people = [Person(i, f"P{i}", role="Backend") for i in range(n_people)]
    comps = [comp(i, f"C{i}") for i in range(1, n_comps + 1)]
    s = build_snapshot(people, comps, [], [BACKEND])
    rows = an.coverage(s)
    assert [(r.covered, r.status, r.rated) for r in rows] == [(0, "gap", 0)] * n_comps
    assert all(math.isnan(r.mean_level) for r in rows)
    assert an.single_points_of_failure(s) == []
    assert [g.total_gap for g in an.person_gaps(s)] == [0.0] * n_people
    assert len(an.team_gaps(s)) == n_comps
    assert an.mentor_pairs(s) == []
    assert len(an.cycle_change(s, s)) == n_comps
    if n_people:
        assert an.what_if_leaves(s, 0) == []
    hire = an.hiring_suggestion(s)
    assert hire is None or hire.role == "Backend"  # 0 people, 3 comps: hiring does help
    summary = an.summarize(s)
    assert (summary.people, summary.competencies, summary.gaps) == (n_people, n_comps, n_comps)
    assert math.isnan(summary.average_gap) and math.isnan(summary.rated_share)
    assert math.isnan(summary.share_meeting_rule) == (n_comps == 0)
    assert not recwarn.list


def test_top_mentor_pairs_are_the_head_of_the_full_list_with_the_total() -> None:
    rng = np.random.default_rng(3)
    people = [Person(i, f"P{i}", role="R", seniority=Seniority.MID) for i in range(30)]
    comps = [Competency(100 + k, f"C{k}", "Cat") for k in range(6)]
    ratings = [
        Rating(p.id, c.id, level=int(rng.integers(0, 5)), interest=int(rng.integers(0, 4)))
        for p in people
        for c in comps
    ]
    role = Role(1, "R", targets={Seniority.MID: {c.id: 3 for c in comps}})
    snap = build_snapshot(people, comps, ratings, [role])
    full = an.mentor_pairs(snap)
    assert len(full) > 5
    top, total = an.top_mentor_pairs(snap, 5)
    assert total == len(full)
    assert top == full[:5]
    assert an.top_mentor_pairs(snap, None) == (full, len(full))
