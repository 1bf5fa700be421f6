"""File › Connect to Server…: a shared PostgreSQL database by host, port, database and login.

The password is for this connection, or remembered in the OS keyring; it never goes into the
settings, the Recent list or a URL anyone can see.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

#: The driver SkillMatrix uses for PostgreSQL (psycopg 3).
DRIVER = "postgresql+psycopg"


class ConnectServerDialog(QDialog):
    """Collects a server, database and login.

    Args:
        keyring: whether an OS keyring is there to remember the password in.
        user: the login to suggest (the OS user).
    """

    def __init__(self, *, keyring: bool, user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectServerDialog")
        self.setWindowTitle("Connect to server")
        self.setMinimumWidth(460)
        self.host = QLineEdit("localhost", self)
        self.host.setObjectName("serverHost")
        self.port = QSpinBox(self)
        self.port.setObjectName("serverPort")
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit("skillmatrix", self)
        self.database.setObjectName("serverDatabase")
        self.user = QLineEdit(user, self)
        self.user.setObjectName("serverUser")
        self.password = QLineEdit(self)
        self.password.setObjectName("serverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("empty: from the keyring, ~/.pgpass or PGSERVICE")
        self.remember = QCheckBox("&Remember the password in the system keyring", self)
        self.remember.setObjectName("rememberPassword")
        self.remember.setEnabled(keyring)
        self.remember.setChecked(keyring)
        for field, name in (
            (self.host, "Host"),
            (self.port, "Port"),
            (self.database, "Database"),
            (self.user, "User"),
            (self.password, "Password"),
        ):
            field.setAccessibleName(name)
        form = QFormLayout()
        form.addRow("&Host:", self.host)
        form.addRow("P&ort:", self.port)
        form.addRow("&Database:", self.database)
        form.addRow("&User:", self.user)
        form.addRow("&Password:", self.password)
        from skillmatrix.services.credentials import NO_KEYRING

        self.note = QLabel(
            "Your administrator sets the database up ('skillmatrix server init') and "
            "grants your login its teams." + ("" if keyring else f"\n\n{NO_KEYRING}"),
            self,
        )
        self.note.setObjectName("keyringNote")
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Connect")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._ok = ok
        for edit in (self.host, self.database, self.user):
            edit.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self._check()

    def _check(self) -> None:
        self._ok.setEnabled(all(e.text().strip() for e in (self.host, self.database, self.user)))

    def url(self) -> str:
        """The server URL without any password: what Recent keeps and the title shows."""
        from sqlalchemy.engine import URL

        return URL.create(
            DRIVER,
            username=self.user.text().strip(),
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
        ).render_as_string(hide_password=False)

    def typed_password(self) -> str | None:
        """The password typed, or None when the field is empty."""
        return self.password.text() or None
