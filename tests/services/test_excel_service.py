"""Excel use cases against a real database: export, forms, and all-or-nothing imports."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from skillmatrix.core.errors import ImportProblem
from skillmatrix.core.frameworks import Framework
from skillmatrix.core.model import Rating, Seniority, Source
from skillmatrix.reports.anonymize import pseudonym
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services.database import open_database
from skillmatrix.services.excel import export_report, import_file, write_self_assessment_forms
from skillmatrix.store import repo_meta
from skillmatrix.store.database import Database

HEADER = 4  # the Matrix sheet's header row


@dataclass
class Org:
    db: Database
    cycle: int
    people: dict[str, int]
    comps: dict[str, int]

    def levels(self, source: Source = Source.MANAGER) -> dict[tuple[int, int], Rating]:
        return {
            (r.person_id, r.competency_id): r
            for r in ratings.list_ratings(self.db, self.cycle, source)
        }


@pytest.fixture
def org(db: Database, engineer: Framework) -> Org:
    return _make_org(db, engineer)


def _make_org(db: Database, engineer: Framework) -> Org:
    """Three people in two teams, a closed cycle 2026-Q1 and an open 2026-Q2."""
    fw.install_framework(db, engineer)
    ids = {}
    for name, team, sen in (
        ("Ann Lee", "Platform", "Senior"),
        ("Bob Stone", "Platform", "Mid"),
        ("Carla Diaz", "Payments", "Junior"),
    ):
        ids[name] = people.add_person(
            db,
            name=name,
            email=f"{name.split()[0].lower()}@x.org",
            team=team,
            role="Engineer",
            seniority=sen,
        ).id
    comps = {c.name: c.id for c in fw.list_competencies(db)}
    first = cycles.start_cycle(db, name="2026-Q1", starts_on=dt.date(2026, 1, 1))
    for k, pid in enumerate(ids.values()):
        ratings.rate_many(
            db, cycle_id=first.id, cells=[(pid, c) for c in comps.values()], level=1 + k
        )
    cycles.close_cycle(db, first.id)
    second = cycles.start_cycle(db, name="2026-Q2", starts_on=dt.date(2026, 4, 1))
    ratings.rate(
        db,
        cycle_id=second.id,
        person_id=ids["Ann Lee"],
        competency_id=comps["Testing"],
        level=4,
        note="=SUM(A1)",
    )
    ratings.rate(
        db,
        cycle_id=second.id,
        person_id=ids["Carla Diaz"],
        competency_id=comps["Communication"],
        not_applicable=True,
    )
    return Org(db, second.id, ids, comps)


def _cell(ws, person: str, comp: str):
    header = [c.value for c in ws[HEADER]]
    for row in ws.iter_rows(min_row=HEADER + 1):
        if row[0].value == person:
            return row[header.index(comp)]
    raise AssertionError(person)


def test_export_report_compares_with_previous_cycle(org: Org, tmp_path: Path) -> None:
    seen: list[float] = []
    path = export_report(org.db, tmp_path / "r.xlsx", progress=lambda f, _: seen.append(f))
    wb = load_workbook(path)
    assert "compared with 2026-Q1" in wb["Summary"]["B3"].value
    ws = wb["Matrix"]
    assert _cell(ws, "Ann Lee", "Testing").value == 4
    assert _cell(ws, "Carla Diaz", "Communication").value == "n/a"
    assert "Mean 2026-Q1" in [c.value for c in wb["Trend"][3]]
    assert seen[-1] == 1.0
    team = load_workbook(export_report(org.db, tmp_path / "t.xlsx", team="Payments"))
    names = [r[0] for r in team["Matrix"].iter_rows(min_row=HEADER + 1, values_only=True)]
    assert names == ["Carla Diaz"]


# -- anonymised reports ------------------------------------------------------------------

PSEUDONYM = re.compile(r"Person [0-9A-F]{4}-[0-9A-F]{4}")


def _texts(path: Path) -> list[str]:
    """Every cell value of every sheet (hidden ones included), as text."""
    wb = load_workbook(path)
    return [
        str(v)
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
        if v is not None
    ]


def _matrix_names(path: Path) -> list[str]:
    ws = load_workbook(path)["Matrix"]
    return [r[0] for r in ws.iter_rows(min_row=HEADER + 1, values_only=True) if r[0]]


def _secret(db: Database) -> bytes:
    with db.session() as s:
        return repo_meta.report_secret(s)


def test_anonymised_export_uses_the_database_secret(org: Org, tmp_path: Path) -> None:
    a = export_report(org.db, tmp_path / "a.xlsx", anonymize=True)
    b = export_report(org.db, tmp_path / "b.xlsx", anonymize=True)
    names = _matrix_names(a)
    assert names == _matrix_names(b)  # stable from one export to the next
    key = _secret(org.db)
    assert set(names) == {pseudonym(pid, key) for pid in org.people.values()}
    text = "\n".join(_texts(a))
    for name in org.people:
        assert name not in text
        assert f"{name.split()[0].lower()}@x.org" not in text
    assert "=SUM(A1)" not in text  # the note
    assert key.hex() not in text.lower()  # the secret never leaves the database
    assert set(PSEUDONYM.findall(text)) <= set(names)


def test_pseudonyms_are_stable_across_cycles_and_renames(org: Org, tmp_path: Path) -> None:
    q2 = export_report(org.db, tmp_path / "q2.xlsx", anonymize=True)
    q1 = export_report(org.db, tmp_path / "q1.xlsx", cycle="2026-Q1", anonymize=True)
    assert set(_matrix_names(q1)) == set(_matrix_names(q2))
    people.update_person(org.db, org.people["Ann Lee"], name="Ann Stone")
    again = export_report(org.db, tmp_path / "again.xlsx", anonymize=True)
    assert _matrix_names(again) == _matrix_names(q2)


def test_two_databases_give_different_pseudonyms(
    org: Org, engineer: Framework, tmp_path: Path
) -> None:
    other = open_database(tmp_path / "other.db")
    try:
        _make_org(other, engineer)  # the same people with the same ids
        a = export_report(org.db, tmp_path / "a.xlsx", anonymize=True)
        b = export_report(other, tmp_path / "b.xlsx", anonymize=True)
        assert set(_matrix_names(a)).isdisjoint(_matrix_names(b))
        assert _secret(org.db) != _secret(other)
    finally:
        other.close()


def test_round_trip_changes_exactly_the_edited_ratings(org: Org, tmp_path: Path) -> None:
    path = export_report(org.db, tmp_path / "r.xlsx")
    before = org.levels()
    wb = load_workbook(path)
    ws = wb["Matrix"]
    _cell(ws, "Ann Lee", "Testing").value = 2  # changed
    _cell(ws, "Bob Stone", "API design").value = "Proficient"  # 2 (carried forward) -> 3
    _cell(ws, "Carla Diaz", "Communication").value = 1  # n/a -> 1
    wb.save(path)

    result = import_file(org.db, path)
    assert result.ok and result.applied and result.layout == "matrix"
    assert result.cycle == "2026-Q2"
    assert (result.created, result.changed, result.unchanged) == (0, 3, 6)
    after = org.levels()
    diff = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    p, c = org.people, org.comps
    assert diff == {
        (p["Ann Lee"], c["Testing"]),
        (p["Bob Stone"], c["API design"]),
        (p["Carla Diaz"], c["Communication"]),
    }
    assert after[(p["Ann Lee"], c["Testing"])].note == "=SUM(A1)"  # kept
    assert after[(p["Bob Stone"], c["API design"])].level == 3
    assert not after[(p["Carla Diaz"], c["Communication"])].not_applicable

    again = import_file(org.db, path)
    assert (again.created, again.changed, again.unchanged) == (0, 0, 9)


def test_dry_run_changes_nothing(org: Org, tmp_path: Path) -> None:
    path = _wide(
        tmp_path, [["Name", "Testing", "Kubernetes"], ["Ann Lee", 1, 2], ["Zoe New", 3, 3]]
    )
    before = org.levels()
    result = import_file(org.db, path, dry_run=True)
    assert result.ok and not result.applied
    assert result.people_created == ["Zoe New"] and result.competencies_created == ["Kubernetes"]
    assert (result.created, result.changed) == (3, 1)
    assert org.levels() == before
    assert [p.name for p in people.list_people(org.db)] == ["Ann Lee", "Bob Stone", "Carla Diaz"]


def test_any_problem_means_nothing_is_applied(org: Org, tmp_path: Path) -> None:
    path = _wide(
        tmp_path, [["Name", "Testing", "API design"], ["Ann Lee", 1, 2], ["Zoe New", 3, "Guru"]]
    )
    before = org.levels()
    result = import_file(org.db, path)
    assert not result.applied and result.problems == [
        "Team!C3: 'Guru' is not a level (expected 0 None, 1 Awareness, 2 Working, "
        "3 Proficient, 4 Expert, n/a or blank)"
    ]
    assert org.levels() == before
    assert len(people.list_people(org.db)) == 3


def test_new_people_and_competencies_are_created(org: Org, tmp_path: Path) -> None:
    path = _wide(
        tmp_path,
        [
            [None, None, None, "Platform skills"],
            ["Name", "Email", "Team", "Kubernetes", "Testing"],
            ["Zoe New", "zoe@x.org", "Infra", 2, "n/a"],
        ],
    )
    result = import_file(org.db, path)
    assert result.applied and result.people_created == ["Zoe New"]
    zoe = people.find_person(org.db, "zoe@x.org")
    assert zoe.team == "Infra"
    kube = next(c for c in fw.list_competencies(org.db) if c.name == "Kubernetes")
    assert kube.category == "Platform skills"
    got = org.levels()
    assert got[(zoe.id, kube.id)].level == 2
    assert got[(zoe.id, org.comps["Testing"])].not_applicable


def test_strict_mode_refuses_unknowns(org: Org, tmp_path: Path) -> None:
    path = _wide(tmp_path, [["Name", "Kubernetes"], ["Zoe New", 2]])
    result = import_file(org.db, path, strict=True)
    assert not result.applied and len(result.problems) == 2
    assert len(people.list_people(org.db)) == 3


def test_long_layout_with_interest_and_notes(org: Org, tmp_path: Path) -> None:
    path = _wide(
        tmp_path,
        [
            ["Person", "Email", "Competency", "Level", "Interest", "Note"],
            ["Ann", "ann@x.org", "Communication", "Expert", 3, "Runs the guild"],
            ["Bob Stone", None, "Testing", None, 2, None],
        ],
    )
    result = import_file(org.db, path)
    assert result.applied, result.problems
    got = org.levels()
    ann = got[(org.people["Ann Lee"], org.comps["Communication"])]  # matched by e-mail
    assert (ann.level, ann.interest, ann.note) == (4, 3, "Runs the guild")
    bob = got[(org.people["Bob Stone"], org.comps["Testing"])]
    assert (bob.level, bob.interest) == (2, 2)  # the carried-forward level is kept


def test_forms_for_a_closed_cycle_are_refused_before_any_file(org: Org, tmp_path: Path) -> None:
    """Recording "form sent" on a closed cycle is refused, so nothing is written either."""
    from skillmatrix.core.errors import ReadOnlyError

    out = tmp_path / "forms"
    out.mkdir()
    with pytest.raises(ReadOnlyError, match="cycle 2026-Q1 is closed; reopen it to send forms"):
        write_self_assessment_forms(org.db, out, cycle="2026-Q1", team="Platform")
    assert list(out.iterdir()) == []


def test_returned_forms_are_stored_as_self_ratings(org: Org, tmp_path: Path) -> None:
    paths = write_self_assessment_forms(org.db, tmp_path, team="Platform")
    assert [p.name for p in paths] == [
        "Self-assessment - Ann Lee.xlsx",
        "Self-assessment - Bob Stone.xlsx",
    ]
    wb = load_workbook(paths[0])
    ws = wb["Self-assessment"]
    rows = {ws.cell(r, 2).value: r for r in range(9, ws.max_row + 1)}
    ws.cell(rows["Testing"], 7).value = "3 - Proficient"
    ws.cell(rows["Testing"], 8).value = "3 - Keen to grow"
    wb.save(paths[0])
    manager_before = org.levels()
    result = import_file(org.db, paths[0])
    assert result.applied and result.source is Source.SELF and result.cycle == "2026-Q2"
    own = org.levels(Source.SELF)[(org.people["Ann Lee"], org.comps["Testing"])]
    assert (own.level, own.interest, own.source) == (3, 3, Source.SELF)
    assert org.levels() == manager_before


def test_closed_cycle_is_a_problem(org: Org, tmp_path: Path) -> None:
    path = _wide(tmp_path, [["Name", "Testing"], ["Ann Lee", 1]])
    result = import_file(org.db, path, cycle="2026-Q1")
    assert not result.applied and "closed" in result.problems[0]


def test_framework_sheet_installs_role_targets(org: Org, tmp_path: Path) -> None:
    path = _wide(
        tmp_path,
        [
            ["Category", "Competency", "Junior", "Mid", "Senior", "Staff", "Principal"],
            ["Platform", "Kubernetes", 1, 2, 3, 3, 4],
            [None, "Testing", 1, 2, 3, 4, 4],
        ],
        title="SRE",
    )
    result = import_file(org.db, path)
    assert result.applied and result.layout == "framework"
    assert result.competencies_created == ["Kubernetes"] and result.targets_set == 10
    role = fw.get_role(org.db, "SRE")
    assert len(role.targets) == 5 and len(role.targets[next(iter(role.targets))]) == 2


def test_unreadable_file_raises_one_line(org: Org, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ImportProblem, match=r"^bad\.xlsx: is not an Excel workbook"):
        import_file(org.db, bad)


def _wide(tmp_path: Path, rows: list[list[object]], title: str = "Team") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    path = tmp_path / f"{title}.xlsx"
    wb.save(path)
    return path


def test_new_people_without_a_seniority_are_named_not_silently_mid(
    org: Org, tmp_path: Path
) -> None:
    path = _wide(
        tmp_path,
        [
            ["Name", "Seniority", "Testing"],
            ["Zoe New", None, 2],
            ["Yan New", "Senior", 3],
            ["Xia New", None, 1],
        ],
    )
    result = import_file(org.db, path)
    assert result.applied and result.people_created == ["Zoe New", "Yan New", "Xia New"]
    assert result.warnings == [
        "2 new people have no seniority in the file and were added with unknown "
        "seniority; set it in the Team view: Zoe New, Xia New"
    ]
    stored = {p.name: p.seniority for p in people.list_people(org.db)}
    assert stored["Zoe New"] is None and stored["Xia New"] is None  # never a silent Mid
    assert stored["Yan New"] == Seniority.SENIOR


def test_an_import_runs_with_the_collector_paused_and_restores_it(
    org: Org, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from skillmatrix.services import excel_import

    seen: list[bool] = []
    plan = excel_import._plan_ratings

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return plan(*args, **kwargs)

    monkeypatch.setattr(excel_import, "_plan_ratings", recording)
    path = _wide(tmp_path, [["Name", "Testing"], ["Ann Lee", 3]])
    assert import_file(org.db, path).applied
    with pytest.raises(ImportProblem):
        import_file(org.db, tmp_path / "missing.xlsx")
    assert seen == [False] and gc.isenabled()
