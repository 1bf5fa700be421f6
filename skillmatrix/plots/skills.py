"""Skills heatmap: people x competencies coloured by level, updated in place after edits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backend_bases import DrawEvent
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from skillmatrix.core.snapshot import Snapshot
from skillmatrix.plots import ordering, style
from skillmatrix.plots._matrix import AxisSpec, MatrixPlot
from skillmatrix.plots.theme import LIGHT, ChartTheme

#: Rows per block when building display-order arrays (bounds the temporaries).
_ROW_BLOCK = 2048

BELOW_MARK = {"marker": "v", "facecolors": "white", "edgecolors": "#222222", "linewidths": 0.5}


def matrix_figsize(n_rows: int, n_cols: int) -> tuple[float, float]:
    """A provisional figure size (inches).

    Builders given no size then :meth:`fit` the figure to its labels (see
    :meth:`skillmatrix.plots._matrix.MatrixPlot.natural_size`).
    """
    width = float(np.clip(n_cols * 0.17, 4.0, 13.0)) + 2.4
    height = float(np.clip(n_rows * 0.16, 2.0, 9.5)) + 3.8
    return width, height


def na_legend_patch(label: str = "Not applicable", theme: ChartTheme = LIGHT) -> Patch:
    """Legend entry for hatched N/A cells."""
    return Patch(
        facecolor=theme.na_face, edgecolor=theme.na_hatch, hatch="//", linewidth=0.5, label=label
    )


def not_in_role_patch(label: str = "Not in role (no target)", theme: ChartTheme = LIGHT) -> Patch:
    """Legend entry for cells outside the person's role: no target and no level."""
    return Patch(facecolor=theme.not_in_role, edgecolor=theme.edge, linewidth=0.5, label=label)


def not_rated_patch(label: str = "Not rated", theme: ChartTheme = LIGHT) -> Patch:
    """Legend entry for cells the role expects a level in that has not been given."""
    return Patch(facecolor=theme.not_rated, edgecolor=theme.edge, linewidth=0.5, label=label)


