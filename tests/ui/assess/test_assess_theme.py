"""The Assess grid in both themes: "not rated" and "not in role" cells stay apart."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont

from skillmatrix.core import palette
from skillmatrix.ui.assess.colors import CellStyle
from skillmatrix.ui.palette import dark_palette, light_palette


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_not_rated_and_not_in_role_cells_differ_in_both_themes(qapp, theme: str) -> None:
    pal = dark_palette() if theme == "dark" else light_palette()
    style = CellStyle.build(pal, 5, QFont())
    not_rated = style.empty.color().name()
    not_in_role = style.outside_role.color().name()
    # was 1.10:1 in the dark theme (base vs base.lighter(125)) and 1.13:1 in the light one
    assert palette.contrast(not_rated, not_in_role) >= palette.MIN_EMPTY_CONTRAST
    # neither is a level colour, nor the n/a fill
    levels = {b.color().name() for b in style.level_brushes}
    assert not {not_rated, not_in_role} & levels
    assert style.na_fill.color().name() not in {not_rated, not_in_role}
