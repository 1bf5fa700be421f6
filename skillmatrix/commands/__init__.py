"""Headless command implementations behind the command line, each imported on demand."""

from __future__ import annotations

import argparse
from importlib import import_module

_MODULES = {
    "gui": "gui",
    "frameworks": "frameworks",
    "demo": "demo",
    "summary": "summary",
    "plot": "plot",
    "export": "excel",
    "import": "excel",
    "forms": "excel",
    "init": "init",
    "cycle": "cycle",
    "risk": "risk",
    "find": "find",
    "calibrate": "calibrate",
    "build-or-hire": "grow",
    "reorg": "reorg",
    "history": "history",
    "department": "department",
    "server": "server",
    "scorecard": "candidates",
    "candidates": "candidates",
    "profile": "profile",
    "plan": "plan",
}


def run(command: str, args: argparse.Namespace) -> int:
    """Run ``command`` by its ``run_*`` handler, importing only that command's module."""
    module = import_module(f"skillmatrix.commands.{_MODULES[command]}")
    handler = getattr(module, f"run_{command.replace('-', '_')}")
    return int(handler(args) or 0)
