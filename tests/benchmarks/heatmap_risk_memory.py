"""Memory of the two biggest holders behind Assess + Insights.

The skills heatmap and the risk panel's facts, for one organisation database (run as a
script, in a fresh process).

Prints one JSON line: for each of them the Python-heap bytes still held once built
(``retained``) and the highest point while building (``peak``), from ``tracemalloc``
(numpy reports its arrays to it); then how much more memory stays resident after the
Insights view's worker thread delivered the facts (``risk_worker_rss_left_mb``: freed
memory the thread's malloc arena kept, which tracemalloc does not see), and the process's
peak resident memory (``VmHWM``).

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


def _vm_rss_mb() -> float:
    with open("/proc/self/status") as status:
        line = next(x for x in status if x.startswith("VmRSS"))
    return int(line.split()[1]) / 1024


def _worker_left_mb(snap: object) -> float:
    """Resident memory added by one background analysis, once delivered and dropped."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    from skillmatrix.ui.insights.risk_worker import RiskWorker

    app = QCoreApplication.instance() or QCoreApplication([])
    worker = RiskWorker()
    loop = QEventLoop()
    got: list[object] = []
    worker.ready.connect(lambda facts, token: (got.append(facts), loop.quit()))
    gc.collect()
    before = _vm_rss_mb()
    worker.request(snap, "bench")  # type: ignore[arg-type]
    loop.exec()
    worker.wait()
    app.processEvents()
    got.clear()
    gc.collect()
    return _vm_rss_mb() - before


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
    left = _worker_left_mb(snap)
    out: dict[str, object] = {
        "people": snap.shape[0],
        "competencies": snap.shape[1],
        "heatmap": heat,
        "risk": risk,
        "risk_worker_rss_left_mb": left,
        "vm_hwm_mb": _vm_hwm_mb(),
    }
    del hm, facts
    db.dispose()
    return out


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
