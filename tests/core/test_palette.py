"""The shared palette: viridis levels, readable text on them, medium-specific "not rated"."""

from __future__ import annotations

from skillmatrix.core import palette


def test_level_colours_run_dark_to_bright_from_viridis_ends() -> None:
    assert palette.level_colors(5) == ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"]
    assert palette.level_colors(1) == ["#21918c"]
    grid = palette.level_colors(5, start=palette.GRID_LEVEL_START)
    assert grid[0] != "#440154" and grid[-1] == "#fde725"


def test_text_contrasts_with_each_level() -> None:
    assert palette.text_on("#440154") == "#ffffff"
    assert palette.text_on("#fde725") == "#000000"
    assert [palette.light_text_on(c) for c in palette.level_colors(3)] == [True, False, False]


def test_not_rated_is_never_a_level_colour() -> None:
    levels = {c.lower() for n in range(1, 12) for c in palette.level_colors(n)}
    for c in (palette.CHART_NOT_RATED, palette.GRID_NOT_RATED, palette.NOT_IN_ROLE):
        assert c.lower() not in levels
    assert palette.CHART_NOT_RATED != palette.GRID_NOT_RATED
    assert set(palette.STATUS_COLORS) == set(palette.STATUS_LABELS) == {"gap", "at-risk", "ok"}
