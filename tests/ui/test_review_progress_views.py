"""The Assess toolbar and the Team view count review progress alike.

One core function over the manager ratings and the stored review steps (``reviewed_on`` /
``agreed_on``).
"""

from __future__ import annotations

import datetime as dt
import re

from skillmatrix.services import cycles, frameworks, people, ratings, reconcile, review
from skillmatrix.ui.assess import AssessView
from skillmatrix.ui.main_window import MainWindow
from skillmatrix.ui.team.model import REVIEW
from skillmatrix.ui.team.view import TeamView

PAST = dt.date.today() - dt.timedelta(days=1)


def _counts(text: str) -> tuple[int, int, int]:
    """(reviewed, people, overdue) read from a progress text."""
    found = re.search(r"reviewed (\d+) of (\d+)", text, re.IGNORECASE)
    assert found is not None, text
    late = re.search(r"(\d+) overdue", text)
    return int(found[1]), int(found[2]), int(late[1]) if late else 0


def _assess(window: MainWindow) -> AssessView:
    window.show_view("assess")
    view = window.page("assess").content
    assert isinstance(view, AssessView)
    return view


def _team(window: MainWindow) -> TeamView:
    window.show_view("team")
    view = window.page("team").content
    assert isinstance(view, TeamView)
    return view


def test_a_review_finished_with_carried_rows_counts_alike_in_assess_and_team(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow
) -> None:
    """A review finished with carried rows counts alike in Assess and the Team view.

    Ann's review is finished in review mode while her carried rows stay undecided: the Team
    view says Agreed, and Assess counts her reviewed and not overdue too.
    """
    db = window.ctx.db
    ann = people.add_person(db, name="Ann", team="Core", role="Backend Engineer")
    bob = people.add_person(db, name="Bob", team="Core", role="Backend Engineer")
    q1 = window.ctx.cycle
    assert q1 is not None
    for comp in frameworks.list_competencies(db)[:3]:
        for person in (ann, bob):
            ratings.rate(db, cycle_id=q1.id, person_id=person.id, competency_id=comp.id, level=2)
    q2 = cycles.start_cycle(db, name="2026-Q2", carry_forward=True, due=PAST)
    reconcile.finish_review(db, cycle_id=q2.id, person_id=ann.id)
    window.ctx.peopleChanged.emit()
    window.ctx.cyclesChanged.emit()
    window.ctx.set_cycle(cycles.get_cycle(db, q2.id))

    assess = _assess(window)
    qtbot.waitUntil(lambda: assess.toolbar.review.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: _counts(assess.toolbar.review.text()) == (1, 2, 1), timeout=5000)

    team = _team(window)
    team.reload()

    def column() -> dict[str, str]:
        m = team.model
        return {m.index(r, 0).data(): m.index(r, REVIEW).data() for r in range(m.rowCount())}

    qtbot.waitUntil(
        lambda: column() == {"Ann": "Agreed", "Bob": "Not started · overdue"}, timeout=5000
    )
    assert _counts(team.count.text()) == _counts(assess.toolbar.review.text()) == (1, 2, 1)
    status = review.cycle_status(db, cycle=q2.id)
    assert (status.reviewed, len(status.people), sum(r.overdue for r in status.people)) == (
        1,
        2,
        1,
    )


def test_the_due_date_shows_with_the_progress_and_follows_set_due_date_at_once(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow
) -> None:
    from skillmatrix.ui import cycle_actions

    db = window.ctx.db
    for name in ("Ann", "Bob"):
        people.add_person(db, name=name, team="Core", role="Backend Engineer")
    window.ctx.peopleChanged.emit()
    cycle = window.ctx.cycle
    assert cycle is not None
    assert cycle_actions.set_due(window, cycle, dt.date(2099, 12, 31)) is not None
    assess = _assess(window)
    qtbot.waitUntil(
        lambda: assess.toolbar.review.text() == "Reviewed 0 of 2 · due 31 Dec 2099", timeout=5000
    )
    team = _team(window)
    qtbot.waitUntil(lambda: "2026-Q1: reviewed 0 of 2" in team.count.text(), timeout=5000)
    assert team.count.text().endswith("2026-Q1: reviewed 0 of 2 · due 31 Dec 2099")

    # Set Due Date to yesterday: both lines say so at once, with the overdue count.
    current = window.ctx.cycle
    assert current is not None
    assert cycle_actions.set_due(window, current, PAST) is not None
    late = f"due {PAST:%d %b %Y} · 2 overdue"
    assert team.count.text().endswith(f"2026-Q1: reviewed 0 of 2 · {late}")
    window.show_view("assess")
    assert assess.toolbar.review.text() == f"Reviewed 0 of 2 · {late}"
    assert assess.toolbar.review.accessibleName() == assess.toolbar.review.text()
    window.ctx.undo()  # back to 2099: nobody overdue, shown at once
    assert assess.toolbar.review.text() == "Reviewed 0 of 2 · due 31 Dec 2099"
    assert team.count.text().endswith("2026-Q1: reviewed 0 of 2 · due 31 Dec 2099")
