"""Every command explains itself.

A description and a line for each option in --help, and a mistyped command names the nearest
one.
"""

from __future__ import annotations

import argparse

import pytest

from skillmatrix.cli import build_parser, main
from skillmatrix.commands.parsing import nearest


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Every sub-command parser, nested ones too, by its full name ("plot", "cycle start")."""
    out: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                full = f"{parser.prog.removeprefix('skillmatrix').strip()} {name}".strip()
                out[full] = sub
                out.update(subcommands(sub))
    return out


COMMANDS = subcommands(build_parser())


def test_every_command_is_listed() -> None:
    assert {"gui", "frameworks", "demo", "summary", "plot", "export", "import", "forms"} <= set(
        COMMANDS
    )


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_a_description_and_documents_each_option(name: str) -> None:
    parser = COMMANDS[name]
    assert parser.description and len(parser.description) > 30, f"{name}: no description"
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue
        assert action.help and action.help is not argparse.SUPPRESS, (
            f"{name}: {action.option_strings or action.dest} has no help"
        )


def test_demo_help_gives_the_sizes_and_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["demo", "--help"])
    out = capsys.readouterr().out
    for text in ("how many people (default 40)", "how many teams (default 3)", "(default 4)"):
        assert text in out


def test_import_help_describes_the_layouts_and_the_scale(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    out = capsys.readouterr().out
    for layout in ("wide", "long", "framework", "report", "self form"):
        assert f"\n  {layout} " in out
    assert "0-4" in out and "Proficient" in out and "n/a" in out
    assert max(len(line) for line in out.splitlines()) <= 100


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("sumary", "summary"),
        ("exprot", "export"),
        ("Plot", "plot"),
        ("imprt", "import"),
        ("frame", "frameworks"),
    ],
)
def test_a_mistyped_command_names_the_nearest(
    typed: str, meant: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([typed])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert f"did you mean '{meant}'?" in err


def test_nothing_close_gets_no_guess(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["xyzzy"])
    err = capsys.readouterr().err
    assert "invalid choice: 'xyzzy'" in err and "did you mean" not in err


def test_nearest_covers_any_list_of_choices() -> None:
    """Generic: sub-commands added later get suggestions too."""
    assert nearest("cylce", ["init", "cycle", "demo"]) == "cycle"
    assert nearest("ini", ["init", "cycle"]) == "init"
    assert nearest("qqq", ["init", "cycle"]) is None
