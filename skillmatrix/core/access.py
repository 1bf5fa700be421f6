"""What the current login may do on a shared database (its roles and teams).

The UI mirrors the database's own rules with it: read-only cells and disabled actions with a
reason.

The database enforces the rules (``skillmatrix.store.pg_security``); this only predicts
its answer, so a user is told before trying instead of after.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Access:
    """The current login's rights.

    Attributes:
        login: the database login (or the OS user on a file).
        admin: may change everything (frameworks, cycles, every team, upgrades).
        teams: ids of the teams this login manages.
        see_names: sees every team's people (read-only outside ``teams``).
        team_names: names of ``teams``.
    """

    login: str
    admin: bool
    teams: frozenset[int]
    see_names: bool
    team_names: frozenset[str] = field(default_factory=frozenset)

    def may_change_team(self, team: str) -> bool:
        """Whether people of ``team`` (a name; "" for none) may be rated and edited."""
        return self.admin or team in self.team_names

    def team_reason(self, person: str, team: str) -> str | None:
        """Why ``person`` of ``team`` is read-only for this login, or None."""
        if self.may_change_team(team):
            return None
        yours = ", ".join(sorted(self.team_names)) or "no team"
        return (
            f"{person} is in {team or 'no team'}, not one of your teams ({yours}): "
            f"read-only for {self.login}"
        )

    def admin_reason(self, what: str) -> str | None:
        """Why an admin-only action (``what``: "start a cycle") is disabled, or None."""
        if self.admin:
            return None
        return f"Only a SkillMatrix admin may {what}; {self.login} manages teams only"


#: Everything allowed: a SQLite file has no users.
def everything(login: str) -> Access:
    """The access of a login that may do everything (a SQLite file, or an admin)."""
    return Access(login, True, frozenset(), True)
