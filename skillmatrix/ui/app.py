"""The QApplication: created once, with name, organisation, icon, style and theme."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from skillmatrix import __version__
from skillmatrix.ui import settings
from skillmatrix.ui.palette import apply_theme


def ensure_application(argv: list[str] | None = None) -> QApplication:
    """The running QApplication, or a new one set up for SkillMatrix.

    An existing application (tests, an embedding program) keeps its own name and
    organisation when it has them, so its QSettings stay its own.
    """
    app = QApplication.instance()
    created = app is None
    if app is None:
        from skillmatrix.ui.platform_guard import create_application

        app = create_application(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    if created or not QCoreApplication.organizationName():
        QCoreApplication.setOrganizationName(settings.ORGANISATION)
        QCoreApplication.setApplicationName(settings.APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    app.setApplicationDisplayName("SkillMatrix")
    # The .desktop file's name (packaging/linux): Wayland finds the window's icon by it.
    app.setDesktopFileName("io.github.skillmatrix.SkillMatrix")
    if not getattr(app, "_skillmatrix_ready", False):
        from skillmatrix.ui.icons import app_icon

        app.setWindowIcon(app_icon())
        apply_theme(app, settings.theme())
        app._skillmatrix_ready = True  # type: ignore[attr-defined]
    return app
