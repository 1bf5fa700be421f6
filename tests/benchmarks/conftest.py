"""Benchmark fixtures: synthetic organisations of 40, 1,000 and 5,000 people.

And 20,000 with ``SKILLMATRIX_BENCH_BIG=1`` (slow, about a minute to build), rated on 300
competencies (three roles of 100 competencies each), built once per session.

Run with ``python -m pytest tests/benchmarks --benchmark-json=bench.json`` (they are
outside the default run), then ``python tests/benchmarks/report.py bench.json`` to print the
table that goes into BENCHMARKS.md.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from skillmatrix.core.frameworks import CompetencySpec, Framework
from skillmatrix.core.model import CoverageRule, Seniority

#: 20,000 people only when asked for (``SKILLMATRIX_BENCH_BIG=1``).
BIG = 20_000
SIZES = (40, 1_000, 5_000, *((BIG,) if os.environ.get("SKILLMATRIX_BENCH_BIG") == "1" else ()))
COMPETENCIES = 300
ROLES = ("Engineer", "Product Engineer", "Backend Engineer")
CATEGORIES = ("Hard skills", "Tools & platforms", "Workflows", "Product", "Soft skills")


def synthetic_frameworks(total: int = COMPETENCIES) -> list[Framework]:
    """Three roles splitting ``total`` competencies between them, in five categories."""
    per_role = total // len(ROLES)
    frameworks = []
    for role in ROLES:
        specs = []
        for k in range(per_role):
            base = 1 + (k % 3 == 0)
            specs.append(
                CompetencySpec(
                    name=f"{role} skill {k + 1:03d}",
                    category=CATEGORIES[k % len(CATEGORIES)],
                    description=f"Synthetic competency {k + 1} of {role}.",
                    targets={s: min(4, base + s.rank // 2) for s in Seniority},
                    critical=k % 17 == 0,
                    rule=CoverageRule(2, 3),
                )
            )
        frameworks.append(Framework(name=role, description="synthetic", competencies=tuple(specs)))
    return frameworks


@pytest.fixture(scope="session")
def bench_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bench")


_ORGS: dict[int, Path] = {}


def organisation_db(bench_dir: Path, people: int) -> Path:
    """A database file holding a synthetic organisation of ``people`` (made once).

    With ``SKILLMATRIX_BENCH_ORGS=<folder>`` the organisations are kept there across
    sessions (the 20,000-person one takes minutes to build), named by schema revision;
    empty the folder when the demo generator changes.
    """
    if people not in _ORGS:
        from skillmatrix.services.database import open_database
        from skillmatrix.services.demo import create_demo
        from skillmatrix.store.revision import HEAD_REVISION

        kept = os.environ.get("SKILLMATRIX_BENCH_ORGS", "").strip()
        final = None
        if kept:
            final = Path(kept) / f"org{people}-rev{HEAD_REVISION}.db"
            if final.exists():
                _ORGS[people] = final
                return final
            final.parent.mkdir(parents=True, exist_ok=True)
            path = final.with_name(f".{final.name}.{os.getpid()}.partial")
        else:
            path = bench_dir / f"org{people}.db"
        db = open_database(path)
        create_demo(
            db,
            people=people,
            teams=max(3, people // 100),
            cycles=2,
            frameworks=synthetic_frameworks(),
        )
        db.dispose()
        if final is not None:  # only a whole organisation carries the kept name
            os.replace(path, final)
            path = final
        _ORGS[people] = path
    return _ORGS[people]


def floor_time(fn: Callable[[], object], *, rounds: int = 5) -> float:
    """Median seconds of the bare-floor version of the same work."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def record(
    benchmark: object,
    *,
    floor_s: float,
    budget: str,
    floor: str,
    met: bool | None = None,
    **extra: object,
) -> None:
    """Attach the floor, the ratio, the budget and any ``extra`` figures to a benchmark.

    Also whether the budget was ``met`` (None when the budget is only a guide).
    """
    median = benchmark.stats.stats.median  # type: ignore[attr-defined]
    benchmark.extra_info.update(  # type: ignore[attr-defined]
        floor=floor,
        floor_s=floor_s,
        ratio=median / floor_s if floor_s else None,
        budget=budget,
        met=met,
        **extra,
    )


def measured(benchmark: object, measure: Callable[[], float], *, rounds: int) -> None:
    """Benchmark a figure that ``measure()`` returns in seconds.

    For example printed by a subprocess, instead of the wall time of the call.

    pytest-benchmark reads its timer around each round; a clock that only ``measure``
    advances makes each round's duration exactly the measured figure.
    """
    clock = [0.0]

    def advance() -> None:
        clock[0] += measure()

    benchmark._timer = lambda: clock[0]  # type: ignore[attr-defined]  # read per round
    benchmark.pedantic(advance, rounds=rounds, iterations=1)  # type: ignore[attr-defined]


def copy_db(source: Path, target: Path) -> Path:
    """A private copy of a fixture database (benchmarks that write must not change it)."""
    import sqlite3

    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


def child_env(folder: Path) -> dict[str, str]:
    """Environment for a measured child process.

    Offscreen Qt, its own settings, and cached bytecode (an installed app has .pyc files;
    this machine sets PYTHONDONTWRITEBYTECODE, which would make every start compile every
    module).
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(folder / "config"),
        PYTHONPYCACHEPREFIX=str(folder / "pycache"),
    )
    return env
