"""The review mode, driven by the keyboard: one key per competency, then Enter finishes."""

from __future__ import annotations

from assess_data import SmallOrg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from skillmatrix.core.model import Source
from skillmatrix.core.review import ReviewState
from skillmatrix.services import ratings, reconcile, review
from skillmatrix.ui.assess import AssessView
from skillmatrix.ui.review_mode import AGREED, ReviewDialog


def _self_and_manager(org: SmallOrg) -> tuple[int, list[int]]:
    """Ada: manager 1 everywhere; self 4 in the last competency (3 apart), 2 elsewhere."""
    ada = org.people[0].id
    comps = [c.id for c in org.competencies]
    ratings.rate_many(org.db, cycle_id=org.cycle.id, cells=[(ada, c) for c in comps], level=1)
    ratings.rate_many(
        org.db, cycle_id=org.cycle.id, cells=[(ada, c) for c in comps[:-1]], level=2,
        source=Source.SELF,
    )  # fmt: skip
    ratings.rate(
        org.db, cycle_id=org.cycle.id, person_id=ada, competency_id=comps[-1], level=4,
        note="ran the on-call rotation", source=Source.SELF,
    )  # fmt: skip
    return ada, comps


def _open(qtbot, view: AssessView, person_id: int) -> ReviewDialog:  # type: ignore[no-untyped-def]
    first = view.model.snapshot.competencies[0].id  # type: ignore[union-attr]
    view.grid.setCurrentIndex(view.model.index_of(person_id, first))
    view.grid.setFocus()
    qtbot.keyClick(view.grid, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialogs = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, ReviewDialog) and w.parent() is view and w.isVisible()
    ]
    assert len(dialogs) == 1
    return dialogs[0]


def test_review_by_keyboard_reconciles_and_marks_the_person_agreed(
    qtbot,
    org: SmallOrg,
    view: AssessView,  # type: ignore[no-untyped-def]
) -> None:
    ada, comps = _self_and_manager(org)
    view.reload()
    dlg = _open(qtbot, view, ada)
    table = dlg.table
    # The far-apart competency comes first, its note beside it.
    assert dlg.items[0].competency_id == comps[-1]
    assert "3 apart" in table.item(0, 0).text()
    assert table.item(0, 5).text() == "ran the on-call rotation"
    qtbot.keyClick(table, Qt.Key.Key_3)  # agreed on 3
    qtbot.keyClick(table, Qt.Key.Key_M)  # keep the manager's 1
    for _ in range(len(comps) - 2):
        qtbot.keyClick(table, Qt.Key.Key_Return)  # accept the self rating (2)
    assert dlg.progress.text().startswith(f"Decided {len(comps)} of {len(comps)}")
    assert table.item(0, AGREED).text() == "3"
    assert dlg.focusWidget() is dlg.finish_button
    qtbot.keyClick(dlg.finish_button, Qt.Key.Key_Return)
    assert dlg.finished_review and not dlg.isVisible()

    cyc = org.cycle.id
    got = {
        c: ratings.get_rating(org.db, cycle_id=cyc, person_id=ada, competency_id=c) for c in comps
    }
    assert got[comps[-1]].level == 3  # type: ignore[union-attr]
    kept = dlg.items[1].competency_id
    assert got[kept].level == 1  # type: ignore[union-attr]
    assert sorted(r.level for c, r in got.items() if c not in (kept, comps[-1])) == [2] * (
        len(comps) - 2
    )
    own = ratings.get_rating(
        org.db, cycle_id=cyc, person_id=ada, competency_id=comps[-1], source="self"
    )
    assert own is not None and own.level == 4  # the self input stays as given
    states = {r.person.id: r.state for r in review.cycle_status(org.db).people}
    assert states[ada] is ReviewState.AGREED
    # The grid shows the agreed levels at once (ratingsChanged), and one undo step each.
    j = [c.id for c in view.model.snapshot.competencies].index(comps[-1])  # type: ignore[union-attr]
    assert view.model.snapshot.levels[view.model.snapshot.person_index(ada), j] == 3  # type: ignore[union-attr]
    assert view._ctx.undo_stack.count() == len(comps) - 1  # keeping an unchanged 1 stores nothing


def test_a_digit_outside_the_scale_says_so_and_stays_on_the_row(
    qtbot,
    org: SmallOrg,
    view: AssessView,  # type: ignore[no-untyped-def]
) -> None:
    ada, _comps = _self_and_manager(org)
    view.reload()
    dlg = _open(qtbot, view, ada)
    qtbot.keyClick(dlg.table, Qt.Key.Key_9)
    assert dlg.progress.text().startswith("Not saved:") and dlg.table.currentRow() == 0
    assert not dlg.decided
    dlg.close()


def test_review_items_match_what_the_dialog_lists(
    qtbot,
    org: SmallOrg,
    view: AssessView,  # type: ignore[no-untyped-def]
) -> None:
    ada, _comps = _self_and_manager(org)
    view.reload()
    dlg = _open(qtbot, view, ada)
    items = reconcile.review_items(org.db, cycle_id=org.cycle.id, person_id=ada)
    assert [dlg.table.item(r, 0).text().split("  (")[0] for r in range(dlg.table.rowCount())] == [
        i.competency for i in items
    ]
    dlg.close()
