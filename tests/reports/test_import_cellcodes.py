"""The compact forms an import keeps a big sheet in.

Cell codes between a wide sheet's two readings, and the parsed ratings' arrays. Both must
read back exactly what went in.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from skillmatrix.reports.importing.cellcodes import CodedRows
from skillmatrix.reports.importing.records import ImportedRating, RatingList


def test_coded_rows_read_back_every_value_as_written() -> None:
    rows = [
        ("Ann", 1, 1.0, True, "=A1"),
        ("Bob", None, "x", 3),  # shorter than the others: the rest is empty
        ("", 2, 1, dt.date(2026, 1, 2), "2"),
        ("Cid", True, 1.0, None, 2),
    ]
    coded = CodedRows([1, 2, 3, 4])
    for n, row in enumerate(rows):
        coded.add(-1 if not row[0] else n, n + 2, row)
    back = [(tag, number, [coded.values[c] for c in codes]) for tag, number, codes in coded]
    for (tag, number, values), row in zip(back, rows, strict=True):
        padded = [row[c] if c < len(row) else None for c in (1, 2, 3, 4)]
        assert values == padded
        assert [type(v) for v in values] == [type(v) for v in padded]  # 1, 1.0, True apart
        assert number == rows.index(row) + 2 and (tag < 0) == (not row[0])
    # Counted as a Counter fed cell by cell over the rows with a person would count them.
    expected: dict[int, Counter[object]] = {c: Counter() for c in (1, 2, 3, 4)}
    for row in rows:
        if row[0]:
            for c in (1, 2, 3, 4):
                if c < len(row) and row[c] is not None:
                    expected[c][row[c]] += 1
    got = coded.counts()
    assert got == expected
    assert [list(got[c]) for c in got] == [list(expected[c]) for c in expected]  # same keys


def test_coded_rows_take_more_distinct_values_than_two_bytes_hold() -> None:
    coded = CodedRows([0])
    for n in range(70_000):
        coded.add(0, n, (f"v{n}",))
    assert coded.values[coded.row(69_999)[0]] == "v69999"
    assert coded.values[coded.row(3)[0]] == "v3"
    assert sum(coded.counts()[0].values()) == 70_000


def test_rating_list_reads_like_the_list_of_ratings_it_holds() -> None:
    given = [
        ImportedRating(0, 1, 3, row=2, column=3),
        ImportedRating(1, 0, None, True, row=3, column=2),
        ImportedRating(2, 2, None, False, 2, "  likes it ", dt.date(2026, 3, 1), 9, 4, True),
    ]
    kept = RatingList(given)
    kept.add(3, 1, 0, False, 10, 5)
    assert len(kept) == 4
    assert kept == [*given, ImportedRating(3, 1, 0, row=10, column=5)]
    assert kept[-2] == given[2] and kept[1:3] == given[1:]
    assert [r.ref for r in kept] == ["C2", "B3", "D9", "E10"]
    assert kept.any_self() and kept.self_mask() == [False, False, True, False]
    assert kept.values(2) == (None, False, 2, "  likes it ", dt.date(2026, 3, 1))
