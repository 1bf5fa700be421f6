"""The Assess view: the people x competencies rating grid (``AssessView``)."""

from skillmatrix.ui.assess.view import AssessView

__all__ = ["AssessView"]
