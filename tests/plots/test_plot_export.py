"""Saving figures, PNG bytes for the report, and what importing the plots pulls in."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from skillmatrix.plots import figure_png_bytes, heatmap, save_figure

PNG = b"\x89PNG\r\n\x1a\n"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


@pytest.mark.parametrize(
    ("suffix", "magic"), [(".png", PNG), (".PNG", PNG), (".pdf", b"%PDF-"), (".svg", b"<svg")]
)
def test_save_figure_writes_the_format_of_the_suffix(small, tmp_path, suffix, magic):
    path = save_figure(heatmap(small), tmp_path / f"chart{suffix}")
    data = path.read_bytes()
    if suffix == ".svg":
        assert data.startswith(b"<?xml") and magic in data[:500]
    else:
        assert data.startswith(magic)


@pytest.mark.parametrize("name", ["chart.jpg", "chart", "chart.png.txt"])
def test_save_figure_refuses_other_suffixes(small, tmp_path, name):
    suffix = name.partition(".")[2].rpartition(".")[2]
    with pytest.raises(ValueError, match=repr("." + suffix) if suffix else "no suffix"):
        save_figure(heatmap(small), tmp_path / name)
    assert not (tmp_path / name).exists()


def test_png_bytes_for_the_report(small):
    fig = heatmap(small, figsize=(6, 4))
    low, high = figure_png_bytes(fig, dpi=50), figure_png_bytes(fig, dpi=100)
    assert low.startswith(PNG) and high.startswith(PNG)
    width = int.from_bytes(high[16:20], "big")
    assert width == 600 and int.from_bytes(low[16:20], "big") == 300


def run(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return out.stdout.strip()


def test_core_does_not_import_matplotlib_and_plots_need_neither_pyplot_nor_qt():
    out = run("""
        import sys
        import skillmatrix.core.analytics, skillmatrix.core.snapshot
        before = "matplotlib" in sys.modules
        import numpy as np
        import skillmatrix.plots as p
        sys.path.insert(0, "tests/plots")  # plots_data, relative to the repository
        import plots_data
        s = plots_data.snapshot(12, seed=1)
        figs = [p.heatmap(s), p.coverage_chart(s), p.gap_heatmap(s),
                p.person_profile(s, s.people[0].id), p.trend_chart([s, s]),
                p.team_comparison(s), p.self_vs_manager(s, plots_data.self_assessment(s))]
        for f in figs:
            p.figure_png_bytes(f, dpi=30)
        bad = [m for m in sys.modules if m == "matplotlib.pyplot" or m.startswith("PySide6")]
        print(before, bad)
    """)
    assert out == "False []"
