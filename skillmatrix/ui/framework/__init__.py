"""The Framework view: categories, competencies, level descriptions, targets, rules."""

from skillmatrix.ui.framework.view import FrameworkView

__all__ = ["FrameworkView"]
