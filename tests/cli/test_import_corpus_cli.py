"""From nothing to the matrix with one command, on every layout of the import corpus.

For each case (tests/reports/import_corpus.py): ``import FILE --db NEW --dry-run`` prints
the value table and creates no file; ``import FILE --db NEW --cycle 2026-Q4`` creates the
database and the cycle, and what is stored is what the case says (people, competencies,
rated cells, the exact facts).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "reports"))

from import_corpus import Case, cases

from skillmatrix.cli import main
from skillmatrix.core.model import Source
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services.database import open_database

CASES = cases()


@pytest.fixture(autouse=True)
def _no_env_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SKILLMATRIX_DB", raising=False)


def _stored(db_path: Path) -> tuple[list[str], set[str], int, dict[tuple[str, str], object]]:
    with open_database(db_path, create=False) as db:
        cycle = cycles.get_cycle(db, "2026-Q4")
        everyone = people.list_people(db)
        names = {p.id: p.name for p in everyone}
        comps = {c.id: c.name for c in fw.list_competencies(db)}
        facts: dict[tuple[str, str], object] = {}
        rated = 0
        for source, suffix in ((Source.MANAGER, ""), (Source.SELF, " (self)")):
            for r in ratings.list_ratings(db, cycle.id, source):
                rated += 1
                value = "n/a" if r.not_applicable else r.level
                facts[(names[r.person_id], comps[r.competency_id] + suffix)] = value
        return [p.name for p in everyone], set(comps.values()), rated, facts


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_one_command_from_nothing(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in"
    source.mkdir()
    path = case.write(source)
    capsys.readouterr()  # (the app's own files are made through the services)
    db = tmp_path / "new" / "skills.db"
    assert main(["import", str(path), "--db", str(db), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert not db.exists() and not db.parent.exists()  # a dry run creates nothing
    printed = [" ".join(line.split()) for line in out.splitlines()]
    assert case.table is not None
    for value, level, cells in case.table:
        assert f"{value} -> {level} -> {cells}" in printed or f"{value} {level} {cells}" in (
            printed
        ), (value, out)
    code = main(["import", str(path), "--db", str(db), "--cycle", "2026-Q4"])
    out, err = capsys.readouterr()
    assert code == 0, err + out
    names, comps, rated, facts = _stored(db)
    assert sorted(names) == sorted(case.people)
    assert comps == case.competencies
    assert rated == case.rated
    source_self = case.layout == "form"
    for person, comp, level in case.facts:
        key = (person, comp + (" (self)" if source_self else ""))
        assert facts[key] == level, key
