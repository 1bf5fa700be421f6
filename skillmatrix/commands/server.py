"""``skillmatrix server init|grant|upgrade``: operate a shared PostgreSQL database."""

from __future__ import annotations

import argparse
from pathlib import Path

from skillmatrix.core.errors import ValidationError
from skillmatrix.paths import chosen_database
from skillmatrix.services import server
from skillmatrix.services.credentials import with_password


def run_server(args: argparse.Namespace) -> int:
    """``skillmatrix server``: init, grant or upgrade a shared PostgreSQL database."""
    action = args.server_action
    if hasattr(args, "url"):  # a password from the OS keyring, never the command line
        args.url = with_password(args.url)
    if action == "init":
        report = server.init_server(args.url)
        if report.created:
            print(f"Created the SkillMatrix schema ({report.revision}) in {report.name}")
        else:
            print(f"{report.name} is at schema {report.revision}; its rules were refreshed")
        print("Roles skillmatrix_admin and skillmatrix_manager, grants and policies are in place")
        return 0
    if action == "upgrade":
        report = server.upgrade_server(args.url, Path(args.backup_dir).expanduser())
        if report.upgraded_from is None:
            print(f"{report.name} is already at schema {report.revision}; nothing to upgrade")
        else:
            print(f"Backup: {report.backup}")
            print(f"Upgraded {report.name} from schema {report.upgraded_from} to {report.revision}")
        return 0
    target = chosen_database(getattr(args, "db", None))
    if not target:
        raise ValidationError("give the database with --db postgresql://... (or $SKILLMATRIX_DB)")
    granted = server.grant_login(
        with_password(target),
        args.login,
        teams=args.teams,
        admin=args.admin,
        see_names=args.see_names,
    )
    made = " (login created, without a password)" if granted.created else ""
    role = "admin" if granted.admin else "manager"
    teams = f" of {', '.join(granted.teams)}" if granted.teams else ""
    names = "; sees every team's names" if granted.see_names else ""
    print(f"{granted.login}{made}: {role}{teams}{names}")
    return 0
