"""The ratings of an import compared with what is stored, and written, in bounded chunks.

A 20,000-person matrix holds ~2M cells. Holding a key, a stored-value entry and a
``Rating`` for every one of them at once was ~1 GB; here the parsed cells stay in their
compact arrays (``importing.records.RatingList``) and everything else is made for one
chunk at a time: the compare reads the stored values of CHUNK_PEOPLE people
(``repo_ratings.people_value_index``), the plan keeps three integers per changed cell
(which parsed cell, which stored row, at which version), and the write builds the
ratings of WRITE_CHUNK changed cells per batch, compared-and-set at the version the
compare read. All of it runs in the caller's one transaction: a refusal in any batch
rolls back every batch before it.

What is checked across the whole sheet (two rows of the file that are the same stored
cell) is checked before the first chunk, on one integer per cell.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from sqlalchemy.orm import Session

from skillmatrix.core.model import Rating, Source
from skillmatrix.store import models, repo_ratings

if TYPE_CHECKING:
    from skillmatrix.reports.importing.records import ParsedImport, RatingList

#: People whose stored values one compare chunk reads (one IN list).
CHUNK_PEOPLE = 100
#: Cells one compare chunk holds at most (a long sheet with many cells per person).
CHUNK_CELLS = 50_000
#: Changed cells one write batch builds ratings for.
WRITE_CHUNK = 10_000

_SHIFT = 2**32  # repo_ratings.cell_key: person * 2**32 + competency
_BLOCK = 1 << 16  # cells per step of a whole-sheet array computation


class Outcome(Protocol):
    """The counts and sample of an import's result (``excel_import.ImportResult``)."""

    created: int
    changed: int
    unchanged: int
    sample: list[Any]


@dataclass
class SourceWrite:
    """One rating source's changed and new cells.

    The parsed cell's index in ``parsed.ratings`` and the stored row it replaces (0: a new
    rating).
    """

    source: Source
    indices: array[int] = field(default_factory=lambda: array("q"))
    row_ids: array[int] = field(default_factory=lambda: array("q"))
    #: the version of each stored row as the compare read it: what the write
    #: compares-and-sets against (a row changed since is refused, never overwritten)
    versions: array[int] = field(default_factory=lambda: array("q"))

    def __len__(self) -> int:
        return len(self.indices)


def source_groups(ratings: RatingList, default: Source) -> list[tuple[Source, np.ndarray]]:
    """The parsed cells' indices per rating source, sources in order of first appearance.

    A long manager file may carry self-assessment rows too.
    """
    n = len(ratings)
    if not n:
        return []
    if default == Source.SELF or not ratings.any_self():
        return [(default, np.arange(n, dtype=np.int32))]
    is_self = np.asarray(ratings.self_mask(), dtype=bool)
    groups = [
        (Source.SELF, np.flatnonzero(is_self).astype(np.int32)),
        (default, np.flatnonzero(~is_self).astype(np.int32)),
    ]
    groups.sort(key=lambda g: int(g[1][0]) if len(g[1]) else n)
    return [g for g in groups if len(g[1])]


class Cells:
    """The stored (person, competency) ids of the parsed cells.

    Looked up per cell from the ids per parsed person and competency (placeholder ids of new
    ones are negative).
    """

    def __init__(self, ratings: RatingList, person_ids: list[int], comp_ids: list[int]) -> None:
        self._pids = np.asarray(person_ids, dtype=np.int64)
        self._cids = np.asarray(comp_ids, dtype=np.int64)
        self._people = np.frombuffer(ratings.person, dtype=np.int32)
        self._comps = np.frombuffer(ratings.competency, dtype=np.int32)

    def parsed_people(self, indices: np.ndarray) -> np.ndarray:
        """The parsed person (index in ``parsed.people``) of each cell: int32."""
        found: np.ndarray = self._people[indices]
        return found

    def people(self, indices: np.ndarray) -> np.ndarray:
        """Stored person ids of the cells at ``indices``."""
        found: np.ndarray = self._pids[self._people[indices]]
        return found

    def competencies(self, indices: np.ndarray) -> np.ndarray:
        """Stored competency ids of the cells at ``indices``."""
        found: np.ndarray = self._cids[self._comps[indices]]
        return found

    def keys(self, indices: np.ndarray) -> np.ndarray:
        """One int64 per cell, distinct per stored cell.

        ``repo_ratings.cell_key`` where both ids are stored ones; made in place, ~2M cells
        at 20,000 people.
        """
        keys = np.empty(len(indices), dtype=np.int64)
        for start in range(0, len(indices), _BLOCK):  # small temporaries, not three copies
            part = indices[start : start + _BLOCK]
            keys[start : start + _BLOCK] = self.people(part) * _SHIFT + self.competencies(part)
        return keys


