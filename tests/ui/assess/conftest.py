"""Fixtures of the Assess view tests: a real SQLite database and a view over it."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# (skillmatrix.ui guards against PySide6 6.12's None reference leak on Python 3.11.)

from collections.abc import Iterator
from pathlib import Path

import pytest
from assess_data import SmallOrg, small_org
from PySide6.QtCore import QSettings

from skillmatrix.ui.assess import AssessView
from skillmatrix.ui.context import AppContext


@pytest.fixture
def org(tmp_path: Path) -> Iterator[SmallOrg]:
    o = small_org(tmp_path / "skills.db")
    yield o
    o.db.close()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def ctx(qtbot, org: SmallOrg) -> AppContext:  # type: ignore[no-untyped-def]
    c = AppContext(org.db)
    c.cycle = org.cycle
    return c


@pytest.fixture
def view(qtbot, ctx: AppContext, settings: QSettings) -> AssessView:  # type: ignore[no-untyped-def]
    v = AssessView(ctx, settings=settings)
    qtbot.addWidget(v)
    v.resize(1200, 700)
    v.show()
    qtbot.waitExposed(v)
    v.grid.setFocus()
    return v
