"""What a key press means in the grid (pure mapping, no widgets).

Digits set that level (the view refuses one outside the scale); Delete/Backspace clear
it; N marks "not applicable"; I cycles interest; C confirms a carried-forward rating
unchanged ("still true"); Enter/Return/F2 edit the note. Anything
else (arrows, Tab, shortcuts with Ctrl/Alt) is left to the table view.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtCore import Qt

Key = Qt.Key
_BLOCKING = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | (Qt.KeyboardModifier.MetaModifier)
)


class Action(Enum):
    """What a key in the grid asks for."""

    SET_LEVEL = auto()
    CLEAR = auto()
    NOT_APPLICABLE = auto()
    CYCLE_INTEREST = auto()
    EDIT_NOTE = auto()
    CONFIRM = auto()


@dataclass(frozen=True, slots=True)
class KeyAction:
    """An edit asked for from the keyboard; ``level`` only for ``SET_LEVEL``."""

    action: Action
    level: int | None = None


def action_for(key: int, text: str, modifiers: Qt.KeyboardModifier) -> KeyAction | None:
    """The grid action for a key press, or None to let the view handle it."""
    if modifiers & _BLOCKING:
        return None
    if key in (Key.Key_Delete, Key.Key_Backspace):
        return KeyAction(Action.CLEAR)
    if key in (Key.Key_Return, Key.Key_Enter, Key.Key_F2):
        return KeyAction(Action.EDIT_NOTE)
    if key == Key.Key_N:
        return KeyAction(Action.NOT_APPLICABLE)
    if key == Key.Key_I:
        return KeyAction(Action.CYCLE_INTEREST)
    if key == Key.Key_C:
        return KeyAction(Action.CONFIRM)
    if len(text) == 1 and text.isdigit():
        return KeyAction(Action.SET_LEVEL, int(text))  # the caller refuses levels off the scale
    return None
