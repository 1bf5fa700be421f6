"""One confirmation question with a verb on the button ("Delete", not "Yes")."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

Button = QMessageBox.StandardButton


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    action: str,
    *,
    detail: str = "",
    destructive: bool = False,
) -> bool:
    """Ask before a change; True when the user chose ``action``.

    Cancel is the default button for destructive actions, so a stray Enter changes nothing.
    """
    box = QMessageBox(parent)
    box.setObjectName("confirmBox")
    box.setIcon(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    if detail:
        box.setInformativeText(detail)
    box.setStandardButtons(Button.Yes | Button.Cancel)
    box.button(Button.Yes).setText(action)
    box.setDefaultButton(Button.Cancel if destructive else Button.Yes)
    box.setEscapeButton(Button.Cancel)
    return Button(box.exec()) == Button.Yes
