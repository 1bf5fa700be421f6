"""The Reports view (quarterly Excel report, self-assessment forms) and the import wizard.

openpyxl is imported only when a report, forms or an import actually run.
"""

from __future__ import annotations

from skillmatrix.ui.reports.view import ReportsView

__all__ = ["ReportsView"]
