"""A cell's tooltip: level and what it means, target, interest, note, who rated and when.

Built only when the tooltip is asked for. What it lists from the database (who rated it
and when, its history, evidence and goals: :class:`CellDetails`) is read apart
(:func:`read_details`, off the UI thread by ``assess.tooltip_details``), so neither
``data()`` nor the tooltip itself waits for the database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from skillmatrix.core.errors import SkillMatrixError
from skillmatrix.core.model import Rating, Source, seniority_text
from skillmatrix.core.scale import INTEREST_LABELS

if TYPE_CHECKING:
    from skillmatrix.services.evidence import EvidenceItem
    from skillmatrix.services.history import HistoryEntry
from skillmatrix.ui.assess.model import AssessModel
from skillmatrix.ui.assess.roles import CellState, Role
from skillmatrix.ui.context import AppContext

Fetch = Callable[[Source], Rating | None]
#: Changes of the cell the tooltip lists, newest first.
HISTORY_SHOWN = 3
#: Pieces of evidence the tooltip lists (the rest are counted).
EVIDENCE_SHOWN = 5


def _level_text(model: AssessModel, state: int, level: int | None) -> str:
    snap = model.snapshot
    assert snap is not None
    if state == CellState.NOT_APPLICABLE:
        return "n/a (not applicable)"
    if state != CellState.RATED or level is None:
        return "not rated"
    return f"{level} · {escape(snap.scale.label(level))}"


def _who(rating: Rating | None, cycle_id: int | None = None) -> str:
    if rating is None or (not rating.rated_by and rating.rated_on is None):
        return ""
    by = f" by {escape(rating.rated_by)}" if rating.rated_by else ""
    on = f" on {rating.rated_on:%d %b %Y}" if rating.rated_on else ""
    text = f"Rated{by}{on}"
    confirmed = rating.confirmed_date
    if cycle_id is not None and rating.carried_in(cycle_id):
        since = f" (last confirmed {confirmed:%d %b %Y})" if confirmed else ""
        text += f"<br>Carried forward{since}, not yet confirmed this cycle — C confirms it"
    elif rating.confirmed_on and rating.confirmed_on != rating.rated_on:
        text += f"<br>Confirmed unchanged on {rating.confirmed_on:%d %b %Y}"
    return text


def cell_tooltip(
    model: AssessModel,
    row: int,
    col: int,
    fetch: Fetch | None = None,
    history: Sequence[HistoryEntry] = (),
    evidence: Sequence[EvidenceItem] = (),
    goals: Sequence[str] = (),
    earlier: Sequence[tuple[str, EvidenceItem]] = (),
) -> str:
    """Rich-text tooltip for a display cell.

    ``fetch(source)`` reads one stored rating, ``history`` is the cell's latest changes
    (newest first), ``evidence`` what backs it, ``goals`` the person's open growth goals in
    this competency (one line each), ``earlier`` the cell's evidence from earlier cycles,
    (cycle name, item).
    """
    snap = model.snapshot
    if snap is None:
        return ""
    person, comp = model.person(row), model.competency(col)
    index = model.index(row, col)

    def get(role: Role) -> Any:  # the model's own method: no QVariant round trip
        return model.data(index, role)

    state, level = get(Role.STATE), get(Role.LEVEL)
    if state == CellState.LOADING:
        return f"<qt><b>{escape(comp.name)}</b> — {escape(person.name)}<br>Loading…</qt>"
    target, interest = get(Role.TARGET), get(Role.INTEREST)
    lines = [f"<b>{escape(comp.name)}</b> <i>({escape(comp.category)})</i> — {escape(person.name)}"]
    source = "Manager" if model.source == Source.MANAGER else "Self"
    lines.append(f"{source}: <b>{_level_text(model, state, level)}</b>")
    if level is not None:
        lines.append(f"<i>{escape(snap.scale.level(level).description)}</i>")
        if comp.level_descriptions.get(level):
            lines.append(escape(comp.level_descriptions[level]))
    if model.comparing:
        self_state, self_level = model.self_state(row, col)
        lines.append(f"Self: <b>{_level_text(model, self_state, self_level)}</b>")
        if get(Role.DIFFERS):
            lines.append("◆ Self and manager differ by 2 or more")
    if target is not None:
        gap = f" — below target by {target - level}" if get(Role.BELOW_TARGET) else ""
        role = ", ".join(x for x in (seniority_text(person.seniority), person.role) if x)
        lines.append(f"Target ({escape(role)}): {target} · {escape(snap.scale.label(target))}{gap}")
    elif person.seniority is None:
        lines.append("No target: seniority unknown (set it in the Team view)")
    else:
        lines.append("No target for this role")
    if interest is not None:
        lines.append(f"Interest: {escape(INTEREST_LABELS.get(interest, str(interest)))}")
    note = model.note(row, col)
    if note:
        lines.append(f"Note: {escape(note)}")
    if evidence:
        lines.append(f"<b>Evidence</b> ({len(evidence)}):")
        for item in evidence[:EVIDENCE_SHOWN]:
            lines.append("• " + evidence_line(item))
        if len(evidence) > EVIDENCE_SHOWN:
            lines.append(f"… and {len(evidence) - EVIDENCE_SHOWN} more (right-click to see all)")
    if earlier:  # a rating carried forward keeps what backed it
        gray = "<span style='color:gray'>{}</span>"
        lines.append(gray.format(f"Evidence from earlier cycles ({len(earlier)}):"))
        for cycle, item in earlier[: max(EVIDENCE_SHOWN - len(evidence), 2)]:
            lines.append(f"• {evidence_line(item)} " + gray.format(f"({escape(cycle)})"))
    for goal in goals:
        lines.append(f"Growth goal: {escape(goal)}")
    if history:
        lines.append("<span style='color:gray'>Recent changes:</span>")
        for e in history:
            cycle = (
                f", {escape(e.cycle)}" if snap.cycle is None or e.cycle != snap.cycle.name else ""
            )
            lines.append(
                f"<span style='color:gray'>{e.when:%d %b %Y} {escape(e.who or '?')}: "
                f"{escape(e.old)} → {escape(e.new)} ({escape(e.action)}{cycle})</span>"
            )
    if fetch is not None:
        who = _who(fetch(model.source), snap.cycle.id if snap.cycle else None)
        if who:
            lines.append(f"<span style='color:gray'>{who}</span>")
        if model.comparing:
            who_self = _who(fetch(Source.SELF))
            if who_self:
                lines.append(f"<span style='color:gray'>Self-assessment: {who_self}</span>")
    return "<qt>" + "<br>".join(lines) + "</qt>"


def evidence_line(e: EvidenceItem, limit: int = 120) -> str:
    """One piece of evidence as escaped rich text: its text, then its link."""
    text = e.text if len(e.text) <= limit else e.text[: limit - 1] + "…"
    parts = [escape(text)] if text else []
    if e.url:
        parts.append(f"<span style='color:gray'>{escape(e.url[:limit])}</span>")
    return " — ".join(parts)


@dataclass(frozen=True)
class CellDetails:
    """What a cell's tooltip lists from the database (read off the UI thread).

    Attributes:
        ratings: the stored rating per source read (the shown one; self too when comparing).
        history: the cell's latest changes of the shown source, newest first.
        evidence: what backs the rating this cycle.
        earlier: evidence from earlier cycles, (cycle name, item).
        goals: the person's open growth goals in this competency, one line each.
    """

    ratings: Mapping[Source, Rating | None]
    history: Sequence[HistoryEntry] = ()
    evidence: Sequence[EvidenceItem] = ()
    earlier: Sequence[tuple[str, EvidenceItem]] = ()
    goals: Sequence[str] = ()


def read_details(
    db: Any, *, cycle_id: int, person_id: int, competency_id: int, sources: Sequence[Source]
) -> CellDetails:
    """A cell's :class:`CellDetails`; touches no widget, so it runs in any thread.

    A read that fails leaves its part out (a tooltip never reports an error).
    """
    from skillmatrix.services.evidence import cell_evidence
    from skillmatrix.services.growth_plans import list_goals
    from skillmatrix.services.history import rating_history
    from skillmatrix.services.ratings import get_rating  # SQLAlchemy: not at start-up

    pid, cid = person_id, competency_id
    ratings: dict[Source, Rating | None] = {}
    for source in sources:
        try:
            ratings[source] = get_rating(
                db, cycle_id=cycle_id, person_id=pid, competency_id=cid, source=source
            )
        except SkillMatrixError:
            ratings[source] = None
    try:
        history = rating_history(db, cell=(pid, cid), limit=6)
        recent = [e for e in history if e.source == sources[0]][:HISTORY_SHOWN]
    except SkillMatrixError:
        recent = []
    try:
        found = cell_evidence(db, person_id=pid, competency_id=cid, until_cycle_id=cycle_id)
    except SkillMatrixError:
        found = []
    try:
        goals = [g for g in list_goals(db, person_id=pid) if g.open and g.competency_id == cid]
    except SkillMatrixError:
        goals = []
    return CellDetails(
        ratings=ratings,
        history=recent,
        evidence=[item for _cycle, item in found if item.cycle_id == cycle_id],
        earlier=[(c, item) for c, item in found if item.cycle_id != cycle_id],
        goals=[goal_line(g) for g in goals],
    )


def details_sources(model: AssessModel) -> tuple[Source, ...]:
    """The sources a cell's tooltip tells who rated: the shown one, and self when comparing."""
    return (model.source, Source.SELF) if model.comparing else (model.source,)


