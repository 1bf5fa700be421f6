"""Shared look of every figure: colour-blind-safe palettes, font sizes, titles, labels.

The colours that mean something (levels, cell states, statuses) come from
:mod:`skillmatrix.core.palette`, shared with the Assess grid and the Excel report; here
they become matplotlib colormaps. Categories use the Okabe-Ito palette too.
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Iterable
from typing import Any, Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import BoundaryNorm, Colormap, ListedColormap, to_rgba
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from skillmatrix.core import palette
from skillmatrix.core.scale import Scale
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.plots.theme import LIGHT, ChartTheme
from skillmatrix.plots.theme import theme_of as theme_of  # re-exported for the charts
from skillmatrix.plots.theme import use_theme as use_theme

OKABE_ITO = palette.OKABE_ITO
#: Categorical cycle (most distinct first, the pale yellow last: weak on white); pair with
#: MARKERS so grey print and colour-vision deficiencies still tell lines apart.
CATEGORICAL: tuple[str, ...] = tuple(
    OKABE_ITO[k]
    for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "black", "yellow")
)
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X", "*")

STATUS_COLORS = palette.STATUS_COLORS
STATUS_TEXT_COLORS = palette.STATUS_TEXT_COLORS
STATUS_LABELS = palette.STATUS_LABELS

NOT_RATED = palette.CHART_NOT_RATED
NOT_IN_ROLE = palette.NOT_IN_ROLE
NA_FACE = palette.NA_FACE
NA_HATCH = palette.NA_HATCH
NO_TARGET = "#ffffff"
SEPARATOR = "#ffffff"
TEXT = "#222222"
MUTED = "#666666"
GRID = "#e6e6e6"

FONT_FAMILY = "DejaVu Sans"
TITLE_SIZE = 12.0
SUBTITLE_SIZE = 8.5
LABEL_SIZE = 8.0
SMALL_SIZE = 7.0
#: Average glyph width of DejaVu Sans as a share of the font size (for layout estimates).
CHAR_WIDTH = 0.6
#: Never more tick labels than this on one axis, however big the canvas.
MAX_TICK_LABELS = 60


def new_figure(
    figsize: tuple[float, float], *, dpi: float = 100, theme: ChartTheme = LIGHT
) -> Figure:
    """A Figure in ``theme`` with its own Agg canvas, so it draws and saves without pyplot."""
    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    return use_theme(fig, theme)


def level_cmap(scale: Scale, *, bad: str = NOT_RATED) -> tuple[Colormap, BoundaryNorm]:
    """One viridis colour per level of ``scale``, masked cells drawn as "not rated"."""
    colors = palette.level_colors(scale.max - scale.min + 1)
    cmap = ListedColormap(colors, name="skill-levels").with_extremes(bad=bad)
    bounds = np.arange(scale.min - 0.5, scale.max + 1.0, 1.0)
    return cmap, BoundaryNorm(bounds, cmap.N)


def discrete_cmap(
    colors: list[str], first: int, *, bad: str = NOT_RATED, over: str | None = None
) -> tuple[Colormap, BoundaryNorm]:
    """A colormap with one colour per integer value ``first, first + 1, ...``."""
    cmap = ListedColormap(colors).with_extremes(bad=bad, over=over)
    bounds = np.arange(first - 0.5, first + len(colors), 1.0)
    return cmap, BoundaryNorm(bounds, cmap.N)


def rgba(color: str, alpha: float = 1.0) -> np.ndarray:
    """A colour as an RGBA uint8 vector."""
    return (np.array(to_rgba(color, alpha)) * 255).round().astype(np.uint8)


def scope_text(snapshot: Snapshot) -> str:
    """What a snapshot covers, in the style of "Platform · 2024 Q3"."""
    team = snapshot.team or "All teams"
    cycle = snapshot.cycle.name if snapshot.cycle is not None else "current ratings"
    return f"{team} · {cycle}"


def add_title(
    fig: Figure, title: str, subtitle: str = "", *, left: float = 0.15, max_lines: int = 3
) -> float:
    """Bold title and muted subtitle at the top left (``left`` in inches).

    The title is shortened and the subtitle wrapped at its " · " and line breaks to fit
    the figure's width, so neither runs off the canvas.

    Returns:
        Inches from the top of the figure to just below the subtitle.
    """
    w, h = fig.get_size_inches()
    x = left / w
    room = w - left - 0.15
    theme = theme_of(fig)
    fig.text(
        x,
        1 - 0.12 / h,
        fit_text(title, room, TITLE_SIZE, bold=True),
        ha="left",
        va="top",
        fontsize=TITLE_SIZE,
        fontweight="bold",
        color=theme.text,
        family=FONT_FAMILY,
    )
    if not subtitle:
        return 0.40
    text = wrap_subtitle(subtitle, room, max_lines=max_lines)
    fig.text(
        x,
        1 - 0.40 / h,
        text,
        ha="left",
        va="top",
        fontsize=SUBTITLE_SIZE,
        color=theme.muted,
        family=FONT_FAMILY,
    )
    return title_height(text)


def wrap_subtitle(subtitle: str, width_in: float, *, max_lines: int = 3) -> str:
    """``subtitle`` broken at its " · " and line breaks to fit ``width_in`` inches."""
    parts = [p for line in subtitle.split("\n") for p in line.split(" · ")]
    return join_wrapped(parts, width_in, SUBTITLE_SIZE, max_lines=max_lines)


def title_height(subtitle: str, width_in: float | None = None, *, left: float = 0.15) -> float:
    """Inches from the top of a figure to below its title and ``subtitle``.

    ``subtitle`` is already wrapped, or wrapped here for a figure ``width_in`` inches wide.
    """
    if not subtitle:
        return 0.40
    if width_in is not None:
        subtitle = wrap_subtitle(subtitle, width_in - left - 0.15)
    return 0.40 + (subtitle.count("\n") + 1) * SUBTITLE_SIZE * 1.25 / 72 + 0.04


def add_legend(
    fig: Figure,
    handles: list[Any],
    top: float,
    *,
    left: float = 0.15,
    fontsize: float = SMALL_SIZE,
    **kwargs: Any,
) -> float:
    """A frameless legend below ``top`` (inches from the top).

    In as many columns as fit the figure's width (rows wrap instead of running off the
    canvas).

    Returns:
        Inches from the top of the figure to just below the legend.
    """
    w, h = fig.get_size_inches()
    em = fontsize / 72
    widths = [
        (1.5 + 0.6 + 1.5) * em + text_width_in(str(hd.get_label()), fontsize) for hd in handles
    ]
    room = w - left - 0.15
    cols = len(widths)
    while cols > 1:
        per = -(-len(widths) // cols)
        if sum(max(widths[k : k + per]) for k in range(0, len(widths), per)) <= room:
            break
        cols -= 1
    rows = -(-len(widths) // max(cols, 1))
    fig.legend(
        handles=handles,
        loc="upper left",
        ncols=max(cols, 1),
        frameon=False,
        fontsize=fontsize,
        borderaxespad=0.0,
        borderpad=0.0,
        handlelength=1.5,
        handletextpad=0.6,
        columnspacing=1.5,
        bbox_to_anchor=(left / w, 1 - top / h),
        labelcolor=theme_of(fig).text,
        **kwargs,
    )
    return top + rows * fontsize * 1.75 / 72 + 0.04


def truncate(text: str, max_chars: int) -> str:
    """``text`` cut to ``max_chars`` with an ellipsis ("" when nothing fits)."""
    if max_chars <= 1:
        return ""
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


def fit_text(text: str, width_in: float, fontsize: float, *, bold: bool = False) -> str:
    """``text`` shortened with an ellipsis until it measures at most ``width_in`` inches."""
    if text_width_in(text, fontsize, bold=bold) <= width_in:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits
        mid = (lo + hi + 1) // 2
        if text_width_in(truncate(text, mid), fontsize, bold=bold) <= width_in:
            lo = mid
        else:
            hi = mid - 1
    return truncate(text, lo)


def join_wrapped(parts: list[str], width_in: float, fontsize: float, *, max_lines: int = 2) -> str:
    """``parts`` joined with " · ", breaking lines to fit ``width_in`` inches.

    At most ``max_lines`` lines; a line still too long is shortened with an ellipsis.
    """
    lines: list[str] = []
    for part in (p for p in parts if p):
        candidate = f"{lines[-1]} · {part}" if lines else part
        if lines and text_width_in(candidate, fontsize) <= width_in:
            lines[-1] = candidate
        else:
            lines.append(part)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " · ".join(lines[max_lines - 1 :])]
    return "\n".join(fit_text(line, width_in, fontsize) for line in lines)


_TEXT_TO_PATH = TextToPath()


@functools.lru_cache(maxsize=8192)
def _width_pt(text: str, fontsize: float, bold: bool) -> float:
    prop = FontProperties(family=FONT_FAMILY, size=fontsize, weight="bold" if bold else "normal")
    return float(_TEXT_TO_PATH.get_text_width_height_descent(text, prop, ismath=False)[0])


def text_width_in(text: str, fontsize: float, *, bold: bool = False) -> float:
    """Rendered width of ``text`` in inches (measured with the figures' font; cached)."""
    if not text:
        return 0.0
    return _width_pt(text, float(fontsize), bold) / 72


def widest_in(
    texts: Iterable[str], fontsize: float, *, bold: bool = False, among: int = 8
) -> float:
    """The rendered width (inches) of the widest of ``texts``.

    Measures only the ``among`` longest by characters (fast for thousands of labels).
    """
    longest = heapq.nlargest(among, texts, key=len)
    return max((text_width_in(t, fontsize, bold=bold) for t in longest), default=0.0)


def stride(n: int, length_in: float, fontsize: float) -> int:
    """Show every k-th of ``n`` evenly spaced labels along ``length_in`` inches.

    Labels never overlap (each needs 1.3 line heights) and there are never more than
    :data:`MAX_TICK_LABELS`.
    """
    if n <= 0:
        return 1
    pitch = length_in * 72 / n
    k = int(np.ceil(fontsize * 1.3 / max(pitch, 1e-9)))
    return max(1, k, int(np.ceil(n / MAX_TICK_LABELS)))


#: Inches above an axes for tick labels on top (:func:`axis_on_top`), and an axis label.
TOP_TICKS_IN = LABEL_SIZE * 1.3 / 72 + 0.08
TOP_AXIS_IN = TOP_TICKS_IN + LABEL_SIZE * 1.5 / 72


def axis_on_top(ax: Axes) -> None:
    """Put the x axis's tick labels and label above the plot, tick labels below too.

    A chart taller than the screen then shows its scale without scrolling to the bottom.
    """
    ax.tick_params(axis="x", top=True, labeltop=True, bottom=True, labelbottom=True)
    ax.xaxis.set_label_position("top")
    ax.spines["top"].set_visible(True)
    ax.spines["top"].set_color(ax.spines["bottom"].get_edgecolor())


def style_axes(ax: Axes, *, grid_axis: Literal["x", "y", "both"] | None = None) -> None:
    """Quiet spines and ticks in the figure's theme; an optional grid behind the data."""
    theme = theme_of(ax.get_figure(root=True))
    ax.set_facecolor(theme.background)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(theme.muted)
    ax.tick_params(labelsize=LABEL_SIZE, colors=theme.text, length=3)
    ax.xaxis.label.set_color(theme.text)
    ax.yaxis.label.set_color(theme.text)
    if grid_axis:
        ax.grid(axis=grid_axis, color=theme.grid, linewidth=0.8)
        ax.set_axisbelow(True)