class HeatmapFigure:
    """Adapter owning a skills heatmap Figure that is built once and then updated in place.

    Indices given to and returned by the methods are snapshot indices (person ``i`` is
    ``snapshot.people[i]``), whatever the display order.

    Attributes:
        figure: the Figure (with an Agg canvas unless one was given).
        plot: the matrix view; ``plot.ax`` is the heatmap axes, ``plot.image`` its image.
        row_order: ``row_order[display row] = person index``.
        col_order: ``col_order[display column] = competency index``.
    """

    def __init__(
        self,
        snapshot: Snapshot,
        *,
        order: str = "team",
        competency_order: str = "category",
        figsize: tuple[float, float] | None = None,
        dpi: float = 100,
        title: str | None = None,
        figure: Figure | None = None,
        theme: ChartTheme = LIGHT,
    ) -> None:
        self.order, self.competency_order, self.title = order, competency_order, title
        self._fit = figure is None and figsize is None
        if figure is not None:
            style.use_theme(figure, theme)
        self.figure = figure or style.new_figure(
            figsize or matrix_figsize(*snapshot.shape), dpi=dpi, theme=theme
        )
        self._defer = 0
        self._pending = False
        self._drawn_size: tuple[float, float] | None = None
        #: display cells changed since the canvas last showed them (blitted on redraw)
        self._dirty: list[tuple[int, int]] = []
        self.figure.canvas.mpl_connect("draw_event", self._on_draw)
        self._build(snapshot)

    # -- building -------------------------------------------------------------------------
    def _build(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.row_order = ordering.person_order(snapshot, self.order)
        self.col_order = ordering.competency_order(snapshot, self.competency_order)
        self._row_pos = np.argsort(self.row_order)
        self._col_pos = np.argsort(self.col_order)
        people = [snapshot.people[i] for i in self.row_order]
        comps = [snapshot.competencies[j] for j in self.col_order]
        rows = AxisSpec(
            [p.name for p in people], ordering.person_bands(snapshot, self.row_order, self.order)
        )
        cols = AxisSpec(
            [("★ " if c.critical else "") + c.name for c in comps],
            ordering.category_bands(snapshot, self.col_order),
        )
        scale = snapshot.scale
        theme = style.theme_of(self.figure)
        levels_cmap, norm = style.level_cmap(scale, bad=theme.not_rated)
        cmap = levels_cmap.with_extremes(over=theme.not_in_role)
        legend = [
            not_rated_patch(theme=theme),
            not_in_role_patch(theme=theme),
            na_legend_patch(theme=theme),
            Line2D(
                [],
                [],
                linestyle="",
                marker="v",
                markerfacecolor="white",
                markeredgecolor="#222222",
                markeredgewidth=0.6,
                label="Below role target",
            ),
        ]
        n_p, n_c = snapshot.shape
        self.plot = MatrixPlot(
            self.figure,
            rows=rows,
            cols=cols,
            cmap=cmap,
            norm=norm,
            cbar_ticks=[lv.value for lv in scale.levels],
            cbar_labels=[f"{lv.value} {lv.label}" for lv in scale.levels],
            cbar_title="Level",
            legend=legend,
            title=self.title or f"Skills by person — {style.scope_text(snapshot)}",
            subtitle=f"{n_p} people × {n_c} competencies · people by {self.order}, "
            f"competencies by {self.competency_order} · ★ critical",
            mark_style=BELOW_MARK,
        )
        self.plot.note = "below-target marks hidden at this size (see the gap heatmap)"
        self._keep(snapshot)
        self._show_values()
        if self._fit:
            self.plot.fit()
        else:
            self.plot.layout()

    def _keep(self, snapshot: Snapshot) -> None:
        """Keep the display-order copies the live edits change: levels as float32 and the N/A mask.

        Levels are small integers or NaN, exact in float32: half the memory of float64, 24
        MB instead of 48 MB at 20,000 x 300. The targets are not copied: edits do not change
        them, so they are read from the snapshot (see :attr:`_targets`).
        """
        self._levels = self._display(snapshot.levels, np.float32)
        self._na = self._display(snapshot.not_applicable, np.bool_)

    def _display(self, a: np.ndarray, dtype: type[np.generic] | None = None) -> np.ndarray:
        """``a`` in display order (a new array, of ``dtype`` if given).

        Built a block of rows at a time so no full-size float64 temporary is made on the
        way.
        """
        rows, cols = self.row_order, self.col_order
        shown = np.empty((len(rows), len(cols)), dtype=dtype or a.dtype)
        for start in range(0, len(rows), _ROW_BLOCK):
            block = rows[start : start + _ROW_BLOCK]
            shown[start : start + len(block)] = a[block][:, cols]
        return shown

    @property
    def _targets(self) -> np.ndarray:
        """The snapshot's targets in display order (float32, made on each call)."""
        return self._display(self.snapshot.targets, np.float32)

    def _masks(self) -> tuple[np.ndarray, np.ndarray]:
        """(below the target, outside the role) in display order.

        Built a block of rows at a time (the targets are never held whole in display order).

        Below: level < target (NaN on either side: False). Outside the role: no level, no
        target and no N/A.
        """
        rows, cols = self.row_order, self.col_order
        targets = self.snapshot.targets
        below = np.empty(self._levels.shape, dtype=bool)
        outside = np.empty(self._levels.shape, dtype=bool)
        for start in range(0, len(rows), _ROW_BLOCK):
            span = slice(start, start + _ROW_BLOCK)
            t = targets[rows[span]][:, cols]
            lv = self._levels[span]
            with np.errstate(invalid="ignore"):
                np.less(lv, t, out=below[span])
            outside[span] = np.isnan(lv) & np.isnan(t) & ~self._na[span]
        return below, outside

    def _below(self) -> np.ndarray:
        return self._masks()[0]

    def _outside_role(self) -> np.ndarray:
        """Cells with no level, no target and no N/A: not part of the person's role."""
        return self._masks()[1]

    def _show_values(self) -> None:
        below, outside = self._masks()
        self.plot.set_values(self._levels, under=self._na, over=outside)
        del outside
        self.plot.set_marks(below)

    # -- updates --------------------------------------------------------------------------
    def update(self, snapshot: Snapshot) -> bool:
        """Show ``snapshot``; in place when it has the same people and competencies.

        The display order is kept on an in-place update (rows do not jump while editing).

        Returns:
            True when the figure had to be rebuilt (people or competencies changed).
        """
        old = self.snapshot
        same = [p.id for p in old.people] == [p.id for p in snapshot.people] and [
            c.id for c in old.competencies
        ] == [c.id for c in snapshot.competencies]
        if not same:
            self.figure.clear()
            self._build(snapshot)
            self.redraw()
            return True
        self.snapshot = snapshot
        self._keep(snapshot)
        self._show_values()
        if self.title is None:
            self.plot.title.set_text(f"Skills by person — {style.scope_text(snapshot)}")
        self.redraw()
        return False

    def update_cell(
        self,
        i: int,
        j: int,
        level: float | None,
        *,
        not_applicable: bool = False,
        redraw: bool = True,
        blit: bool = True,
    ) -> None:
        """Change one cell (person ``i``, competency ``j``) without rebuilding anything.

        Only that cell is touched (its element of the image's array, its marks), and a
        blit repaints only its pixels, whatever the size of the matrix.

        Args:
            i: person index in the snapshot.
            j: competency index in the snapshot.
            level: the new level, or None for not rated (or N/A).
            not_applicable: the cell is marked N/A.
            redraw: request a redraw now (False when more edits follow; see
                :meth:`deferred_draw`).
            blit: repaint only the heatmap axes (labels and legend are unchanged, and
                drawing text is most of a full redraw); falls back to a full redraw until
                the canvas has drawn once at this size or when it cannot blit.
        """
        r, c = int(self._row_pos[i]), int(self._col_pos[j])
        value = np.nan if level is None or not_applicable else float(level)
        self._levels[r, c] = value
        self._na[r, c] = not_applicable
        target = self.snapshot.targets[i, j]  # edits never change targets
        self.plot.set_cell(
            r,
            c,
            value,
            under=not_applicable,
            over=bool(np.isnan(value) and np.isnan(target) and not not_applicable),
            mark=bool(value < target),  # NaN on either side compares False (as _below)
        )
        self._dirty.append((r, c))
        if redraw:
            self.redraw(blit=blit)

    def relayout(self) -> None:
        """Re-place everything and re-thin labels for the current figure size (after resize)."""
        self.plot.layout()
        self.redraw()

    @contextmanager
    def deferred_draw(self) -> Iterator[None]:
        """Merge the redraws requested inside the block into one at its end."""
        self._defer += 1
        try:
            yield
        finally:
            self._defer -= 1
            if self._defer == 0 and self._pending:
                self._pending = False
                self.redraw()

    def redraw(self, *, blit: bool = False) -> None:
        """Ask the canvas to redraw (merged inside :meth:`deferred_draw`)."""
        if self._defer:
            self._pending = True
            return
        canvas = self.figure.canvas
        w, h = self.figure.bbox.size
        size = (float(w), float(h))
        if blit and canvas.supports_blit and self._drawn_size == size:
            cells, self._dirty = self._dirty, []
            box = self.plot.cells_bbox(cells)
            if box is not None:  # only the changed cells' pixels
                self.plot.draw_cells(box)
                canvas.blit(box)
                return
            ax = self.plot.ax
            for artist in self.plot.dynamic:
                if artist.get_visible():
                    ax.draw_artist(artist)
            canvas.blit(ax.bbox)
        else:
            canvas.draw_idle()

    def _on_draw(self, event: DrawEvent) -> None:
        w, h = self.figure.bbox.size
        self._drawn_size = (float(w), float(h))
        self._dirty = []  # a full draw showed every change

    # -- hit testing ----------------------------------------------------------------------
    @property
    def ax(self) -> Axes:
        """The heatmap axes: hit-test mouse events whose ``inaxes`` is this one."""
        return self.plot.ax

    def cell_at(self, x: float | None, y: float | None) -> tuple[int, int] | None:
        """(person index, competency index) under data coordinates, or None outside.

        For a mouse event: ``cell_at(event.xdata, event.ydata)`` when ``event.inaxes is
        self.ax``.
        """
        if x is None or y is None:
            return None
        hit = self.plot.cell_at(x, y)
        if hit is None:
            return None
        return int(self.row_order[hit[0]]), int(self.col_order[hit[1]])

    def cell_text(self, i: int, j: int) -> str:
        """One line describing a cell, for a tooltip.

        Person (team), competency (category), level and target.
        """
        snap = self.snapshot
        r, c = int(self._row_pos[i]), int(self._col_pos[j])
        person, comp = snap.people[i], snap.competencies[j]
        team = f" ({person.team})" if person.team else ""
        head = f"{person.name}{team} — {comp.name} ({comp.category}): "
        if self._na[r, c]:
            return head + "not applicable"
        level, target = self._levels[r, c], snap.targets[i, j]
        if np.isnan(level):
            text = "not in role (no target)" if np.isnan(target) else "not rated"
        else:
            text = f"{int(level)} {snap.scale.label(int(level))}"
        return head + text + ("" if np.isnan(target) else f" (target {int(target)})")


def heatmap(
    snapshot: Snapshot,
    *,
    order: str = "team",
    competency_order: str = "category",
    figsize: tuple[float, float] | None = None,
    dpi: float = 100,
    title: str | None = None,
    theme: ChartTheme = LIGHT,
) -> Figure:
    """Skills heatmap of ``snapshot`` as a Figure (see :class:`HeatmapFigure`)."""
    return HeatmapFigure(
        snapshot,
        order=order,
        competency_order=competency_order,
        figsize=figsize,
        dpi=dpi,
        title=title,
        theme=theme,
    ).figure