def tooltip_with(model: AssessModel, row: int, col: int, details: CellDetails | None) -> str:
    """The tooltip from what the grid holds and ``details`` (None: still being read)."""
    if details is None:
        tip = cell_tooltip(model, row, col)
        if model.snapshot is None or model.loading:
            return tip
        reading = "<span style='color:gray'>Reading who rated it, its history and evidence…</span>"
        return tip.removesuffix("</qt>") + "<br>" + reading + "</qt>"

    def fetch(source: Source) -> Rating | None:
        return details.ratings.get(source)

    return cell_tooltip(
        model, row, col, fetch, details.history, details.evidence, details.goals, details.earlier
    )


def tooltip_for(ctx: AppContext, model: AssessModel, row: int, col: int) -> str:
    """The whole tooltip of a display cell, reading its details now, on this thread.

    The grid reads them in the background: ``assess.tooltip_details``.
    """
    snap = model.snapshot
    if snap is None or snap.cycle is None or ctx.db is None or model.loading:
        return cell_tooltip(model, row, col)
    pid, cid = model.cell_id(row, col)
    details = read_details(
        ctx.db,
        cycle_id=snap.cycle.id,
        person_id=pid,
        competency_id=cid,
        sources=details_sources(model),
    )
    return tooltip_with(model, row, col, details)


def goal_line(goal: Any) -> str:
    """A growth goal as text, e.g. "reach 3 by 2026-Q4 (in progress; mentor: Kenji Smith)"."""
    by = f" by {goal.by_cycle}" if goal.by_cycle else ""
    action = goal.action()
    return f"reach {goal.target_level}{by} ({goal.status}{'; ' + action if action else ''})"
