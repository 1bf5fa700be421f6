"""What the Team view says when its table would be empty, and the one button to offer."""

from __future__ import annotations

from dataclasses import dataclass

from skillmatrix.ui.team.model import PeopleFilter, PeopleModel


@dataclass(frozen=True, slots=True)
class EmptyText:
    """What the empty Team view says, and its button."""

    title: str
    text: str
    action: str
    key: str  # what the button does: "add", "clear", "inactive", "all-teams"


def empty_state_for(
    model: PeopleModel, proxy: PeopleFilter, team: str | None, search: str
) -> EmptyText | None:
    """None when there are rows to show; otherwise why there are none and what to do."""
    if proxy.rowCount() > 0:
        return None
    everyone = model.people()
    if not everyone:
        return EmptyText(
            "No people yet",
            "Add the people you manage, with their role and seniority; then rate them in Assess.",
            "Add person…",
            "add",
        )
    if search.strip():
        return EmptyText(
            f"Nobody matches “{search.strip()}”",
            "The search looks at names, emails, teams and roles.",
            "Clear search",
            "clear",
        )
    in_team = [p for p in everyone if team is None or p.team.casefold() == team.casefold()]
    if team is not None and not in_team:
        return EmptyText(
            f"No one in {team} yet",
            "Add someone to this team, or show all teams.",
            "Show all teams",
            "all-teams",
        )
    return EmptyText(
        "Everyone here is inactive",
        "Inactive people keep their history but are hidden by default.",
        "Show inactive people",
        "inactive",
    )
