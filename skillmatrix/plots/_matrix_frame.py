"""Sizes and margins of :class:`~skillmatrix.plots._matrix.MatrixPlot` (private).

A mixin: the inches the title, subtitle, key, band labels and names take around the
matrix for a figure width (:class:`_Frame`), the key's legend, and the figure sizes that
keep names readable (:meth:`_MatrixFrame.min_size`, :meth:`_MatrixFrame.natural_size`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.legend import Legend

from skillmatrix.plots import style

if TYPE_CHECKING:
    from skillmatrix.plots.ordering import AxisSpec

MIN_MARK_PT = 4.5  # cells smaller than this (points) get no marks
#: Up to this many rows / columns every one keeps its name (the page scrolls for that).
NAMED_ROWS = 60
NAMED_COLS = 60
#: Inches per row when every row name is shown (one 8 pt line and its spacing).
ROW_IN = 0.145
#: Inches per column when every column name is shown (a 6.8 pt line and its spacing).
COL_IN = 0.125
#: Smallest font size (points) column names shrink to before they are thinned instead.
MIN_COL_FONT = 6.8
#: A cell is at most this many times taller than wide, or wider than tall.
MAX_CELL_RATIO = 1.6
#: Column names are cut to this many characters (every built-in competency fits).
COL_CHARS = 32
ROW_CHARS = 24


@dataclass
class _Frame:
    """Inches taken around the matrix for one figure width (see :meth:`MatrixPlot._frame`)."""

    left: float
    right: float
    top: float
    bottom: float
    key_top: float
    key_rows: int  # 1: legend beside the scale; more: legend rows under it
    legend_cols: int
    col_font: float
    col_stride: int
    col_unit: float
    subtitle: str
    marks: bool  # cells are big enough to hold the marks


class _MatrixFrame:
    """Margins and sizes of a matrix view (mixin of :class:`MatrixPlot`)."""

    fig: Figure
    rows: AxisSpec
    cols: AxisSpec
    shape: tuple[int, int]
    subtitle: str
    note: str
    cbar_labels: list[str]
    cbar_title: str
    _legend_handles: list[Artist]
    _mark_mask: np.ndarray

    # -- sizes ----------------------------------------------------------------------------
    def _make_legend(self, ncols: int) -> Legend:
        return self.fig.legend(
            handles=self._legend_handles,
            loc="upper left",
            ncols=max(ncols, 1),
            frameon=False,
            fontsize=style.SMALL_SIZE,
            handlelength=1.2,
            handleheight=1.0,
            handletextpad=0.5,
            columnspacing=1.4,
            labelspacing=0.35,
            borderaxespad=0.0,
            borderpad=0.0,
            labelcolor=style.theme_of(self.fig).text,
        )

    def _legend_entry_widths(self) -> list[float]:
        small = style.SMALL_SIZE / 72
        return [
            (1.2 + 0.5 + 1.4) * small + style.text_width_in(str(h.get_label()), style.SMALL_SIZE)
            for h in self._legend_handles
        ]

    def _frame(self, w: float, h: float | None) -> _Frame:
        """The margins around the matrix for a ``w`` x ``h`` inch figure.

        ``h`` None: as tall as every row name needs.
        """
        f = self._frame_for(w, h, names_left=True)
        if h is not None and len(self.rows.bands) > 1:
            axis_h = max(h - f.top - f.bottom, 0.5)
            if style.stride(self.shape[0], axis_h, style.LABEL_SIZE) > 1:
                f = self._frame_for(w, h, names_left=False)  # team labels replace the names
        return f

    def _frame_for(self, w: float, h: float | None, *, names_left: bool) -> _Frame:
        n_cols = self.shape[1]
        fs = style.LABEL_SIZE
        row_bands = self.rows.bands if len(self.rows.bands) > 1 else []
        # -- width: names (or band labels) on the left, band labels (rotated) on the right
        if names_left or not row_bands:
            left_labels = [style.truncate(s, ROW_CHARS) for s in self.rows.labels]
        else:
            left_labels = [style.truncate(b.label, 20) for b in row_bands]
        left = 0.2 + style.widest_in(left_labels, fs) + 0.12
        left += fs * 1.5 / 72 if self.rows.caption else 0.0
        right = 0.32 if (names_left and row_bands) else 0.15
        axis_w = max(w - left - right, 0.5)
        col_unit = axis_w / max(n_cols, 1)
        pitch = col_unit * 72
        col_font = fs
        col_stride = style.stride(n_cols, axis_w, fs)
        if col_stride > 1 and pitch >= MIN_COL_FONT * 1.32:  # smaller type beats fewer names
            col_font, col_stride = min(fs, pitch / 1.32), 1
        # -- height: title, subtitle, key, bands, column names
        # marks too small to see: the subtitle says so (maybe a line more)
        subtitle = style.join_wrapped(self.subtitle.split(" · "), w - 0.3, style.SUBTITLE_SIZE)
        if h is not None:
            top = self._top_estimate(subtitle, col_font, col_stride)
            row_unit = max(h - top - 0.2, 0.5) / max(self.shape[0], 1)
            marks = min(row_unit, col_unit) * 72 >= MIN_MARK_PT
        else:
            marks = min(ROW_IN, col_unit) * 72 >= MIN_MARK_PT
        if not marks and self.note and self._mark_mask.any():
            parts = [*self.subtitle.split(" · "), self.note]
            subtitle = style.join_wrapped(parts, w - 0.3, style.SUBTITLE_SIZE)
        n_sub = subtitle.count("\n") + 1 if subtitle else 0
        key_top = 0.40 + n_sub * 0.16 + 0.1
        widths = self._legend_entry_widths()
        n_items = len(widths)
        beside = w - 0.15 - min(self._scale_width(), w - 0.3) - 0.35 - 0.1
        legend_cols = self._legend_cols(widths, beside)
        key_rows = 1
        if legend_cols < n_items:  # not all beside the scale: legend rows under it
            legend_cols = max(self._legend_cols(widths, w - 0.3), 1)
            key_rows = 1 + int(np.ceil(n_items / legend_cols))
        key_h = 0.50 + (key_rows - 1) * 0.19
        top = key_top + key_h + 0.06 + self._names_height(col_font, col_stride)
        top += 0.26 if self.cols.bands else 0.0
        top += fs * 1.5 / 72 if self.cols.caption else 0.0
        return _Frame(
            left=left,
            right=right,
            top=top,
            bottom=0.2,
            key_top=key_top,
            key_rows=key_rows,
            legend_cols=legend_cols,
            col_font=col_font,
            col_stride=col_stride,
            col_unit=col_unit,
            subtitle=subtitle,
            marks=marks,
        )

    def _top_estimate(self, subtitle: str, col_font: float, col_stride: int) -> float:
        """Inches above the matrix with ``subtitle`` (a first estimate: two key rows)."""
        n_sub = subtitle.count("\n") + 1 if subtitle else 0
        top = 0.40 + n_sub * 0.16 + 0.1 + 0.5 + 0.19 + 0.06
        return top + self._names_height(col_font, col_stride) + (0.26 if self.cols.bands else 0.0)

    def _names_height(self, font: float, stride: int) -> float:
        """Inches the rotated column names take (every ``stride``-th name shown)."""
        shown = [
            style.truncate(self.cols.labels[j], COL_CHARS) for j in range(0, self.shape[1], stride)
        ]
        return style.widest_in(shown, font) + 0.17 if shown else 0.0  # + tick and pad

    def _scale_width(self) -> float:
        """Inches for the colour scale: every level label fits under its segment."""
        per = style.widest_in(self.cbar_labels, style.SMALL_SIZE) + 0.14
        title = style.text_width_in(self.cbar_title, style.SMALL_SIZE)
        return max(per * max(len(self.cbar_labels), 1), title, 1.0)

    @staticmethod
    def _legend_cols(widths: list[float], room: float) -> int:
        """The most legend columns (filled top to bottom) that fit in ``room`` inches."""
        n = len(widths)
        for cols in range(n, 0, -1):
            per = int(np.ceil(n / cols))
            used = sum(max(widths[k : k + per]) for k in range(0, n, per))
            if used <= room:
                return cols
        return 0

    def min_size(self, width: float | None = None) -> tuple[float, float]:
        """The smallest (width, height) in inches keeping every row and column name readable.

        This holds for up to :data:`NAMED_ROWS` rows and :data:`NAMED_COLS` columns (0 for
        an axis with more: its names are thinned to fit any size).

        Args:
            width: the figure width the height is for (default: the current one).
        """
        n_rows, n_cols = self.shape
        w = self.fig.get_size_inches()[0] if width is None else width
        min_w = 0.0
        if 0 < n_cols <= NAMED_COLS:
            f = self._frame(w, None)
            min_w = f.left + f.right + n_cols * COL_IN
        min_h = 0.0
        if 0 < n_rows <= NAMED_ROWS:
            f = self._frame(max(w, min_w), None)
            min_h = f.top + f.bottom + n_rows * ROW_IN
        return min_w, min_h

    def natural_size(
        self, max_width: float = 17.5, max_height: float = 13.5
    ) -> tuple[float, float]:
        """A figure size (inches) for saving.

        About 0.17 in per column and 0.16 in per row, within ``max_width`` x ``max_height``,
        never below :meth:`min_size`.
        """
        n_rows, n_cols = self.shape
        f = self._frame(10.0, None)
        w = f.left + f.right + float(np.clip(n_cols * 0.17, 4.0, 13.0))
        w = min(max(w, 6.5, self.min_size(w)[0]), max_width)
        f = self._frame(w, None)
        h = f.top + f.bottom + float(np.clip(n_rows * 0.16, 2.0, 9.5))
        return w, min(max(h, self.min_size(w)[1]), max_height)
