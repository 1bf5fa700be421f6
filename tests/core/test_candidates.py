"""Candidate what-if by hand: what each finalist closes, narrows and relieves.

The team (default 0-4 scale)::

                 API(c1)     SQL(c2)    K8s(c3)    Go(c4, critical)   UX(c5)
    rule         2 at >=3    1 at >=3   1 at >=2   2 at >=2           2 at >=3
    Ann (1)      4           3          n/a        2                  -
    Bob (2)      1           -          2          1                  -

Today API has 1 of 2 (below), SQL 1 of 1 (Ann alone), K8s 1 of 1 (Bob alone), Go 1 of 2
(below), UX 0 of 2 (below).
"""

from __future__ import annotations

from skillmatrix.core.candidates import Finalist, compare, fit, gap_competencies
from skillmatrix.core.model import Competency, CoverageRule, Person, Rating
from skillmatrix.core.snapshot import build_snapshot

COMPS = [
    Competency(1, "API", "Tech", rule=CoverageRule(2, 3), position=1),
    Competency(2, "SQL", "Tech", rule=CoverageRule(1, 3), position=2),
    Competency(3, "K8s", "Tech", rule=CoverageRule(1, 2), position=3),
    Competency(4, "Go", "Tech", rule=CoverageRule(2, 2), position=4, critical=True),
    Competency(5, "UX", "Design", rule=CoverageRule(2, 3), position=5),
]


def _snap(people=("Ann", "Bob")):  # type: ignore[no-untyped-def]
    table = {1: {1: 4, 2: 3, 3: None, 4: 2}, 2: {1: 1, 3: 2, 4: 1}}
    who = [Person(i, n) for i, n in enumerate(people, start=1)]
    rows = [
        Rating(pid, cid, level=v, not_applicable=v is None)
        for pid, row in table.items()
        if pid <= len(who)
        for cid, v in row.items()
    ]
    return build_snapshot(who, COMPS, rows)


def names(comps) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.name for c in comps]


def test_what_a_finalist_closes_narrows_and_relieves() -> None:
    # API 3 closes API (1 -> 2 of 2); Go 2 closes critical Go; UX 3 narrows UX (0 -> 1 of 2);
    # SQL 4 relieves Ann as the only SQL person; K8s 1 is below its rule: nothing.
    dee = Finalist("Dee", {1: 3, 2: 4, 3: 1, 4: 2, 5: 3})
    got = fit(_snap(), dee)
    assert names(got.closes) == ["Go", "API"]  # critical first
    assert names(got.narrows) == ["UX"]
    assert names(got.relieves) == ["SQL"]


def test_unscored_and_ties() -> None:
    nobody = fit(_snap(), Finalist("Empty"))
    assert (nobody.closes, nobody.narrows, nobody.relieves) == ((), (), ())
    # Eve and Fay close one each; Eve's is critical, so she ranks first; Gus and Hal tie
    # exactly and are ordered by name.
    ranked = compare(
        _snap(),
        [
            Finalist("Fay", {1: 3}),
            Finalist("Hal", {5: 4}),
            Finalist("Eve", {4: 3}),
            Finalist("Gus", {5: 3}),
        ],
    )
    assert [f.finalist.name for f in ranked] == ["Eve", "Fay", "Gus", "Hal"]


def test_a_team_of_one_and_the_scorecard_questions() -> None:
    one = _snap(people=("Ann",))
    # Ann alone: API 1/2, SQL 1/1 (her alone), K8s 0/1, Go 1/2, UX 0/2.
    asked = names(gap_competencies(one))
    # nobody first (largest shortfall first), then below rule (critical first), then SPOFs
    assert asked == ["UX", "K8s", "Go", "API", "SQL"]
    got = fit(one, Finalist("Dee", {3: 2, 2: 3}))
    assert names(got.closes) == ["K8s"] and names(got.relieves) == ["SQL"]
