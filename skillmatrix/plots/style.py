"""Shared look of every figure: colour-blind-safe palettes, font sizes, titles, labels.

Levels use a sequential palette (viridis: dark = low, bright = high, readable in grey
and for every common colour-vision deficiency); categories and statuses use the
Okabe-Ito palette. "Not rated" and "not applicable" are never a colour of the level
scale: not rated is light grey, N/A is white with grey hatching.
"""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import BoundaryNorm, ListedColormap, to_rgba
from matplotlib.figure import Figure

from skillmatrix.core.scale import Scale
from skillmatrix.core.snapshot import Snapshot

#: Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
#: Categorical cycle (most distinct first, the pale yellow last: weak on white); pair with
#: MARKERS so grey print and colour-vision deficiencies still tell lines apart.
CATEGORICAL: tuple[str, ...] = tuple(
    OKABE_ITO[k]
    for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "black", "yellow")
)
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X", "*")

#: Coverage status colours: blue is safe, orange at risk, vermillion a gap.
STATUS_COLORS: dict[str, str] = {
    "ok": OKABE_ITO["blue"],
    "at-risk": OKABE_ITO["orange"],
    "gap": OKABE_ITO["vermillion"],
}
#: Darker versions for text on white (orange text at full strength is hard to read).
STATUS_TEXT_COLORS: dict[str, str] = {"ok": "#005a8c", "at-risk": "#8f6200", "gap": "#b34f00"}
STATUS_LABELS: dict[str, str] = {"ok": "Meets rule", "at-risk": "Below rule", "gap": "Nobody"}

NOT_RATED = "#d4d4d4"
NA_FACE = "#ffffff"
NA_HATCH = "#9e9e9e"
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


def new_figure(figsize: tuple[float, float], *, dpi: float = 100) -> Figure:
    """A white Figure with its own Agg canvas, so it draws and saves without pyplot."""
    fig = Figure(figsize=figsize, dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def level_cmap(scale: Scale) -> tuple[ListedColormap, BoundaryNorm]:
    """One viridis colour per level of ``scale``, masked cells drawn as "not rated"."""
    n = scale.max - scale.min + 1
    colors = colormaps["viridis"](np.linspace(0.0, 1.0, n)) if n > 1 else ["#21918c"]
    cmap = ListedColormap(colors, name="skill-levels").with_extremes(bad=NOT_RATED)
    bounds = np.arange(scale.min - 0.5, scale.max + 1.0, 1.0)
    return cmap, BoundaryNorm(bounds, cmap.N)


def discrete_cmap(
    colors: list[str], first: int, *, bad: str = NOT_RATED, over: str | None = None
) -> tuple[ListedColormap, BoundaryNorm]:
    """A colormap with one colour per integer value ``first, first + 1, ...``."""
    cmap = ListedColormap(colors).with_extremes(bad=bad, over=over)
    bounds = np.arange(first - 0.5, first + len(colors), 1.0)
    return cmap, BoundaryNorm(bounds, cmap.N)


def rgba(color: str, alpha: float = 1.0) -> np.ndarray:
    """A colour as an RGBA uint8 vector."""
    return (np.array(to_rgba(color, alpha)) * 255).round().astype(np.uint8)


def scope_text(snapshot: Snapshot) -> str:
    """ "Platform · 2024 Q3" style description of what a snapshot covers."""
    team = snapshot.team or "All teams"
    cycle = snapshot.cycle.name if snapshot.cycle is not None else "current ratings"
    return f"{team} · {cycle}"


def add_title(fig: Figure, title: str, subtitle: str = "", *, left: float = 0.15) -> None:
    """Bold title and muted subtitle at the top left (``left`` in inches)."""
    w, h = fig.get_size_inches()
    x = left / w
    fig.text(
        x,
        1 - 0.12 / h,
        title,
        ha="left",
        va="top",
        fontsize=TITLE_SIZE,
        fontweight="bold",
        color=TEXT,
        family=FONT_FAMILY,
    )
    if subtitle:
        fig.text(
            x,
            1 - 0.40 / h,
            subtitle,
            ha="left",
            va="top",
            fontsize=SUBTITLE_SIZE,
            color=MUTED,
            family=FONT_FAMILY,
        )


def truncate(text: str, max_chars: int) -> str:
    """``text`` cut to ``max_chars`` with an ellipsis ("" when nothing fits)."""
    if max_chars <= 1:
        return ""
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


def join_wrapped(parts: list[str], width_in: float, fontsize: float) -> str:
    """``parts`` joined with " · ", breaking lines (at most two) to fit ``width_in`` inches."""
    lines: list[str] = []
    for part in (p for p in parts if p):
        candidate = f"{lines[-1]} · {part}" if lines else part
        if lines and text_width_in(candidate, fontsize) <= width_in:
            lines[-1] = candidate
        else:
            lines.append(part)
    if len(lines) > 2:
        lines = [lines[0], " · ".join(lines[1:])]
    max_chars = int(width_in / (fontsize * CHAR_WIDTH / 72))
    return "\n".join(truncate(line, max_chars) for line in lines)


def text_width_in(text: str, fontsize: float) -> float:
    """Estimated rendered width of ``text`` in inches."""
    return len(text) * fontsize * CHAR_WIDTH / 72


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


def style_axes(ax: Axes, *, grid_axis: str | None = None) -> None:
    """Quiet spines and ticks; an optional light grid behind the data."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(MUTED)
    ax.tick_params(labelsize=LABEL_SIZE, colors=TEXT, length=3)
    if grid_axis:
        ax.grid(axis=grid_axis, color=GRID, linewidth=0.8)
        ax.set_axisbelow(True)
