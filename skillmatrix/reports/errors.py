"""Errors raised while writing reports and forms (importing raises core ImportProblem)."""

from __future__ import annotations

from skillmatrix.core.errors import SkillMatrixError


class ReportError(SkillMatrixError):
    """A report or form could not be written (disk full, file open elsewhere, ...)."""


class ReportCancelled(SkillMatrixError):
    """The user cancelled an export; nothing was written."""

    def __init__(self, message: str = "export cancelled; no file was written") -> None:
        super().__init__(message)
