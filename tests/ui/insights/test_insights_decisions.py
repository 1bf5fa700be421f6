"""The Insights view's decision tabs, driven by mouse and keyboard.

What each shows is what the services compute, and Apply / Record are one undoable step each.
"""

from __future__ import annotations

import datetime as dt

import pytest
from insights_data import open_view
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from skillmatrix.core.frameworks import CompetencySpec, Framework
from skillmatrix.core.growth import NEVER
from skillmatrix.core.model import CoverageRule, Seniority
from skillmatrix.services import cycles, leaves, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services.calibration import calibration
from skillmatrix.services.database import open_database
from skillmatrix.services.growth import build_or_hire
from skillmatrix.services.risk import departure_risk
from skillmatrix.store import models


def _choose_tab(qtbot, view, title: str):
    bar = view.tabs.tabBar()
    index = next(k for k in range(bar.count()) if bar.tabText(k) == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    page = view.decisions.current()
    assert page is not None
    _settle(qtbot, page)
    return page


def _settle(qtbot, page) -> None:
    qtbot.waitUntil(lambda: page.shown is not None and page.worker.latest is None, timeout=10000)


def test_first_open_builds_no_decision_page(qtbot, small) -> None:
    _ctx, view = open_view(qtbot, small)
    assert view.decisions.pages == {}
    assert [view.tabs.tabText(k) for k in range(view.tabs.count())] == [
        "Charts and risks",
        "Bus factor",
        "Build or hire",
        "Reorg",
        "Calibration",
        "Candidates",
    ]


@pytest.fixture
def core_db(tmp_path):
    """Core: Ann 4 and Bob 3 in API (rule 2 at >=3), Ann 3 in SQL (rule 1 at >=3)."""
    db = open_database(tmp_path / "core.db")
    spec = [
        CompetencySpec(name=n, category="Tech", description="", rule=CoverageRule(k, 3), targets={})
        for n, k in (("API", 2), ("SQL", 1))
    ]
    fw.install_framework(db, Framework(name="Eng", description="", competencies=tuple(spec)))
    q = cycles.start_cycle(db, name="2027-Q1")
    comps = {c.name: c.id for c in fw.list_competencies(db)}
    for name, levels in (("Ann", {"API": 4, "SQL": 3}), ("Bob", {"API": 3})):
        pid = people.add_person(db, name=name, team="Core", seniority=Seniority.MID).id
        for comp, level in levels.items():
            ratings.rate(db, cycle_id=q.id, person_id=pid, competency_id=comps[comp], level=level)
    yield db
    db.close()


def test_bus_factor_tab_shows_breaking_sets_pairs_and_leave_weeks(qtbot, core_db) -> None:
    bob = people.find_person(core_db, "Bob").id
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    leaves.add_leave(
        core_db,
        person_id=bob,
        start=monday + dt.timedelta(weeks=1),
        end=monday + dt.timedelta(weeks=1, days=2),
        kind="sabbatical",
    )
    ctx, view = open_view(qtbot, core_db)
    # the risk panel beside the charts names the week the calendar breaks a rule
    box = view.risk.boxes["leave"]
    assert box.isVisibleTo(view.risk)
    assert box.title() == "Leave calendar (1 of 13 weeks break a rule)"
    assert "Bob away" in view.risk.leave_text.text()
    assert "API (Core)" in view.risk.leave_text.text()
    page = _choose_tab(qtbot, view, "Bus factor")
    # hand-computed: one departure (Ann) breaks either rule; Ann and Bob together break both
    assert page.table.texts() == [["Core · API", "1", "Ann"], ["Core · SQL", "1", "Ann"]]
    assert page.pairs.texts() == [["Core", "Ann and Bob", "2: API, SQL"]]
    assert "<b>2</b> competencies break with one departure" in page.headline.text()
    weeks = page.calendar.texts()
    assert page.calendar.isVisibleTo(page) and len(weeks) == 13
    assert weeks[0] == [monday.isoformat(), "nobody", "—"]
    assert weeks[1] == [(monday + dt.timedelta(weeks=1)).isoformat(), "Bob", "API (Core)"]
    assert "1 of the next 13 weeks break a rule" in page.calendar_text.text()
    _snap, data = departure_risk(core_db)
    assert [r["breaking_set"] for r in data["competencies"]] == [["Ann"], ["Ann"]]
    # a leave removed (the Team view emits peopleChanged): the panel reads the calendar again
    leaves.remove_leaves(core_db, [lv.id for lv in leaves.list_leaves(core_db)])
    ctx.peopleChanged.emit()
    view.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: not box.isVisibleTo(view.risk), timeout=5000)


def test_build_or_hire_follows_the_horizon_typed(qtbot, demo) -> None:
    _ctx, view = open_view(qtbot, demo, team="Platform")
    page = _choose_tab(qtbot, view, "Build or hire")

    def expected(horizon: int) -> list[list[str]]:
        _s, _m, plans, _h = build_or_hire(demo, team="Platform", horizon=horizon)
        return [[p.verdict.upper(), p.competency.name, str(p.needed)] for p in plans]

    assert [r[:3] for r in page.table.texts()] == expected(2)
    page.horizon.setFocus()
    for _ in range(10):
        qtbot.keyClick(page.horizon, Qt.Key.Key_Up)
    _settle(qtbot, page)
    assert page.horizon.value() == 12
    shown = [r[:3] for r in page.table.texts()]
    assert shown == expected(12)
    plans = build_or_hire(demo, team="Platform", horizon=12)[2]
    grow = sum(p.verdict == "grow" for p in plans)
    assert f"<b>{grow}</b> likely closed from within by 12 cycles" in page.headline.text()
    assert any(p.cycles < NEVER for p in plans)


