"""The anonymised report against someone who holds the team roster.

The attacker knows every person's name, team, role and seniority (the roster a manager
keeps, in name order) and reads the anonymised report. Before, rows stayed in real-name
order (40 of 40 pseudonyms mapped back by position) and team + role + seniority was
unique for 26 of 40 people. Now rows are in pseudonym order and the identifying columns
are k-anonymous on every sheet that shows a person, and in the charts' labels.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from skillmatrix.core.model import Person, Seniority
from skillmatrix.reports.anonymize import pseudonyms
from skillmatrix.reports.kanonymity import BANDS, WITHHELD, generalise
from skillmatrix.services.database import open_database
from skillmatrix.services.demo import create_demo
from skillmatrix.services.excel_export import export_report
from skillmatrix.services.people import list_people, update_person
from skillmatrix.store import repo_meta
from skillmatrix.store.database import Database
from skillmatrix.store.models import Meta

K = 5
PSEUDONYM = r"Person [0-9A-F]{4}-[0-9A-F]{4}"
FIRST = ["Ada", "Bram", "Cleo", "Dev", "Esme", "Finn", "Gia", "Hugo", "Ines", "Jonas"]
LAST = ["Abbott", "Brandt", "Castro", "Dunn", "Ekberg", "Frost", "Gupta", "Holm"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = open_database(tmp_path_factory.mktemp("anon") / "demo.db")
    create_demo(db, today=dt.date(2026, 11, 15))
    # A fixed report secret: the pseudonyms (so the rows' order) are the same every run;
    # with a new random one, 4 or more chance matches in the roster attack happen 2% of runs.
    with db.session() as s:
        s.execute(update(Meta).values(report_secret="5eed" * 16))
    yield db
    db.close()


def _rename_shuffled(db: Database, seed: int) -> None:
    """Give everyone a new name so that name order is a random order of the people."""
    people = list_people(db)
    new = sorted(f"{f} {sur}" for f in FIRST for sur in LAST)[: len(people)]
    random.Random(seed).shuffle(new)
    for p, name in zip(people, new, strict=True):
        update_person(db, p.id, name=name)


def _truth(db: Database) -> dict[str, Person]:
    """Pseudonym -> the real person (what the attacker wants to learn)."""
    people = list_people(db)
    with db.session() as s:
        key = repo_meta.report_secret(s)
    names = pseudonyms((p.id for p in people), key)
    return {names[p.id]: p for p in people}


def _compatible(shown: tuple[str, str, str], p: Person) -> bool:
    """Could roster person ``p`` be behind a row showing (team, role, seniority)?"""
    team, role, seniority = shown
    return (
        team in (WITHHELD, p.team)
        and role in (WITHHELD, p.role)
        and seniority in (WITHHELD, p.seniority.value, BANDS[p.seniority])
    )


def _rows(ws, first: int, cols: tuple[int, int, int, int]) -> list[tuple[str, tuple]]:
    n, t, r, s = cols
    out = []
    for row in ws.iter_rows(min_row=first, values_only=True):
        if row[n] and str(row[n]).startswith("Person "):
            out.append((row[n], (row[t], row[r], row[s])))
    return out


@pytest.fixture(scope="module")
def attacked(demo: Database, tmp_path_factory) -> tuple[Path, dict[str, Person], list[Person]]:
    _rename_shuffled(demo, seed=7)
    path = export_report(demo, tmp_path_factory.mktemp("out") / "anon.xlsx", anonymize=True, k=K)
    roster = sorted(list_people(demo), key=lambda p: p.name)  # the attacker's list
    return path, _truth(demo), roster


def test_row_order_gives_nobody_away(attacked) -> None:
    path, truth, roster = attacked
    wb = load_workbook(path)
    matrix = _rows(wb["Matrix"], 5, (0, 2, 3, 4))
    assert len(matrix) == len(roster) == 40
    # The roster attack: n-th row = n-th person of the roster in name order.
    hits = sum(truth[pseudo].id == p.id for (pseudo, _), p in zip(matrix, roster, strict=True))
    assert hits <= 3  # chance level (a random order matches about 1); it was 40 of 40
    assert [pseudo for pseudo, _ in matrix] == sorted(truth)  # pseudonym order


def test_order_does_not_follow_renames(demo: Database, attacked, tmp_path: Path) -> None:
    path, _, _ = attacked
    before = [r[0] for r in _rows(load_workbook(path)["Matrix"], 5, (0, 2, 3, 4))]
    _rename_shuffled(demo, seed=99)
    again = export_report(demo, tmp_path / "again.xlsx", anonymize=True, k=K)
    after = [r[0] for r in _rows(load_workbook(again)["Matrix"], 5, (0, 2, 3, 4))]
    assert after == before
    _rename_shuffled(demo, seed=7)  # back as the module's other tests expect


@pytest.mark.parametrize(
    ("sheet", "first", "cols"),
    [
        ("Matrix", 5, (0, 2, 3, 4)),
        ("Gaps", 4, (0, 1, 2, 3)),
        ("Gap details", 4, (0, 1, 2, 3)),
    ],
)
def test_identifying_columns_are_k_anonymous(attacked, sheet: str, first: int, cols) -> None:
    path, truth, roster = attacked
    rows = _rows(load_workbook(path)[sheet], first, cols)
    assert rows
    for pseudo, shown in rows:
        candidates = [p for p in roster if _compatible(shown, p)]
        assert truth[pseudo] in candidates  # generalised, never wrong
        assert len(candidates) >= K, (sheet, pseudo, shown)


def test_no_real_name_team_of_a_person_or_email_anywhere(attacked) -> None:
    path, _, roster = attacked
    wb = load_workbook(path)
    shown = {r[0]: r[1] for r in _rows(wb["Matrix"], 5, (0, 2, 3, 4))}
    secrets = {p.name for p in roster} | {p.email for p in roster if p.email}
    for ws in wb.worksheets:  # hidden sheets too
        for row in ws.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    assert not any(s in value for s in secrets), (ws.title, value)
    # Growth's mentor pairs name the teams of two pseudonyms: only as the Matrix shows them
    growth = list(wb["Growth"].iter_rows(values_only=True))
    start = next(k for k, r in enumerate(growth) if r[0] == "Suggested mentor pairs")
    pairs = [r for r in growth[start + 2 :] if r[0] and r[1]]
    assert pairs
    for _comp, mentor, _lvl, _interest, mentee, teams in pairs[:200]:
        a, b = shown[mentor][0], shown[mentee][0]
        assert teams == (a if a == b else f"{a} → {b}")


def test_no_sheet_puts_a_person_in_a_team_the_matrix_withholds(attacked) -> None:
    """Per-team rows that name people must not tell a withheld person's team.

    Such rows are single points of failure, bus factor, worst pairs, candidates to develop.
    Before, the Risk sheet named the team of 80 such holders, Summary 2 and Build or hire 4.
    """
    path, _, roster = attacked
    wb = load_workbook(path)
    shown = {r[0]: r[1][0] for r in _rows(wb["Matrix"], 5, (0, 2, 3, 4))}
    assert WITHHELD in shown.values()  # the demo has people whose team is withheld
    teams = {p.team for p in roster}
    checked = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            texts = [v for v in row if isinstance(v, str)]
            in_row = {t for t in texts if t in teams}
            if not in_row:
                continue
            for pseudo in {p for t in texts for p in re.findall(PSEUDONYM, t)}:
                checked += 1
                assert shown[pseudo] in in_row, (ws.title, pseudo, row[:8])
    assert checked > 50


def test_summary_says_what_was_generalised(attacked) -> None:
    path, _, _ = attacked
    texts = [
        v
        for row in load_workbook(path)["Summary"].iter_rows(values_only=True)
        for v in row
        if isinstance(v, str)
    ]
    note = next(t for t in texts if t.startswith("k-anonymity"))
    assert f"k = {K}" in note and "pseudonym order" in note


def test_chart_labels_show_generalised_teams_only(demo: Database) -> None:
    pytest.importorskip("skillmatrix.plots.skills")
    from matplotlib.text import Text

    from skillmatrix.reports.export.charts import FIGURES, _builder
    from skillmatrix.reports.export.context import build_report_data
    from skillmatrix.services.snapshots import load_snapshot

    with demo.session() as s:
        key = repo_meta.report_secret(s)
    snap = load_snapshot(demo)
    data = build_report_data(
        snap,
        previous=None,
        history=[],
        anonymize=True,
        pseudonym_key=key,
        generated_on=dt.date(2026, 11, 15),
        k=K,
    )
    view = data.people_view()
    roster = list_people(demo)
    names = {p.name for p in roster}
    shown_teams = {t for t, _, _ in data.identities.values()}
    real_teams = Counter(p.team for p in roster)
    for caption, module, name, kind in FIGURES:
        if kind != "snapshot":
            continue
        fig = _builder(module, name)(view, figsize=(14, 12))  # big: person labels drawn
        texts = {t.get_text() for t in fig.findobj(Text) if t.get_text()}
        assert not texts & names, caption
        for team in real_teams:
            if any(team in t for t in texts):
                assert team in shown_teams, (caption, team)


# -- the generalisation itself --------------------------------------------------------
def _people(spec: list[tuple[str, str, Seniority]]) -> list[Person]:
    return [
        Person(id=i + 1, name=f"P{i}", team=t, role=r, seniority=s)
        for i, (t, r, s) in enumerate(spec)
    ]


def test_generalise_reaches_k_and_keeps_what_it_can() -> None:
    spec = (
        [("A", "Eng", Seniority.SENIOR)] * 6
        + [("A", "Eng", Seniority.STAFF)] * 2
        + [("A", "Eng", Seniority.PRINCIPAL)] * 3
        + [("A", "PM", Seniority.MID)] * 5
    )
    people = _people(spec)
    result = generalise(people, k=5)
    assert min(Counter(result.shown.values()).values()) >= 5
    # common combinations are untouched, the rare Staff/Principal become one band
    assert all(result.shown[p.id] == ("A", "Eng", "Senior") for p in people[:6])
    assert {result.shown[p.id] for p in people[6:11]} == {("A", "Eng", "Senior–Principal")}
    assert result.steps == (11, 5, 0, 0, 0)
    assert generalise(people, k=1).shown == {
        p.id: (p.team, p.role, p.seniority.value) for p in people
    }
    # three more who share nothing with anyone: withheld, with the smallest group folded
    # in so that the withheld rows are 5 or more as well
    extra = _people(spec + [("B", "Eng", Seniority.JUNIOR), ("C", "QA", Seniority.MID)] * 1)
    shown = generalise(extra, k=5).shown
    counts = Counter(shown.values())
    assert min(counts.values()) >= 5 and counts[(WITHHELD,) * 3] >= 5


def test_generalise_fewer_people_than_k_withholds_everything() -> None:
    people = _people([("A", "Eng", Seniority.MID), ("B", "PM", Seniority.STAFF)])
    assert set(generalise(people, k=5).shown.values()) == {(WITHHELD,) * 3}
    with pytest.raises(ValueError):
        generalise(people, k=0)


def test_demo_had_unique_combinations_and_now_has_none(demo: Database) -> None:
    roster = list_people(demo)
    combos = Counter((p.team, p.role, p.seniority) for p in roster)
    assert sum(1 for p in roster if combos[(p.team, p.role, p.seniority)] == 1) >= 10
    shown = generalise(roster, k=K).shown
    assert min(Counter(shown.values()).values()) >= K
