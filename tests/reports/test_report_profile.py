"""The one-page profile: the data read from the database, one PDF page, the command."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from skillmatrix.cli import main
from skillmatrix.core.plans import NewAction
from skillmatrix.reports.errors import ReportError
from skillmatrix.reports.profile import profile_figure
from skillmatrix.services import growth_plans as gp
from skillmatrix.services.database import open_database
from skillmatrix.services.demo import create_demo
from skillmatrix.services.people import list_people
from skillmatrix.services.profile import profile_data, write_profile
from skillmatrix.services.reads import list_cycles
from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.store.database import Database


@pytest.fixture
def demo(tmp_path: Path) -> Database:
    db = open_database(tmp_path / "demo.db")
    create_demo(db, people=12, teams=1, cycles=3)
    return db


def _texts(fig: object) -> str:
    fig.canvas.draw()  # type: ignore[attr-defined]
    from matplotlib.text import Text

    return "\n".join(t.get_text() for t in fig.findobj(Text))  # type: ignore[attr-defined]


def test_profile_shows_levels_trend_and_goals(demo: Database) -> None:
    person = list_people(demo)[0]
    latest = list_cycles(demo)[-1]
    snap = load_snapshot(demo, team=person.team)
    i = snap.person_index(person.id)
    j = int(np.nanargmax(snap.targets[i]))
    comp = snap.competencies[j]
    gp.create_goal(
        demo,
        person_id=person.id,
        competency_id=comp.id,
        target_level=4,
        by_cycle_id=latest.id,
        actions=[NewAction("course", "=cmd|' /C calc'!A0"), NewAction("project", "on-call")],
    )
    data = profile_data(demo, person.name)
    assert [p.cycle for p in data.trend] == [c.name for c in list_cycles(demo)]
    with_target = int((~np.isnan(snap.targets[i])).sum())
    assert data.trend[-1].targeted == with_target
    level = snap.levels[i, j]
    assert [(g.competency, g.target, g.by) for g in data.goals] == [(comp.name, 4, latest.name)]
    assert data.goals[0].action == "course: =cmd|' /C calc'!A0; project: on-call"
    assert data.goals[0].progress == (  # set in the latest cycle: its level is the baseline
        f"met in {latest.name} (from {int(level)} to 4)"
        if level >= 4
        else f"from {int(level)} to 4, now {int(level)} ({latest.name})"
    )
    text = _texts(profile_figure(data))
    assert person.name in text and comp.name[:20] in text and "Targets met" in text
    assert f"{data.trend[-1].met}/{with_target} met" in text
    if with_target > 16:
        assert f"16 of {with_target} shown" in text


def test_profile_pdf_is_one_page_and_bad_paths_are_one_line(demo: Database, tmp_path: Path) -> None:
    person = list_people(demo)[3]
    out = write_profile(demo, person.id, tmp_path / "p.pdf")
    raw = out.read_bytes()
    assert raw.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", raw)) == 1
    with pytest.raises(ReportError, match="name it"):
        write_profile(demo, person.id, tmp_path / "p.png")
    with pytest.raises(ReportError, match="does not exist"):
        write_profile(demo, person.id, tmp_path / "missing" / "p.pdf")
    assert not (tmp_path / "p.png").exists()


def test_profile_command(
    demo: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    person = list_people(demo)[1]
    db_path = str(tmp_path / "demo.db")
    demo.close()
    out = tmp_path / "one.pdf"
    assert main(["profile", "--db", db_path, "--person", person.name, "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["profile", "--db", db_path, "--person", "Nobody At All", "--out",
                 str(out)]) == 1  # fmt: skip
    assert "Nobody At All" in capsys.readouterr().err
