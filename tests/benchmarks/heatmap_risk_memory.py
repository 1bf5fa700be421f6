"""Memory of the two biggest holders behind Assess + Insights: the skills heatmap and the
risk panel's facts, for one organisation database (run as a script, in a fresh process).

Prints one JSON line: for each of them the Python-heap bytes still held once built
(``retained``) and the highest point while building (``peak``), from ``tracemalloc``
(numpy reports its arrays to it), then the process's peak resident memory (``VmHWM``).

    python tests/benchmarks/heatmap_risk_memory.py org.db
"""

from __future__ import annotations

import gc
import json
import sys
import tracemalloc
from collections.abc import Callable

MB = 1024 * 1024


def _vm_hwm_mb() -> float:
    with open("/proc/self/status") as status:
        line = next(x for x in status if x.startswith("VmHWM"))
    return int(line.split()[1]) / 1024


def _measure(build: Callable[[], object]) -> tuple[object, dict[str, float]]:
    gc.collect()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    made = build()
    gc.collect()
    now, peak = tracemalloc.get_traced_memory()
    return made, {"retained_mb": (now - base) / MB, "peak_mb": (peak - base) / MB}


def main(db_path: str) -> dict[str, object]:
    import matplotlib

    matplotlib.use("Agg")
    from skillmatrix.plots import HeatmapFigure
    from skillmatrix.services.database import open_database
    from skillmatrix.services.snapshots import load_snapshot
    from skillmatrix.ui.insights.risk_facts import compute

    db = open_database(db_path)
    snap = load_snapshot(db)
    tracemalloc.start()

    def heatmap() -> object:
        hm = HeatmapFigure(snap, figsize=(13, 9))
        hm.figure.canvas.draw()  # the first paint, as the Insights view does
        return hm

    hm, heat = _measure(heatmap)
    facts, risk = _measure(lambda: compute(snap))
    tracemalloc.stop()
    out: dict[str, object] = {
        "people": snap.shape[0],
        "competencies": snap.shape[1],
        "heatmap": heat,
        "risk": risk,
        "vm_hwm_mb": _vm_hwm_mb(),
    }
    del hm, facts
    db.dispose()
    return out


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
