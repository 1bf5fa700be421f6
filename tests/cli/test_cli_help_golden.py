"""Every command's --help text and arguments, byte for byte as in ``golden/cli_help.txt``.

Their argparse blocks share one helper (``commands/parsing.add_command``), and factoring
them must not change a flag, a help text or a default. Regenerate (only for an intended
change) with ``python tests/cli/test_cli_help_golden.py``.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from skillmatrix.cli import build_parser

GOLDEN = Path(__file__).parent / "golden" / "cli_help.txt"
#: Every command (nested ones by their full name).
COMMANDS = (
    "",  # the command list: their one-line summaries
    "gui",
    "demo",
    "summary",
    "plot",
    "export",
    "import",
    "forms",
    "find",
    "build-or-hire",
    "reorg",
    "history",
    "department",
    "calibrate",
    "risk",
    "scorecard",
    "candidates",
    "profile",
    "plan",
    "init",
    "cycle",
    "cycle list",
    "cycle start",
    "cycle status",
    "cycle due",
    "cycle close",
    "cycle reopen",
    "frameworks",
    "frameworks load",
    "server",
    "server init",
    "server grant",
    "server upgrade",
)


def _parser(root: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    parser = root
    for word in name.split():
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = sub.choices[word]
    return parser


def _arguments(parser: argparse.ArgumentParser) -> list[str]:
    """One line per argument: what --help does not show (defaults, types, actions)."""
    lines = []
    for action in parser._actions:
        kind = getattr(action.type, "__name__", repr(action.type))
        lines.append(
            f"  {action.option_strings or action.dest} {type(action).__name__} "
            f"dest={action.dest} default={action.default!r} nargs={action.nargs!r} "
            f"type={kind} metavar={action.metavar!r} required={action.required}"
        )
    return lines


def render() -> str:
    """Every command's --help and argument list, at a fixed terminal width."""
    root = build_parser()
    out = []
    for name in COMMANDS:
        parser = _parser(root, name)
        out += [
            f"=== skillmatrix {name} --help".replace("  ", " "),
            parser.format_help(),
            *_arguments(parser),
        ]
        out += [f"formatter={parser.formatter_class.__name__}", ""]
    return "\n".join(out)


def test_every_commands_help_is_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    assert render() == GOLDEN.read_text(encoding="utf-8")


def test_every_command_is_recorded() -> None:
    """A new command is added to ``COMMANDS`` (and the golden file), not left out of it."""
    root = build_parser()
    listed = {name.split()[0] for name in COMMANDS if name}
    sub = next(a for a in root._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub.choices) == listed


if __name__ == "__main__":
    os.environ["COLUMNS"] = "100"
    GOLDEN.write_text(render(), encoding="utf-8")
