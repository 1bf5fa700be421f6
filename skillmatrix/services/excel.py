"""Excel use cases: export the report, send out self-assessment forms, import a spreadsheet.

One module per job: :mod:`skillmatrix.services.excel_export` (report, forms) and
:mod:`skillmatrix.services.excel_import` (one transaction: all of it or nothing). This
module names them together for the command line and the UI.
"""

from __future__ import annotations

from skillmatrix.services.excel_export import (
    TREND_CYCLES,
    export_report,
    write_self_assessment_forms,
)
from skillmatrix.services.excel_import import (
    IMPORTED_CATEGORY,
    SAMPLE_CHANGES,
    ImportChange,
    ImportResult,
    import_file,
)

__all__ = [
    "IMPORTED_CATEGORY",
    "SAMPLE_CHANGES",
    "TREND_CYCLES",
    "ImportChange",
    "ImportResult",
    "export_report",
    "import_file",
    "write_self_assessment_forms",
]
