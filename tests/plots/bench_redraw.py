"""Measure the heatmap redraw after one edit (not collected by pytest).

Usage: ``python tests/plots/bench_redraw.py``. Canvas 1000 x 700 px, as in the guide.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import plots_data

from skillmatrix.plots import HeatmapFigure


def median_ms(hm: HeatmapFigure, shape: tuple[int, int], *, blit: bool, n: int = 40) -> float:
    times = []
    for k in range(n):
        t = time.perf_counter()
        hm.update_cell(k % shape[0], (k * 7) % shape[1], k % 5, blit=blit)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    for shape in ((100, 50), (500, 200)):
        snap = plots_data.snapshot(*shape, seed=1)
        t = time.perf_counter()
        hm = HeatmapFigure(snap, figsize=(10, 7), dpi=100)
        hm.figure.canvas.draw()
        build = (time.perf_counter() - t) * 1000
        full = median_ms(hm, shape, blit=False)
        blit = median_ms(hm, shape, blit=True)
        print(
            f"{shape[0]}x{shape[1]}: build+first draw {build:.0f} ms, "
            f"edit+full redraw {full:.1f} ms, edit+blit {blit:.1f} ms"
        )


if __name__ == "__main__":
    main()
