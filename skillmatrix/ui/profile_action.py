"""Print a person's one-page profile (for the 1:1) to PDF from the Team view or Assess."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from skillmatrix.ui.context import AppContext


def default_name(person: str, cycle: str | None) -> str:
    """A file name like "Profile - Ada Lovelace - 2026-Q4.pdf" (unsafe characters dropped)."""
    base = " - ".join(x for x in ("Profile", person, cycle) if x)
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "", base) + ".pdf"


def save_profile(
    ctx: AppContext, person_id: int, person: str, parent: QWidget, path: str | None = None
) -> Path | None:
    """Ask where to save (unless ``path`` is given) and write the PDF; the path or None."""
    if ctx.db is None:
        return None
    cycle = ctx.cycle.name if ctx.cycle is not None else None
    if path is None:
        path, _filter = QFileDialog.getSaveFileName(
            parent, f"Save the profile of {person}", str(Path.home() / default_name(person, cycle)),
            "PDF (*.pdf)",
        )  # fmt: skip
        if not path:
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
    from skillmatrix.services.profile import write_profile

    written = ctx.call(write_profile, person_id, path, cycle=ctx.cycle.id if ctx.cycle else None)
    if written is not None:
        ctx.saved.emit(f"Saved the profile of {person} to {written}")
    return written
