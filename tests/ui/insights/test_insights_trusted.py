"""The "Confirmed ratings only" setting (trusted coverage) leaves out stale ratings.

The charts and the risk panel, hand-computed on Core's API design (Ann 4 confirmed; Bob 3
and Cy 4 carried two cycles unconfirmed; the rule asks 2 people at 3+).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
from insights_data import carried_twice, open_view
from PySide6.QtCore import Qt

from skillmatrix.ui import settings

API = "API design"


def _heatmap_column(view: Any) -> dict[str, float | None]:
    """Person -> the level the drawn heatmap image holds for API design.

    None: not rated, drawn masked or, outside the role's targets, in the "over" colour.
    """
    plot = view.charts["heatmap"].heatmap.plot
    cols = [str(label) for label in plot.cols.labels]
    j = next(k for k, c in enumerate(cols) if API in c)
    image = plot.image.get_array()
    out: dict[str, float | None] = {}
    for i, name in enumerate(plot.rows.labels):
        masked = np.ma.getmaskarray(image)[i, j] or float(image[i, j]) == plot.over
        out[str(name)] = None if masked else float(image[i, j])
    return out


def _coverage_bar(view: Any) -> float:
    """The width of API design's bar in the drawn coverage chart (people covering)."""
    ax = view.charts["coverage"].figure.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    k = next(i for i, t in enumerate(labels) if API in t)
    bars = sorted(ax.patches, key=lambda p: p.get_y())
    return float(bars[k].get_width())


def _redrawn(qtbot: Any, view: Any, kind: str) -> None:
    qtbot.waitUntil(lambda: view._shown.get(kind) == view._version, timeout=5000)


def _save(view: Any, name: str) -> None:
    folder = os.environ.get("SKILLMATRIX_SHOTS")
    if folder:
        view.grab().save(str(Path(folder) / name))


def test_confirmed_only_changes_the_heatmap_coverage_and_risks(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = carried_twice(tmp_path / "stale.db")
    try:
        _ctx, view = open_view(qtbot, db, team="Core")
        toggle = view.trusted_toggle
        assert toggle.objectName() == "trustedToggle" and not toggle.isChecked()
        assert toggle.text() == "Confirmed ratings only"
        assert _heatmap_column(view) == {"Ann": 4.0, "Bob": 3.0, "Cy": 4.0}
        assert API not in [r.competency.name for r in view.risk.facts.below_rule]
        assert API not in [r.competency.name for r in view.risk.facts.spofs]

        qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
        _redrawn(qtbot, view, "heatmap")
        assert toggle.isChecked() and settings.trusted_only()
        # Bob's and Cy's ratings are stale: blank in the heatmap, and Ann alone covers.
        assert _heatmap_column(view) == {"Ann": 4.0, "Bob": None, "Cy": None}
        facts = view.risk.facts
        assert facts.trusted_only
        assert API in [r.competency.name for r in facts.below_rule]
        assert [r.covered for r in facts.spofs if r.competency.name == API] == [1]
        assert "confirmed ratings only" in view.scope_label.text()
        # The share of coverage on stale ratings is still measured on every rating.
        assert "2 of 3 covering ratings (67% of coverage) rest on them" in view.risk.stale.text()
        _save(view, "insights-trusted-heatmap.png")

        view.set_chart("coverage")
        _redrawn(qtbot, view, "coverage")
        assert _coverage_bar(view) == 1.0
        view.set_trusted_only(False)
        _redrawn(qtbot, view, "coverage")
        assert _coverage_bar(view) == 3.0
        assert not settings.trusted_only()
        assert API not in [r.competency.name for r in view.risk.facts.below_rule]
    finally:
        db.close()


def test_the_choice_is_remembered_and_follows_the_stale_setting(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.set_trusted_only(True)
    settings.set_stale_after(3)  # two cycles old is not stale at 3: nothing is left out
    db = carried_twice(tmp_path / "stale.db")
    try:
        _ctx, view = open_view(qtbot, db, team="Core")
        assert view.trusted_toggle.isChecked()
        assert "last 3 cycles" in view.trusted_toggle.toolTip()
        assert _heatmap_column(view) == {"Ann": 4.0, "Bob": 3.0, "Cy": 4.0}
        settings.set_stale_after(2)
        view.apply_stale_setting()
        _redrawn(qtbot, view, "heatmap")
        assert _heatmap_column(view) == {"Ann": 4.0, "Bob": None, "Cy": None}
    finally:
        db.close()
