"""The command line's argument parser: a mistyped command or choice names the nearest one.

Sub-commands are made with the parser's own class, so every level (``skillmatrix sumary``,
``skillmatrix plot heatmpa``, any sub-command added later) gets the suggestion.
:func:`add_command` makes every sub-command (``cli.py`` and the ``*_args`` helpers).
"""

from __future__ import annotations

import argparse
import textwrap
from typing import Any, TypeAlias

#: A sub-command list (its parsers are SuggestingParsers; typed as the base class so the
#: ``*_args`` helpers can add to it).
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
#: Descriptions printed as written (examples, file formats).
RAW = argparse.RawDescriptionHelpFormatter


def nearest(value: str, choices: list[str]) -> str | None:
    """The choice closest to ``value`` (a typo, a prefix, another case), or None."""
    import difflib  # only on a mistake: not part of every start-up

    folded = {c.casefold(): c for c in choices}
    if value.casefold() in folded:
        return folded[value.casefold()]
    prefixed = [c for c in choices if c.startswith(value)] if len(value) >= 2 else []
    if len(prefixed) == 1:
        return prefixed[0]
    close = difflib.get_close_matches(value.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


class SuggestingParser(argparse.ArgumentParser):
    """An ArgumentParser whose "invalid choice" error adds "did you mean ...?"."""

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        choices = action.choices
        if choices is None or value in choices:
            return
        names = [str(c) for c in choices]
        guess = nearest(str(value), names) if isinstance(value, str) else None
        hint = f"did you mean {guess!r}? " if guess else ""
        raise argparse.ArgumentError(
            action, f"invalid choice: {value!r} ({hint}choose from {', '.join(names)})"
        )


class ParagraphFormatter(argparse.HelpFormatter):
    """Wraps each paragraph of a description to the terminal.

    A paragraph with indented lines (a list or a table) is kept as written.
    """

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        out = []
        for para in text.split("\n\n"):
            lines = para.splitlines()
            if any(line.startswith("  ") for line in lines):
                out.append("\n".join(indent + line for line in lines))
            else:
                out.append(
                    textwrap.fill(
                        " ".join(para.split()),
                        width,
                        initial_indent=indent,
                        subsequent_indent=indent,
                    )
                )
        return "\n\n".join(out)


def add_command(
    sub: Subcommands,
    name: str,
    common: argparse.ArgumentParser,
    summary: str,
    description: str,
    formatter: type[argparse.HelpFormatter] = ParagraphFormatter,
) -> argparse.ArgumentParser:
    """A sub-command taking the ``common`` options (--db, --debug).

    It has a one-line ``summary`` (in its parent's command list) and a ``description`` (its
    --help).
    """
    return sub.add_parser(
        name, parents=[common], help=summary, description=description, formatter_class=formatter
    )
