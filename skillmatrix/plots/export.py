"""Writing figures: files for the command line, PNG bytes for the Excel report."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matplotlib import rc_context
from matplotlib.figure import Figure

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

#: File suffixes :func:`save_figure` understands, and the format each one means.
FORMATS: dict[str, str] = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
_RC: dict[RcKeyType, Any] = {"pdf.fonttype": 42, "svg.fonttype": "path"}


def save_figure(fig: Figure, path: str | Path, *, dpi: float = 150) -> Path:
    """Write ``fig`` to ``path`` as PNG, SVG or PDF, chosen by the suffix.

    Raises:
        ValueError: the suffix is not .png, .svg or .pdf (the message names it).
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(
            f"cannot save a figure as {path.suffix or '(no suffix)'!r}: use {', '.join(FORMATS)}"
        )
    with rc_context(_RC):
        fig.savefig(path, format=fmt, dpi=dpi, facecolor=fig.get_facecolor())
    return path


def figure_png_bytes(fig: Figure, dpi: float = 150) -> bytes:
    """``fig`` as PNG bytes (for embedding in the Excel report)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor=fig.get_facecolor())
    return buf.getvalue()
