"""``summary`` and ``export`` take ``--stale-after N``.

Default 2, the app's setting assess/staleAfterCycles: the stale share and trusted coverage
follow N, hand-computed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_cli import run

from skillmatrix.core.frameworks import CompetencySpec, Framework
from skillmatrix.core.model import CoverageRule, Seniority
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services import frameworks as fw
from skillmatrix.services.database import open_database


def _spec(name: str) -> CompetencySpec:
    return CompetencySpec(
        name=name,
        category="Hard skills",
        description=name,
        targets={s: 2 for s in Seniority},
        critical=False,
        rule=CoverageRule(min_people=1, min_level=2),
    )


@pytest.fixture(scope="module")
def aged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Core: Ann and Bob.

    Ann's API design 3 was rated in Q1, Bob's Testing 3 in Q2; both carried into Q3
    unconfirmed: 2 and 1 cycles old. Each alone covers its competency (rule: 1 person at
    level 2).
    """
    path = tmp_path_factory.mktemp("stale") / "team.db"
    db = open_database(path)
    try:
        fw.install_framework(
            db,
            Framework(
                name="Aged", description="", competencies=(_spec("API design"), _spec("Testing"))
            ),
        )
        comp = {c.name: c.id for c in fw.list_competencies(db)}
        ann = people.add_person(db, name="Ann", team="Core").id
        bob = people.add_person(db, name="Bob", team="Core").id
        q1 = cycles.start_cycle(db, name="2026-Q1")
        ratings.rate(db, cycle_id=q1.id, person_id=ann, competency_id=comp["API design"], level=3)
        q2 = cycles.start_cycle(db, name="2026-Q2")
        ratings.rate(db, cycle_id=q2.id, person_id=bob, competency_id=comp["Testing"], level=3)
        cycles.start_cycle(db, name="2026-Q3")
    finally:
        db.close()
    return path


def _trust(db: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    out = run("summary", "--db", str(db), "--json", *extra)
    assert out.returncode == 0, out.stderr
    trusted: dict = json.loads(out.stdout)["trusted_coverage"]  # type: ignore[type-arg]
    return trusted


@pytest.mark.parametrize(
    ("extra", "n", "stale", "rests"),
    [
        ((), 2, 1, ["API design"]),  # the default: Ann's 2-cycle-old rating only
        (("--stale-after", "1"), 1, 2, ["API design", "Testing"]),
        (("--stale-after", "2"), 2, 1, ["API design"]),
        (("--stale-after", "3"), 3, 0, []),
    ],
)
def test_summary_stale_share_follows_stale_after(
    aged: Path, extra: tuple[str, ...], n: int, stale: int, rests: list[str]
) -> None:
    trust = _trust(aged, *extra)
    assert trust["stale_after_cycles"] == n
    assert (trust["ratings"], trust["stale_ratings"]) == (2, stale)
    assert (trust["coverers"], trust["stale_coverers"]) == (2, stale)
    assert [r["competency"] for r in trust["rests_on_stale"]] == rests
    text = run("summary", "--db", str(aged), *extra).stdout
    if stale:
        assert f"{stale} of 2 ratings were not confirmed in the last {n} cycles" in text
    else:
        assert "Trusted coverage" not in text


def _stale_sentence(path: Path) -> str:
    words = [c for row in load_workbook(path)["Summary"].iter_rows(values_only=True) for c in row]
    found = [
        w for w in words if isinstance(w, str) and ("Stale ratings" in w or "Every rating" in w)
    ]
    assert len(found) == 1, found
    return found[0]


def test_export_stale_share_follows_stale_after(aged: Path, tmp_path: Path) -> None:
    for extra, expected in (
        ((), "Stale ratings: 1 of 2 ratings were not confirmed in the last 2 cycles; 1 of 2 "
             "covering ratings (50% of coverage) rest on them. Met only thanks to them: "
             "API design (Core)."),
        (("--stale-after", "1"), "Stale ratings: 2 of 2 ratings were not confirmed in the last 1 "
             "cycles; 2 of 2 covering ratings (100% of coverage) rest on them. Met only thanks to "
             "them: API design (Core), Testing (Core)."),
        (("--stale-after", "3"), "Every rating was confirmed within the last 3 cycles: coverage "
             "rests on none."),
    ):  # fmt: skip
        out = tmp_path / f"report{len(extra)}{extra[-1] if extra else ''}.xlsx"
        done = run("export", "--db", str(aged), "-o", str(out), *extra)
        assert done.returncode == 0, done.stderr
        assert _stale_sentence(out) == expected


@pytest.mark.parametrize("command", ["summary", "export"])
def test_stale_after_must_be_a_whole_number_of_at_least_one(aged: Path, command: str) -> None:
    output = ["-o", str(aged.parent / "x.xlsx")] if command == "export" else []
    out = run(command, "--db", str(aged), "--stale-after", "0", *output)
    assert out.returncode == 2
    assert "--stale-after" in out.stderr and "must be at least 1" in out.stderr


def test_the_help_default_is_the_apps() -> None:
    from skillmatrix.cli import build_parser
    from skillmatrix.core.trust import STALE_AFTER

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for command in ("summary", "export"):
        option = next(a for a in sub.choices[command]._actions if a.dest == "stale_after")
        assert f"(default {STALE_AFTER}, as in the app)" in (option.help or "")
