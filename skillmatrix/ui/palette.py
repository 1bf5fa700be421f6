"""Light and dark palettes for the Fusion style, and the "system" choice between them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


def system_prefers_dark() -> bool:
    """True when the desktop asks for a dark colour scheme (Qt 6.5+ reports it)."""
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    return scheme is not None and scheme() == Qt.ColorScheme.Dark


def light_palette() -> QPalette:
    """Fusion's light palette with a calmer blue selection and readable placeholders."""
    p = QApplication.style().standardPalette()
    p.setColor(Role.Window, QColor("#f3f4f6"))
    p.setColor(Role.Base, QColor("#ffffff"))
    p.setColor(Role.AlternateBase, QColor("#f5f7fa"))
    p.setColor(Role.Highlight, QColor("#2f6fce"))
    p.setColor(Role.HighlightedText, QColor("#ffffff"))
    p.setColor(Role.Link, QColor("#1f5fbf"))
    p.setColor(Role.PlaceholderText, QColor("#6b7280"))
    p.setColor(Role.ToolTipBase, QColor("#ffffe8"))
    p.setColor(Role.ToolTipText, QColor("#1a1a1a"))
    p.setColor(Group.Disabled, Role.Text, QColor("#9aa0a6"))
    p.setColor(Group.Disabled, Role.WindowText, QColor("#9aa0a6"))
    p.setColor(Group.Disabled, Role.ButtonText, QColor("#9aa0a6"))
    return p


def dark_palette() -> QPalette:
    """A dark palette with enough contrast for long sessions (text ~12:1 on base)."""
    p = QPalette()
    colours = {
        Role.Window: "#2b2d31",
        Role.WindowText: "#e8e9eb",
        Role.Base: "#1e1f22",
        Role.AlternateBase: "#26282c",
        Role.ToolTipBase: "#3a3d42",
        Role.ToolTipText: "#f0f0f0",
        Role.PlaceholderText: "#8d939c",
        Role.Text: "#e8e9eb",
        Role.Button: "#35373c",
        Role.ButtonText: "#e8e9eb",
        Role.BrightText: "#ff6b6b",
        Role.Light: "#4a4d53",
        Role.Midlight: "#3f4247",
        Role.Mid: "#2f3136",
        Role.Dark: "#1a1b1e",
        Role.Shadow: "#000000",
        Role.Highlight: "#3d7fd9",
        Role.HighlightedText: "#ffffff",
        Role.Link: "#73b3ff",
        Role.LinkVisited: "#b18cff",
    }
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        p.setColor(Group.Disabled, role, QColor("#6f747c"))
    p.setColor(Group.Disabled, Role.Highlight, QColor("#454850"))
    return p


def status_tint(status: str, palette: QPalette | None = None) -> tuple[QColor, QColor]:
    """(fill, text) of a cell marked with a coverage status ("gap", "at-risk", "ok").

    On ``palette`` (default: the application's), light or dark by its base colour.
    """
    from skillmatrix.core import palette as colors

    base = (palette or QApplication.palette()).color(Role.Base)
    dark = base.lightness() < 128
    fills = colors.DARK_STATUS_TINTS if dark else colors.STATUS_TINTS
    texts = colors.DARK_STATUS_TINT_TEXT if dark else colors.STATUS_TINT_TEXT
    return QColor(fills[status]), QColor(texts[status])


def is_dark(theme: str) -> bool:
    """True when ``theme`` is dark, or "system" and the system prefers dark."""
    return theme == "dark" or (theme == "system" and system_prefers_dark())


def apply_theme(app: QApplication, theme: str) -> None:
    """Use Fusion with the light or dark palette ("system" follows the desktop)."""
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(dark_palette() if is_dark(theme) else light_palette())
