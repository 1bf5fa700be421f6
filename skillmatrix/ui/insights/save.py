"""Save the chart on screen as PNG, SVG or PDF."""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from skillmatrix.plots import FORMATS, save_figure

FILTERS: dict[str, str] = {
    "PNG image (*.png)": ".png",
    "SVG drawing (*.svg)": ".svg",
    "PDF document (*.pdf)": ".pdf",
}


def with_suffix(path: str, selected_filter: str) -> Path:
    """``path`` with the chosen filter's suffix added when it has none."""
    chosen = Path(path)
    if not chosen.suffix:
        chosen = chosen.with_name(chosen.name + FILTERS.get(selected_filter, ".png"))
    return chosen


def save_chart(parent: QWidget | None, figure: Figure, suggested: Path) -> Path | None:
    """Ask where to save ``figure`` and write it; None when cancelled or refused.

    Args:
        parent: the dialog's parent.
        figure: the figure on screen (saved as shown, at print resolution).
        suggested: the file name offered (its suffix picks the default type).

    Problems (an unknown suffix, a folder that cannot be written) are shown in a
    message box naming the file.
    """
    start = next((f for f, s in FILTERS.items() if s == suggested.suffix), "")
    path, selected = QFileDialog.getSaveFileName(
        parent, "Save chart", str(suggested), ";;".join(FILTERS), start
    )
    if not path:
        return None
    target = with_suffix(path, selected)
    if target.suffix.lower() not in FORMATS:
        QMessageBox.warning(
            parent,
            "Save chart",
            f"Cannot save as {target.suffix!r}: choose a .png, .svg or .pdf file name.",
        )
        return None
    try:
        return save_figure(figure, target)
    except OSError as exc:
        QMessageBox.warning(parent, "Save chart", f"Cannot write {target}: {exc.strerror or exc}")
        return None
