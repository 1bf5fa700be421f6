"""The Assess toolbar's "Reviewed X of Y" says how many reviews are past the due date."""

from __future__ import annotations

import datetime as dt

from assess_data import SmallOrg

from skillmatrix.services import ratings, review
from skillmatrix.ui.assess import AssessView
from skillmatrix.ui.context import AppContext


def test_overdue_reviews_are_counted_and_highlighted(
    view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:
    cid = org.competencies[0].id
    ratings.rate(org.db, cycle_id=org.cycle.id, person_id=org.people[0].id, competency_id=cid,
                 level=2)  # fmt: skip
    today = dt.date.today()
    soon, past = today + dt.timedelta(days=3), today - dt.timedelta(days=1)
    ctx.cycle = review.set_due(org.db, org.cycle.id, soon)
    view.reload()
    assert view.toolbar.review.text() == f"Reviewed 1 of 4 · due {soon:%d %b %Y}"  # not yet
    assert view.toolbar.review.styleSheet() == ""
    ctx.cycle = review.set_due(org.db, org.cycle.id, past)
    view.reload()
    late = f"Reviewed 1 of 4 · due {past:%d %b %Y} · 3 overdue"
    assert view.toolbar.review.text() == late
    assert "color" in view.toolbar.review.styleSheet()  # highlighted
    assert view.toolbar.review.accessibleName() == late


def test_the_due_date_gives_way_when_the_toolbar_is_narrow(
    view: AssessView, ctx: AppContext, org: SmallOrg
) -> None:
    """The date never widens the toolbar: squeezed, the label keeps the counts."""
    past = dt.date.today() - dt.timedelta(days=1)
    ctx.cycle = review.set_due(org.db, org.cycle.id, past)
    view.reload()
    label = view.toolbar.review
    assert label.text() == f"Reviewed 0 of 4 · due {past:%d %b %Y} · 4 overdue"
    view.resize(1600, 700)
    view.toolbar.layout().activate()
    assert label.shown_text() == label.text()  # room enough at 1600 px
    short = label.fontMetrics().horizontalAdvance("Reviewed 0 of 4 · 4 overdue")
    assert label.minimumSizeHint().width() < short + 10
    label.resize(label.minimumSizeHint().width(), label.height())
    assert label.shown_text() == "Reviewed 0 of 4 · 4 overdue"
    assert label.accessibleName() == label.text()  # read out in full
