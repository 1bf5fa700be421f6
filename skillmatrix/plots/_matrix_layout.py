"""Placement of the matrix, labels, key and title of the matrix plot (private).

See :class:`~skillmatrix.plots._matrix.MatrixPlot`.

A mixin: for the current figure size, the matrix's position, which row and column names
are shown (thinned greedily when they do not all fit), the band labels and brackets, the
separators, the marks' sizes and the key.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.legend import Legend
from matplotlib.text import Text

from skillmatrix.plots import style
from skillmatrix.plots._matrix_cells import _MatrixCells
from skillmatrix.plots._matrix_frame import (
    COL_CHARS,
    COL_IN,
    MAX_CELL_RATIO,
    ROW_CHARS,
    ROW_IN,
    _MatrixFrame,
)


def thin_greedy(positions: Sequence[float], min_gap: float) -> list[int]:
    """Indices of ``positions`` (ascending) kept so that kept ones are ``min_gap`` apart."""
    kept: list[int] = []
    last = -np.inf
    for k, pos in enumerate(positions):
        if pos - last >= min_gap:
            kept.append(k)
            last = pos
    return kept


class _MatrixLayout(_MatrixFrame, _MatrixCells):
    """Layout of a matrix view (mixin of :class:`MatrixPlot`)."""

    ax: Axes
    cax: Axes
    legend: Legend
    title: Text
    subtitle_text: Text
    separators: LineCollection
    col_brackets: LineCollection
    row_brackets: LineCollection
    shortened: list[tuple[Text, str]]
    _legend_ncols: int
    _band_texts: list[Text]

    def fit(self) -> None:
        """Resize the figure to :meth:`natural_size` and lay it out."""
        self.fig.set_size_inches(*self.natural_size())
        self.layout()

    # -- layout ---------------------------------------------------------------------------
    def layout(self) -> None:
        """Place the matrix, labels, key and title for the current figure size."""
        fig, ax = self.fig, self.ax
        theme = style.theme_of(fig)
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
                    color=theme.text,
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
                # from the band's first row down (not centred): on a page that scrolls,
                # a band that starts on screen shows its whole name there
                t = ax.text(
                    1.0 + 0.09 / axis_w,
                    b.start - 0.5 + pad_r,
                    text,
                    transform=ax.get_yaxis_transform(),
                    ha="left",
                    va="top",
                    rotation=270,
                    fontsize=style.SMALL_SIZE,
                    color=theme.text,
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
        self.ax.set_xlabel(self.cols.caption, fontsize=fs, color=theme.muted)
        self.ax.xaxis.set_label_position("top")
        self.ax.set_ylabel(self.rows.caption, fontsize=fs, color=theme.muted)

    def _band_rooms(self, col_unit: float, left: float, right: float) -> list[float]:
        """Inches each column band label may take.

        Its band, and as much again on both sides as its neighbours' labels leave free
        (``left`` / ``right``: room beyond the first and the last band). A label is
        shortened only when that is too little.
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
