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
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backend_bases import MouseEvent
from matplotlib.collections import LineCollection
from matplotlib.colors import BoundaryNorm, Colormap
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.legend import Legend
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from skillmatrix.plots import style
from skillmatrix.plots.ordering import Band

MIN_MARK_PT = 4.5  # cells smaller than this (points) get no marks
SLASH = Path([(-0.5, -0.5), (0.5, 0.5)], [Path.MOVETO, Path.LINETO])  # N/A cell mark
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

_PLOTS: weakref.WeakKeyDictionary[Figure, MatrixPlot] = weakref.WeakKeyDictionary()


def plot_of(fig: Figure | None) -> MatrixPlot | None:
    """The matrix view drawn on ``fig``, or None when it holds another chart."""
    return _PLOTS.get(fig) if fig is not None else None


@dataclass
class AxisSpec:
    """Labels of one matrix axis, in display order, and the bands they fall into."""

    labels: list[str]
    bands: list[Band] = field(default_factory=list)
    caption: str = ""


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


def thin_greedy(positions: Sequence[float], min_gap: float) -> list[int]:
    """Indices of ``positions`` (ascending) kept so that kept ones are ``min_gap`` apart."""
    kept: list[int] = []
    last = -np.inf
    for k, pos in enumerate(positions):
        if pos - last >= min_gap:
            kept.append(k)
            last = pos
    return kept


