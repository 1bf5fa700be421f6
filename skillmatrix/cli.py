"""The ``skillmatrix`` command line: opens the app by default, or runs a headless command.

Every command reports a problem as one line on stderr and exits 1 (usage errors exit 2);
``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any, cast

from skillmatrix import __version__
from skillmatrix.commands.parsing import (
    ParagraphFormatter,
    Subcommands,
    SuggestingParser,
    add_command,
)
from skillmatrix.core.errors import SkillMatrixError
from skillmatrix.plots.registry import CHARTS, KEYS

#: Every chart ``plot`` draws: the registry Insights and the report read too.
PLOT_KINDS = KEYS

DB_HELP = "database file or SQLAlchemy URL (default: $SKILLMATRIX_DB, else your data folder)"
CYCLE_HELP = "cycle name, e.g. 2026-Q4 (default: the latest cycle)"
TEAM_HELP = "only this team's people (default: all teams)"
SCALE_HELP = (
    "Levels are numbers on the database's scale (0-4 by default: 0 None, 1 Awareness, "
    "2 Working, 3 Proficient, 4 Expert) or their names; n/a marks a competency that does "
    "not apply, and an empty cell (or -, ?) is not rated."
)
IMPORT_HELP = f"""Read ratings (or role targets) from an Excel workbook (.xlsx) or a CSV file and
store them in one transaction: all of it or nothing.

Layouts it reads (it finds the header row itself):
  wide         one row per person: a Name column (Email, Team, Role, Seniority optional)
               and one column per competency holding the level
  long         one row per rating: Name | Competency | Level (Interest, Note optional)
  framework    Category | Competency | Junior ... Principal: the level each seniority
               should reach (role targets)
  report       the Matrix sheet of a report this app exported
  self form    a returned self-assessment workbook written by "skillmatrix forms"

{SCALE_HELP}

