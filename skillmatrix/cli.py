"""The ``skillmatrix`` command line: opens the app by default, or runs a headless command.

Every command reports a problem as one line on stderr and exits 1 (usage errors exit 2);
``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from skillmatrix import __version__
from skillmatrix.core.errors import SkillMatrixError

PLOT_KINDS = ("heatmap", "coverage", "gaps", "profile", "trend", "teams")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="skillmatrix",
        description="Team skills matrix: ratings, coverage, gaps and the quarterly report.",
    )
    parser.add_argument("--version", action="version", version=f"skillmatrix {__version__}")
    parser.add_argument("--db", help="database file or SQLAlchemy URL ($SKILLMATRIX_DB)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    # Sub-commands accept --db too; SUPPRESS keeps a global --db unless they give their own.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help="database file or URL")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("gui", parents=[common], help="open the desktop app (the default)")
    sub.add_parser("frameworks", parents=[common], help="list the built-in role frameworks")

    demo = sub.add_parser("demo", parents=[common], help="create a demo organisation")
    demo.add_argument("--people", type=_positive, default=40)
    demo.add_argument("--teams", type=_positive, default=3)
    demo.add_argument("--cycles", type=_positive, default=4)
    demo.add_argument("--seed", type=int, default=0)
    demo.add_argument("--force", action="store_true", help="replace a non-empty database")

    summary = sub.add_parser("summary", parents=[common], help="coverage, risks and gaps")
    summary.add_argument("--cycle", help="cycle name, e.g. 2026-Q4 (default: latest)")
    summary.add_argument("--team", help="team name (default: all teams)")
    summary.add_argument("--json", action="store_true", help="machine-readable output")

    plot = sub.add_parser("plot", parents=[common], help="save a chart as PNG, SVG or PDF")
    plot.add_argument("kind", choices=PLOT_KINDS)
    plot.add_argument("--cycle")
    plot.add_argument("--team")
    plot.add_argument("--person", help="person name or email (profile)")
    plot.add_argument("-o", "--output", required=True, help="FILE.png|svg|pdf")

    export = sub.add_parser("export", parents=[common], help="write the quarterly Excel report")
    export.add_argument("--cycle")
    export.add_argument("--team")
    export.add_argument("--compare-to", help="cycle to compare with (default: previous)")
    export.add_argument("--anonymize", action="store_true", help="pseudonyms for names")
    export.add_argument("-o", "--output", required=True, help="report.xlsx")

    imp = sub.add_parser("import", parents=[common], help="import ratings from .xlsx or .csv")
    imp.add_argument("file")
    imp.add_argument("--cycle")
    imp.add_argument("--dry-run", action="store_true", help="check and report, change nothing")
    imp.add_argument("--strict", action="store_true", help="refuse unknown people/competencies")
    imp.add_argument("--sheet", help="the sheet to read (default: the one with ratings)")
    imp.add_argument(
        "--map",
        dest="value_map",
        metavar="SPEC",
        help='how the file\'s values read as levels, e.g. "x=3,o=0" or "1-5" (default: inferred)',
    )

    forms = sub.add_parser("forms", parents=[common], help="write self-assessment forms")
    forms.add_argument("--cycle")
    forms.add_argument("--team")
    forms.add_argument("-o", "--output", required=True, help="output folder")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "gui"
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
