"""Custom item data roles of the assessment model and the state of a cell."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt

_USER = int(Qt.ItemDataRole.UserRole)


class CellState(IntEnum):
    """What a cell holds: nothing, an explicit "not applicable", or a level.

    Or LOADING: its ratings are not read yet (the grid streams a big organisation in).
    """

    NOT_RATED = 0
    NOT_APPLICABLE = 1
    RATED = 2
    LOADING = 3


class Role(IntEnum):
    """Item data roles beyond Qt's (cells unless noted)."""

    STATE = _USER + 1  #: CellState as int
    LEVEL = _USER + 2  #: int or None
    INTEREST = _USER + 3  #: int or None
    NOTE = _USER + 4  #: str ("" when none)
    TARGET = _USER + 5  #: int or None
    BELOW_TARGET = _USER + 6  #: bool
    SELF_LEVEL = _USER + 7  #: "both" mode: the self rating's level (int or None)
    DIFFERS = _USER + 8  #: "both" mode: self and manager differ by 2 or more
    PERSON_ID = _USER + 9  #: cells and vertical header
    COMPETENCY_ID = _USER + 10  #: cells and horizontal header
    CATEGORY = _USER + 11  #: horizontal header: the competency's category
    GROUP = _USER + 12  #: vertical header: the group name when the row starts a group
    CARRIED = _USER + 13  #: bool: carried forward from an earlier cycle, not yet confirmed


#: Interest goes none -> 0 -> 1 -> 2 -> 3 -> none with the interest key.
NEXT_INTEREST: dict[int | None, int | None] = {None: 0, 0: 1, 1: 2, 2: 3, 3: None}
