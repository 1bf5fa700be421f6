"""The Charts sheet's pictures drawn by a second process.

The same pictures as drawn in this one, and a worker that fails costs the report nothing.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from report_factories import make_snapshot

from skillmatrix.reports import write_report
from skillmatrix.reports.export import charts
from skillmatrix.reports.export.picture_worker import PictureJob, PictureWorker

pytest.importorskip("skillmatrix.plots.skills")


def _job(figures: tuple[tuple[str, str, str, str], ...] = charts.FIGURES) -> PictureJob:
    current = make_snapshot(14, 9, team=None)  # two teams: the team comparison too
    earlier = make_snapshot(14, 9, team=None, seed=1, cycle="2024 Q2")
    return PictureJob(current, [earlier, current], (8.0, 5.0), current, figures)


def _media(path: Path) -> list[bytes]:
    with zipfile.ZipFile(path) as zf:
        return [zf.read(n) for n in sorted(zf.namelist()) if n.startswith("xl/media/")]


def test_worker_draws_the_pictures_this_process_would() -> None:
    job = _job()
    worker = PictureWorker.start()
    assert worker is not None
    try:
        assert worker.submit(job)
        drawn = worker.pictures()
    finally:
        worker.close()
    here = job.render()
    assert drawn is not None and len(here) == len(charts.FIGURES) == 4
    assert [(p.caption, p.size_in, p.min_font_pt) for p in drawn] == [
        (p.caption, p.size_in, p.min_font_pt) for p in here
    ]
    assert [p.png for p in drawn] == [p.png for p in here]  # byte for byte


def test_worker_draws_only_the_figures_it_is_given() -> None:
    job = _job(figures=charts.FIGURES[1:2])
    worker = PictureWorker.start()
    assert worker is not None
    try:
        assert worker.submit(job)
        drawn = worker.pictures()
    finally:
        worker.close()
    assert drawn is not None and [p.caption for p in drawn] == [charts.FIGURES[1][0]]


def test_a_dead_worker_costs_only_the_overlap(tmp_path: Path) -> None:
    snap = make_snapshot(10, 6)
    drawn_here = write_report(tmp_path / "here.xlsx", snap, picture_worker=False)
    worker = PictureWorker.start()
    assert worker is not None
    worker._proc.kill()  # e.g. killed by the system while the sheets were written
    worker._proc.wait()
    path = write_report(tmp_path / "r.xlsx", snap, picture_worker=worker)
    assert _media(path) and _media(path) == _media(drawn_here)
    assert [p.name for p in tmp_path.iterdir()].count("r.xlsx") == 1


def test_a_worker_answering_garbage_is_not_believed(tmp_path: Path, monkeypatch) -> None:
    # A child that exits at once without an answer (as if its Python could not start).
    monkeypatch.setattr("skillmatrix.reports.export.picture_worker.MODULE", "json.tool")
    snap = make_snapshot(10, 6)
    path = write_report(tmp_path / "r.xlsx", snap)
    assert _media(path) == _media(write_report(tmp_path / "b.xlsx", snap, picture_worker=False))
