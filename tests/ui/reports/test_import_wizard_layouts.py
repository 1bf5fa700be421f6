"""The import wizard on real-world layouts.

Id columns, close matches, full names in the combos, the editable value mapping, transposed
sheets, and the Import accelerator.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWizard
from reports_ui_support import Org, save_rows

from skillmatrix.core.frameworks import CompetencySpec, Framework
from skillmatrix.reports.importing.mapping import competency_role
from skillmatrix.services import frameworks as fw
from skillmatrix.ui.reports.import_wizard import MAPPING_PAGE, PREVIEW_PAGE, ImportWizard

WAIT = 20_000
Button = QWizard.WizardButton


@pytest.fixture
def wizard(qtbot, ctx) -> ImportWizard:  # type: ignore[no-untyped-def]
    wiz = ImportWizard(ctx)
    qtbot.addWidget(wiz)
    wiz.show()
    return wiz


def _next(qtbot, wiz: ImportWizard, page: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(wiz.button(Button.NextButton), Qt.LeftButton)
    qtbot.waitUntil(lambda: wiz.currentId() == page and wiz.task is None, timeout=WAIT)


def _open(qtbot, wiz: ImportWizard, path: Path) -> None:  # type: ignore[no-untyped-def]
    wiz.file_page.path.setText(str(path))
    _next(qtbot, wiz, MAPPING_PAGE)


def _finish(qtbot, wiz: ImportWizard) -> None:  # type: ignore[no-untyped-def]
    _next(qtbot, wiz, PREVIEW_PAGE)
    finish = wiz.button(Button.FinishButton)
    assert finish.isEnabled(), wiz.preview_page.headline.text()
    qtbot.mouseClick(finish, Qt.LeftButton)
    qtbot.waitUntil(lambda: wiz.result() == QWizard.DialogCode.Accepted, timeout=WAIT)


def test_a_hash_column_is_a_person_id_and_the_file_imports(
    qtbot, wizard: ImportWizard, tmp_path: Path, org: Org
) -> None:  # type: ignore[no-untyped-def]
    path = save_rows(
        tmp_path / "ids.xlsx", [["#", "Name", "API design"], [1, "Ann Lee", 4], [2, "Bob Stone", 1]]
    )
    _open(qtbot, wizard, path)
    combo = wizard.mapping_page.combo_for("#")
    assert combo.currentData() == "id" and combo.currentText() == "Person id"
    assert all("#" not in combo.itemText(i) for i in range(combo.count()))
    _finish(qtbot, wizard)
    assert org.rating("Ann Lee", "API design").level == 4
    assert org.rating("Bob Stone", "API design").level == 1


def test_close_matches_are_offered_and_the_user_confirms(
    qtbot, wizard: ImportWizard, tmp_path: Path, org: Org
) -> None:  # type: ignore[no-untyped-def]
    specs = tuple(
        CompetencySpec(name, "Platform", name, {})
        for name in ("Containers & Kubernetes", "GraphQL APIs")
    )
    fw.install_framework(org.db, Framework("Platform", "", specs))
    path = save_rows(tmp_path / "plat.xlsx", [["Name", "Kubernetes", "GraphQL"], ["Ann Lee", 3, 2]])
    _open(qtbot, wizard, path)
    page = wizard.mapping_page
    kube = page.combo_for("Kubernetes")
    assert kube.itemText(0) == "Competency: Containers & Kubernetes (close match)"
    assert kube.currentText() == "New competency “Kubernetes”"  # nothing applied unasked
    row = page.combos.index(kube)
    assert page.table.item(row, 4).text().startswith("new; close to “Containers & Kubernetes”")
    assert page.combo_for("GraphQL").itemText(0) == "Competency: GraphQL APIs (close match)"
    page.set_role("Kubernetes", competency_role("Containers & Kubernetes"))
    _next(qtbot, wizard, PREVIEW_PAGE)
    assert wizard.state.preview.competencies_created == ["GraphQL"]
    qtbot.mouseClick(wizard.button(Button.FinishButton), Qt.LeftButton)
    qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=WAIT)
    comps = {c.name: c.id for c in fw.list_competencies(org.db)}
    assert "Kubernetes" not in comps
    from skillmatrix.services import ratings

    stored = ratings.get_rating(
        org.db,
        cycle_id=org.cycle.id,
        person_id=org.people["Ann Lee"],
        competency_id=comps["Containers & Kubernetes"],
    )
    assert stored is not None and stored.level == 3


def test_combos_show_whole_names(qtbot, wizard: ImportWizard, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    long_name = "Distributed systems design and operations at scale"
    path = save_rows(tmp_path / "long.xlsx", [["Name", long_name], ["Ann Lee", 3]])
    _open(qtbot, wizard, path)
    QApplication.processEvents()
    page = wizard.mapping_page
    combo = page.combo_for(long_name)
    text = combo.currentText()
    assert long_name in text
    assert combo.width() >= combo.fontMetrics().horizontalAdvance(text)
    assert page.table.columnWidth(3) >= combo.sizeHint().width()
    widest = max(
        combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count())
    )
    assert combo.view().minimumWidth() >= widest
    assert combo.toolTip() == text


def test_the_value_mapping_of_an_x_o_sheet_is_shown_and_editable(
    qtbot, wizard: ImportWizard, tmp_path: Path, org: Org
) -> None:  # type: ignore[no-untyped-def]
    path = save_rows(
        tmp_path / "xo.xlsx",
        [["Name", "API design", "Code review"], ["Ann Lee", "x", "o"], ["Bob Stone", "x", "x"]],
    )
    _open(qtbot, wizard, path)
    page = wizard.mapping_page
    table = page.values
    assert table.isVisible()
    rows = [
        (table.item(r, 0).text(), table.combos[r].currentText(), table.item(r, 2).text())
        for r in range(table.rowCount())
    ]
    assert rows == [("o", "0 None", "1"), ("x", "3 Proficient", "3")]
    assert "marks: x (has it) -> 3 Proficient; o -> 0 None" in page.values_rules.text()
    table.set_level("x", 4)
    table.set_level("o", 1)
    _finish(qtbot, wizard)
    assert org.rating("Ann Lee", "API design").level == 4
    assert org.rating("Ann Lee", "Code review").level == 1


def test_a_transposed_sheet_is_read_the_right_way_round(
    qtbot, wizard: ImportWizard, tmp_path: Path, org: Org
) -> None:  # type: ignore[no-untyped-def]
    path = save_rows(
        tmp_path / "t.xlsx",
        [
            ["Skill", "Ann Lee", "Bob Stone"],
            ["API design", "Expert", "Beginner"],
            ["Code review", "Advanced", None],
        ],
    )
    _open(qtbot, wizard, path)
    page = wizard.mapping_page
    assert "competencies in rows, one column per person" in page.found.text()
    assert "competencies in rows, people in columns" in page.decisions.text()
    assert page.combo_for("Ann Lee").currentData() == "person"
    assert page.combo_for("Skill").currentData() == "competency"
    _finish(qtbot, wizard)
    assert org.rating("Ann Lee", "API design").level == 4
    assert org.rating("Bob Stone", "API design").level == 1
    assert org.rating("Ann Lee", "Code review").level == 3


def test_first_page_explains_what_it_reads_and_import_has_an_accelerator(
    wizard: ImportWizard,
) -> None:
    assert wizard.buttonText(Button.FinishButton) == "&Import"
    page = wizard.file_page
    what = page.findChild(QLabel, "importWhat")
    assert what is not None and "the other way round" in what.text()
    values = page.findChild(QLabel, "importValues")
    assert values is not None and "x / o" in values.text()