Unknown people and competencies are added (refused with --strict). Every problem is
reported with its sheet and cell, and then nothing is stored."""


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be at least 1")
    return value


def _stale_after_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--stale-after N``, the app's setting View › Mark Ratings Stale After.

    The default is 2 (``core.trust.STALE_AFTER``); None here, so building the parser loads
    no numpy.
    """
    parser.add_argument(
        "--stale-after",
        type=_positive,
        metavar="N",
        help="ratings not set or confirmed in the last N cycles are stale: trusted coverage "
        "and the stale share leave them out (default 2, as in the app)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The ``skillmatrix`` argument parser with every sub-command."""
    parser = SuggestingParser(
        prog="skillmatrix",
        description="Team skills matrix: ratings, coverage, gaps and the quarterly report. "
        "Without a command it opens the desktop app.",
        epilog="Run 'skillmatrix COMMAND --help' for a command's options.",
        formatter_class=ParagraphFormatter,
    )
    parser.add_argument("--version", action="version", version=f"skillmatrix {__version__}")
    parser.add_argument("--db", help=DB_HELP)
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    # Sub-commands accept --db too; SUPPRESS keeps a global --db unless they give their own.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help=DB_HELP)
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the traceback of an error instead of one line",
    )
    sub = cast(Subcommands, parser.add_subparsers(dest="command", metavar="COMMAND"))

    add_command(
        sub,
        "gui",
        common,
        "open the desktop app (the default)",
        "Open the desktop app on the database (the same as giving no command).",
    )
    add_command(
        sub,
        "frameworks",
        common,
        "list the built-in role frameworks",
        "List the built-in role frameworks with how many competencies each has.",
    )

    demo = add_command(
        sub,
        "demo",
        common,
        "create a demo organisation",
        "Fill the database with a realistic made-up organisation: people in teams with "
        "roles and seniorities, and quarterly cycles of ratings with planted risks (single "
        "points of failure, gaps). The same --seed gives the same organisation.",
    )
    demo.add_argument(
        "--people", type=_positive, default=40, metavar="N", help="how many people (default 40)"
    )
    demo.add_argument(
        "--teams", type=_positive, default=3, metavar="T", help="how many teams (default 3)"
    )
    demo.add_argument(
        "--cycles",
        type=_positive,
        default=4,
        metavar="C",
        help="how many quarterly cycles, ending this quarter (default 4)",
    )
    demo.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    demo.add_argument(
        "--force", action="store_true", help="replace the data of a database that is not empty"
    )

    summary = add_command(
        sub,
        "summary",
        common,
        "coverage, risks and gaps",
        "What a manager should act on in one cycle: coverage against each competency's "
        "rule, single points of failure, the biggest gaps to role targets and the hire "
        "that closes the most coverage gaps. For all teams, coverage is judged within "
        "each team and summed; the pooled view is shown too.",
    )
    summary.add_argument("--cycle", help=CYCLE_HELP)
    summary.add_argument("--team", help=TEAM_HELP)
    summary.add_argument(
        "--json", action="store_true", help="print a JSON object instead of text (for scripts)"
    )
    _stale_after_option(summary)

    kinds = "\n".join(f"  {c.key:<10} {c.summary}" for c in CHARTS)
    plot = add_command(
        sub,
        "plot",
        common,
        "save a chart as PNG, SVG or PDF",
        f"Save one of the app's charts of a cycle.\n\nCharts:\n{kinds}",
    )
    plot.add_argument("kind", choices=PLOT_KINDS, metavar="CHART", help="which chart (above)")
    plot.add_argument("--cycle", help=CYCLE_HELP)
    plot.add_argument("--team", help=TEAM_HELP + "; the team comparison always shows all")
    plot.add_argument("--person", help="person name or email (the profile chart)")
    plot.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="where to save it; .png, .svg or .pdf picks the format",
    )

    export = add_command(
        sub,
        "export",
        common,
        "write the quarterly Excel report",
        "Write the quarterly Excel report: a Summary page for directors, the full "
        "Matrix, Coverage, Gaps, Trend, Growth and Charts sheets.",
    )
    export.add_argument("--cycle", help=CYCLE_HELP)
    export.add_argument("--team", help=TEAM_HELP)
    export.add_argument(
        "--compare-to", metavar="CYCLE", help="cycle to compare with (default: the previous one)"
    )
    export.add_argument(
        "--anonymize",
        action="store_true",
        help="replace names with stable pseudonyms and leave out notes and e-mails",
    )
    export.add_argument(
        "--k",
        type=_positive,
        metavar="N",
        help="with --anonymize: show team, role and seniority only as precisely as at "
        "least N people share them (default 5; 1 shows them as they are)",
    )
    export.add_argument(
        "--evidence",
        action="store_true",
        help="add an Evidence sheet: the links and notes behind each rating (left out by "
        "default, for privacy; not with --anonymize)",
    )
    _stale_after_option(export)
    export.add_argument("-o", "--output", required=True, metavar="FILE", help="report.xlsx")

    imp = add_command(sub, "import", common, "import ratings from .xlsx or .csv", IMPORT_HELP)
    imp.add_argument("file", help="the .xlsx or .csv file to read")
    imp.add_argument(
        "--cycle",
        help="cycle to store the ratings in (default: the one the file names, else the latest)",
    )
    imp.add_argument("--dry-run", action="store_true", help="check and report, change nothing")
    imp.add_argument("--strict", action="store_true", help="refuse unknown people/competencies")
    imp.add_argument(
        "--max-people", type=_positive, metavar="N", help="refuse files with more (default 25000)"
    )
    imp.add_argument(
        "--max-competencies", type=_positive, metavar="N", help="refuse more (default 500)"
    )
    imp.add_argument("--sheet", help="the sheet to read (default: the one with ratings)")
    imp.add_argument(
        "--map",
        dest="value_map",
        metavar="SPEC",
        help='how the file\'s values read as levels, e.g. "x=3,o=0" or "1-5" (default: inferred)',
    )

    forms = add_command(
        sub,
        "forms",
        common,
        "write self-assessment forms",
        "Write one self-assessment workbook per person (their role's competencies, "
        "level descriptions and targets) to hand out; 'skillmatrix import' reads them "
        "back as self-assessments.",
    )
    forms.add_argument("--cycle", help=CYCLE_HELP)
    forms.add_argument("--team", help="only this team's people (default: everyone)")
    forms.add_argument("-o", "--output", required=True, help="output folder")

    from skillmatrix.commands.server_args import add_server_commands
    from skillmatrix.commands.start_args import add_start_commands

    add_start_commands(sub, common)  # init, cycle, frameworks load
    add_server_commands(sub, common)  # server init|grant|upgrade
    find = add_command(
        sub,
        "find",
        common,
        "who knows a competency, across teams (the expert finder)",
        "People rated at a minimum level or above in one competency, across every "
        "team, highest level first, then the most recently confirmed.",
        formatter=argparse.HelpFormatter,
    )
    find.add_argument("competency", help="competency name (any case)")
    find.add_argument(
        "--min-level",
        type=int,
        metavar="L",
        help="lowest level to list (default: one below the top of the scale)",
    )
    find.add_argument("--interest", action="store_true", help="only people who want to grow here")
    find.add_argument("--cycle", help="cycle name (default: latest)")
    find.add_argument("--json", action="store_true", help="machine-readable output")

    grow = add_command(
        sub,
        "build-or-hire",
        common,
        "for each coverage gap: likely closed from within by the horizon, or hire",
        "For each team's coverage gap: how fast the best-placed people are likely to "
        "reach the rule's level, learnt from the cycle history (by starting level, "
        "interest and mentor pairs, with an 80%% range), and whether that beats the "
        "horizon. A hire is suggested only for the gaps growth from within misses.",
        formatter=argparse.HelpFormatter,
    )
    grow.add_argument("--cycle", help="cycle name (default: latest)")
    grow.add_argument("--team", help="team name (default: every team, each on its own)")
    grow.add_argument(
        "--horizon", type=_positive, default=2, help="cycles to close a gap from within (2)"
    )
    grow.add_argument("--top", type=_positive, default=15, help="gaps shown as text (15)")
    grow.add_argument("--json", action="store_true", help="machine-readable output")

    reorg = add_command(
        sub,
        "reorg",
        common,
        "simulate moving people between teams (or splitting one), before and after",
        "Move people between teams, or into a new team to split one, in a scratch copy: "
        "each affected team's coverage rules, single points of failure, gap to role "
        "targets and hiring suggestion before and after. Nothing is written unless "
        "--apply is given (then all moves in one transaction).",
        formatter=argparse.HelpFormatter,
    )
    reorg.add_argument(
        "--move",
        action="append",
        metavar="PERSON=TEAM",
        help="move a person (name or email) to a team, new or existing (repeatable)",
    )
    reorg.add_argument("--cycle", help="cycle whose ratings to judge (default: latest)")
    reorg.add_argument("--apply", action="store_true", help="save the moves")
    reorg.add_argument("--json", action="store_true", help="machine-readable output")

    hist = add_command(
        sub,
        "history",
        common,
        "every change: who, when, old and new value, which action",
        "The append-only history, newest first: who made each change, when, the old "
        "and new value, and the action: ratings (rate, confirm, undo, redo, an import), "
        "people (person.add, person.edit, person.move, person.delete ...), the framework "
        "(competency.rename, target.set ...) and cycles (cycle.start, cycle.close ...).",
        formatter=argparse.HelpFormatter,
    )
    hist.add_argument("--person", help="one person (name or email)")
    hist.add_argument("--competency", help="one competency")
    hist.add_argument("--since", metavar="DATE", help="changes on or after YYYY-MM-DD")
    hist.add_argument("--limit", type=_positive, help="at most this many (newest first)")
    hist.add_argument(
        "--kind",
        choices=("ratings", "people", "framework", "cycles", "all"),  # history.HISTORY_KINDS
        default="all",
        help="only ratings, people, framework or cycles (default: all)",
    )
    hist.add_argument("--json", action="store_true", help="machine-readable output")

    department = add_command(
        sub,
        "department",
        common,
        "every team's coverage of every competency, as counts (no names)",
        "The department's aggregate coverage in one cycle: for each team and competency, "
        "how many active people the team has, how many are rated, how many are at the "
        "coverage rule's level or above, and whether the team meets the rule. Counts only, "
        "never names: on a shared database a manager sees every team's counts, and the "
        "names of their own teams only.",
    )
    department.add_argument("--cycle", help=CYCLE_HELP)
    department.add_argument(
        "--self", action="store_true", help="count the self-assessments instead of the managers'"
    )
    department.add_argument(
        "--json", action="store_true", help="print a JSON list instead of text (for scripts)"
    )

    cal = add_command(
        sub,
        "calibrate",
        common,
        "compare raters: who rates high or low, outliers, ratings to discuss",
        "Calibration between raters (the rated_by of manager ratings): each rater's "
        "level distribution against the department's, their shift against the other "
        "raters on the same competencies, their mean self-minus-manager difference, "
        "competencies where they are an outlier (1 level or more from the others), and "
        "the ratings worth discussing.",
        formatter=argparse.HelpFormatter,
    )
    cal.add_argument("--cycle", help="cycle name (default: latest)")
    cal.add_argument("--team", help="team name (default: all teams)")
    cal.add_argument("--top", type=_positive, default=20, help="ratings to discuss shown (20)")
    cal.add_argument("--json", action="store_true", help="machine-readable output")

    risk = add_command(
        sub,
        "risk",
        common,
        "bus factors, the worst pair of departures, a leave calendar",
        "How many departures each competency's coverage rule survives (its bus factor) "
        "and who they are; for all teams, judged within each team. --pairs adds the two "
        "departures that break the most rules; --calendar projects a leave calendar "
        "week by week.",
        formatter=argparse.HelpFormatter,
    )
    risk.add_argument("--cycle", help="cycle name, e.g. 2026-Q4 (default: latest)")
    risk.add_argument("--team", help="team name (default: every team, each on its own)")
    risk.add_argument("--pairs", action="store_true", help="also the worst pair of departures")
    risk.add_argument(
        "--calendar",
        metavar="FILE.csv",
        help="leave calendar: columns person (name or email), from, to[, reason] "
        "(default: the calendar stored in the Team view)",
    )
    risk.add_argument(
        "--weeks", type=_positive, default=13, help="weeks the calendar projects (default 13)"
    )
    risk.add_argument("--top", type=_positive, default=15, help="rows of text output (15)")
    risk.add_argument("--json", action="store_true", help="machine-readable output")
    _add_candidates(sub, common)
    _add_profile(sub, common)
    return parser