def repeated_cells(cells: Cells, indices: np.ndarray) -> list[int] | None:
    """The indices (file order) of every cell whose stored cell another cell also gives.

    None when there is none (the usual answer: checked on one sorted int64 per cell).
    """
    keys = cells.keys(indices)
    keys.sort()
    if not np.any(keys[1:] == keys[:-1]):
        return None
    twice = np.unique(keys[1:][keys[1:] == keys[:-1]])
    del keys
    keys = cells.keys(indices)
    return [int(i) for i in indices[np.isin(keys, twice)]]


def _chunks(people: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) positions of the chunks the import writes, in file order.

    Each chunk has at most CHUNK_PEOPLE runs of one parsed person (so at most that many
    stored people) and CHUNK_CELLS cells; file order keeps a preview's sample of the first
    changes the same.
    """
    n = len(people)
    runs = np.flatnonzero(np.concatenate(([True], people[1:] != people[:-1])))
    starts = sorted({*runs[::CHUNK_PEOPLE].tolist(), *range(0, n, CHUNK_CELLS)})
    return list(zip(starts, [*starts[1:], n], strict=True))


def values_of(ratings: RatingList, i: int, row: Any) -> tuple[int | None, bool, int | None, str]:
    """(level, n/a, interest, note) a cell leaves.

    What the file sets replaces the stored value, what it leaves empty keeps it (row: a
    ``repo_ratings.rows_by_id`` row or None; person, competency, version, id, level,
    not_applicable, interest, note, ...).
    """
    level, na, interest, note, _ = ratings.values(i)
    if level is not None:
        na = False
    elif not na and row is not None:
        level, na = row[4], bool(row[5])
    if row is None:
        return level, na, interest, note.strip() if note is not None else ""
    return (
        level,
        na,
        interest if interest is not None else row[6],
        note.strip() if note is not None else (row[7] or ""),
    )


@dataclass
class Compare:
    """What one source's compare needs besides the session and the cells."""

    cycle_id: int
    source: Source
    action: str
    today: dt.date
    sheet: str
    sample_limit: int
    #: (stored ids of people and competencies) -> the stored spelling of their names
    names: Callable[[int, int], tuple[str, str]]
    change: Callable[..., Any]  # excel_import.ImportChange


