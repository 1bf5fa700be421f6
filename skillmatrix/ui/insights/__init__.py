"""The Insights view: charts of the team's skills and a risk panel, following edits live.

``InsightsView`` is imported lazily: importing it imports matplotlib, which the main
window does only the first time Insights is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from skillmatrix.ui.insights.view import InsightsView

__all__ = ["InsightsView"]


def __getattr__(name: str) -> Any:
    if name == "InsightsView":
        from skillmatrix.ui.insights.view import InsightsView

        return InsightsView
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
