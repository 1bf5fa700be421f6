"""Command-line arguments of the commands that start a database from nothing.

These are ``init``, ``cycle list|start|close|reopen`` and ``frameworks load``.

Kept out of ``skillmatrix.cli`` so that module stays one list of commands; it calls
:func:`add_start_commands` once. Imports nothing but argparse (the command line starts fast).
"""

from __future__ import annotations

import argparse
import datetime as dt

from skillmatrix.commands.parsing import RAW, Subcommands, add_command

_PLAIN = argparse.HelpFormatter

INIT_HELP = """\
Create a new SkillMatrix database with the proficiency scale it will use everywhere
(grid, charts, report, forms, imports), and optionally install role frameworks.
The scale is chosen once, when the database is created; the default is 0-4.

examples:
  skillmatrix init --db team.db
  skillmatrix init --db team.db --scale 1-5 --framework Engineer "Backend Engineer"
  skillmatrix init --db team.db --scale my-scale.toml --framework my-role.toml

A scale file lists its levels, lowest first:
  [[level]]
  value = 1
  label = "Novice"
  description = "Knows the concepts; needs guidance."
"""

CYCLE_HELP = """\
Assessment cycles are rounds of ratings, usually quarters named like 2026-Q4.
Without an action, lists the cycles (like "cycle list").

examples:
  skillmatrix cycle list --db team.db --json
  skillmatrix cycle start 2027-Q1 --db team.db --carry-forward --close-previous
  skillmatrix cycle close 2026-Q4 --db team.db
"""

START_HELP = """\
Start a new cycle. Starting, copying the previous ratings (--carry-forward) and
closing the previous cycle (--close-previous) happen in one transaction: all or nothing.
"""

FRAMEWORKS_HELP = """\
Without an action, lists the built-in role frameworks with their competency counts.
"frameworks load" installs one into a database.
"""

LOAD_HELP = """\
Install a role framework (its role, competencies, coverage rules and targets) into a
database. NAME_OR_FILE is a built-in framework's name (see "skillmatrix frameworks") or a
framework .toml file. Installing it again changes nothing; competencies with the same name
are shared with other roles. A framework written for another scale of the same size
(built-in ones are 0-4) is moved onto the database's scale level for level.

examples:
  skillmatrix frameworks load "Backend Engineer" --db team.db
  skillmatrix frameworks load my-role.toml --db team.db
"""


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use 2027-03-31)") from None


def add_start_commands(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add ``init`` and ``cycle``, and ``load`` under the existing ``frameworks`` command."""
    init = add_command(
        sub, "init", common, "create a new database: its scale and role frameworks", INIT_HELP, RAW
    )
    init.add_argument(
        "--scale",
        default="0-4",
        metavar="0-4|1-5|FILE.toml",
        help="the proficiency scale: 0-4 (default), 1-5, or a scale file",
    )
    init.add_argument(
        "--framework",
        dest="frameworks",
        action="extend",
        nargs="+",
        default=[],
        metavar="NAME_OR_FILE",
        help="role frameworks to install: built-in names or .toml files (repeatable)",
    )

    cycle = add_command(
        sub, "cycle", common, "list, start, close or reopen assessment cycles", CYCLE_HELP, RAW
    )
    cycle.usage = "skillmatrix cycle [-h] [--db DB] [{list,start,close,reopen,status,due} ...]"
    actions = cycle.add_subparsers(dest="cycle_action", metavar="ACTION")
    listing = add_command(
        actions,
        "list",
        common,
        "list the cycles, oldest first",
        "List the cycles, oldest first: name, dates, open or closed.",
        _PLAIN,
    )
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    start = add_command(actions, "start", common, "start a new cycle", START_HELP, RAW)
    start.add_argument(
        "name",
        nargs="?",
        metavar="NAME",
        help="the new cycle's name, e.g. 2027-Q1 (default: the quarter after the latest, "
        "or the current quarter)",
    )
    start.add_argument(
        "--carry-forward",
        action="store_true",
        help="copy every rating of the latest cycle into the new one",
    )
    start.add_argument(
        "--close-previous",
        action="store_true",
        help="close the latest cycle: its ratings become read-only history",
    )
    start.add_argument(
        "--due", type=_iso_date, metavar="DATE", help="reviews due by (default: the last day)"
    )
    status = add_command(
        actions,
        "status",
        common,
        "review progress: who was sent a form, returned it, was reviewed, agreed",
        "Review progress of a cycle (default: the latest): per team 'reviewed X of Y' "
        "and per person one state: not started, sent (form written by 'skillmatrix "
        "forms'), returned (self-assessment imported), reviewed (every manager rating "
        "set or confirmed this cycle), agreed. People past the due date and not yet "
        "reviewed are overdue.",
        _PLAIN,
    )
    status.add_argument("name", nargs="?", metavar="NAME", help="the cycle (default: latest)")
    status.add_argument("--team", help="one team (default: every team)")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    due = add_command(
        actions,
        "due",
        common,
        "set the date a cycle's reviews are due",
        "Set the date a cycle's reviews are due ('none' goes back to its last day).",
        _PLAIN,
    )
    due.add_argument("name", metavar="NAME", help="the cycle's name, e.g. 2026-Q4")
    due.add_argument("date", metavar="DATE", help="YYYY-MM-DD, or 'none'")
    for action, verb, what in (
        ("close", "close", "Close a cycle: its ratings become read-only history."),
        ("reopen", "reopen", "Reopen a closed cycle so its ratings can be corrected."),
    ):
        parser = add_command(actions, action, common, f"{verb} a cycle", what, _PLAIN)
        parser.add_argument("name", metavar="NAME", help="the cycle's name, e.g. 2026-Q4")

    # ``frameworks`` is declared with the other commands; its actions are added here.
    frameworks = sub.choices["frameworks"]
    frameworks.description = FRAMEWORKS_HELP
    frameworks.formatter_class = RAW
    frameworks.usage = "skillmatrix frameworks [-h] [--db DB] [load NAME_OR_FILE]"
    fw_actions = frameworks.add_subparsers(dest="frameworks_action", metavar="ACTION")
    load = add_command(
        fw_actions,
        "load",
        common,
        "install a built-in framework or a framework file into a database",
        LOAD_HELP,
        RAW,
    )
    load.add_argument(
        "framework", metavar="NAME_OR_FILE", help="a built-in framework's name or a .toml file"
    )
