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


def test_map_range_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 1-5 sheet that happens to hold only 1-4 reads as 0-4 unless told ``--map 1-5``."""
    path = tmp_path / "team.csv"
    path.write_text("Name,Python,SQL\nAnn Lee,1,4\nBob Stone,2,3\n", encoding="utf-8")
    db = tmp_path / "m.db"
    code = main(["import", str(path), "--db", str(db), "--cycle", "2026-Q4", "--map", "1-5"])
    out, err = capsys.readouterr()
    assert code == 0, err
    printed = [" ".join(line.split()) for line in out.splitlines()]
    assert "1 -> 0 None -> 1" in printed and "4 -> 3 Proficient -> 1" in printed
    _names, _comps, rated, facts = _stored(db)
    assert rated == 4
    assert facts[("Ann Lee", "Python")] == 0 and facts[("Ann Lee", "SQL")] == 3
    assert facts[("Bob Stone", "Python")] == 1 and facts[("Bob Stone", "SQL")] == 2


def test_init_with_a_scale_file_then_import_on_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scale = tmp_path / "three.toml"
    scale.write_text(
        "".join(
            f'[[level]]\nvalue = {n}\nlabel = "{label}"\ndescription = "{label}."\n'
            for n, label in ((1, "Learning"), (2, "Doing"), (3, "Teaching"))
        ),
        encoding="utf-8",
    )
    db = tmp_path / "s.db"
    code = main(["init", "--db", str(db), "--scale", str(scale)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "scale 1-3 (Learning, Doing, Teaching)" in out
    path = tmp_path / "team.csv"
    path.write_text("Name,Python,SQL\nAnn Lee,Teaching,Learning\nBob Stone,Doing,\n")
    code = main(["import", str(path), "--db", str(db), "--cycle", "2026-Q4"])
    out, err = capsys.readouterr()
    assert code == 0, err + out
    _names, _comps, rated, facts = _stored(db)
    assert rated == 3
    assert facts == {("Ann Lee", "Python"): 3, ("Ann Lee", "SQL"): 1, ("Bob Stone", "Python"): 2}
