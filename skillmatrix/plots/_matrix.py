"""The shared matrix view behind the skills, gap and self-vs-manager heatmaps (private).

:class:`MatrixPlot` is an adapter over one Figure: one ``imshow`` for the values (cell
states that are not values, such as N/A, not rated or not in role, are drawn in the
colormap's under / bad / over colours), one scatter of slashes on N/A cells, one
scatter for marks (below target, big disagreement), separators between bands, labels
and a key. It is laid out by hand (no constrained layout), so a redraw after
``set_values`` costs only the drawing, and :meth:`MatrixPlot.layout` can be called
again after a resize. One cell can change in place (:meth:`MatrixPlot.set_cell`) and be
repainted alone (:meth:`MatrixPlot.draw_cells`, then blit :meth:`MatrixPlot.cells_bbox`).

From the top: title, subtitle, the key (a horizontal colour scale and the legend), the
column band labels (categories) over brackets, the column names (rotated), then the
matrix with the row names on the left and the row band labels (teams) on the right.
Column names sit above the matrix so that they are on screen with the first rows when
the page scrolls. The matrix takes the width left by the labels; cells are never forced
square, but a cell is never more than :data:`MAX_CELL_RATIO` times taller than wide
(nor wider than tall), the rest of the canvas staying blank.

This module holds the facade (construction and hit testing); the work is in mixins:
``_matrix_cells`` (values, masks, one-cell repaint), ``_matrix_frame`` (margins, sizes,
the key's legend) and ``_matrix_layout`` (placing and thinning labels, bands and key).
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backend_bases import MouseEvent
from matplotlib.collections import LineCollection
from matplotlib.colors import BoundaryNorm, Colormap
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.path import Path
from matplotlib.text import Text

from skillmatrix.plots import style
from skillmatrix.plots._matrix_frame import (
    COL_CHARS,
    COL_IN,
    MAX_CELL_RATIO,
    MIN_COL_FONT,
    MIN_MARK_PT,
    NAMED_COLS,
    NAMED_ROWS,
    ROW_CHARS,
    ROW_IN,
)
from skillmatrix.plots._matrix_layout import _MatrixLayout, thin_greedy
from skillmatrix.plots.ordering import AxisSpec as AxisSpec  # where the charts import it

SLASH = Path([(-0.5, -0.5), (0.5, 0.5)], [Path.MOVETO, Path.LINETO])  # N/A cell mark

__all__ = [  # the size constants live in _matrix_frame; they stay importable from here
    "COL_CHARS",
    "COL_IN",
    "MAX_CELL_RATIO",
    "MIN_COL_FONT",
    "MIN_MARK_PT",
    "NAMED_COLS",
    "NAMED_ROWS",
    "ROW_CHARS",
    "ROW_IN",
    "SLASH",
    "AxisSpec",
    "MatrixPlot",
    "plot_of",
    "thin_greedy",
]

_PLOTS: weakref.WeakKeyDictionary[Figure, MatrixPlot] = weakref.WeakKeyDictionary()


def plot_of(fig: Figure | None) -> MatrixPlot | None:
    """The matrix view drawn on ``fig``, or None when it holds another chart."""
    return _PLOTS.get(fig) if fig is not None else None


class MatrixPlot(_MatrixLayout):
    """Adapter drawing a (rows x cols) value matrix on ``fig``; see the module docstring."""

    def __init__(
        self,
        fig: Figure,
        *,
        rows: AxisSpec,
        cols: AxisSpec,
        cmap: Colormap,
        norm: BoundaryNorm,
        cbar_ticks: Sequence[float],
        cbar_labels: Sequence[str],
        cbar_title: str,
        legend: Sequence[Artist],
        title: str,
        subtitle: str,
        mark_style: dict[str, Any] | None = None,
    ) -> None:
        self.fig = fig
        self.rows, self.cols = rows, cols
        self.subtitle = subtitle
        self.note = ""
        shape = (len(rows.labels), len(cols.labels))
        self.shape = shape
        extent = (-0.5, shape[1] - 0.5, shape[0] - 0.5, -0.5)
        theme = style.theme_of(fig)
        self.ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
        self.ax.set_facecolor(theme.background)
        self.image = self.ax.imshow(
            np.ma.masked_all(shape),  # type: ignore[no-untyped-call]
            cmap=cmap.with_extremes(under=theme.na_face),
            norm=norm,
            interpolation="nearest",
            interpolation_stage="data",
            aspect="auto",
            extent=extent,
        )
        bounds = norm.boundaries
        self.under, self.over = float(bounds[0]) - 1.0, float(bounds[-1]) + 1.0
        self.na_marks = self.ax.scatter(
            np.empty(0),
            np.empty(0),
            marker=SLASH,
            facecolors="none",
            zorder=4,
            edgecolors=theme.na_hatch,
            linewidths=0.8,
        )
        self.marks = self.ax.scatter(
            np.empty(0), np.empty(0), zorder=4, **(mark_style or {"marker": "v"})
        )
        self.ax.set_xlim(extent[0], extent[1])
        self.ax.set_ylim(extent[2], extent[3])
        for spine in self.ax.spines.values():  # the image is the frame; no line to repaint
            spine.set_visible(False)
        self.separators = LineCollection([], colors=theme.background, zorder=3)
        self.ax.add_collection(self.separators)
        #: what a blit repaints, in drawing order (everything inside the axes)
        self.dynamic: tuple[Artist, ...] = (self.image, self.separators, self.na_marks, self.marks)
        # the key: a horizontal scale of the values, the legend of the other states beside it
        self.cax = fig.add_axes((0.1, 0.9, 0.3, 0.02))
        self.cax.set_facecolor(theme.background)
        cbar = fig.colorbar(self.image, cax=self.cax, orientation="horizontal")
        cbar.set_ticks(list(cbar_ticks), labels=list(cbar_labels))
        self.cax.tick_params(labelsize=style.SMALL_SIZE, colors=theme.text, length=0, pad=2)
        cbar.outline.set_linewidth(0.5)
        cbar.outline.set_edgecolor(theme.muted)
        self.cax.set_title(
            cbar_title, fontsize=style.SMALL_SIZE, loc="left", color=theme.text, pad=2
        )
        self.cbar_labels = list(cbar_labels)
        self.cbar_title = cbar_title
        self._legend_handles = list(legend)
        self._legend_ncols = len(self._legend_handles)
        self.legend = self._make_legend(self._legend_ncols)
        self.title = fig.text(
            0,
            1,
            title,
            ha="left",
            va="top",
            fontsize=style.TITLE_SIZE,
            fontweight="bold",
            color=theme.text,
        )
        self.subtitle_text = fig.text(
            0, 1, "", ha="left", va="top", color=theme.muted, fontsize=style.SUBTITLE_SIZE
        )
        # brackets under the column band labels (x data, y axes) and beside the row band
        # labels (x axes, y data)
        self.col_brackets = LineCollection([], colors=theme.muted, linewidths=0.6, clip_on=False)
        self.col_brackets.set_transform(self.ax.get_xaxis_transform())
        self.row_brackets = LineCollection([], colors=theme.muted, linewidths=0.6, clip_on=False)
        self.row_brackets.set_transform(self.ax.get_yaxis_transform())
        for lines in (self.col_brackets, self.row_brackets):
            self.ax.add_collection(lines, autolim=False)
        self._band_texts: list[Text] = []
        #: labels shown shortened, with their full text (for hover tooltips)
        self.shortened: list[tuple[Text, str]] = []
        self._mark_mask = np.zeros(shape, dtype=bool)
        self._under_mask = np.zeros(shape, dtype=bool)
        #: the scatters' offsets lag behind single-cell changes (made while they are hidden)
        self._offsets_stale = False
        self._cells_image: AxesImage | None = None
        self.ax.tick_params(labelsize=style.LABEL_SIZE, colors=theme.text, length=2, width=0.5)
        _PLOTS[fig] = self
        self.layout()

    # -- hit testing ----------------------------------------------------------------------
    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        """Display (row, col) under data coordinates ``(x, y)``, or None outside."""
        if not (np.isfinite(x) and np.isfinite(y)):
            return None
        r, c = int(np.floor(y + 0.5)), int(np.floor(x + 0.5))
        if 0 <= r < self.shape[0] and 0 <= c < self.shape[1]:
            return r, c
        return None

    def label_at(self, event: MouseEvent) -> str | None:
        """The full text of a shortened label under the mouse, or None."""
        for text, full in self.shortened:
            if text.get_visible() and text.contains(event)[0]:
                return full
        return None

    def tick_label_counts(self) -> tuple[int, int]:
        """(x, y) number of non-empty tick labels (for tests and diagnostics)."""
        xs = sum(1 for t in self.ax.get_xticklabels() if t.get_text())
        ys = sum(1 for t in self.ax.get_yticklabels() if t.get_text())
        return xs, ys
