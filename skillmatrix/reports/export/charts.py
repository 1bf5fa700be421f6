"""The Charts sheet: the app's own figures (skills heatmap, coverage) as pictures.

The figures come from :mod:`skillmatrix.plots` when it is installed; each builder is looked
up by name and any figure that cannot be drawn is left out, so the report never fails
because of a chart. Without any figure there is no Charts sheet.
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from skillmatrix.core.snapshot import Snapshot

log = logging.getLogger(__name__)

#: (caption, module, function): each function takes a Snapshot and returns a Figure.
FIGURES: tuple[tuple[str, str, str], ...] = (
    ("Skills heatmap", "skillmatrix.plots.skills", "heatmap"),
    ("Coverage by competency", "skillmatrix.plots.coverage", "coverage"),
)
#: Pictures are shown at most this wide (pixels at 96 dpi) in the sheet.
MAX_WIDTH_PX = 1100
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


def render_pictures(snap: Snapshot) -> list[Picture]:
    """Draw every available figure; failures are logged and skipped."""
    out: list[Picture] = []
    for caption, module, name in FIGURES:
        build = _builder(module, name)
        if build is None:
            continue
        try:
            out.append(Picture(caption, figure_png(build(snap))))
        except Exception:  # a broken chart must never cost the user the report
            log.exception("could not draw %s for the report", caption)
    return out


def write_charts(ws: Any, pictures: list[Picture], title: str) -> None:
    """Fill a (write-only) sheet with a title and the pictures stacked vertically."""
    from openpyxl.drawing.image import Image

    from skillmatrix.reports.export.sheet import SheetWriter, setup_print

    w = SheetWriter(ws)
    ws.sheet_view.showGridLines = False
    setup_print(ws, landscape=True, footer=title)
    w.widths([2, 160])
    w.append([None, w.text(title, "sm_title")], height=28)
    for pic in pictures:
        img = Image(io.BytesIO(pic.png))
        if img.width > MAX_WIDTH_PX:
            img.height = round(img.height * MAX_WIDTH_PX / img.width)
            img.width = MAX_WIDTH_PX
        w.blank(height=10)
        caption = w.append([None, w.text(pic.caption, "sm_section")], height=22)
        ws.add_image(img, f"B{caption + 1}")
        for _ in range(math.ceil(img.height / 20) + 1):  # default rows are 20 px high
            w.blank()
