"""The Charts sheet: the app's own figures (skills heatmap, coverage) as pictures.

The figures come from :mod:`skillmatrix.plots` when it is installed; each builder is looked
up by name and any figure that cannot be drawn is left out, so the report never fails
because of a chart. Without any figure there is no Charts sheet.
"""

from __future__ import annotations

import io
import logging
import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from skillmatrix.core.snapshot import Snapshot
from skillmatrix.plots import registry

log = logging.getLogger(__name__)

#: (caption, module, function, argument): the charts of :mod:`skillmatrix.plots.registry`
#: that have a report caption. The function returns a Figure from the current snapshot
#: ("snapshot"), all cycles oldest first ("cycles", drawn when there are two or more) or
#: the current snapshot when it spans several teams ("teams").
FIGURES: tuple[tuple[str, str, str, str], ...] = tuple(
    (c.report, c.module, c.function, c.needs) for c in registry.CHARTS if c.report
)
DPI = 130
#: Heights (points) of the sheet's title row and of each picture's caption row.
TITLE_PT = 28.0
CAPTION_PT = 22.0


@dataclass(frozen=True, slots=True)
class Picture:
    """A drawn figure: its PNG, its size (inches) and its smallest text (points).

    Shown at its own size (see :func:`page_figsize`), the text prints at its own sizes.
    """

    caption: str
    png: bytes
    size_in: tuple[float, float] = (0.0, 0.0)
    min_font_pt: float = 0.0


def page_figsize(paper: Any) -> tuple[float, float]:
    """The figure size (inches) that fills a landscape page of ``paper``.

    The page is measured below the sheet's title and a caption: each figure is drawn for its
    page, not shrunk onto it.
    """
    from skillmatrix.reports.export.paper import SLACK

    width, height = paper.printable(True)
    return (width * SLACK - 30) / 72, (height * SLACK - TITLE_PT - CAPTION_PT - 8) / 72


def _smallest_text(fig: Any) -> float:
    from matplotlib.text import Text

    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
    return float(min(sizes, default=0.0))


def _picture(caption: str, fig: Any) -> Picture:
    png = figure_png(fig)  # draws the figure, so the texts below are final
    size = tuple(float(v) for v in fig.get_size_inches())
    return Picture(caption, png, (size[0], size[1]), _smallest_text(fig))


def _builder(module: str, name: str) -> Callable[..., Any] | None:
    try:
        return getattr(import_module(module), name, None)
    except ImportError:
        return None


def figure_png(fig: Any, dpi: float = DPI) -> bytes:
    """PNG bytes of a matplotlib Figure."""
    # Imported here: matplotlib loads only when a report has charts. (The fallback that
    # drew without plots.export is gone: print_png takes no dpi, so it could never run.)
    from skillmatrix.plots.export import figure_png_bytes

    return figure_png_bytes(fig, dpi=dpi)


def preload() -> None:
    """Import matplotlib and every report figure's builder, ahead of the first drawing.

    That is what the first :func:`render_pictures` would import, e.g. while the data is
    still on its way.
    """
    import matplotlib.backends.backend_agg  # noqa: F401  (savefig's PNG writer)

    for _caption, module, name, _kind in FIGURES:
        _builder(module, name)


def render_pictures(
    snap: Snapshot,
    cycles: Sequence[Snapshot] = (),
    figsize: tuple[float, float] | None = None,
    people_snap: Snapshot | None = None,
    figures: Sequence[tuple[str, str, str, str]] | None = None,
) -> list[Picture]:
    """Draw every available figure; failures are logged and skipped.

    Args:
        snap: the current cycle.
        cycles: every cycle to show in the trend, oldest first (``snap`` last).
        figsize: draw every figure at this size (inches); None for their own sizes.
        people_snap: ``snap`` as the figures that show people may label them (an
            anonymised report's generalised teams); default ``snap``.
        figures: the figures to draw, as in :data:`FIGURES` (the default).
    """
    out: list[Picture] = []
    if not snap.people or not snap.competencies:
        return out
    for caption, module, name, kind in FIGURES if figures is None else figures:
        if kind == "cycles" and len(cycles) < 2:
            continue
        if kind == "teams" and len({p.team for p in snap.people}) < 2:
            continue
        if kind not in ("snapshot", "cycles", "teams"):
            log.warning("the report cannot draw %s (it needs %s)", caption, kind)
            continue
        build = _builder(module, name)
        if build is None:
            continue
        try:
            with warnings.catch_warnings():  # e.g. a glyph missing for a name: not fatal
                warnings.simplefilter("ignore", UserWarning)
                size = {} if figsize is None else {"figsize": figsize}
                if kind == "cycles":
                    fig = build(list(cycles), **size)
                elif kind == "snapshot":
                    fig = build(people_snap or snap, **size)
                else:
                    fig = build(snap, **size)
                out.append(_picture(caption, fig))
        except Exception:  # a broken chart must never cost the user the report
            log.exception("could not draw %s for the report", caption)
    return out


def write_charts(ws: Any, pictures: list[Picture], title: str, paper: Any = None) -> None:
    """Fill a (write-only) sheet with a title and one picture per printed landscape page.

    Each is shown at the size it was drawn (so at 100 % its text prints at its own size).
    """
    from openpyxl.drawing.image import Image
    from openpyxl.worksheet.pagebreak import Break

    from skillmatrix.reports.export.paper import PT_PER_CHAR, locale_paper
    from skillmatrix.reports.export.sheet import SheetWriter, setup_print

    paper = paper or locale_paper()
    w = SheetWriter(ws)
    ws.sheet_view.showGridLines = False
    setup_print(ws, landscape=True, footer=title, paper=paper, scale=1.0)
    widest = max((p.size_in[0] for p in pictures), default=0.0) * 72
    w.widths([2, max(60.0, (widest + 8) / PT_PER_CHAR)])
    w.append([None, w.text(title, "sm_title")], height=TITLE_PT)
    for k, pic in enumerate(pictures):
        img = Image(io.BytesIO(pic.png))
        if pic.size_in[0] > 0:  # pixels at 96 per inch: the figure's own size
            img.width, img.height = round(pic.size_in[0] * 96), round(pic.size_in[1] * 96)
        if k:
            ws.row_breaks.append(Break(id=w.row))  # each figure starts a new page
        caption = w.append([None, w.text(pic.caption, "sm_section")], height=CAPTION_PT)
        ws.add_image(img, f"B{caption + 1}")
        for _ in range(math.ceil(img.height * 0.75 / 15)):
            w.blank(height=15)
