"""Load framework…: install a built-in role framework or a framework file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from skillmatrix.core.errors import FrameworkError
from skillmatrix.core.frameworks import Framework, builtin_frameworks, load_framework
from skillmatrix.core.scale import DEFAULT_SCALE, Scale
from skillmatrix.services import frameworks as framework_service
from skillmatrix.ui.context import AppContext
from skillmatrix.ui.dialogs.confirm import confirm
from skillmatrix.ui.undo import run_once


def describe(fw: Framework) -> str:
    """A framework as "Name (N competencies)"."""
    n = len(fw.competencies)
    return f"{fw.name} ({n} competenc{'y' if n == 1 else 'ies'})"


def framework_from_file(
    parent: QWidget | None, folder: str = "", *, scale: Scale = DEFAULT_SCALE
) -> Framework | None:
    """Ask for a .toml file and load it; a bad file is reported in one message.

    Its levels are checked against ``scale`` (the database's) unless the file names its own.
    """
    path, _ = QFileDialog.getOpenFileName(
        parent, "Load a framework file", folder, "Framework files (*.toml);;All files (*)"
    )
    if not path:
        return None
    try:
        return load_framework(Path(path), scale)
    except FrameworkError as exc:
        QMessageBox.warning(parent, "Framework not loaded", str(exc))
        return None


def install(ctx: AppContext, parent: QWidget | None, fw: Framework, *, ask: bool = True) -> bool:
    """Install ``fw`` into the open database after a confirmation; True when stored.

    Not undoable, like an import: it may update many shared competencies and replace a
    role's targets at once. The question says so, and once it is stored the undo history
    is cleared (earlier steps' "before" values may no longer be what is stored).
    """
    if ask and not confirm(
        parent,
        "Load framework",
        f"Load the {describe(fw)} framework?",
        "Load",
        detail=(
            f"Adds the role {fw.name!r} with its competencies and targets. Competencies "
            "that already exist under the same name are shared and get this framework's "
            "description and coverage rule; ratings are kept.\n\nLoading a framework "
            "cannot be undone and clears the undo history."
        ),
    ):
        return False
    role = run_once(
        ctx,
        lambda db: framework_service.install_framework(db, fw),
        f"Saved: framework {fw.name} loaded ({len(fw.competencies)} competencies)",
        clears_undo=True,
    )
    return role is not None


def build_menu(parent: QWidget, choose: object) -> QMenu:
    """A menu of the built-in frameworks plus "From a file…"; ``choose(fw)`` installs."""
    menu = QMenu(parent)
    try:
        found = builtin_frameworks()
    except FrameworkError as exc:  # a broken installation: say so in the menu
        menu.addAction(f"Built-in frameworks unavailable: {exc}").setEnabled(False)
        found = []
    for fw in found:
        action = menu.addAction(describe(fw))
        action.setToolTip(fw.description)
        action.triggered.connect(lambda _checked=False, f=fw: choose(f))  # type: ignore[operator]
    menu.addSeparator()
    from_file = menu.addAction("From a file…")

    def pick_file() -> None:
        # A file without its own ``scale`` is read on the open database's scale.
        db = getattr(getattr(parent, "ctx", None), "db", None)
        fw = framework_from_file(parent, scale=db.scale if db is not None else DEFAULT_SCALE)
        if fw is not None:
            choose(fw)  # type: ignore[operator]

    from_file.triggered.connect(pick_file)
    return menu
