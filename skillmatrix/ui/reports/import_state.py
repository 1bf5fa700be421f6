"""What the import wizard's pages share.

The choices so far (:class:`ImportState`), the layouts' names, and the wizard as the pages
use it (:class:`WizardHost`). The pages import this module, never the wizard that builds
them (no import cycle).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWizard

if TYPE_CHECKING:
    from collections.abc import Callable

    from skillmatrix.reports.importing.limits import ImportLimits
    from skillmatrix.services.excel import ImportResult
    from skillmatrix.ui.context import AppContext
    from skillmatrix.ui.tasks import BackgroundTask

LAYOUTS = {
    "matrix": "the Matrix sheet of a SkillMatrix report",
    "wide": "people in rows, one column per competency",
    "transposed": "competencies in rows, one column per person",
    "long": "one row per rating (person, competency, level)",
    "framework": "a framework: competencies with target levels per seniority",
    "form": "a returned self-assessment form",
}


@dataclass
class ImportState:
    """What the pages chose and what the dry runs found."""

    path: Path | None = None
    cycle_id: int | None = None
    sheet: str | None = None
    strict: bool = False
    mapping: dict[int, str] = field(default_factory=dict)
    limits: ImportLimits | None = None  # raised when the manager confirms a large file
    values: dict[str, int | str | None] = field(default_factory=dict)  # file value -> level
    scan: ImportResult | None = None  # the file as recognised, without corrections
    preview: ImportResult | None = None  # the dry run with the corrections
    applied: ImportResult | None = None


class WizardHost(QWizard):
    """The wizard as its pages see it; ``import_wizard.ImportWizard`` implements it."""

    ctx: AppContext
    state: ImportState

    def run(self, *, apply: bool, then: Callable[[ImportResult], None]) -> BackgroundTask | None:
        """Import (or dry-run) the chosen file in the background; ``then(result)`` after."""
        raise NotImplementedError

    def finish_import(self, result: ImportResult) -> None:
        """After a successful import: tell the views and close."""
        raise NotImplementedError
