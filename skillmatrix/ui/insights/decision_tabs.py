"""The Insights view's decision tabs, each page built the first time its tab is chosen.

Its module is imported then too, so opening Insights stays as light as before.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from skillmatrix.ui.insights.decisions.page import DecisionPage

#: (tab title, module, class): in the order the tabs show.
PAGES = (
    ("Bus factor", "bus_factor", "BusFactorPage"),
    ("Build or hire", "build_hire", "BuildHirePage"),
    ("Reorg", "reorg", "ReorgPage"),
    ("Calibration", "calibration", "CalibrationPage"),
    ("Candidates", "candidates", "CandidatesPage"),
)


class DecisionTabs:
    """Adds the decision tabs to ``tabs`` and builds each page on first show."""

    def __init__(self, ctx: Any, tabs: QTabWidget) -> None:
        self.ctx = ctx
        self.tabs = tabs
        self.hosts: list[QWidget] = []
        self.pages: dict[str, DecisionPage] = {}
        for title, module, _cls in PAGES:
            host = QWidget()
            host.setObjectName(f"{module}Tab")
            QVBoxLayout(host).setContentsMargins(0, 4, 0, 0)
            self.hosts.append(host)
            tabs.addTab(host, title)

    def _index(self) -> int:
        """The decision page shown (index into PAGES), or -1 for another tab."""
        widget = self.tabs.currentWidget()
        return self.hosts.index(widget) if widget in self.hosts else -1

    def page(self, module: str) -> DecisionPage:
        """The page of ``module`` ("bus_factor", ...), built when first asked for."""
        if module not in self.pages:
            import importlib

            k = [m for _t, m, _c in PAGES].index(module)
            mod = importlib.import_module(f"skillmatrix.ui.insights.decisions.{module}")
            page: DecisionPage = getattr(mod, PAGES[k][2])(self.ctx)
            layout = self.hosts[k].layout()
            assert layout is not None
            layout.addWidget(page)
            self.pages[module] = page
        return self.pages[module]

    def ensure_built(self) -> None:
        """Build the current tab's page if it is not built yet."""
        k = self._index()
        if k >= 0:
            self.page(PAGES[k][1])

    def current(self) -> DecisionPage | None:
        """The current tab's page, or None."""
        k = self._index()
        return None if k < 0 else self.page(PAGES[k][1])

    def show(self, module: str) -> DecisionPage:
        """Bring the tab of ``module`` forward (the view then computes it)."""
        page = self.page(module)
        self.tabs.setCurrentWidget(self.hosts[[m for _t, m, _c in PAGES].index(module)])
        return page

    def refresh(self, cycle_id: int | None, team: str | None, version: int) -> None:
        """Recompute the current page for the scope on screen."""
        page = self.current()
        if page is not None:
            page.refresh(cycle_id, team, version)