def _add_profile(sub: Any, common: argparse.ArgumentParser) -> None:
    prof = add_command(
        sub,
        "profile",
        common,
        "one person's one-page profile for the 1:1 (PDF)",
        "One page for a 1:1: the person's levels against their role target (radar), "
        "the trend over the last cycles, and their growth goals with progress.",
        formatter=argparse.HelpFormatter,
    )
    prof.add_argument("--person", required=True, help="person name or email")
    prof.add_argument("--cycle", help=CYCLE_HELP)
    prof.add_argument("--paper", choices=("A4", "Letter"), default="A4", help="paper (A4)")
    prof.add_argument("--out", "-o", required=True, metavar="FILE.pdf", help="where to write")
    plan = add_command(
        sub,
        "plan",
        common,
        "one person's growth plan: goals, their actions and progress",
        "Each growth goal of a person (target level, deadline, status, progress against "
        "the ratings since it was set) with its actions: mentor, course or project, each "
        "open or done. Goals and actions are edited in the app's growth plan.",
        formatter=argparse.HelpFormatter,
    )
    plan.add_argument("--person", required=True, help="person name or email")
    plan.add_argument("--json", action="store_true", help="machine-readable output")


def _add_candidates(sub: Any, common: argparse.ArgumentParser) -> None:
    card = add_command(
        sub,
        "scorecard",
        common,
        "an interview scorecard (xlsx) for a team's gap competencies",
        "Write an interview scorecard form asking about the team's competencies below "
        "their coverage rule and its single points of failure, with what each level "
        "means. Fill it in per finalist and compare them with 'skillmatrix candidates'.",
        formatter=argparse.HelpFormatter,
    )
    card.add_argument("--team", required=True, help="the team the finalist would join")
    card.add_argument("--cycle", help="cycle name (default: latest)")
    card.add_argument("--out", "-o", required=True, metavar="FILE.xlsx", help="where to write")
    cands = add_command(
        sub,
        "candidates",
        common,
        "compare finalists by what each would close in the team",
        "Read filled interview scorecards and compare the finalists by what each "
        "would change in the team they would join: rules met that are missed today "
        "(closes), shortfalls made smaller (narrows), single points of failure relieved.",
        formatter=argparse.HelpFormatter,
    )
    cands.add_argument(
        "scorecards",
        nargs="+",
        metavar="SCORECARD.xlsx",
        help="filled scorecards, one per finalist",
    )
    cands.add_argument("--team", help="the team (default: the one on the scorecards)")
    cands.add_argument("--cycle", help="cycle name (default: latest)")
    cands.add_argument("--json", action="store_true", help="machine-readable output")


def _exit_on_terminate() -> None:
    """Turn SIGTERM (``kill``, a closing terminal's session) into a normal exit.

    A command being written then cleans up its temporary files instead of leaving them.
    """
    import signal
    from contextlib import suppress

    def stop(signum: int, _frame: object) -> None:
        print("skillmatrix: stopped", file=sys.stderr)
        sys.exit(128 + signum)

    with suppress(ValueError, OSError):  # not the main thread, or no SIGTERM here
        signal.signal(signal.SIGTERM, stop)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; without a command it opens the desktop app. Returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "gui"
    if command != "gui":
        _exit_on_terminate()
    try:
        from skillmatrix import commands

        return int(commands.run(command, args) or 0)
    except SkillMatrixError as exc:
        if args.debug:
            raise
        print(f"skillmatrix: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("skillmatrix: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # last resort: one line, never a traceback
        if args.debug:
            raise
        print(
            f"skillmatrix: unexpected error: {type(exc).__name__}: {exc} (run with --debug)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
