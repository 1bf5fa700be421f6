"""Trusted coverage and open disagreements, computed by hand.

Rule of API: 2 people at >= 3. Q3 is the current cycle; ages count cycles since the
rating was last confirmed::

             API level (confirmed in)   team
    Ann      4 (Q3, fresh)              Core
    Bob      3 (Q1, 2 cycles ago)       Core
    Cy       3 (Q2, 1 cycle ago)        Web
    Dee      3 (Q3)                     Web

Stale after 2 cycles: only Bob's. Core meets API only thanks to Bob; Web's rule holds on
ratings confirmed within the last two cycles.
"""

from __future__ import annotations

from skillmatrix.core.model import Competency, CoverageRule, Cycle, Person, Rating
from skillmatrix.core.snapshot import ages_before, build_snapshot
from skillmatrix.core.trust import open_disagreements, trusted_coverage, without_stale

Q1, Q2, Q3 = Cycle(1, "2026-Q1"), Cycle(2, "2026-Q2"), Cycle(3, "2026-Q3")
API = Competency(1, "API", "Tech", rule=CoverageRule(2, 3))
PEOPLE = [
    Person(1, "Ann", team="Core"),
    Person(2, "Bob", team="Core"),
    Person(3, "Cy", team="Web"),
    Person(4, "Dee", team="Web"),
]


def _snap():  # type: ignore[no-untyped-def]
    return build_snapshot(
        PEOPLE,
        [API],
        [
            Rating(1, 1, 4),
            Rating(2, 1, 3, confirmed_cycle_id=Q1.id),
            Rating(3, 1, 3, confirmed_cycle_id=Q2.id),
            Rating(4, 1, 3),
        ],
        cycle=Q3,
        cycle_ages=ages_before([Q1, Q2, Q3], Q3),
    )


def test_ages_and_staleness() -> None:
    snap = _snap()
    assert snap.confirmed_age is not None
    assert snap.confirmed_age[:, 0].tolist() == [0, 2, 1, 0]
    assert snap.stale(2)[:, 0].tolist() == [False, True, False, False]
    assert snap.stale(1)[:, 0].tolist() == [False, True, True, False]
    assert without_stale(snap).levels[1, 0] != without_stale(snap).levels[1, 0]  # NaN


def test_trusted_coverage_by_team() -> None:
    trusted = trusted_coverage(_snap(), stale_after=2)
    assert (trusted.ratings, trusted.stale) == (4, 1)
    assert (trusted.coverers, trusted.stale_coverers) == (4, 1)
    assert trusted.rests_on_stale == (("Core", "API"),)
    strict = trusted_coverage(_snap(), stale_after=1)  # Cy's rating counts as stale too
    assert strict.rests_on_stale == (("Core", "API"), ("Web", "API"))


def test_open_disagreements_skip_settled_people() -> None:
    manager = _snap()
    own = build_snapshot(
        PEOPLE, [API], [Rating(1, 1, 1), Rating(3, 1, 4), Rating(4, 1, 1)], cycle=Q3
    )
    assert open_disagreements(manager, own) == {"Core": 1, "Web": 1}  # Ann 4/1, Dee 3/1
    assert open_disagreements(manager, own, settled={1}) == {"Web": 1}


def test_trusted_coverage_holds_one_team_at_a_time(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Each team's subset is built when judged and dropped after.

    Every team's subset held at once was a second copy of the snapshot (about 120 MB at
    20,000 people).
    """
    import gc
    import weakref

    from skillmatrix.core import trust
    from skillmatrix.core.snapshot import Snapshot

    made: list[weakref.ref[object]] = []
    alive: list[int] = []
    real_subset, real_coverage = Snapshot.subset, trust.analytics.coverage

    def subset(self: Snapshot, mask):  # type: ignore[no-untyped-def]
        sub = real_subset(self, mask)
        made.append(weakref.ref(sub.levels))
        return sub

    def coverage(snap):  # type: ignore[no-untyped-def]
        gc.collect()
        alive.append(sum(ref() is not None for ref in made))
        return real_coverage(snap)

    monkeypatch.setattr(Snapshot, "subset", subset)
    monkeypatch.setattr(trust.analytics, "coverage", coverage)
    got = trusted_coverage(_snap(), 2)
    assert got.rests_on_stale == (("Core", "API"),)  # same answer as before
    assert len(made) == 2 and max(alive) == 1
