"""The view around the grid: sources, navigation, find, sort, filters, reopening, the model."""

from __future__ import annotations

from pathlib import Path

from assess_data import SmallOrg
from PySide6.QtCore import QModelIndex, QSettings

from skillmatrix.core.model import Source
from skillmatrix.services import people
from skillmatrix.services.database import open_database
from skillmatrix.services.ratings import get_rating, rate
from skillmatrix.ui.assess import AssessView
from skillmatrix.ui.assess.roles import Role
from skillmatrix.ui.assess.rows import SortOrder
from skillmatrix.ui.context import AppContext


def at(view: AssessView, row: int, col: int) -> None:
    view.grid.go_to(view.model.index(row, col))


def test_both_mode_marks_a_self_rating_two_away(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:
    m = view.model
    (p0, c0), (_, c1) = m.cell_id(0, 0), m.cell_id(0, 1)
    cyc = org.cycle.id
    for cid, manager, own in ((c0, 1, 3), (c1, 2, 3)):
        rate(org.db, cycle_id=cyc, person_id=p0, competency_id=cid, level=manager)
        rate(org.db, cycle_id=cyc, person_id=p0, competency_id=cid, level=own, source="self")
    with qtbot.waitSignal(m.modelReset):
        ctx.set_source("both")
    assert m.comparing
    assert m.data(m.index(0, 0)) == "1"  # manager levels are shown
    assert m.data(m.index(0, 0), Role.DIFFERS) is True
    assert m.data(m.index(0, 1), Role.DIFFERS) is False  # only 1 apart
    assert m.data(m.index(0, 0), Role.SELF_LEVEL) == 3
    tip = view._tooltip(m.index(0, 0))
    assert "Manager: <b>1 · Awareness" in tip and "Self: <b>3 · Proficient" in tip
    assert "differ by 2 or more" in tip
    at(view, 0, 1)
    qtbot.keyClick(view.grid, "0")  # edits the manager rating
    assert get_rating(org.db, cycle_id=cyc, person_id=p0, competency_id=c1).level == 0
    own = get_rating(org.db, cycle_id=cyc, person_id=p0, competency_id=c1, source="self")
    assert own.level == 3
    assert m.data(m.index(0, 1), Role.DIFFERS) is True
    # a self rating stored elsewhere updates the mark in place
    change = rate(org.db, cycle_id=cyc, person_id=p0, competency_id=c0, level=2, source="self")
    ctx.ratingsChanged.emit([change])
    assert m.data(m.index(0, 0), Role.DIFFERS) is False


def test_self_mode_shows_and_edits_self_ratings(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:
    with qtbot.waitSignal(view.model.modelReset):
        ctx.set_source("self")
    assert view.toolbar.title.text() == "2026-Q3 · Self-assessments · All teams"
    at(view, 1, 0)
    qtbot.keyClick(view.grid, "4")
    pid, cid = view.model.cell_id(1, 0)
    args = {"cycle_id": org.cycle.id, "person_id": pid, "competency_id": cid}
    assert get_rating(org.db, **args, source=Source.SELF).level == 4
    assert get_rating(org.db, **args) is None


def test_show_rating_selects_and_clears_the_role_filter(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:
    other = people.add_person(org.db, name="Grace Hopper", team="Platform", seniority="Senior")
    ctx.peopleChanged.emit()
    qtbot.waitUntil(lambda: view.model.rowCount() == 5)
    view.set_role_filter("Backend Engineer")
    assert view.model.rowCount() == 4
    comp = org.competencies[7]
    ctx.showRating.emit(other.id, comp.id)
    idx = view.grid.currentIndex()
    assert view.model.cell_id(idx.row(), idx.column()) == (other.id, comp.id)
    assert view.grid.selectionModel().isSelected(idx)
    assert view.toolbar.current_role() is None


def test_show_rating_clears_the_team_filter(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:
    other = people.add_person(org.db, name="Grace Hopper", team="Platform", seniority="Senior")
    with qtbot.waitSignal(view.model.modelReset):
        ctx.set_team("Payments")
    assert view.model.rowCount() == 4
    assert view.show_rating(other.id, org.competencies[0].id)
    assert ctx.team is None and view.model.rowCount() == 5


def test_reopening_the_database_shows_the_ratings(
    qtbot, view: AssessView, org: SmallOrg, tmp_path: Path, settings: QSettings
) -> None:
    at(view, 0, 0)
    for key in "3210":
        qtbot.keyClick(view.grid, key)
    at(view, 1, 0)
    qtbot.keyClick(view.grid, "n")
    path = org.db.path
    org.db.close()
    db = open_database(path)
    try:
        ctx = AppContext(db)
        again = AssessView(ctx, settings=settings)
        qtbot.addWidget(again)
        again.reload()
        m = again.model
        assert [m.data(m.index(0, c)) for c in range(5)] == ["3", "2", "1", "0", ""]
        assert m.data(m.index(1, 0)) == "n/a"
        assert again.toolbar.title.text().startswith("2026-Q3")
    finally:
        db.close()


def test_model_passes_qt_model_tester(
    qtbot, qtmodeltester, view: AssessView, ctx: AppContext
) -> None:
    at(view, 0, 0)
    for key in "3n2i":
        qtbot.keyClick(view.grid, key)
    qtmodeltester.check(view.model, force_py=False)
    with qtbot.waitSignal(view.model.modelReset):
        ctx.set_source("both")
    qtmodeltester.check(view.model, force_py=False)


def _full_tooltip(qtbot, view: AssessView, index: QModelIndex) -> str:  # type: ignore[no-untyped-def]
    """A cell's tooltip once what it lists from the database is read (in the background)."""
    view._tooltip(index)  # asks for it
    row, col = index.row(), index.column()
    qtbot.waitUntil(lambda: view.tooltip_details.is_fresh(view.model, row, col), timeout=5000)
    return view._tooltip(index)


def test_tooltip_tells_level_target_interest_note_and_who(
    qtbot, view: AssessView, org: SmallOrg
) -> None:
    m = view.model
    ada = next(r for r in range(m.rowCount()) if m.person(r).name == "Ada Lovelace")
    pid, cid = m.cell_id(ada, 1)  # Ada is Senior: target 3 in System design
    rate(
        org.db,
        cycle_id=org.cycle.id,
        person_id=pid,
        competency_id=cid,
        level=1,
        interest=3,
        note="Shadowing the design reviews",
        rated_by="maria",
    )
    view.reload()
    tip = _full_tooltip(qtbot, view, m.index(ada, 1))
    comp = m.competency(1)
    assert comp.name == "System design"
    for text in (
        comp.name,
        "1 · Awareness",
        comp.level_descriptions[1],
        "Target (Senior, Backend Engineer): 3 · Proficient — below target by 2",
        "Interest: Keen to grow",
        "Note: Shadowing the design reviews",
        "Rated by maria on",
    ):
        assert text in tip, text
    assert m.data(m.index(ada, 1), Role.BELOW_TARGET) is True
    assert "not rated" in view._tooltip(m.index(ada, 2))


def test_tooltip_lists_the_cells_recent_changes(qtbot, view: AssessView, org: SmallOrg) -> None:
    m = view.model
    pid, cid = m.cell_id(0, 0)
    for level, who in ((1, "maria"), (2, "leo"), (3, "maria"), (4, "sam")):
        rate(
            org.db,
            cycle_id=org.cycle.id,
            person_id=pid,
            competency_id=cid,
            level=level,
            rated_by=who,
        )
    view.reload()
    tip = _full_tooltip(qtbot, view, m.index(0, 0))
    assert "Recent changes:" in tip
    assert "sam: 3 → 4 (rate)" in tip and "maria: 2 → 3 (rate)" in tip
    assert "leo: 1 → 2 (rate)" in tip and "not rated → 1" not in tip  # the latest three


def test_find_jumps_to_people_then_competencies(qtbot, view: AssessView) -> None:
    view.focus_find()
    assert view.toolbar.find_edit.hasFocus()
    qtbot.keyClicks(view.toolbar.find_edit, "an")  # Claude Shannon, then competencies with "an"
    qtbot.keyClick(view.toolbar.find_edit, "\r")
    idx = view.grid.currentIndex()
    assert "an" in view.model.person(idx.row()).name.casefold()
    first = view.toolbar.find_result.text()
    assert first.startswith("1 of ")
    total = int(first.split()[-1])
    for _ in range(total - 1):
        qtbot.keyClick(view.toolbar.find_edit, "\r")
    idx = view.grid.currentIndex()
    assert "an" in view.model.competency(idx.column()).name.casefold()
    assert not view.find_next("no such thing")
    assert view.toolbar.find_result.text() == "No match"


def test_sort_by_gap_and_by_name(qtbot, view: AssessView, org: SmallOrg) -> None:
    m = view.model
    grouped = [m.person(r).name for r in range(m.rowCount())]
    assert grouped[0] == "Dennis Ritchie"  # Payments, most senior first
    view.toolbar.sort.setCurrentIndex(view.toolbar.sort.findText(SortOrder.NAME.value))
    assert [m.person(r).name for r in range(m.rowCount())] == sorted(grouped)
    for p in org.people[1:]:  # everyone but Ada reaches every target
        for c in org.competencies:
            rate(org.db, cycle_id=org.cycle.id, person_id=p.id, competency_id=c.id, level=4)
    view.reload()
    view.set_sort(SortOrder.GAP)
    assert m.person(0).name == "Ada Lovelace"
    assert view.toolbar.sort.currentText() == SortOrder.GAP.value


def test_empty_database_explains_itself(qtbot, tmp_path: Path, settings: QSettings) -> None:
    db = open_database(tmp_path / "empty.db")
    try:
        view = AssessView(AppContext(db), settings=settings)
        qtbot.addWidget(view)
        view.show()
        qtbot.waitExposed(view)
        assert view.model.rowCount() == 0
        assert "start one" in view.banner.text()
        assert "add people" in view.empty.text()
    finally:
        db.close()
