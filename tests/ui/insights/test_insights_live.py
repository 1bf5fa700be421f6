"""The Insights view follows changes committed by another connection (``ui.live``)."""

from __future__ import annotations

from insights_data import open_view

from skillmatrix.core import analytics
from skillmatrix.services.cycles import list_cycles
from skillmatrix.services.database import open_database
from skillmatrix.services.ratings import rate
from skillmatrix.ui.live import LiveUpdates

WAIT_MS = 5000


def test_insights_heatmap_and_risk_panel_follow_another_connection(qtbot, small) -> None:  # type: ignore[no-untyped-def]
    """The Insights heatmap and risk panel follow a change from another connection.

    The view patches its snapshot and rebuilds the risk panel, as after an edit of its own.
    """
    ctx, view = open_view(qtbot, small)
    live = LiveUpdates(ctx)
    try:
        qtbot.waitUntil(lambda: live.running, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: view.risk.facts is not None, timeout=WAIT_MS)
        snap = view.snapshot()
        spof = analytics.single_points_of_failure(snap)[0]
        backup = next(p for p in snap.people if p.id != spof.coverers[0].id)
        cycle = list_cycles(small)[-1]
        assert small.path is not None
        with open_database(small.path) as other:
            rate(
                other, cycle_id=cycle.id, person_id=backup.id,
                competency_id=spof.competency.id, level=4,
            )  # fmt: skip
        qtbot.waitUntil(
            lambda: spof.competency.id not in [r.competency.id for r in view.risk.facts.spofs],
            timeout=WAIT_MS,
        )
        shown = view.snapshot()
        i, j = shown.person_index(backup.id), shown.competency_index(spof.competency.id)
        assert shown.levels[i, j] == 4
    finally:
        live.stop()
