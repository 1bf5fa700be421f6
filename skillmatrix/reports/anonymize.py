"""Stable, keyed pseudonyms for anonymised reports.

A pseudonym is an HMAC-SHA256 of the person's id under a secret key that belongs to the
database (``skillmatrix_meta.report_secret``, made at random when the database is created or
upgraded, never written into a report). So:

* the same person gets the same pseudonym in every sheet, every report and every cycle of
  the same database, and a reader can follow "Person 3F0A-91C2" from one quarter to the
  next without learning who it is;
* without the key, knowing the staff list and that ids are small integers does not help:
  trying every name and id cannot reproduce a pseudonym;
* the name is not part of it, so renaming someone keeps their pseudonym; two databases
  (or a database re-created from scratch) give different pseudonyms to the same person.

People are listed in pseudonym order, not by name: in name order anyone with the staff
list reads every pseudonym back by position. Team, role and seniority are kept here; the
report shows them k-anonymously (``skillmatrix.reports.kanonymity``). Notes and e-mail
addresses are dropped.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import replace

import numpy as np

from skillmatrix.core.model import Person
from skillmatrix.core.snapshot import Snapshot

#: Shortest key accepted (bytes): a short key would make pseudonyms guessable again.
MIN_KEY_BYTES = 16


def _check_key(key: bytes) -> None:
    if not isinstance(key, bytes | bytearray) or len(key) < MIN_KEY_BYTES:
        raise ValueError(f"a pseudonym key must be at least {MIN_KEY_BYTES} random bytes")


def _digest(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest().upper()


def pseudonym(person: Person | int, key: bytes) -> str:
    """``Person XXXX-XXXX``: the first 8 hex digits of HMAC-SHA256(key, person id)."""
    _check_key(key)
    pid = person if isinstance(person, int) else person.id
    digest = _digest(key, str(pid))
    return f"Person {digest[:4]}-{digest[4:8]}"


def pseudonyms(person_ids: Iterable[int], key: bytes) -> dict[int, str]:
    """The pseudonym of each id, all distinct.

    Eight hex digits can collide (a chance of about 1 in 350 among 5,000 people); the
    person with the higher id then gets the keyed hash of ``"<id>:1"`` (``":2"`` ...)
    instead, so a report never shows two people under one name.
    """
    _check_key(key)
    out: dict[int, str] = {}
    taken: set[str] = set()
    for pid in sorted(set(person_ids)):
        name, n = pseudonym(pid, key), 0
        while name in taken:
            n += 1
            digest = _digest(key, f"{pid}:{n}")
            name = f"Person {digest[:4]}-{digest[4:8]}"
        taken.add(name)
        out[pid] = name
    return out


def anonymize_snapshot(
    snap: Snapshot, key: bytes, names: Mapping[int, str] | None = None
) -> Snapshot:
    """The same snapshot with names replaced by pseudonyms.

    People in pseudonym order, e-mails and notes removed.

    ``names`` (from :func:`pseudonyms` over every snapshot of one report) keeps collision
    tie-breaks identical across the current, previous and history snapshots.
    """
    if names is None:
        names = pseudonyms((p.id for p in snap.people), key)
    order = sorted(range(len(snap.people)), key=lambda i: names[snap.people[i].id])
    people = tuple(replace(snap.people[i], name=names[snap.people[i].id], email="") for i in order)
    rows = np.asarray(order, dtype=np.int64)
    return replace(
        snap,
        people=people,
        levels=snap.levels[rows],
        not_applicable=snap.not_applicable[rows],
        interest=snap.interest[rows],
        targets=snap.targets[rows],
        notes={},
    )


def anonymize_snapshots(snaps: Iterable[Snapshot], key: bytes) -> list[Snapshot]:
    """:func:`anonymize_snapshot` for every snapshot of one report, consistently."""
    snaps = list(snaps)
    names = pseudonyms((p.id for s in snaps for p in s.people), key)
    return [anonymize_snapshot(s, key, names) for s in snaps]
