"""The Add / Edit person dialog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from skillmatrix.core.model import UNKNOWN_SENIORITY, Person, Seniority

NO_TEAM = "(no team)"
NO_ROLE = "(no role)"


@dataclass(frozen=True, slots=True)
class PersonFields:
    """What the dialog collects; ``team``/``role`` None mean none."""

    name: str
    email: str
    team: str | None
    role: str | None
    seniority: Seniority | None  # None: unknown (left unchosen for an imported person)


class PersonDialog(QDialog):
    """Collects a person's fields; ``submit`` stores them (the dialog stays open if refused).

    Args:
        teams: existing team names (the team box also accepts a new name).
        roles: role names.
        person: the person to edit, or None to add one.
        submit: called with the fields on OK; returns True when they were stored.
        default_team: the team preselected for a new person (the toolbar's team).
    """

    def __init__(
        self,
        teams: list[str],
        roles: list[str],
        *,
        person: Person | None = None,
        submit: Callable[[PersonFields], bool] | None = None,
        default_team: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("personDialog")
        self.setWindowTitle("Edit person" if person else "Add person")
        self._submit = submit
        self.setMinimumWidth(420)

        self.name = QLineEdit(self)
        self.name.setObjectName("personName")
        self.name.setPlaceholderText("Full name")
        self.email = QLineEdit(self)
        self.email.setObjectName("personEmail")
        self.email.setPlaceholderText("name@example.com (optional)")
        self.team = QComboBox(self)
        self.team.setObjectName("personTeam")
        self.team.setEditable(True)
        self.team.addItems([NO_TEAM, *teams])
        line = self.team.lineEdit()
        assert line is not None  # an editable combo box always has one
        line.setPlaceholderText("Pick a team or type a new one")
        self.role = QComboBox(self)
        self.role.setObjectName("personRole")
        self.role.addItems([NO_ROLE, *roles])
        self.seniority = QComboBox(self)
        self.seniority.setObjectName("personSeniority")
        self.seniority.addItems([s.value for s in Seniority])

        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Email:", self.email)
        form.addRow("&Team:", self.team)
        form.addRow("&Role:", self.role)
        form.addRow("&Seniority:", self.seniority)
        for widget, text in (
            (self.name, "Name"),
            (self.email, "Email"),
            (self.team, "Team"),
            (self.role, "Role"),
            (self.seniority, "Seniority"),
        ):
            widget.setAccessibleName(text)
        hint = QLabel("The role and seniority set the target level for each competency.", self)
        hint.setWordWrap(True)
        hint.setEnabled(False)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Save" if person else "Add person")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)

        if person is not None:
            self.name.setText(person.name)
            self.email.setText(person.email)
            self._select(self.team, person.team or NO_TEAM, editable=True)
            self._select(self.role, person.role or NO_ROLE)
            if person.seniority is None:
                # Unknown stays unknown until the user picks one (never preselect Mid).
                self.seniority.setPlaceholderText(f"{UNKNOWN_SENIORITY} — choose one")
                self.seniority.setCurrentIndex(-1)
            else:
                self.seniority.setCurrentText(person.seniority.value)
        else:
            self.seniority.setCurrentText(Seniority.MID.value)
            if default_team:
                self._select(self.team, default_team, editable=True)
            if len(roles) == 1:  # one framework installed: that is the role
                self.role.setCurrentIndex(1)
        self.name.textChanged.connect(self._update_ok)
        self._update_ok()

    @staticmethod
    def _select(combo: QComboBox, text: str, *, editable: bool = False) -> None:
        index = combo.findText(text)
        if index < 0 and not editable:
            combo.addItem(text)  # a role renamed meanwhile: still show what is stored
            index = combo.count() - 1
        if index >= 0:
            combo.setCurrentIndex(index)
        else:
            combo.setEditText(text)

    def _update_ok(self) -> None:
        self.ok.setEnabled(bool(self.name.text().strip()))

    def fields(self) -> PersonFields:
        """The fields as entered."""
        team = self.team.currentText().strip()
        role = self.role.currentText()
        return PersonFields(
            name=self.name.text().strip(),
            email=self.email.text().strip(),
            team=None if team in ("", NO_TEAM) else team,
            role=None if role == NO_ROLE else role,
            seniority=(
                Seniority(self.seniority.currentText())
                if self.seniority.currentIndex() >= 0
                else None
            ),
        )

    def accept(self) -> None:
        """Submit the fields; the dialog stays open when they are refused."""
        if not self.name.text().strip():
            return
        if self._submit is not None and not self._submit(self.fields()):
            return  # refused: the message was shown; let the user correct it
        super().accept()
