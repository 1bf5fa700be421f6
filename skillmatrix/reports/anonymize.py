"""Stable pseudonyms for anonymised reports.

A pseudonym is derived from a hash of the person's id and name, so the same person gets the
same pseudonym in every report and every cycle, and a reader can follow "Person 3F0A-91C2"
from one quarter to the next without learning who it is. Team, role and seniority are kept
(the report is about them); notes and e-mail addresses are dropped.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from skillmatrix.core.model import Person
from skillmatrix.core.snapshot import Snapshot


def pseudonym(person: Person) -> str:
    """``Person XXXX-XXXX`` from a hash of the person's id and name (8 hex digits)."""
    digest = hashlib.sha256(f"{person.id}\x1f{person.name}".encode()).hexdigest().upper()
    return f"Person {digest[:4]}-{digest[4:8]}"


def anonymize_snapshot(snap: Snapshot) -> Snapshot:
    """The same snapshot with names replaced by pseudonyms, e-mails and notes removed."""
    people = tuple(replace(p, name=pseudonym(p), email="") for p in snap.people)
    return replace(snap, people=people, notes={})
