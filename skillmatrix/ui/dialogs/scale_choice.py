"""The proficiency scale of a new database: 0-4, 1-5, or a scale file."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFileDialog, QMessageBox, QWidget

from skillmatrix.core.errors import SkillMatrixError
from skillmatrix.core.scale import DEFAULT_SCALE, Scale
from skillmatrix.core.scales import PRESETS, describe, load_scale_file

_FROM_FILE = "From a file…"


class ScaleChoice(QComboBox):
    """The built-in scales, then "From a file…" (a scale .toml, added to the list)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scaleChoice")
        self.setAccessibleName("Proficiency scale")
        self.setToolTip(
            "The levels ratings use, in the grid, charts, report and forms. "
            "It is chosen once, when the database is created."
        )
        for scale in PRESETS.values():
            self.addItem(describe(scale), scale)
        self.addItem(_FROM_FILE, None)
        self._last = 0
        self.activated.connect(self._chosen)

    def scale(self) -> Scale:
        """The scale chosen (the default scale when none is)."""
        chosen = self.currentData()
        return chosen if isinstance(chosen, Scale) else DEFAULT_SCALE

    def _chosen(self, index: int) -> None:
        if self.itemData(index) is not None:
            self._last = index
            return
        path, _ = QFileDialog.getOpenFileName(
            self, "Load a scale file", "", "Scale files (*.toml);;All files (*)"
        )
        scale = None
        if path:
            try:
                scale = load_scale_file(path)
            except SkillMatrixError as exc:
                QMessageBox.warning(self, "Scale not loaded", str(exc))
        if scale is None:
            self.setCurrentIndex(self._last)
            return
        self.insertItem(index, describe(scale), scale)
        self.setCurrentIndex(index)
        self._last = index
