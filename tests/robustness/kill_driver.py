"""A program that makes acknowledged changes through the services layer, to be killed.

Run as ``python kill_driver.py MODE DB [ARGS]``. It prints ``go`` when it is about to
start, then one ``ack ...`` line after each change has been committed (the services
return only after the commit), so every ``ack`` line the test reads is a promise.

Modes:
    edits DB CYCLE_ID FIRST: rates the cells of the database in turn, forever, edit ``i``
        (from FIRST) setting cell ``i mod cells`` to :func:`edit_level` with the note
        ``edit i``; every fifth edit also adds the person ``Added i``.
    imports DB CYCLE FILE...: imports each file in turn (``importing FILE`` before,
        ``ack import FILE`` after).
    upgrade DB: opens (backs up, then upgrades) an old-schema file, ``ack upgraded``,
        then adds people ``Upgraded i`` (``ack person i``).
"""

from __future__ import annotations

import sys


def edit_level(i: int) -> int:
    return i % 5


def _edits(db_path: str, cycle_id: int, first: int) -> None:
    from skillmatrix.services import frameworks, people, ratings
    from skillmatrix.services.database import open_database

    db = open_database(db_path, create=False)
    cells = cell_order(
        [p.id for p in people.list_people(db)], [c.id for c in frameworks.list_competencies(db)]
    )
    print("go", flush=True)
    i = first
    while True:
        person, comp = cells[i % len(cells)]
        ratings.rate(
            db,
            cycle_id=cycle_id,
            person_id=person,
            competency_id=comp,
            level=edit_level(i),
            note=f"edit {i}",
        )
        if i % 5 == 0:
            people.add_person(db, name=f"Added {i}", team="Core")
        print(f"ack {i}", flush=True)
        i += 1


def cell_order(person_ids: list[int], competency_ids: list[int]) -> list[tuple[int, int]]:
    """The cells in the order the edits visit them.

    Only the first people: stable as people are added.
    """
    return [(p, c) for p in sorted(person_ids)[:4] for c in sorted(competency_ids)]


def _imports(db_path: str, cycle: str, files: list[str]) -> None:
    from skillmatrix.services.database import open_database
    from skillmatrix.services.excel_import import import_file

    db = open_database(db_path, create=False)
    print("go", flush=True)
    for name in files:
        print(f"importing {name}", flush=True)
        result = import_file(db, name, cycle=cycle)
        if result.problems:
            print(f"problems {name}: {result.problems[:3]}", flush=True)
            sys.exit(2)
        print(f"ack import {name}", flush=True)


def _upgrade(db_path: str) -> None:
    from skillmatrix.services import people
    from skillmatrix.store import migrate

    migrate.known_revisions()  # Alembic loaded: what follows is the open, backup first
    from skillmatrix.services.database import open_database

    print("go", flush=True)
    db = open_database(db_path)
    print("ack upgraded", flush=True)
    i = 0
    while True:
        people.add_person(db, name=f"Upgraded {i}")
        print(f"ack person {i}", flush=True)
        i += 1


def main(argv: list[str]) -> None:
    mode, db_path, *rest = argv
    if mode == "edits":
        _edits(db_path, int(rest[0]), int(rest[1]))
    elif mode == "imports":
        _imports(db_path, rest[0], rest[1:])
    elif mode == "upgrade":
        _upgrade(db_path)
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
