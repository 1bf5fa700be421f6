"""Chart themes: the ground, ink and empty-cell colours a figure is drawn with.

A theme is a plain value given to a builder (``theme=DARK``); the builder records it on
its figure (:func:`use_theme`) so the shared helpers (titles, legends, axes, the matrix
view) draw with it too. The report and the command line keep the light print look
(:data:`LIGHT`, the default); the app passes the theme of its window.

Colours that carry data (levels, statuses, gap ramps) are the same in both themes: only
the ground, text, grid lines and the cells without a value change.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

from matplotlib.figure import Figure

from skillmatrix.core import palette


@dataclass(frozen=True, slots=True)
class ChartTheme:
    """Colours of everything in a chart that is not data.

    Attributes:
        name: "light" or "dark".
        background: the figure's and axes' face; also the separators between bands.
        text: titles, labels, tick labels.
        muted: subtitles, captions, secondary labels.
        grid: grid lines behind the data.
        ink: marks that must stand out on the ground (required people, role targets).
        edge: outlines of legend swatches.
        not_rated: a cell the role sets a target for that has no level yet.
        not_in_role: no target for the person's role and no level.
        na_face, na_hatch: a not-applicable cell and the slash across it.
        status_text: text in a status's colour that stays readable on the ground.
    """

    name: str
    background: str
    text: str
    muted: str
    grid: str
    ink: str
    edge: str
    not_rated: str
    not_in_role: str
    na_face: str
    na_hatch: str
    status_text: dict[str, str] = field(default_factory=dict)

    @property
    def dark(self) -> bool:
        """Whether the theme's background is dark."""
        return palette.light_text_on(self.background)


LIGHT = ChartTheme(
    name="light",
    background="#ffffff",
    text="#222222",
    muted="#666666",
    grid="#e6e6e6",
    ink="#000000",
    edge="#bdbdbd",
    not_rated=palette.CHART_NOT_RATED,
    not_in_role=palette.NOT_IN_ROLE,
    na_face=palette.NA_FACE,
    na_hatch=palette.NA_HATCH,
    status_text=dict(palette.STATUS_TEXT_COLORS),
)
DARK = ChartTheme(
    name="dark",
    background=palette.DARK_BASE,
    text="#e8e9eb",
    muted="#a4a9b1",
    grid="#3a3d42",
    ink="#f2f2f2",
    edge="#6f747c",
    not_rated=palette.DARK_CHART_NOT_RATED,
    not_in_role=palette.DARK_NOT_IN_ROLE,
    na_face=palette.DARK_BASE,
    na_hatch="#8a8f98",
    status_text=dict(palette.DARK_STATUS_TEXT_COLORS),
)
THEMES: dict[str, ChartTheme] = {t.name: t for t in (LIGHT, DARK)}

_THEMES: weakref.WeakKeyDictionary[Figure, ChartTheme] = weakref.WeakKeyDictionary()


def use_theme(fig: Figure, theme: ChartTheme) -> Figure:
    """Draw ``fig`` with ``theme`` from now on: its face, and what the helpers look up."""
    fig.set_facecolor(theme.background)
    _THEMES[fig] = theme
    return fig


def theme_of(fig: Figure | None) -> ChartTheme:
    """The theme ``fig`` is drawn with (:data:`LIGHT` unless :func:`use_theme` said)."""
    return _THEMES.get(fig, LIGHT) if fig is not None else LIGHT
