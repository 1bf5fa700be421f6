"""Command-line arguments of ``skillmatrix server init|grant|upgrade`` (shared PostgreSQL).

Imports nothing but argparse: the command line starts fast.
"""

from __future__ import annotations

import argparse

from skillmatrix.commands.parsing import RAW, Subcommands, add_command

SERVER_HELP = """\
Set up and run a shared PostgreSQL database for a department. The app itself never
creates or upgrades a shared database: an administrator does it once with these.

examples:
  skillmatrix server init postgresql://admin@db.example/skills
  skillmatrix server grant alice --team Payments --team Ledger --db postgresql://admin@db.example/skills
  skillmatrix server grant bob --admin --db postgresql://admin@db.example/skills
  skillmatrix server upgrade postgresql://admin@db.example/skills --backup-dir /srv/backups

Run them as a PostgreSQL superuser or a member of skillmatrix_admin. Passwords come from
~/.pgpass, a service file (PGSERVICE) or PGPASSWORD, never from the command line.
"""

INIT_HELP = """\
Create the schema (the app's migrations), the group roles skillmatrix_admin and
skillmatrix_manager, their grants and the row-level security policies: a manager writes
people and ratings only of their own teams and sees other teams' names only when granted;
the history is append-only. On a database already set up, refreshes the rules only.
"""

GRANT_HELP = """\
Let a login work on the database: as a manager of the given teams, or as an admin
(frameworks, cycles, every team, upgrades). The login is created (without a password)
when missing; set its password on the server (ALTER ROLE ... PASSWORD) or use your
server's authentication. Granting again adds teams.
"""

UPGRADE_HELP = """\
Back the database up with pg_dump (a file in --backup-dir, named in the output), then
migrate it to this version's schema, in one transaction, under a lock so that two
upgrades cannot run at once. Refuses without pg_dump.
"""


def add_server_commands(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add ``server init``, ``server grant`` and ``server upgrade`` to ``sub``."""
    server = add_command(
        sub,
        "server",
        common,
        "set up, upgrade and grant access to a shared PostgreSQL database",
        SERVER_HELP,
        RAW,
    )
    actions = server.add_subparsers(dest="server_action", metavar="ACTION", required=True)
    init = add_command(
        actions, "init", common, "create the schema, roles and policies", INIT_HELP, RAW
    )
    init.add_argument("url", help="postgresql://user@host[:port]/database")
    grant = add_command(
        actions, "grant", common, "let a login manage teams, or be an admin", GRANT_HELP, RAW
    )
    grant.add_argument("login", help="the PostgreSQL login (made when missing)")
    grant.add_argument(
        "--team", dest="teams", action="append", default=[], metavar="TEAM",
        help="a team this login manages (repeatable)",
    )  # fmt: skip
    grant.add_argument("--admin", action="store_true", help="an admin: may do everything")
    grant.add_argument(
        "--see-names", action="store_true",
        help="may see (not change) the names and ratings of every team's people",
    )  # fmt: skip
    upgrade = add_command(
        actions, "upgrade", common, "back up (pg_dump), then upgrade the schema", UPGRADE_HELP, RAW
    )
    upgrade.add_argument("url", help="postgresql://user@host[:port]/database")
    upgrade.add_argument(
        "--backup-dir", default=".", metavar="DIR",
        help="where the pg_dump backup goes (default: the current folder)",
    )  # fmt: skip
