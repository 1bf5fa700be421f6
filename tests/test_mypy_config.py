"""mypy's configuration: strict for the whole package.

The list of ui modules excused from it only shrinks (issue 11). CI runs mypy itself
(.ci/run); this guards the config.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: How many modules are excused today. When one passes and leaves the list, lower this
#: number with it; never raise it.
EXCUSED_BUDGET = 0
#: Third-party packages without type information, read as Any.
UNTYPED_PACKAGES = {"openpyxl.*", "yaml", "defusedxml.*"}


def _mypy() -> dict[str, Any]:
    config: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return config["tool"]["mypy"]


def _excused() -> list[str]:
    return [
        name
        for override in _mypy().get("overrides", [])
        if override.get("ignore_errors")
        for name in override["module"]
    ]


def test_the_package_is_checked_strictly() -> None:
    mypy = _mypy()
    assert mypy["strict"] is True
    assert mypy["files"] == ["skillmatrix"]


def test_the_excused_list_only_shrinks() -> None:
    excused = _excused()
    assert len(excused) <= EXCUSED_BUDGET, (
        f"{len(excused)} modules excused from mypy, the budget is {EXCUSED_BUDGET}: "
        "fix the new module's types instead of listing it"
    )
    assert len(excused) == EXCUSED_BUDGET, (
        f"{EXCUSED_BUDGET - len(excused)} module(s) left the list: lower EXCUSED_BUDGET "
        f"to {len(excused)} so it cannot grow back"
    )


def test_excused_modules_are_real_ui_modules_named_one_by_one() -> None:
    excused = _excused()
    assert len(set(excused)) == len(excused), "a module is listed twice"
    for name in excused:
        in_ui = name == "skillmatrix.ui" or name.startswith("skillmatrix.ui.")
        assert in_ui, f"{name}: only ui modules may be excused"
        assert "*" not in name, f"{name}: name modules one by one, no wildcards"
        path = ROOT / Path(*name.split("."))
        assert path.with_suffix(".py").is_file() or (path / "__init__.py").is_file(), (
            f"{name} no longer exists: remove it from the list and lower the budget"
        )


def test_no_other_override_relaxes_the_package() -> None:
    """Besides the excused list, overrides only let untyped third-party imports in."""
    for override in _mypy().get("overrides", []):
        if override.get("ignore_errors"):
            assert set(override) == {"module", "ignore_errors"}
            continue
        assert set(override) == {"module", "ignore_missing_imports"}, override
        assert set(override["module"]) <= UNTYPED_PACKAGES, override["module"]
