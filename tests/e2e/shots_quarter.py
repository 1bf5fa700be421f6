"""Screenshots of the quarter (not a test), light and dark, in a real window.

Review mode, Team view with review progress, the expert finder and the risk panel's stale
share.

    Xvfb :64 -screen 0 1600x1000x24 &  DISPLAY=:64 openbox &
    DISPLAY=:64 PYTHONPATH=. python tests/e2e/shots_quarter.py /tmp/shots

Half the team is reviewed (the rest waits, due yesterday: overdue), one review is open.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from quarter_data import NAMES, NOW, TEAM, fill_form, team_of_12

from skillmatrix.cli import main as cli
from skillmatrix.reports.forms import safe_filename
from skillmatrix.services import reconcile, review
from skillmatrix.services.database import open_database
from skillmatrix.services.frameworks import list_competencies


def quarter_half_done(folder: Path) -> Path:
    db_path = team_of_12(folder / "quarter.db")
    forms = folder / "forms"
    cli(["forms", "--db", str(db_path), "--team", TEAM, "-o", str(forms)])
    db = open_database(db_path)
    order = [c.name for c in list_competencies(db)]
    db.close()
    for i, name in enumerate(NAMES):
        if i == 11:
            continue  # one form never came back
        (form,) = [f for f in forms.glob("*.xlsx") if safe_filename(name) in f.stem]
        fill_form(form, i, order)
        cli(["import", "--db", str(db_path), str(form)])
    db = open_database(db_path)
    status = review.cycle_status(db)
    assert status.cycle is not None
    for r in status.people[:6]:  # the first six reviewed: every row accepted
        for item in reconcile.review_items(db, cycle_id=status.cycle.id, person_id=r.person.id):
            if item.self_level is not None:
                reconcile.accept_self(
                    db, cycle_id=status.cycle.id, person_id=r.person.id,
                    competency_id=item.competency_id,
                )  # fmt: skip
        reconcile.finish_review(db, cycle_id=status.cycle.id, person_id=r.person.id)
    review.set_due(db, NOW, dt.date.today() - dt.timedelta(days=1))
    db.close()
    return db_path


def grab(out: Path, name: str) -> None:
    QApplication.processEvents()
    subprocess.run(["import", "-window", "root", str(out / f"{name}.png")], check=True)


def run(out: Path) -> None:
    from PySide6.QtCore import QCoreApplication, QSettings

    from skillmatrix.ui import open_main_window
    from skillmatrix.ui.palette import apply_theme
    from skillmatrix.ui.review_mode import ReviewDialog

    out.mkdir(parents=True, exist_ok=True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)  # never the user's own settings
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp(prefix="h16b_")
    )
    QCoreApplication.setOrganizationName("SkillMatrixShots")
    db_path = quarter_half_done(Path(tempfile.mkdtemp(prefix="h16b_quarter_")))
    app = QApplication.instance() or QApplication(sys.argv)
    win = open_main_window(db_path)
    win.resize(1500, 950)
    win.move(0, 0)
    win.show()

    def wait(ms: int) -> None:
        end = QTimer()
        end.setSingleShot(True)
        end.start(ms)
        while end.isActive():
            app.processEvents()

    for theme in ("light", "dark"):
        apply_theme(app, theme)
        wait(600)
        win.show_view("team")
        wait(1200)
        grab(out, f"team_{theme}")
        win.show_view("assess")
        wait(1200)
        view = win.pages["assess"].content
        grab(out, f"assess_{theme}")
        person = next(p for p in view.model.snapshot.people if p.name == NAMES[7])
        first = view.model.snapshot.competencies[0].id
        view.grid.setCurrentIndex(view.model.index_of(person.id, first))
        view.review_person()
        wait(1200)
        grab(out, f"review_{theme}")
        for w in QApplication.topLevelWidgets():
            if isinstance(w, ReviewDialog):
                w.reject()
        wait(300)
        win.context_bar.search.setText("kubernetes")
        finder = win.context_bar.open_finder()
        wait(900)
        grab(out, f"finder_{theme}")
        finder.close()  # type: ignore[attr-defined]
        win.show_view("insights")
        wait(3000)
        grab(out, f"insights_{theme}")
    cli(["export", "--db", str(db_path), "-o", str(out / "quarter.xlsx")])
    win.close()


if __name__ == "__main__":
    run(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/h16b_shots"))