class MatrixPlot:
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
        self.ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
        self.ax.set_facecolor(style.NO_TARGET)
        self.image = self.ax.imshow(
            np.ma.masked_all(shape),
            cmap=cmap.with_extremes(under=style.NA_FACE),
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
            edgecolors=style.NA_HATCH,
            linewidths=0.8,
        )
        self.marks = self.ax.scatter(
            np.empty(0), np.empty(0), zorder=4, **(mark_style or {"marker": "v"})
        )
        self.ax.set_xlim(extent[0], extent[1])
        self.ax.set_ylim(extent[2], extent[3])
        for spine in self.ax.spines.values():  # the image is the frame; no line to repaint
            spine.set_visible(False)
        self.separators = LineCollection([], colors=style.SEPARATOR, zorder=3)
        self.ax.add_collection(self.separators)
        #: what a blit repaints, in drawing order (everything inside the axes)
        self.dynamic: tuple[Artist, ...] = (self.image, self.separators, self.na_marks, self.marks)
        # the key: a horizontal scale of the values, the legend of the other states beside it
        self.cax = fig.add_axes((0.1, 0.9, 0.3, 0.02))
        cbar = fig.colorbar(self.image, cax=self.cax, orientation="horizontal")
        cbar.set_ticks(list(cbar_ticks), labels=list(cbar_labels))
        self.cax.tick_params(labelsize=style.SMALL_SIZE, colors=style.TEXT, length=0, pad=2)
        cbar.outline.set_linewidth(0.5)
        self.cax.set_title(
            cbar_title, fontsize=style.SMALL_SIZE, loc="left", color=style.TEXT, pad=2
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
            color=style.TEXT,
        )
        self.subtitle_text = fig.text(
            0, 1, "", ha="left", va="top", color=style.MUTED, fontsize=style.SUBTITLE_SIZE
        )
        # brackets under the column band labels (x data, y axes) and beside the row band
        # labels (x axes, y data)
        self.col_brackets = LineCollection([], colors=style.MUTED, linewidths=0.6, clip_on=False)
        self.col_brackets.set_transform(self.ax.get_xaxis_transform())
        self.row_brackets = LineCollection([], colors=style.MUTED, linewidths=0.6, clip_on=False)
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
        self.ax.tick_params(labelsize=style.LABEL_SIZE, colors=style.TEXT, length=2, width=0.5)
        _PLOTS[fig] = self
        self.layout()

    # -- data ---------------------------------------------------------------------------
    def set_values(
        self,
        values: np.ndarray,
        *,
        under: np.ndarray | None = None,
        over: np.ndarray | None = None,
    ) -> None:
        """Replace the values (display order).

        Args:
            values: the numbers to colour; NaN is masked and drawn in the "bad" colour.
            under: cells drawn as N/A (slashed); they hold :attr:`under`.
            over: cells drawn in the "over" colour; they hold :attr:`over`.
        """
        data = np.array(values, dtype=float)
        mask = np.isnan(data)
        for cells, value in ((over, self.over), (under, self.under)):
            if cells is not None:
                data[cells] = value
                mask &= ~cells
        self.image.set_data(np.ma.array(data, mask=mask))
        if under is not None:
            self._under_mask = np.array(under, dtype=bool)
            r, c = np.nonzero(under)
            self.na_marks.set_offsets(np.column_stack([c, r]).astype(float))

    def set_marks(self, mask: np.ndarray) -> None:
        """Mark the cells where ``mask`` is True (display order)."""
        self._mark_mask = np.array(mask, dtype=bool)
        r, c = np.nonzero(mask)
        self.marks.set_offsets(np.column_stack([c, r]).astype(float))

    def set_cell(
        self, r: int, c: int, value: float, *, under: bool, over: bool, mark: bool
    ) -> None:
        """Change display cell (``r``, ``c``) in place, as :meth:`set_values` and
        :meth:`set_marks` would draw it (``under`` wins over ``over``, NaN is masked), in
        time independent of the matrix size: the image keeps its array (one element
        changes) and the marks change only when they are shown (else on :meth:`layout`).
        """
        data = self.image.get_array()
        if under:
            data[r, c] = self.under
        elif over:
            data[r, c] = self.over
        elif np.isnan(value):
            data[r, c] = np.ma.masked
        else:
            data[r, c] = value
        self.image.stale = True
        changed = self._under_mask[r, c] != under or self._mark_mask[r, c] != mark
        self._under_mask[r, c] = under
        self._mark_mask[r, c] = mark
        if not changed:
            return
        if self.marks.get_visible() or self.na_marks.get_visible():
            for scatter, on in ((self.na_marks, under), (self.marks, mark)):
                offsets = np.asarray(scatter.get_offsets())
                here = (offsets[:, 0] == c) & (offsets[:, 1] == r)
                if on and not here.any():
                    scatter.set_offsets(np.vstack([offsets, [[float(c), float(r)]]]))
                elif not on and here.any():
                    scatter.set_offsets(offsets[~here])
        else:
            self._offsets_stale = True

    def _sync_offsets(self) -> None:
        """Rebuild the scatters' offsets from the masks after hidden single-cell changes."""
        if self._offsets_stale:
            self._offsets_stale = False
            for scatter, mask in ((self.na_marks, self._under_mask), (self.marks, self._mark_mask)):
                r, c = np.nonzero(mask)
                scatter.set_offsets(np.column_stack([c, r]).astype(float))

    def cells_bbox(self, cells: Sequence[tuple[int, int]]) -> Bbox | None:
        """Display pixels (whole, one more on each side) holding display ``cells``, within
        the matrix; None when there are none."""
        if not cells:
            return None
        rows = [r for r, _ in cells]
        cols = [c for _, c in cells]
        corners = self.ax.transData.transform(
            [(min(cols) - 0.5, min(rows) - 0.5), (max(cols) + 0.5, max(rows) + 0.5)]
        )
        (x0, y0), (x1, y1) = corners.min(axis=0), corners.max(axis=0)
        box = Bbox.intersection(
            Bbox.from_extents(np.floor(x0) - 1, np.floor(y0) - 1, np.ceil(x1) + 1, np.ceil(y1) + 1),
            self.ax.bbox,
        )
        if box is None:
            return None
        return Bbox.from_extents(
            np.floor(box.x0), np.floor(box.y0), np.ceil(box.x1), np.ceil(box.y1)
        )

    def draw_cells(self, box: Bbox) -> None:
        """Repaint the matrix inside ``box`` (display pixels, see :meth:`cells_bbox`) on
        the canvas's last drawn image, then the separators and marks over it (every colour
        of the image is opaque, so nothing underneath shows through).

        The cells under ``box`` (and one more around) are resampled from a slice of the
        image's array by a helper image that is not part of the figure (same colormap,
        norm, interpolation and data-to-pixel mapping, so the same pixels), so the cost
        does not grow with the matrix: resampling the whole image costs about 10 ms at
        5,000 x 300 even when clipped to one cell.
        """
        n_rows, n_cols = self.shape
        (x0, y0), (x1, y1) = self.ax.transData.inverted().transform(
            [(box.x0, box.y0), (box.x1, box.y1)]
        )
        r0 = max(int(np.floor(min(y0, y1) + 0.5)) - 1, 0)
        r1 = min(int(np.floor(max(y0, y1) + 0.5)) + 2, n_rows)
        c0 = max(int(np.floor(min(x0, x1) + 0.5)) - 1, 0)
        c1 = min(int(np.floor(max(x0, x1) + 0.5)) + 2, n_cols)
        if r0 >= r1 or c0 >= c1:
            return
        cells = self._cells_image
        if cells is None:
            cells = AxesImage(
                self.ax,
                cmap=self.image.cmap,
                norm=self.image.norm,
                interpolation=self.image.get_interpolation(),
                interpolation_stage=self.image.get_interpolation_stage(),
            )
            cells.set_figure(self.fig)
            cells.set_transform(self.ax.transData)
            self._cells_image = cells
        cells.set_data(self.image.get_array()[r0:r1, c0:c1])
        cells.set_extent((c0 - 0.5, c1 - 0.5, r1 - 0.5, r0 - 0.5))  # inside the data limits
        cells.set_clip_box(self.ax.bbox)
        for artist in (cells, *(a for a in self.dynamic if a is not self.image)):
            if not artist.get_visible():
                continue
            clip = artist.get_clip_box()
            inside = Bbox.intersection(box, clip) if clip is not None else box
            if inside is None:
                continue
            artist.set_clip_box(inside)
            try:
                self.ax.draw_artist(artist)
            finally:
                artist.set_clip_box(clip)

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
        )

    def _legend_entry_widths(self) -> list[float]:
        small = style.SMALL_SIZE / 72
        return [
            (1.2 + 0.5 + 1.4) * small + style.text_width_in(str(h.get_label()), style.SMALL_SIZE)
            for h in self._legend_handles
        ]

    def _frame(self, w: float, h: float | None) -> _Frame:
        """The margins around the matrix for a ``w`` x ``h`` inch figure (``h`` None: as
        tall as every row name needs)."""
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
        """The smallest (width, height) in inches keeping every row and column name
        readable, for up to :data:`NAMED_ROWS` rows and :data:`NAMED_COLS` columns (0 for
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
        """A figure size (inches) for saving: about 0.17 in per column and 0.16 in per
        row, within ``max_width`` x ``max_height``, never below :meth:`min_size`."""
        n_rows, n_cols = self.shape
        f = self._frame(10.0, None)
        w = f.left + f.right + float(np.clip(n_cols * 0.17, 4.0, 13.0))
        w = min(max(w, 6.5, self.min_size(w)[0]), max_width)
        f = self._frame(w, None)
        h = f.top + f.bottom + float(np.clip(n_rows * 0.16, 2.0, 9.5))
        return w, min(max(h, self.min_size(w)[1]), max_height)

    def fit(self) -> None:
        """Resize the figure to :meth:`natural_size` and lay it out."""
        self.fig.set_size_inches(*self.natural_size())
        self.layout()

    # -- layout ---------------------------------------------------------------------------
    def layout(self) -> None:
        """Place the matrix, labels, key and title for the current figure size."""
        fig, ax = self.fig, self.ax
        w, h = (float(v) for v in fig.get_size_inches())
        n_rows, n_cols = self.shape
        fs = style.LABEL_SIZE
        f = self._frame(w, h)
        line = fs * 1.3 / 72  # inches per label line
        self.shortened = []

        # the matrix: the room left, but cells no more than MAX_CELL_RATIO out of square
        axis_w = max(w - f.left - f.right, 0.5)
        axis_h = max(h - f.top - f.bottom, 0.5)
        row_unit = axis_h / max(n_rows, 1)
        col_unit = axis_w / max(n_cols, 1)
        if row_unit > MAX_CELL_RATIO * col_unit and row_unit > ROW_IN:
            row_unit = max(MAX_CELL_RATIO * col_unit, ROW_IN)
            axis_h = row_unit * n_rows
        elif col_unit > MAX_CELL_RATIO * row_unit and col_unit > 2 * COL_IN:
            col_unit = max(MAX_CELL_RATIO * row_unit, 2 * COL_IN)
            axis_w = col_unit * n_cols
        ax.set_position((f.left / w, 1 - (f.top + axis_h) / h, axis_w / w, axis_h / h))

        # rows: every name, every k-th name, or the band labels (greedy, never overlapping)
        row_bands = self.rows.bands if len(self.rows.bands) > 1 else []
        name_stride = style.stride(n_rows, axis_h, fs)
        bands_left = name_stride > 1 and bool(row_bands)
        if bands_left:
            gap = max(line / row_unit, n_rows / style.MAX_TICK_LABELS)
            keep = thin_greedy([b.center for b in row_bands], gap)
            full = [row_bands[k].label for k in keep]
            row_ticks = [row_bands[k].center for k in keep]
            labels = [style.truncate(s, 20) for s in full]
        else:
            rows = list(range(0, n_rows, name_stride))
            full = [self.rows.labels[i] for i in rows]
            row_ticks = [float(i) for i in rows]
            labels = [style.truncate(s, ROW_CHARS) for s in full]
        ax.set_yticks(row_ticks, labels)
        ax.tick_params(axis="y", left=True, right=False, labelsize=fs)
        self._note_shortened(ax.get_yticklabels(), full)

        # columns: names above the matrix, rotated, in a smaller type before thinning
        col_stride = style.stride(n_cols, axis_w, f.col_font) if f.col_stride == 1 else 1
        col_stride = max(col_stride, f.col_stride)
        col_ticks = list(range(0, n_cols, col_stride))
        full = [self.cols.labels[j] for j in col_ticks]
        ax.set_xticks(col_ticks, [style.truncate(s, COL_CHARS) for s in full], rotation=90)
        ax.tick_params(
            axis="x",
            top=True,
            bottom=False,
            labeltop=True,
            labelbottom=False,
            labelsize=f.col_font,
        )
        self._note_shortened(ax.get_xticklabels(), full)

        for t in self._band_texts:
            t.remove()
        self._band_texts = []
        col_lines: list[list[tuple[float, float]]] = []
        row_lines: list[list[tuple[float, float]]] = []
        names_h = self._names_height(f.col_font, col_stride)
        band_y = 1.0 + (names_h + 0.04) / axis_h
        pad = 0.03 / col_unit  # data units: brackets stop short of the band edge
        rooms = self._band_rooms(col_unit, f.left - 0.1, f.right - 0.05)
        for b, room in zip(self.cols.bands, rooms, strict=True):  # over the column names
            text = style.fit_text(b.label, room, style.SMALL_SIZE)
            col_lines.append([(b.start - 0.5 + pad, band_y), (b.stop - 0.5 - pad, band_y)])
            if len(text) >= 3 or text == b.label:
                t = ax.text(
                    b.center,
                    band_y + 0.03 / axis_h,
                    text,
                    transform=ax.get_xaxis_transform(),
                    ha="center",
                    va="bottom",
                    fontsize=style.SMALL_SIZE,
                    color=style.TEXT,
                    clip_on=False,
                )
                self._band_texts.append(t)
                if text != b.label:
                    self.shortened.append((t, b.label))
        if row_bands and not bands_left:  # team labels (rotated) right of the matrix
            x_line = 1.0 + 0.06 / axis_w
            pad_r = 0.03 / row_unit
            for b in row_bands:
                row_lines.append([(x_line, b.start - 0.5 + pad_r), (x_line, b.stop - 0.5 - pad_r)])
                height_in = (b.stop - b.start) * row_unit - 0.04
                text = style.fit_text(b.label, height_in, style.SMALL_SIZE)
                if len(text) < 3 and text != b.label:
                    continue
                t = ax.text(
                    1.0 + 0.09 / axis_w,
                    b.center,
                    text,
                    transform=ax.get_yaxis_transform(),
                    ha="left",
                    va="center",
                    rotation=270,
                    fontsize=style.SMALL_SIZE,
                    color=style.TEXT,
                    clip_on=False,
                )
                self._band_texts.append(t)
                if text != b.label:
                    self.shortened.append((t, b.label))
        self.col_brackets.set_segments(col_lines)
        self.row_brackets.set_segments(row_lines)

        # separators between row bands and between column bands
        pitch = min(row_unit, col_unit) * 72
        segs = [[(-0.5, b.start - 0.5), (n_cols - 0.5, b.start - 0.5)] for b in row_bands[1:]]
        segs += [
            [(b.start - 0.5, -0.5), (b.start - 0.5, n_rows - 0.5)] for b in self.cols.bands[1:]
        ]
        self.separators.set_segments(segs)
        self.separators.set_linewidth(float(np.clip(0.25 * pitch, 0.4, 1.5)))

        # marks scale with the cells and vanish when the cells are too small to hold them
        self._sync_offsets()
        self.marks.set_visible(f.marks)
        self.marks.set_sizes([(0.5 * pitch) ** 2])
        self.na_marks.set_visible(f.marks)
        self.na_marks.set_sizes([(0.8 * pitch) ** 2])

        # title, subtitle, then the key: the scale, the legend beside or under it
        x0 = 0.15
        self.title.set_position((x0 / w, 1 - 0.12 / h))
        self.subtitle_text.set_position((x0 / w, 1 - 0.40 / h))
        self.subtitle_text.set_text(f.subtitle)
        scale_w = min(self._scale_width(), w - 0.3)
        bar_top = f.key_top + 0.16  # the scale's title sits above the bar
        self.cax.set_position((x0 / w, 1 - (bar_top + 0.13) / h, scale_w / w, 0.13 / h))
        if self._legend_ncols != max(f.legend_cols, 1):  # a legend lays out its box once
            self._legend_ncols = max(f.legend_cols, 1)
            self.legend.remove()
            self.legend = self._make_legend(self._legend_ncols)
        if f.key_rows == 1:
            anchor = ((x0 + scale_w + 0.35) / w, 1 - (bar_top - 0.03) / h)
        else:
            anchor = (x0 / w, 1 - (f.key_top + 0.52) / h)
        self.legend.set_bbox_to_anchor(anchor, transform=fig.transFigure)
        self.ax.set_xlabel(self.cols.caption, fontsize=fs, color=style.MUTED)
        self.ax.xaxis.set_label_position("top")
        self.ax.set_ylabel(self.rows.caption, fontsize=fs, color=style.MUTED)

    def _band_rooms(self, col_unit: float, left: float, right: float) -> list[float]:
        """Inches each column band label may take: its band, and as much again on both
        sides as its neighbours' labels leave free (``left`` / ``right``: room beyond
        the first and the last band). A label is shortened only when that is too little.
        """
        bands = self.cols.bands
        widths = [(b.stop - b.start) * col_unit for b in bands]
        natural = [style.text_width_in(b.label, style.SMALL_SIZE) + 0.08 for b in bands]
        free = [max(w - n, 0.0) / 2 for w, n in zip(widths, natural, strict=True)]
        rooms = []
        for k, w in enumerate(widths):
            before = free[k - 1] if k else left
            after = free[k + 1] if k + 1 < len(widths) else right
            rooms.append(w + 2 * max(min(before, after), 0.0) - 0.08)
        return rooms

    def _note_shortened(self, texts: Sequence[Text], full: Sequence[str]) -> None:
        for t, name in zip(texts, full, strict=False):
            if t.get_text() != name:
                self.shortened.append((t, name))

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
