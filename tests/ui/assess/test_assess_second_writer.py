"""The grid with a second writer on the same file.

Undo and redo are compare-and-set (a value another program stored since is never erased, and
the stack stays put), and an edit made while another program holds the write lock waits for
it off the UI thread.
"""

from __future__ import annotations

import re
import subprocess
import sys

from assess_data import SmallOrg
from PySide6.QtCore import QTimer

from skillmatrix.services.ratings import get_rating, rate
from skillmatrix.ui.assess import AssessView
from skillmatrix.ui.context import AppContext


def at(view: AssessView, row: int, col: int) -> None:
    view.grid.go_to(view.model.index(row, col))


def _stored_level(org: SmallOrg, pid: int, cid: int) -> int | None:
    rating = get_rating(org.db, cycle_id=org.cycle.id, person_id=pid, competency_id=cid)
    return rating.level if rating else None


def test_undo_after_another_program_changed_the_cell_refuses_and_keeps_its_value(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:
    failed: list[str] = []
    ctx.failed.connect(failed.append)
    pid, cid = view.model.cell_id(0, 0)
    at(view, 0, 0)
    qtbot.keyClick(view.grid, "1")
    assert _stored_level(org, pid, cid) == 1
    # Another program (here: the service, outside this window) stores a new level.
    rate(org.db, cycle_id=org.cycle.id, person_id=pid, competency_id=cid, level=4)
    index = ctx.undo_stack.index()
    assert ctx.undo() is False
    assert _stored_level(org, pid, cid) == 4  # the other program's value is kept
    assert ctx.undo_stack.index() == index and ctx.undo_stack.canUndo()  # the stack stayed
    person, competency = view.model.person(0).name, view.model.competency(0).name
    assert len(failed) == 1 and "\n" not in failed[0]
    assert f"{person} · {competency} was changed by " in failed[0]
    assert "since you loaded it" in failed[0]
    assert "now 4 Expert, not 1 Awareness" in failed[0]


def test_the_stacks_own_undo_keeps_another_programs_value_too(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:
    pid, cid = view.model.cell_id(0, 1)
    at(view, 0, 1)
    qtbot.keyClick(view.grid, "2")
    rate(org.db, cycle_id=org.cycle.id, person_id=pid, competency_id=cid, level=3)
    ctx.undo_stack.undo()  # QUndoStack's own path (not through the context)
    assert _stored_level(org, pid, cid) == 3


def test_redo_after_another_program_changed_the_cell_refuses(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:
    failed: list[str] = []
    ctx.failed.connect(failed.append)
    pid, cid = view.model.cell_id(1, 1)
    at(view, 1, 1)
    qtbot.keyClick(view.grid, "2")
    assert ctx.undo() is True and _stored_level(org, pid, cid) is None
    rate(org.db, cycle_id=org.cycle.id, person_id=pid, competency_id=cid, note="from HR")
    index = ctx.undo_stack.index()
    assert ctx.redo() is False
    assert ctx.undo_stack.index() == index and ctx.undo_stack.canRedo()
    stored = get_rating(org.db, cycle_id=org.cycle.id, person_id=pid, competency_id=cid)
    assert stored is not None and stored.note == "from HR" and stored.level is None
    assert "was changed by " in failed[-1] and "not not rated" in failed[-1]


def test_undo_and_redo_still_work_when_nobody_else_wrote(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:
    saved: list[str] = []
    ctx.saved.connect(saved.append)
    pid, cid = view.model.cell_id(0, 0)
    at(view, 0, 0)
    qtbot.keyClick(view.grid, "3")
    at(view, 0, 0)
    qtbot.keyClick(view.grid, "1")
    assert ctx.undo() is True and _stored_level(org, pid, cid) == 3
    # Says what the cell went back to, not the value of the undone edit.
    assert saved[-1].startswith("Undone “") and saved[-1].endswith(
        "→ 1 Awareness”: back to 3 Proficient"
    )
    assert ctx.undo() is True and _stored_level(org, pid, cid) is None
    assert saved[-1].endswith("back to not rated")
    assert ctx.redo() is True and _stored_level(org, pid, cid) == 3
    assert saved[-1].startswith("Redone: ")


HOLDER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("INSERT INTO teams (name) VALUES ('Other program')")
print("holding", flush=True)
time.sleep(1.0)
con.execute("COMMIT")
"""


def test_an_edit_made_while_another_program_writes_waits_without_freezing_the_window(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:
    waiting: list[str] = []
    ctx.waiting.connect(waiting.append)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    pid, cid = view.model.cell_id(2, 0)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(org.db.path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        at(view, 2, 0)
        ticks.clear()
        qtbot.keyClick(view.grid, "2")  # returns once stored, after the other commit
        assert _stored_level(org, pid, cid) == 2
        assert ticks  # the UI thread kept running its event loop while the edit waited
        assert waiting and "another program" in waiting[0]
        assert ctx.undo_stack.canUndo()
        assert view.model.data(view.model.index(2, 0)) == "2"
    finally:
        timer.stop()
        holder.wait(timeout=30)


def test_an_edit_of_a_cell_another_manager_changed_since_is_refused_and_shows_theirs(
    qtbot, view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:
    """An edit of a cell another manager changed since is refused, naming who and when.

    The message is "changed by NAME at TIME since you loaded it": nothing is overwritten,
    the cell shows the stored value, and pressing the key again applies it.
    """
    failed: list[str] = []
    ctx.failed.connect(failed.append)
    pid, cid = view.model.cell_id(1, 0)
    at(view, 1, 0)
    qtbot.keyClick(view.grid, "1")
    assert _stored_level(org, pid, cid) == 1
    # Another manager (outside this window, which still shows 1) stores 4.
    rate(org.db, cycle_id=org.cycle.id, person_id=pid, competency_id=cid, level=4, rated_by="bob")
    assert view.model.data(view.model.index(1, 0)) == "1"
    undo_steps = ctx.undo_stack.count()
    at(view, 1, 0)
    qtbot.keyClick(view.grid, "2")
    assert _stored_level(org, pid, cid) == 4  # theirs is kept
    assert len(failed) == 1 and "\n" not in failed[0]
    assert re.search(r"was changed by bob at \d\d:\d\d since you loaded it", failed[0])
    assert view.model.data(view.model.index(1, 0)) == "4"  # the cell refreshed
    assert ctx.undo_stack.count() == undo_steps  # a refused edit is no undo step
    at(view, 1, 0)
    qtbot.keyClick(view.grid, "2")  # applying it again, now against what is stored
    assert _stored_level(org, pid, cid) == 2 and len(failed) == 1
    assert view.model.data(view.model.index(1, 0)) == "2"
