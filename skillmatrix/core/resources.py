"""Locate the data files shipped with the app (frameworks, icons).

In a built wheel or frozen bundle they live in ``skillmatrix/resources``; in a source
checkout (editable install, tests) they are the top-level ``resources/`` folder.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    """The folder of the shipped resources, in a source tree, an installed package or a bundle."""
    here = Path(__file__).resolve().parent.parent  # the skillmatrix package
    candidates = [here / "resources", here.parent / "resources"]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen) / "skillmatrix" / "resources")
    for candidate in candidates:
        if (candidate / "frameworks").is_dir():
            return candidate
    raise FileNotFoundError("SkillMatrix resources folder not found (broken installation)")


def resource(*parts: str) -> Path:
    """The path of a shipped resource."""
    return resources_dir().joinpath(*parts)
