"""``skillmatrix plot`` through a real subprocess, on a small database built with services."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from skillmatrix.core.frameworks import find_framework
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services.database import open_database
from skillmatrix.services.frameworks import install_framework, list_competencies

ROOT = Path(__file__).resolve().parents[2]
PNG = b"\x89PNG\r\n\x1a\n"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SKILLMATRIX_DB"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["MPLBACKEND"] = "Agg"
    return subprocess.run(
        [sys.executable, "-m", "skillmatrix", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


@pytest.fixture(scope="module")
def db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plot") / "skills.db"
    db = open_database(path)
    try:
        install_framework(db, find_framework("Backend Engineer"))
        ana = people.add_person(
            db, name="Ana Silva", email="ana@example.com", team="Payments", role="Backend Engineer"
        )
        ben = people.add_person(db, name="Ben Okafor", team="Payments", role="Backend Engineer")
        cleo = people.add_person(db, name="Cleo Park", team="Search", role="Backend Engineer")
        comps = [c.id for c in list_competencies(db)]
        first = cycles.start_cycle(db, name="2026-Q2")
        ratings.rate_many(db, cycle_id=first.id, cells=[(ana.id, c) for c in comps[:5]], level=3)
        ratings.rate_many(db, cycle_id=first.id, cells=[(ben.id, comps[0])], level=1, interest=3)
        second = cycles.start_cycle(db, name="2026-Q3")  # carries the ratings forward
        ratings.rate_many(db, cycle_id=second.id, cells=[(ana.id, c) for c in comps[:3]], level=4)
        ratings.rate(db, cycle_id=second.id, person_id=cleo.id, competency_id=comps[1], level=2)
        own = [(ana.id, c) for c in comps[:3]]  # Ana's self-assessment differs from her manager's
        ratings.rate_many(db, cycle_id=second.id, cells=own, level=2, source="self")
    finally:
        db.close()
    return path


def magic_ok(path: Path) -> bool:
    data = path.read_bytes()
    if path.suffix == ".png":
        return data.startswith(PNG)
    if path.suffix == ".pdf":
        return data.startswith(b"%PDF-")
    return data.lstrip().startswith(b"<?xml") and b"<svg" in data[:4000]


@pytest.mark.parametrize(
    ("kind", "suffix", "extra"),
    [
        ("heatmap", ".png", ()),
        ("heatmap", ".svg", ("--team", "Payments")),
        ("coverage", ".pdf", ("--cycle", "2026-Q2")),
        ("gaps", ".png", ()),
        ("profile", ".svg", ("--person", "ana@example.com")),
        ("trend", ".pdf", ()),
        ("teams", ".png", ()),
        ("agreement", ".png", ()),
        ("agreement", ".svg", ("--team", "Payments")),
    ],
)
def test_plot_writes_the_file_and_prints_its_path(db_file, tmp_path, kind, suffix, extra) -> None:
    out = tmp_path / f"{kind}{suffix}"
    result = run("plot", kind, "--db", str(db_file), *extra, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    assert magic_ok(out)


def test_an_unknown_suffix_is_one_line_naming_it(db_file, tmp_path) -> None:
    out = tmp_path / "chart.jpg"
    result = run("plot", "heatmap", "--db", str(db_file), "-o", str(out))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "'.jpg'" in lines[0]
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_profile_without_person_is_one_line(db_file, tmp_path) -> None:
    out = tmp_path / "profile.png"
    result = run("plot", "profile", "--db", str(db_file), "-o", str(out))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--person" in lines[0]
    assert not out.exists()


def test_profile_of_an_unknown_person_is_one_line(db_file, tmp_path) -> None:
    result = run(
        "plot", "profile", "--db", str(db_file), "--person", "Zed", "-o", str(tmp_path / "p.png")
    )
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Zed" in result.stderr


def test_plot_offers_every_chart_of_the_registry() -> None:
    """The command line, Insights' chooser and the report read one list of charts."""
    from skillmatrix.cli import build_parser
    from skillmatrix.plots.registry import CHARTS
    from skillmatrix.ui.insights.charts import CHARTS as INSIGHTS

    keys = [c.key for c in CHARTS]
    assert "agreement" in keys  # self vs manager, in the app from the start
    plot = build_parser()._subparsers._group_actions[0].choices["plot"]  # type: ignore[union-attr]
    kind = next(a for a in plot._actions if a.dest == "kind")
    assert list(kind.choices) == keys
    assert [(k.key, k.label) for k in INSIGHTS] == [(c.key, c.title) for c in CHARTS]
    help_text = plot.format_help()
    assert all(c.key in help_text and c.summary in help_text for c in CHARTS)


def test_agreement_without_self_assessments_is_one_line(db_file, tmp_path) -> None:
    out = tmp_path / "a.png"
    result = run("plot", "agreement", "--db", str(db_file), "--cycle", "2026-Q2", "-o", str(out))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no self-assessments in 2026-Q2" in lines[0]
    assert not out.exists()


def test_a_mistyped_chart_names_the_nearest(db_file, tmp_path) -> None:
    result = run("plot", "heatmpa", "--db", str(db_file), "-o", str(tmp_path / "x.png"))
    assert result.returncode == 2
    assert "did you mean 'heatmap'?" in result.stderr
