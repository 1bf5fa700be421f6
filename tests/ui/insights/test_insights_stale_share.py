"""The risk panel says how much coverage rests on stale ratings (hand-computed)."""

from __future__ import annotations

from insights_data import carried_twice, open_view

from skillmatrix.ui import settings


def test_risk_panel_shows_the_share_of_coverage_on_stale_ratings(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = carried_twice(tmp_path / "stale.db")
    try:
        _ctx, view = open_view(qtbot, db, team="Core")
        text = view.risk.stale.text()
        # 3 ratings, Bob's and Cy's 2 cycles old; all 3 cover; without them 1 < 2 people.
        assert view.risk.stale.isVisibleTo(view.risk)
        assert "2 of 3 ratings were not confirmed in the last 2 cycles" in text
        assert "2 of 3 covering ratings (67% of coverage) rest on them" in text
        assert "Met only thanks to them: API design." in text
    finally:
        db.close()


def test_a_longer_stale_setting_finds_nothing_stale(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.set_stale_after(3)
    db = carried_twice(tmp_path / "stale.db")
    try:
        _ctx, view = open_view(qtbot, db, team="Core")
        assert view.risk.stale.text().endswith(
            "Every rating was confirmed within the last 3 cycles: coverage rests on none.</span>"
        )
    finally:
        db.close()
