"""SVG icons tinted with the current palette, rendered crisp at every size.

The line icons in ``resources/icons`` draw with ``currentColor``; we substitute the palette's
text colour before rendering, so one file serves the light and the dark theme. Widgets
registered with :func:`bind` get fresh icons when the theme changes (:func:`refresh`).

Icons are rendered on demand: each is a small :class:`QIconEngine` that renders a (mode,
size) the first time Qt asks for it and keeps the pixmap. Building the window binds a few
dozen icons; rendering every size and mode of each up front cost about 0.15 s of start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import shiboken6
from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QImage,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtSvg import QSvgRenderer

from skillmatrix.core.resources import resource

_cache: dict[tuple[str, str, str, str], QIcon] = {}
_bound: list[tuple[Any, str, Callable[[QIcon], None]]] = []


@cache
def _svg_text(name: str) -> str:
    return resource("icons", f"{name}.svg").read_text(encoding="utf-8")


def _render(svg: str, width: int, height: int) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, width, height))
    painter.end()
    return QPixmap.fromImage(image)


#: Engines handed to Qt by ``clone``: referenced until Qt deletes them (PySide6 would
#: otherwise collect a Python engine that C++ still uses).
_clones: list[QIconEngine] = []


class _SvgEngine(QIconEngine):
    """Renders one SVG per icon mode (tinted texts) at each size on first use, then reuses it."""

    def __init__(self, svgs: dict[QIcon.Mode, str]) -> None:
        super().__init__()
        self._svgs = svgs
        self._pixmaps: dict[tuple[QIcon.Mode, int, int], QPixmap] = {}

    def _svg(self, mode: QIcon.Mode) -> str:
        return self._svgs.get(mode) or self._svgs[QIcon.Mode.Normal]

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        key = (mode, size.width(), size.height())
        cached = self._pixmaps.get(key)
        if cached is None:
            cached = _render(self._svg(mode), max(size.width(), 1), max(size.height(), 1))
            self._pixmaps[key] = cached
        return cached

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        size = QSize(round(rect.width() * ratio), round(rect.height() * ratio))
        pixmap = QPixmap(self.pixmap(size, mode, state))
        pixmap.setDevicePixelRatio(ratio)
        painter.drawPixmap(rect.topLeft(), pixmap)

    def clone(self) -> QIconEngine:
        engine = _SvgEngine(self._svgs)
        _clones[:] = [e for e in _clones if shiboken6.isValid(e)]
        _clones.append(engine)
        return engine


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
    result = QIcon(
        _SvgEngine(
            {
                QIcon.Mode.Normal: _tint(svg, normal),
                QIcon.Mode.Disabled: _tint(svg, disabled),
                QIcon.Mode.Selected: _tint(svg, selected),
            }
        )
    )
    _cache[key] = result
    return result


def app_icon() -> QIcon:
    """The application icon (full colour, not tinted)."""
    return QIcon(_SvgEngine({QIcon.Mode.Normal: _svg_text("skillmatrix")}))


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
