"""Keyed pseudonyms: stable with the key, unguessable without it, consistent in a report."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook
from report_factories import PSEUDONYM_KEY, make_snapshot

from skillmatrix.core.model import Person
from skillmatrix.reports import write_report
from skillmatrix.reports.anonymize import (
    anonymize_snapshot,
    anonymize_snapshots,
    pseudonym,
    pseudonyms,
)
from skillmatrix.reports.export.context import build_report_data

PATTERN = re.compile(r"Person [0-9A-F]{4}-[0-9A-F]{4}")
OTHER_KEY = bytes(range(100, 132))
STAFF = ["Ann Lee", "Bob Stone", "Carla Diaz", "Dan Wu", "Eve Park", "Farid Khan"]


def _format(digest: str) -> str:
    digest = digest.upper()
    return f"Person {digest[:4]}-{digest[4:8]}"


def _unsalted(person: Person) -> str:
    """What pseudonyms used to be: sha256 of id and name, no secret."""
    return _format(hashlib.sha256(f"{person.id}\x1f{person.name}".encode()).hexdigest())


def _guesses(staff: list[str], max_id: int) -> set[str]:
    """Everything an attacker who knows the staff list but not the key can compute."""
    out: set[str] = set()
    for pid in range(1, max_id + 1):
        for name in ["", *staff]:
            for msg in (str(pid), name, f"{pid}\x1f{name}", f"{pid}{name}", f"{name}{pid}"):
                data = msg.encode()
                out.add(_format(hashlib.sha256(data).hexdigest()))
                out.add(_format(hashlib.md5(data).hexdigest()))
                out.add(_format(hashlib.sha1(data).hexdigest()))
                for key in (b"", name.encode(), str(pid).encode(), b"skillmatrix"):
                    out.add(_format(hmac.new(key, data, hashlib.sha256).hexdigest()))
    return out


def test_format_and_stability() -> None:
    p = Person(id=7, name="Ann Lee")
    assert PATTERN.fullmatch(pseudonym(p, PSEUDONYM_KEY))
    assert pseudonym(p, PSEUDONYM_KEY) == pseudonym(p, PSEUDONYM_KEY)
    assert pseudonym(p, PSEUDONYM_KEY) == pseudonym(7, PSEUDONYM_KEY)


def test_renaming_keeps_the_pseudonym_and_another_key_changes_it() -> None:
    p = Person(id=7, name="Ann Lee")
    assert pseudonym(replace(p, name="Ann Stone"), PSEUDONYM_KEY) == pseudonym(p, PSEUDONYM_KEY)
    assert pseudonym(p, OTHER_KEY) != pseudonym(p, PSEUDONYM_KEY)


def test_not_the_old_unsalted_hash_nor_derivable_without_the_key() -> None:
    people = [Person(id=i + 1, name=n) for i, n in enumerate(STAFF)]
    real = {pseudonym(p, PSEUDONYM_KEY) for p in people}
    assert all(pseudonym(p, PSEUDONYM_KEY) != _unsalted(p) for p in people)
    assert real.isdisjoint(_guesses(STAFF, max_id=50))


@pytest.mark.parametrize("key", [None, b"", b"short", "a string key"])
def test_a_real_key_is_required(key: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        pseudonym(Person(id=1, name="Ann"), key)  # type: ignore[arg-type]


def test_anonymised_report_needs_a_key(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="pseudonym key"):
        write_report(tmp_path / "a.xlsx", make_snapshot(3, 3), anonymize=True)
    assert not list(tmp_path.iterdir())


def test_collisions_are_broken_deterministically() -> None:
    # 8 hex digits collide among enough people; every pseudonym must still be distinct.
    ids = range(1, 200_001)
    names = pseudonyms(ids, PSEUDONYM_KEY)
    assert len(set(names.values())) == len(ids)
    moved = [pid for pid in ids if names[pid] != pseudonym(pid, PSEUDONYM_KEY)]
    assert moved  # this key does have collisions in that range
    assert all(PATTERN.fullmatch(names[pid]) for pid in moved)
    assert pseudonyms(reversed(ids), PSEUDONYM_KEY) == names  # order of input is irrelevant


def test_snapshot_drops_emails_and_notes() -> None:
    snap = make_snapshot(6, 4)
    assert snap.notes
    anon = anonymize_snapshot(snap, PSEUDONYM_KEY)
    assert anon.notes == {} and all(p.email == "" for p in anon.people)
    # people in pseudonym order (name order would give them away), each row with its data
    assert [p.name for p in anon.people] == sorted(pseudonym(p, PSEUDONYM_KEY) for p in snap.people)
    assert sorted(p.id for p in anon.people) == sorted(p.id for p in snap.people)
    for k, p in enumerate(anon.people):
        i = snap.person_index(p.id)
        assert p.team == snap.people[i].team
        assert np.array_equal(anon.levels[k], snap.levels[i], equal_nan=True)
        assert np.array_equal(anon.targets[k], snap.targets[i], equal_nan=True)
        assert np.array_equal(anon.interest[k], snap.interest[i], equal_nan=True)
        assert (anon.not_applicable[k] == snap.not_applicable[i]).all()


def test_current_previous_and_history_agree() -> None:
    current = make_snapshot(8, 4, names=[f"{n} A" for n in STAFF] + ["Gil", "Hana"])
    previous = make_snapshot(6, 4, seed=5, cycle="Q2", cycle_id=1, names=STAFF)
    anon = anonymize_snapshots([current, previous], PSEUDONYM_KEY)
    now = {p.id: p.name for p in anon[0].people}
    before = {p.id: p.name for p in anon[1].people}
    assert all(now[pid] == name for pid, name in before.items())  # renamed, same pseudonym
    data = build_report_data(
        current,
        previous=previous,
        history=[previous],
        anonymize=True,
        generated_on=dt.date(2026, 1, 1),
        pseudonym_key=PSEUDONYM_KEY,
    )
    assert data.previous is data.history[-1]  # one anonymised copy of the same cycle
    assert {p.id: p.name for p in data.current.people} == now
    assert {p.id: p.name for p in data.previous.people} == before


def _all_text(path: Path) -> list[str]:
    wb = load_workbook(path)
    return [
        str(v)
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
        if v is not None
    ]


def test_workbook_holds_no_name_email_or_note(tmp_path: Path) -> None:
    current = make_snapshot(len(STAFF), 6, names=STAFF)
    previous = make_snapshot(len(STAFF), 6, seed=5, cycle="2024 Q2", cycle_id=1, names=STAFF)
    path = write_report(
        tmp_path / "a.xlsx",
        current,
        previous=previous,
        history=[previous],
        anonymize=True,
        pseudonym_key=PSEUDONYM_KEY,
    )
    assert current.notes and previous.notes
    text = "\n".join(_all_text(path))
    secrets = {PSEUDONYM_KEY.hex(), PSEUDONYM_KEY.hex().upper()}
    for p in current.people:
        assert p.name not in text and p.email not in text
        assert _unsalted(p) not in text
    assert not any(note in text for note in [*current.notes.values(), *previous.notes.values()])
    assert not any(s in text for s in secrets)
    shown = set(PATTERN.findall(text))
    expected = {pseudonym(p, PSEUDONYM_KEY) for p in current.people}
    assert shown and shown <= expected
    matrix = load_workbook(path)["Matrix"]
    first = [r[0] for r in matrix.iter_rows(min_row=5, values_only=True) if r[0]]
    assert set(first) == expected


def test_two_keys_give_two_different_reports(tmp_path: Path) -> None:
    snap = make_snapshot(6, 4, names=STAFF)
    a = write_report(tmp_path / "a.xlsx", snap, anonymize=True, pseudonym_key=PSEUDONYM_KEY)
    b = write_report(tmp_path / "b.xlsx", snap, anonymize=True, pseudonym_key=OTHER_KEY)
    names_a = set(PATTERN.findall("\n".join(_all_text(a))))
    names_b = set(PATTERN.findall("\n".join(_all_text(b))))
    assert names_a and names_b and names_a.isdisjoint(names_b)
