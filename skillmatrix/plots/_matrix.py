"""The shared matrix view behind the skills, gap and self-vs-manager heatmaps (private).

:class:`MatrixPlot` is an adapter over one Figure: one ``imshow`` for the values, one RGBA
overlay image for cell states that are not values (N/A, not rated), one scatter for
marks (below target, big disagreement), separators between bands, thinned labels, a
discrete colorbar and a legend. It is laid out by hand (no constrained layout), so a
redraw after ``set_values`` costs only the drawing, and :meth:`MatrixPlot.layout` can
be called again after a resize.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.collections import LineCollection
from matplotlib.colors import BoundaryNorm, Colormap
from matplotlib.figure import Figure
from matplotlib.path import Path
from matplotlib.text import Text

from skillmatrix.plots import style
from skillmatrix.plots.ordering import Band

TITLE_BLOCK = 0.66  # inches kept for title and subtitle
MIN_MARK_PT = 4.5  # cells smaller than this (points) get no marks
SLASH = Path([(-0.5, -0.5), (0.5, 0.5)], [Path.MOVETO, Path.LINETO])  # N/A cell mark


@dataclass
class AxisSpec:
    """Labels of one matrix axis, in display order, and the bands they fall into."""

    labels: list[str]
    bands: list[Band] = field(default_factory=list)
    caption: str = ""


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
        self.cax = fig.add_axes((0.9, 0.5, 0.02, 0.3))
        cbar = fig.colorbar(self.image, cax=self.cax, ticks=list(cbar_ticks))
        cbar.ax.set_yticklabels(list(cbar_labels), fontsize=style.SMALL_SIZE, color=style.TEXT)
        cbar.ax.tick_params(length=0)
        cbar.outline.set_linewidth(0.5)
        self.cax.set_title(cbar_title, fontsize=style.SMALL_SIZE, loc="left", color=style.TEXT)
        self.cbar_labels = list(cbar_labels)
        self.legend = fig.legend(
            handles=list(legend),
            loc="upper left",
            frameon=False,
            fontsize=style.SMALL_SIZE,
            handlelength=1.2,
            handleheight=1.0,
            borderaxespad=0.0,
        )
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
        self._band_texts: list[Text] = []
        self._mark_mask = np.zeros(shape, dtype=bool)
        self.ax.tick_params(labelsize=style.LABEL_SIZE, colors=style.TEXT, length=2, width=0.5)
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
            under: cells drawn as N/A (white, slashed); they hold :attr:`under`.
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
            r, c = np.nonzero(under)
            self.na_marks.set_offsets(np.column_stack([c, r]).astype(float))

    def set_marks(self, mask: np.ndarray) -> None:
        """Mark the cells where ``mask`` is True (display order)."""
        self._mark_mask = mask
        r, c = np.nonzero(mask)
        self.marks.set_offsets(np.column_stack([c, r]).astype(float))

    # -- layout ---------------------------------------------------------------------------
    def layout(self) -> None:
        """Place axes, colorbar, legend and title for the current figure size; thin labels."""
        fig, ax = self.fig, self.ax
        w, h = fig.get_size_inches()
        n_rows, n_cols = self.shape
        fs = style.LABEL_SIZE
        char = fs * style.CHAR_WIDTH / 72
        col_labels = [style.truncate(s, 26) for s in self.cols.labels]
        caption = fs * 1.5 / 72
        bottom = 0.15 + char * max((len(s) for s in col_labels), default=0) + 0.1
        bottom += caption if self.cols.caption else 0.0
        top = TITLE_BLOCK + (0.24 if self.cols.bands else 0.05)
        axis_h = max(h - top - bottom, 0.5)
        name_stride = style.stride(n_rows, axis_h, fs)
        row_bands = self.rows.bands if len(self.rows.bands) > 1 else []
        bands_left = name_stride > 1 and bool(row_bands)
        if bands_left:
            left_labels = [style.truncate(b.label, 20) for b in row_bands]
            right_labels: list[str] = []
        else:
            left_labels = [style.truncate(s, 24) for s in self.rows.labels]
            right_labels = [style.truncate(b.label, 16) for b in row_bands]
        left = 0.2 + char * max((len(s) for s in left_labels), default=0) + 0.1
        left += caption if self.rows.caption else 0.0
        band_w = char * max((len(s) for s in right_labels), default=0) + 0.1
        small = style.SMALL_SIZE * style.CHAR_WIDTH / 72
        legend_w = 0.45 + small * max(
            (len(t.get_text()) for t in self.legend.get_texts()), default=0
        )
        cbar_w = 0.45 + small * max((len(s) for s in self.cbar_labels), default=0)
        right = band_w + 0.2 + max(legend_w, cbar_w) + 0.1
        axis_w = max(w - left - right, 0.5)
        ax.set_position((left / w, bottom / h, axis_w / w, axis_h / h))

        # rows: names every k-th, or band labels (greedy, never overlapping)
        line = fs * 1.3 / 72  # inches per label line
        row_unit = axis_h / max(n_rows, 1)  # inches per row
        if bands_left:
            gap = max(line / row_unit, n_rows / style.MAX_TICK_LABELS)
            keep = thin_greedy([b.center for b in row_bands], gap)
            ax.set_yticks([row_bands[k].center for k in keep], [left_labels[k] for k in keep])
        else:
            ticks = list(range(0, n_rows, name_stride))
            ax.set_yticks(ticks, [left_labels[i] for i in ticks])
        col_stride = style.stride(n_cols, axis_w, fs)
        ticks = list(range(0, n_cols, col_stride))
        ax.set_xticks(ticks, [col_labels[j] for j in ticks], rotation=90)
        ax.tick_params(axis="x", bottom=True, top=False, labelbottom=True)
        ax.tick_params(axis="y", left=True, right=False)

        for t in self._band_texts:
            t.remove()
        self._band_texts = []
        col_unit = axis_w / max(n_cols, 1)
        sc = style.SMALL_SIZE * style.CHAR_WIDTH / 72
        for b in self.cols.bands:  # category labels above the matrix, cut to their width
            text = style.truncate(b.label, int((b.stop - b.start) * col_unit / sc))
            if len(text) >= 3:
                self._band_texts.append(
                    ax.text(
                        b.center,
                        1.0 + 0.04 / axis_h,
                        text,
                        transform=ax.get_xaxis_transform(),
                        ha="center",
                        va="bottom",
                        fontsize=style.SMALL_SIZE,
                        color=style.TEXT,
                        clip_on=False,
                    )
                )
        if right_labels:
            keep = thin_greedy([b.center for b in row_bands], line / row_unit)
            for k in keep:
                self._band_texts.append(
                    ax.text(
                        1.0 + 0.06 / axis_w,
                        row_bands[k].center,
                        right_labels[k],
                        transform=ax.get_yaxis_transform(),
                        ha="left",
                        va="center",
                        fontsize=fs,
                        color=style.TEXT,
                        clip_on=False,
                    )
                )

        # separators between row bands and between column bands
        pitch = min(row_unit, col_unit) * 72
        segs = [[(-0.5, b.start - 0.5), (n_cols - 0.5, b.start - 0.5)] for b in row_bands[1:]]
        segs += [
            [(b.start - 0.5, -0.5), (b.start - 0.5, n_rows - 0.5)] for b in self.cols.bands[1:]
        ]
        self.separators.set_segments(segs)
        self.separators.set_linewidth(float(np.clip(0.25 * pitch, 0.4, 1.5)))

        # marks scale with the cells and vanish when the cells are too small to hold them
        self.marks.set_visible(pitch >= MIN_MARK_PT)
        self.marks.set_sizes([(0.5 * pitch) ** 2])
        self.na_marks.set_visible(pitch >= MIN_MARK_PT)
        self.na_marks.set_sizes([(0.8 * pitch) ** 2])

        # colorbar and legend in the right-hand column
        x = (left + axis_w + band_w + 0.2) / w
        n_levels = len(self.cbar_labels)
        cb_h = min(0.26 * n_levels, axis_h * 0.6)
        cb_top = (bottom + axis_h - 0.2) / h
        self.cax.set_position((x, cb_top - cb_h / h, 0.16 / w, cb_h / h))
        self.legend.set_bbox_to_anchor(
            (x - 0.05 / w, cb_top - (cb_h + 0.15) / h), transform=fig.transFigure
        )
        self.title.set_position((0.15 / w, 1 - 0.12 / h))
        self.subtitle_text.set_position((0.15 / w, 1 - 0.40 / h))
        note = "" if self.marks.get_visible() or not self._mark_mask.any() else self.note
        parts = [*self.subtitle.split(" · "), note]
        self.subtitle_text.set_text(style.join_wrapped(parts, w - 0.3, style.SUBTITLE_SIZE))
        self.ax.set_xlabel(self.cols.caption, fontsize=fs, color=style.MUTED)
        self.ax.set_ylabel(self.rows.caption, fontsize=fs, color=style.MUTED)

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        """Display (row, col) under data coordinates ``(x, y)``, or None outside."""
        if not (np.isfinite(x) and np.isfinite(y)):
            return None
        r, c = int(np.floor(y + 0.5)), int(np.floor(x + 0.5))
        if 0 <= r < self.shape[0] and 0 <= c < self.shape[1]:
            return r, c
        return None

    def tick_label_counts(self) -> tuple[int, int]:
        """(x, y) number of non-empty tick labels (for tests and diagnostics)."""
        xs = sum(1 for t in self.ax.get_xticklabels() if t.get_text())
        ys = sum(1 for t in self.ax.get_yticklabels() if t.get_text())
        return xs, ys
