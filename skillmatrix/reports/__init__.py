"""Excel reports, self-assessment forms and spreadsheet import (openpyxl, no Qt).

The public names are loaded lazily so that ``import skillmatrix.reports`` does not pull in
openpyxl: the app only pays for it when the user exports or imports.

Public API:
    write_report: the quarterly Excel report (Summary, Matrix, Coverage, Gaps, Trend,
        Growth, Charts).
    write_forms: one self-assessment workbook per person.
    read_import: parse a spreadsheet (xlsx or csv) into plain records, writing nothing.
    ParsedImport, ImportedPerson, ImportedCompetency, ImportedRating: what read_import returns.
    ReportError, ReportCancelled: raised by write_report / write_forms.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from skillmatrix.reports.errors import ReportCancelled, ReportError
    from skillmatrix.reports.export import write_report
    from skillmatrix.reports.forms import write_forms
    from skillmatrix.reports.importing import read_import
    from skillmatrix.reports.importing.records import (
        ImportedCompetency,
        ImportedPerson,
        ImportedRating,
        ParsedImport,
    )

_LAZY = {
    "write_report": "skillmatrix.reports.export",
    "write_forms": "skillmatrix.reports.forms",
    "read_import": "skillmatrix.reports.importing",
    "ParsedImport": "skillmatrix.reports.importing.records",
    "ImportedPerson": "skillmatrix.reports.importing.records",
    "ImportedCompetency": "skillmatrix.reports.importing.records",
    "ImportedRating": "skillmatrix.reports.importing.records",
    "ReportError": "skillmatrix.reports.errors",
    "ReportCancelled": "skillmatrix.reports.errors",
}

__all__ = [
    "ImportedCompetency",
    "ImportedPerson",
    "ImportedRating",
    "ParsedImport",
    "ReportCancelled",
    "ReportError",
    "read_import",
    "write_forms",
    "write_report",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(module), name)
