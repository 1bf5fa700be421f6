"""Values, masks and the one-cell repaint of :class:`~skillmatrix.plots._matrix.MatrixPlot`.

A mixin (private): the image's data, the N/A and mark scatters kept in step with their
masks, in-place single-cell changes and the blit path that repaints a few cells alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.transforms import Bbox


class _MatrixCells:
    """The cell data of a matrix view (mixin of :class:`MatrixPlot`)."""

    fig: Figure
    ax: Axes
    image: AxesImage
    shape: tuple[int, int]
    under: float
    over: float
    na_marks: PathCollection
    marks: PathCollection
    dynamic: tuple[Artist, ...]
    _mark_mask: np.ndarray
    _under_mask: np.ndarray
    _offsets_stale: bool
    _cells_image: AxesImage | None

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
            values: the numbers to colour; NaN is masked and drawn in the "bad" colour
                (float32 is kept, any other dtype becomes float64).
            under: cells drawn as N/A (slashed); they hold :attr:`under`.
            over: cells drawn in the "over" colour; they hold :attr:`over`.
        """
        # float32 values stay float32 (the skills heatmap's levels: small integers, exact):
        # the image keeps its own copy, and matplotlib resamples in the data's precision,
        # so this halves both what the image holds and each draw's temporary.
        kept = np.float32 if np.asarray(values).dtype == np.float32 else np.float64
        data = np.array(values, dtype=kept)
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
        """Change display cell (``r``, ``c``) in place, in time independent of the matrix size.

        It is drawn as :meth:`set_values` and :meth:`set_marks` would draw it (``under``
        wins over ``over``, NaN is masked): the image keeps its array (one element changes)
        and the marks change only when they are shown (else on :meth:`layout`).
        """
        data = cast(np.ma.MaskedArray, self.image.get_array())  # set by set_values
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
        """Display pixels (whole, one more on each side) holding display ``cells``.

        Limited to the matrix; None when there are none.
        """
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
        """Repaint the matrix inside ``box`` on the canvas's last drawn image.

        ``box`` is in display pixels (see :meth:`cells_bbox`). The separators and marks are
        drawn over it (every colour of the image is opaque, so nothing underneath shows
        through).

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
                norm=cast(Normalize, self.image.norm),
                interpolation=self.image.get_interpolation(),
                interpolation_stage=self.image.get_interpolation_stage(),
            )
            cells.set_figure(self.fig)
            cells.set_transform(self.ax.transData)
            self._cells_image = cells
        cells.set_data(cast(np.ma.MaskedArray, self.image.get_array())[r0:r1, c0:c1])
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
