"""Growth plans: the checks on a goal and its progress against later cycles' ratings (pure).

A goal is "reach ``target`` in a competency, by a cycle" with actions (a mentor, a
course, a project; each open or done) and a status the manager sets (planned, in
progress, done, dropped).
Progress is read, never stored: the person's manager rating in each cycle from the one
the goal was set in onwards; the level in that first cycle is the baseline progress is
measured from ("from 1 to 3, now 2"); the goal is met in the first of those cycles whose
level reaches the target.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from skillmatrix.core.errors import ValidationError

STATUSES = ("planned", "in progress", "done", "dropped")
OPEN_STATUSES = ("planned", "in progress")
#: What a goal's actions may be: a mentor (a person), a course, a project.
ACTION_KINDS = ("mentor", "course", "project")
#: An action is open until it is marked done.
ACTION_STATUSES = ("open", "done")
ACTION_TEXT_MAX = 500


def check_status(status: str) -> str:
    """``status`` normalised, or :class:`ValidationError` naming the allowed ones."""
    value = " ".join(str(status).split()).lower().replace("_", " ").replace("-", " ")
    if value not in STATUSES:
        raise ValidationError(f"goal status {status!r}: use one of {', '.join(STATUSES)}")
    return value


def check_action_status(status: str) -> str:
    """An action's status normalised ("open" or "done"), or one line naming both."""
    value = str(status).strip().lower()
    if value not in ACTION_STATUSES:
        raise ValidationError(f"goal action status {status!r}: use open or done")
    return value


@dataclass(frozen=True, slots=True)
class NewAction:
    """An action as a caller asks for it (checked by :func:`check_action`)."""

    kind: str
    text: str = ""
    mentor_id: int | None = None
    status: str = "open"


def check_action(kind: str, text: str, mentor_id: int | None) -> tuple[str, str]:
    """(kind, text) checked for a plan action.

    One of the kinds, a mentor only with the kind "mentor", the text bounded, and something
    to act on (a mentor's person or text, a course's or a project's text).
    """
    kind = str(kind).strip().lower()
    if kind not in ACTION_KINDS:
        raise ValidationError(f"goal action {kind!r}: use mentor, course or project")
    if mentor_id is not None and kind != "mentor":
        raise ValidationError(f"goal action: a mentor goes with the action mentor, not {kind}")
    text = " ".join(str(text).split())
    if len(text) > ACTION_TEXT_MAX:
        raise ValidationError(
            f"goal action text: {len(text)} characters, at most {ACTION_TEXT_MAX}"
        )
    if not text and mentor_id is None:
        need = "names its mentor" if kind == "mentor" else f"says which {kind}"
        raise ValidationError(f"goal action: a {kind} action {need}")
    return kind, text


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a goal stands against the ratings since it was set.

    Attributes:
        state: "met", "not yet", "missed" (its by-cycle has been rated and it is not
            met) or "not rated" (no rating since it was set).
        level: the latest level (None: not rated).
        met_in: the cycle whose rating first reached the target.
        latest: the cycle ``level`` is from.
        baseline: the level in the cycle the goal was set in, where progress is measured
            from (None: not rated there).
        set_in: the cycle the goal was set in.
    """

    state: str
    level: int | None
    met_in: str | None
    latest: str | None
    baseline: int | None = None
    set_in: str | None = None

    def span(self, target: int) -> str:
        """Baseline, target and latest level: "from 1 to 3, now 2"."""
        start = "unrated" if self.baseline is None else str(self.baseline)
        now = "" if self.level is None else f", now {self.level}"
        return f"from {start} to {target}{now}"

    def text(self, target: int) -> str:
        """One line for a table or the profile.

        For example "from 1 to 3, now 2 (2026-Q2)", "missed: from 1 to 3, now 2 (2026-Q3)",
        "met in 2026-Q3 (from 1 to 3)".
        """
        if self.state == "met":
            start = "" if self.baseline is None else f" (from {self.baseline} to {target})"
            return f"met in {self.met_in}{start}"
        if self.level is None:
            return "not rated yet"
        word = "missed: " if self.state == "missed" else ""
        return f"{word}{self.span(target)} ({self.latest})"


def goal_progress(
    target: int,
    trail: Sequence[tuple[str, int | None]],
    *,
    by_cycle: str | None = None,
) -> Progress:
    """Progress of a goal from ``trail``.

    ``trail`` holds (cycle name, manager level or None), oldest first, from the cycle the
    goal was set in onwards (its level is the baseline). ``by_cycle``: its deadline.
    """
    set_in, baseline = trail[0] if trail else (None, None)
    rated = [(name, level) for name, level in trail if level is not None]
    for name, level in rated:
        if level >= target:
            return Progress("met", rated[-1][1], name, rated[-1][0], baseline, set_in)
    if not rated:
        return Progress("not rated", None, None, None, baseline, set_in)
    name, level = rated[-1]
    names = [n for n, _ in trail]
    missed = by_cycle is not None and by_cycle in names and names.index(by_cycle) < len(names) - 1
    return Progress("missed" if missed else "not yet", level, None, name, baseline, set_in)


def default_target(level: float | None, role_target: float | None, *, bottom: int, top: int) -> int:
    """The level a goal made in one click aims at.

    The role target when the person is below it, else one level up (not rated: one above the
    bottom; capped at the top).
    """
    now = None if level is None or level != level else int(level)
    has_target = role_target is not None and role_target == role_target
    if has_target and (now is None or now < role_target):  # type: ignore[operator]
        return int(role_target)  # type: ignore[arg-type]
    return min((bottom if now is None else now) + 1, top)
