"""Issue 16's "Done when": a manager runs a whole quarter for a team of 12 in the app.

Forms go out (`skillmatrix forms`), 12 come back filled and are imported, each person is
reconciled by keyboard in the review mode, the app and `cycle status --json` say 12 of 12
reviewed, and the report's Summary shows the review progress.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from quarter_data import NAMES, NOW, TEAM, fill_form, manager_level, self_level, team_of_12
from review_keys import review_by_keyboard

from skillmatrix.cli import main
from skillmatrix.core.model import Source
from skillmatrix.core.review import ReviewState
from skillmatrix.reports.forms import safe_filename
from skillmatrix.services import ratings, review
from skillmatrix.services.database import open_database
from skillmatrix.services.frameworks import list_competencies


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def _states(db_path: Path) -> dict[str, str]:
    db = open_database(db_path)
    try:
        return {r.person.name: r.state.value for r in review.cycle_status(db).people}
    finally:
        db.close()


def test_a_quarter_for_a_team_of_12(qtbot, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_path = team_of_12(tmp_path / "quarter.db")
    db_arg = ("--db", str(db_path))
    assert set(_states(db_path).values()) == {"not started"}  # all carried, nothing sent

    # 1. Send the forms: each person's form is recorded as sent.
    out_dir = tmp_path / "forms"
    assert "Wrote 12 self-assessment forms" in _cli(
        capsys, "forms", *db_arg, "--team", TEAM, "-o", str(out_dir)
    )
    assert set(_states(db_path).values()) == {"sent"}

    # 2. Twelve forms come back filled; importing each marks its person returned.
    db = open_database(db_path)
    order = [c.name for c in list_competencies(db)]
    db.close()
    forms = sorted(out_dir.glob("*.xlsx"))
    assert len(forms) == 12
    for i, name in enumerate(NAMES):
        (form,) = [f for f in forms if safe_filename(name) in f.stem]
        assert fill_form(form, i, order) > 0
        assert "Imported." in _cli(capsys, "import", *db_arg, str(form))
    assert set(_states(db_path).values()) == {"returned"}

    # 3. Reconcile each person by keyboard in the review mode, in the app.
    from skillmatrix.ui import open_main_window

    win = open_main_window(db_path)
    qtbot.addWidget(win)
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)  # shortcuts go to the active window
    try:
        qtbot.keyClick(win, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # Assess
        qtbot.waitUntil(lambda: win.current_view() == "assess")
        view = win.pages["assess"].content
        qtbot.waitUntil(lambda: view.model.rowCount() == 12)
        assert view.toolbar.review.text().startswith("Reviewed 0 of 12 · due ")
        ids = {view.model.person(r).name: view.model.person(r).id for r in range(12)}
        keys = [review_by_keyboard(qtbot, view, ids[name]) for name in NAMES]
        assert all(k <= len(order) + 2 for k in keys)  # one key per competency, plus two

        # 4. "12 of 12 reviewed": the Assess toolbar, the Team view, cycle status.
        assert view.toolbar.review.text().startswith("Reviewed 12 of 12 · due ")
        win.activateWindow()
        qtbot.waitUntil(win.isActiveWindow)
        qtbot.keyClick(win, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # Team
        qtbot.waitUntil(lambda: win.current_view() == "team")
        team_view = win.pages["team"].content
        qtbot.waitUntil(lambda: "reviewed 12 of 12" in team_view.count.text())
    finally:
        win.close()
        if win.ctx.db is not None:
            win.ctx.db.close()

    status = json.loads(_cli(capsys, "cycle", "status", *db_arg, "--json"))
    assert status["cycle"] == NOW
    (team,) = status["teams"]
    assert (team["team"], team["people"], team["reviewed"]) == (TEAM, 12, 12)
    assert {p["person"]: p["state"] for p in status["people"]} == dict.fromkeys(
        NAMES, ReviewState.AGREED.value
    )
    # ... and agrees with the database: every agreed level is what was typed or accepted.
    db = open_database(db_path)
    try:
        cycle = review.cycle_status(db).cycle
        assert cycle is not None
        comps = list_competencies(db)
        for i, name in enumerate(NAMES):
            for j, comp in enumerate(comps):
                mine = ratings.get_rating(
                    db, cycle_id=cycle.id, person_id=ids[name], competency_id=comp.id
                )
                own = ratings.get_rating(
                    db, cycle_id=cycle.id, person_id=ids[name], competency_id=comp.id,
                    source=Source.SELF,
                )  # fmt: skip
                manager, given = manager_level(i, j), self_level(i, j)
                assert own is not None and own.level == given  # the self input stays
                want = (given + manager) // 2 if abs(given - manager) >= 2 else given
                assert mine is not None and mine.level == want
                assert not mine.carried_in(cycle.id)  # set or confirmed in this quarter
    finally:
        db.close()
    summary = _cli(capsys, "summary", *db_arg, "--json")
    assert json.loads(summary)["open_disagreements"]["total"] == 0

    # 5. The profile for the 1:1.
    pdf = tmp_path / "ada.pdf"
    assert main(["profile", *db_arg, "--person", NAMES[0], "--out", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")

    # 6. The report's Summary shows the review progress.
    report = tmp_path / "q4.xlsx"
    _cli(capsys, "export", *db_arg, "-o", str(report))
    cells = [
        [c for c in row if c is not None]
        for row in load_workbook(report)["Summary"].iter_rows(values_only=True)
    ]
    head = next(i for i, r in enumerate(cells) if r and str(r[0]).startswith("Review progress"))
    assert cells[head][0].startswith("Review progress: reviewed 12 of 12, due ")
    assert cells[head + 2] == [TEAM, 12, "12 of 12", 0, 0]
    assert any(
        r and r[0] == "No open disagreements between self-assessments and managers." for r in cells
    )