def compare(
    s: Session,
    parsed: ParsedImport,
    out: Outcome,
    cells: Cells,
    indices: np.ndarray,
    how: Compare,
) -> SourceWrite:
    """Count each cell as unchanged, changed or created (``out``) and return those to write.

    Keeps a sample of the first changes; works chunk by chunk.
    """
    ratings = parsed.ratings
    write = SourceWrite(how.source)
    whole, na_code = repo_ratings.WHOLE_ROW, repo_ratings.NOT_APPLICABLE
    levels, flags, extras = ratings.level, ratings.flags, ratings.extras
    no_level, na_flag = ratings.NO_LEVEL, ratings.NA
    for start, stop in _chunks(cells.parsed_people(indices)):
        part = indices[start:stop]
        chunk = part.tolist()
        people = cells.people(part).tolist()
        comps = cells.competencies(part).tolist()
        index = repo_ratings.people_value_index(
            s,
            cycle_id=how.cycle_id,
            source=how.source,
            people=sorted({p for p in people if p > 0}),
            competencies=sorted({c for c in comps if c > 0}),
        )
        # Most cells are settled on the index alone (a level and nothing else, the same
        # as stored, or certainly not); the rest are compared with their whole row.
        pending: list[tuple[int, int, int, int, int, bool]] = []  # index, cell, row, version
        unchanged = 0
        for i, pid, cid in zip(chunk, people, comps, strict=True):
            entry = index.get(pid * _SHIFT + cid) if pid > 0 and cid > 0 else None
            if entry is None:
                pending.append((i, pid, cid, 0, 0, False))
                continue
            row_id, code = repo_ratings.unpack(entry[0])
            extra = extras.get(i) if extras else None
            if code != whole and (extra is None or (extra[0] is None and extra[1] is None)):
                level = levels[i]
                if level != no_level:
                    new = level
                elif flags[i] & na_flag:
                    new = na_code
                else:  # an empty cell keeps what is stored
                    new = code
                if new == code:
                    unchanged += 1
                    continue
                pending.append((i, pid, cid, row_id, entry[1], False))  # the level differs
            else:
                pending.append((i, pid, cid, row_id, entry[1], True))
        del index
        out.unchanged += unchanged
        sampling = len(out.sample) < how.sample_limit
        stored = repo_ratings.rows_by_id(
            s, [r for *_, r, _v, need in pending if r and (need or sampling)]
        )
        for i, pid, cid, row_id, version, need in pending:
            row = stored.get(row_id) if row_id else None
            if row is not None and row[2] != version:  # changed between two reads (PostgreSQL)
                raise repo_ratings.conflict(s, how.cycle_id, how.source, (pid, cid))
            if need and row is not None:
                values = values_of(ratings, i, row)
                if values == (row[4], bool(row[5]), row[6], row[7] or ""):
                    out.unchanged += 1
                    continue
            if row_id:
                out.changed += 1
            else:
                out.created += 1
            write.indices.append(i)
            write.row_ids.append(row_id)
            write.versions.append(version)
            if len(out.sample) < how.sample_limit:
                cell = (pid, cid)
                before = (
                    repo_ratings.stored_of(cell, row, how.source)[1] if row is not None else None
                )
                after = _rating(ratings, i, cell, row, how)
                p, c = how.names(pid, cid)
                ref = ratings[i].ref
                out.sample.append(how.change(f"{how.sheet}!{ref}", p, c, before, after))
    return write


def _rating(ratings: RatingList, i: int, cell: tuple[int, int], row: Any, how: Compare) -> Rating:
    level, na, interest, note = values_of(ratings, i, row)
    rated_on = ratings.values(i)[4]
    return Rating(
        cell[0], cell[1], level, na, interest, note, how.source, how.action, rated_on or how.today
    )


def write_source(
    s: Session,
    parsed: ParsedImport,
    write: SourceWrite,
    how: Compare,
    person_ids: list[int],
    comp_ids: list[int],
) -> None:
    """Write one source's changed and new cells (ids already real), sorted by cell.

    Sorted as one write would be (two writers take overlapping rows in the same order), in
    batches of WRITE_CHUNK whose stored rows are read again by id: the compare kept only
    their ids. One time for every history row, as for one write.
    """
    if not len(write):
        return
    ratings = parsed.ratings
    indices = np.frombuffer(write.indices, dtype=np.int64)
    row_ids = np.frombuffer(write.row_ids, dtype=np.int64)
    versions = np.frombuffer(write.versions, dtype=np.int64)
    keys = Cells(ratings, person_ids, comp_ids).keys(indices)
    order = np.argsort(keys, kind="stable")
    positional = repo_ratings.positional(s)
    now = models.utcnow()
    for start in range(0, len(order), WRITE_CHUNK):
        part = order[start : start + WRITE_CHUNK]
        ids = row_ids[part].tolist()
        stored = repo_ratings.rows_by_id(s, [r for r in ids if r])
        current: dict[tuple[int, int], repo_ratings.Stored] = {}
        new: list[tuple[tuple[int, int], Rating | None]] = []
        for i, key, row_id, version in zip(
            indices[part].tolist(), keys[part].tolist(), ids, versions[part].tolist(), strict=True
        ):
            cell = (key // _SHIFT, key % _SHIFT)
            row = stored.get(row_id) if row_id else None
            if row_id:
                # At the version the compare read: a row another connection changed or
                # removed since is refused by the compare-and-set, as one write would be.
                before = (
                    repo_ratings.stored_of(cell, row, how.source)[1]
                    if row is not None
                    else Rating(cell[0], cell[1], None, source=how.source)
                )
                current[cell] = (row_id, before, version)
            new.append((cell, _rating(ratings, i, cell, row, how)))
        prepared = repo_ratings.prepare_write(
            cycle_id=how.cycle_id,
            source=how.source,
            new=new,
            current=current,
            positional=positional,
            action=how.action,
            who=how.action,
            now=now,
        )
        del new, current, stored
        repo_ratings.write_prepared(s, prepared)
