"""File › Connect to Server…: a shared PostgreSQL database by login or by service name.

It takes host, port, database and login, or a service name of libpq's service file
(``pg_service.conf``, or the one ``PGSERVICEFILE`` names), which then supplies what is
left empty. The password is for this connection, or remembered in the OS keyring; it
never goes into the settings, the Recent list or a URL anyone can see.
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

    #: The port box's "not given" value (libpq's default, or the service file's port).
    NO_PORT = 0

    def __init__(self, *, keyring: bool, user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectServerDialog")
        self.setWindowTitle("Connect to server")
        self.setMinimumWidth(460)
        self.service = QLineEdit(self)
        self.service.setObjectName("serviceEdit")
        self.service.setPlaceholderText("optional: an entry of pg_service.conf")
        self.service.setToolTip(
            "A service name from your pg_service.conf (or the file PGSERVICEFILE names): "
            "it supplies the host, port, database and user left empty here"
        )
        self._defaults = ("localhost", 5432, "skillmatrix", user)
        self.host = QLineEdit("localhost", self)
        self.host.setObjectName("serverHost")
        self.port = QSpinBox(self)
        self.port.setObjectName("serverPort")
        self.port.setRange(self.NO_PORT, 65535)
        self.port.setSpecialValueText("default")  # 0: not given
        self.port.setValue(5432)
        self.database = QLineEdit("skillmatrix", self)
        self.database.setObjectName("serverDatabase")
        self.user = QLineEdit(user, self)
        self.user.setObjectName("serverUser")
        self.password = QLineEdit(self)
        self.password.setObjectName("serverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("empty: from the keyring, ~/.pgpass or the service")
        self.remember = QCheckBox("&Remember the password in the system keyring", self)
        self.remember.setObjectName("rememberPassword")
        self.remember.setEnabled(keyring)
        self.remember.setChecked(keyring)
        for field, name in (
            (self.service, "Service"),
            (self.host, "Host"),
            (self.port, "Port"),
            (self.database, "Database"),
            (self.user, "User"),
            (self.password, "Password"),
        ):
            field.setAccessibleName(name)
        form = QFormLayout()
        form.addRow("&Service:", self.service)
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
        self.service.textChanged.connect(self._service_changed)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self._check()

    def _fields(self) -> tuple[str, int, str, str]:
        return (
            self.host.text().strip(),
            self.port.value(),
            self.database.text().strip(),
            self.user.text().strip(),
        )

    def _service_changed(self, text: str) -> None:
        """A service names the server: the suggested values give way to "from the service".

        They would override its entry; what the user typed stays.
        """
        named = bool(text.strip())
        if named and self._fields() == self._defaults:
            for edit in (self.host, self.database, self.user):
                edit.clear()
            self.port.setValue(self.NO_PORT)
        hint = "from the service" if named else ""
        self.port.setSpecialValueText(hint or "default")
        for edit in (self.host, self.database, self.user):
            edit.setPlaceholderText(hint)
        self._check()

    def _check(self) -> None:
        needed = (self.host, self.database, self.user)
        self._ok.setEnabled(
            bool(self.service.text().strip()) or all(e.text().strip() for e in needed)
        )

    def url(self) -> str:
        """The server URL without any password: what Recent keeps and the title shows.

        With a service, only the fields filled in go in (the service file has the rest).
        """
        from sqlalchemy.engine import URL

        host, port, database, user = self._fields()
        service = self.service.text().strip()
        return URL.create(
            DRIVER,
            username=user or None,
            host=host or None,
            port=port if port != self.NO_PORT else None,
            database=database or None,
            query={"service": service} if service else {},
        ).render_as_string(hide_password=False)

    def typed_password(self) -> str | None:
        """The password typed, or None when the field is empty."""
        return self.password.text() or None
