"""Snapshots kept current from change records, and big loads off the UI thread."""

from __future__ import annotations

import dataclasses

import numpy as np
from insights_data import open_view

from skillmatrix.services import ratings
from skillmatrix.services.cycles import list_cycles
from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.ui import snapshot_cache


def test_applied_changes_equal_a_fresh_load(small) -> None:
    before = load_snapshot(small)
    cycle = list_cycles(small)[-1]
    p, c = before.people, before.competencies
    changes = [
        ratings.rate(small, cycle_id=cycle.id, person_id=p[0].id, competency_id=c[0].id, level=2),
        ratings.rate(
            small, cycle_id=cycle.id, person_id=p[1].id, competency_id=c[4].id, interest=2
        ),
        ratings.rate(
            small, cycle_id=cycle.id, person_id=p[2].id, competency_id=c[2].id, not_applicable=True
        ),
        ratings.rate(
            small, cycle_id=cycle.id, person_id=p[3].id, competency_id=c[3].id, level=None
        ),
        ratings.rate(
            small,
            cycle_id=cycle.id,
            person_id=p[0].id,
            competency_id=c[1].id,
            source="self",
            level=1,
        ),
    ]
    after = dataclasses.replace(
        before,
        levels=before.levels.copy(),
        not_applicable=before.not_applicable.copy(),
        interest=before.interest.copy(),
        notes=dict(before.notes),
    )
    cells = after.apply(changes, "manager")
    assert len(cells) == 4  # the self-assessment is another source
    fresh = load_snapshot(small)
    np.testing.assert_array_equal(after.levels, fresh.levels)
    np.testing.assert_array_equal(after.not_applicable, fresh.not_applicable)
    np.testing.assert_array_equal(after.interest, fresh.interest)
    assert cells == [(0, 0), (1, 4), (2, 2), (3, 3)]
    assert np.isnan(before.levels[0, 0]) or before.levels[0, 0] != 2  # the old one is untouched


def test_a_big_load_runs_in_the_background(qtbot, small, monkeypatch) -> None:
    monkeypatch.setattr(snapshot_cache, "BACKGROUND_CELLS", 0)
    ctx, view = open_view(qtbot, small)
    assert view.charts["heatmap"].heatmap is not None
    assert not view.loader.busy
    ctx.set_team("Search")  # not cached yet: loads in a thread
    qtbot.waitUntil(lambda: view.loader.busy or view.snapshot() is not None, timeout=3000)
    qtbot.waitUntil(lambda: not view.loader.busy, timeout=10000)
    qtbot.waitUntil(lambda: view.charts["heatmap"].heatmap.snapshot.team == "Search")
    # Its risk facts too, analysed in a worker as well (one threshold for both).
    qtbot.waitUntil(
        lambda: view.risk.facts is not None and view.risk.facts.snapshot.team == "Search"
    )


def test_another_database_or_new_people_reload_everything(qtbot, small, tmp_path) -> None:
    from insights_data import grid_db

    from skillmatrix.services.people import add_person

    ctx, view = open_view(qtbot, small)
    add_person(small, name="Eve Novak", team="Payments", role="Backend Engineer")
    ctx.peopleChanged.emit()
    qtbot.waitUntil(lambda: view.charts["heatmap"].heatmap.snapshot.shape[0] == 5)
    assert view.risk.person.findText("Eve Novak (Payments)") >= 0
    other = grid_db(tmp_path / "other.db", 6, 5)
    ctx.set_database(other)
    qtbot.waitUntil(lambda: view.charts["heatmap"].heatmap.snapshot.shape == (6, 5))
    assert view.snapshot().competencies[0].name == "Skill 000"
    other.close()
