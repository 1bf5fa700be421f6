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
#: Pictures are shown at most this large (pixels at 96 dpi): one landscape page each.
MAX_WIDTH_PX = 1000
MAX_HEIGHT_PX = 600
DPI = 130


@dataclass(frozen=True, slots=True)
class Picture:
    caption: str
    png: bytes


def _builder(module: str, name: str) -> Callable[..., Any] | None:
    try:
        return getattr(import_module(module), name, None)
    except ImportError:
        return None


def figure_png(fig: Any, dpi: float = DPI) -> bytes:
    """PNG bytes of a matplotlib Figure (via plots.export when present)."""
    export = _builder("skillmatrix.plots.export", "figure_png_bytes")
    if export is not None:
        return export(fig, dpi=dpi)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    buf = io.BytesIO()
    canvas.print_png(buf, dpi=dpi)
    return buf.getvalue()


def render_pictures(snap: Snapshot, cycles: Sequence[Snapshot] = ()) -> list[Picture]:
    """Draw every available figure; failures are logged and skipped.

    Args:
        snap: the current cycle.
        cycles: every cycle to show in the trend, oldest first (``snap`` last).
    """
    out: list[Picture] = []
    if not snap.people or not snap.competencies:
        return out
    for caption, module, name, kind in FIGURES:
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
                fig = build(list(cycles)) if kind == "cycles" else build(snap)
                out.append(Picture(caption, figure_png(fig)))
        except Exception:  # a broken chart must never cost the user the report
            log.exception("could not draw %s for the report", caption)
    return out


def write_charts(ws: Any, pictures: list[Picture], title: str) -> None:
    """Fill a (write-only) sheet with a title and one picture per printed page."""
    from openpyxl.drawing.image import Image
    from openpyxl.worksheet.pagebreak import Break

    from skillmatrix.reports.export.sheet import SheetWriter, setup_print

    w = SheetWriter(ws)
    ws.sheet_view.showGridLines = False
    setup_print(ws, landscape=True, footer=title)
    w.widths([2, MAX_WIDTH_PX / 7])  # a character is about 7 px wide
    w.append([None, w.text(title, "sm_title")], height=28)
    for k, pic in enumerate(pictures):
        img = Image(io.BytesIO(pic.png))
        ratio = min(1.0, MAX_WIDTH_PX / img.width, MAX_HEIGHT_PX / img.height)
        img.width, img.height = round(img.width * ratio), round(img.height * ratio)
        if k:
            ws.row_breaks.append(Break(id=w.row))  # each figure starts a new page
        caption = w.append([None, w.text(pic.caption, "sm_section")], height=22)
        ws.add_image(img, f"B{caption + 1}")
        for _ in range(math.ceil(img.height / 20) + 1):  # default rows are 20 px high
            w.blank()