def test_reorg_split_shows_before_and_after_and_applies_as_one_undo_step(qtbot, small) -> None:
    ctx, view = open_view(qtbot, small)
    page = _choose_tab(qtbot, view, "Reorg")
    ben = people.find_person(small, "Ben Okafor").id
    row = next(
        k for k in range(page.people.count()) if page.people.item(k).text().startswith("Ben")
    )
    page.people.setCurrentRow(row, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    page.team.lineEdit().clear()
    qtbot.keyClicks(page.team.lineEdit(), "Payments Two")
    qtbot.mouseClick(page.move_button, Qt.MouseButton.LeftButton)
    _settle(qtbot, page)
    assert [page.moves_list.item(k).text() for k in range(page.moves_list.count())] == [
        "Ben Okafor (Payments) → Payments Two"
    ]
    teams = {}
    for k in range(page.table.topLevelItemCount()):
        top = page.table.topLevelItem(k)
        teams[top.text(0)] = {
            top.child(c).text(0): (top.child(c).text(1), top.child(c).text(2))
            for c in range(top.childCount())
        }
    assert set(teams) == {"Payments", "Payments Two"}
    assert teams["Payments"]["People"] == ("2", "1")
    assert teams["Payments Two"]["People"] == ("(nobody)", "1")
    assert people.get_person(small, ben).team == "Payments"  # nothing written yet
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    assert people.get_person(small, ben).team == "Payments Two"
    assert ctx.undo_stack.count() == 1 and page.moves == {}
    ctx.undo_stack.undo()
    assert people.get_person(small, ben).team == "Payments"
    assert "Payments Two" not in {t.name for t in people.list_teams(small)}
    ctx.undo_stack.redo()
    assert people.get_person(small, ben).team == "Payments Two"


def _history(db) -> list[tuple[str, int | None, int | None]]:
    with db.session() as s:
        rows = s.scalars(select(models.RatingHistory).order_by(models.RatingHistory.id))
        return [(r.action, r.old_level, r.new_level) for r in rows]


def test_calibration_lists_raters_and_records_agreed_values_as_one_step(qtbot, demo) -> None:
    ctx, view = open_view(qtbot, demo)
    page = _choose_tab(qtbot, view, "Calibration")
    snap, cal = calibration(demo)
    assert [r[0] for r in page.raters.texts()] == [r.rater for r in cal.raters]
    assert page.discuss.rowCount() == len(cal.discuss) > 0
    first, second = cal.discuss[0], cal.discuss[1]
    assert page.discuss.item(0, 0).text() == first.person.name
    new_first = (first.level + 1) % 5
    new_second = (second.level + 2) % 5
    for row, level in ((0, new_first), (1, new_second)):
        page.discuss.setCurrentCell(row, 6)
        page.discuss.setFocus()
        qtbot.keyClicks(page.discuss, str(level))  # typing opens the cell's editor
        editor = QApplication.focusWidget()
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda r=row, v=level: page.discuss.item(r, 6).text() == str(v))
    assert page.agreed_values()[0] == [
        (first.person.id, first.competency.id, new_first),
        (second.person.id, second.competency.id, new_second),
    ]
    before = len(_history(demo))
    qtbot.mouseClick(page.record, Qt.MouseButton.LeftButton)
    # One history row per agreed cell; the store writes a batch in cell order, not typing order.
    assert sorted(_history(demo)[before:]) == sorted(
        [("calibration", first.level, new_first), ("calibration", second.level, new_second)]
    )
    assert ctx.undo_stack.count() == 1
    cycle = snap.cycle.id

    def get(d):
        rating = ratings.get_rating(
            demo, cycle_id=cycle, person_id=d.person.id, competency_id=d.competency.id
        )
        return rating.level

    assert (get(first), get(second)) == (new_first, new_second)
    ctx.undo_stack.undo()
    assert (get(first), get(second)) == (first.level, second.level)
    # the ratings changed: the page computes again and shows the discussion afresh
    qtbot.waitUntil(lambda: page.discuss.item(0, 6).text() == "", timeout=5000)
    _settle(qtbot, page)
    assert page.discuss.rowCount() == len(calibration(demo)[1].discuss)


def test_candidates_typed_and_imported_are_compared(qtbot, core_db, tmp_path) -> None:
    from openpyxl import load_workbook

    _ctx, view = open_view(qtbot, core_db)
    page = _choose_tab(qtbot, view, "Candidates")
    assert page.team.currentText() == "Core"
    # API is met by two; SQL rests on Ann alone: the only question
    assert [page.scores.item(k, 0).text() for k in range(page.scores.rowCount())] == ["SQL"]
    qtbot.keyClicks(page.name, "Dee")
    page.scores.setCurrentCell(0, 2)
    page.scores.setFocus()
    qtbot.keyClicks(page.scores, "4")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.scores.item(0, 2).text() == "4")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    _settle(qtbot, page)
    assert page.table.texts() == [["Dee", "—", "—", "SQL"]]
    form = page.write_form(tmp_path / "card.xlsx")
    assert form is not None
    wb = load_workbook(form)
    wb["Scorecard"]["B3"] = "Eve"
    wb["Scorecard"]["E7"] = "1 - Basic"  # below the rule's level: changes nothing
    wb.save(tmp_path / "eve.xlsx")
    assert page.import_files([tmp_path / "eve.xlsx"])
    _settle(qtbot, page)
    assert page.table.texts() == [["Dee", "—", "—", "SQL"], ["Eve", "—", "—", "—"]]
