"""The Team view: people, teams, roles and seniority."""

from skillmatrix.ui.team.view import TeamView

__all__ = ["TeamView"]
