"""Render every figure at 40 and 1,000 people to a folder, for looking at them.

Usage: ``python tests/plots/gallery.py [/tmp/plots]`` (not collected by pytest).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import plots_data

from skillmatrix import plots


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for n in (40, 1000):
        snap = plots_data.snapshot(n, seed=3)
        history = plots_data.cycles(n, 4, seed=3)
        figures = {
            "heatmap": lambda s=snap: plots.heatmap(s),
            "heatmap_gap_order": lambda s=snap: plots.heatmap(
                s, order="gap", competency_order="coverage"
            ),
            "coverage": lambda s=snap: plots.coverage_chart(s),
            "gaps": lambda s=snap: plots.gap_heatmap(s),
            "profile": lambda s=snap: plots.person_profile(s, s.people[1].id),
            "trend": lambda h=history: plots.trend_chart(h),
            "teams": lambda s=snap: plots.team_comparison(s),
            "self_vs_manager": lambda s=snap: plots.self_vs_manager(
                s, plots_data.self_assessment(s)
            ),
        }
        for name, build in figures.items():
            t = time.perf_counter()
            fig = build()
            path = plots.save_figure(fig, out / f"{name}_{n}.png", dpi=100)
            print(f"{path}  {time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/plots"))
