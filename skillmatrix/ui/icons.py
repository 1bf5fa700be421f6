"""SVG icons tinted with the current palette, rendered crisp at every size.

The line icons in ``resources/icons`` draw with ``currentColor``; we substitute the palette's
text colour before rendering, so one file serves the light and the dark theme. Widgets
registered with :func:`bind` get fresh icons when the theme changes (:func:`refresh`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import shiboken6
from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from skillmatrix.core.resources import resource

#: Sizes rendered into each icon; Qt picks (and scales from) the closest for any DPI.
_SIZES = (16, 20, 24, 32, 40, 48, 64, 96)
_cache: dict[tuple[str, str, str, str], QIcon] = {}
_bound: list[tuple[Any, str, Callable[[QIcon], None]]] = []


@cache
def _svg_text(name: str) -> str:
    return resource("icons", f"{name}.svg").read_text(encoding="utf-8")


def _render(svg: str, size: int) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return QPixmap.fromImage(image)


def _colours() -> tuple[str, str, str]:
    palette = QGuiApplication.palette()
    normal = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
    # A softer tone than the text reads as "icon", not as a black blot next to the label.
    soft = QColor(normal)
    soft.setAlphaF(0.85)
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    selected = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText)
    return soft.name(QColor.NameFormat.HexArgb), disabled.name(), selected.name()


def _tint(svg: str, colour: str) -> str:
    # SVG wants #RRGGBB plus an opacity, not Qt's #AARRGGBB.
    if len(colour) == 9:
        alpha = int(colour[1:3], 16) / 255
        return svg.replace(
            'stroke="currentColor"', f'stroke="#{colour[3:]}" stroke-opacity="{alpha:.2f}"'
        ).replace('fill="currentColor"', f'fill="#{colour[3:]}" fill-opacity="{alpha:.2f}"')
    return svg.replace("currentColor", colour)


def icon(name: str) -> QIcon:
    """The tinted icon ``resources/icons/<name>.svg`` (normal, disabled, selected modes)."""
    normal, disabled, selected = _colours()
    key = (name, normal, disabled, selected)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    svg = _svg_text(name)
    result = QIcon()
    for mode, colour in (
        (QIcon.Mode.Normal, normal),
        (QIcon.Mode.Active, normal),
        (QIcon.Mode.Disabled, disabled),
        (QIcon.Mode.Selected, selected),
    ):
        tinted = _tint(svg, colour)
        for size in _SIZES:
            result.addPixmap(_render(tinted, size), mode)
    _cache[key] = result
    return result


def app_icon() -> QIcon:
    """The application icon (full colour, not tinted)."""
    svg = _svg_text("skillmatrix")
    result = QIcon()
    for size in (*_SIZES, 128, 256):
        result.addPixmap(_render(svg, size))
    return result


def bind(target: Any, name: str, setter: Callable[[QIcon], None] | None = None) -> Any:
    """Give ``target`` (anything with ``setIcon``) the icon ``name`` and keep it current.

    Returns:
        ``target``, so calls can be chained.
    """
    apply = setter or target.setIcon
    apply(icon(name))
    # One entry per target (the latest icon wins); forget widgets deleted since.
    _bound[:] = [b for b in _bound if b[0] is not target and shiboken6.isValid(b[0])]
    _bound.append((target, name, apply))
    return target


def refresh() -> None:
    """Re-tint every bound icon (after a palette change); forget deleted widgets."""
    _cache.clear()
    alive = []
    for target, name, apply in _bound:
        if shiboken6.isValid(target):
            apply(icon(name))
            alive.append((target, name, apply))
    _bound[:] = alive
