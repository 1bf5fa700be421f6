"""Evidence on rating cells, on SQLite and PostgreSQL: stored as checked, refused whole."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from skillmatrix.core.errors import NotFoundError
from skillmatrix.core.evidence import EvidenceError
from skillmatrix.core.frameworks import Framework
from skillmatrix.services import cycles, people
from skillmatrix.services import frameworks as fw
from skillmatrix.services.evidence import add_evidence, list_evidence, remove_evidence
from skillmatrix.store import models
from skillmatrix.store.database import Database


def _count(db: Database) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(models.RatingEvidence)) or 0


def test_add_list_remove(db: Database, engineer: Framework) -> None:
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann").id
    api = next(c.id for c in fw.list_competencies(db) if c.name == "API design")
    q1 = cycles.start_cycle(db, name="2026-Q1").id
    cell = {"cycle_id": q1, "person_id": ann, "competency_id": api}
    doc = add_evidence(db, **cell, url=" https://wiki.example.com/api-v2 ", added_by="mia")
    note = add_evidence(db, **cell, text="Ran the API review for payments")
    assert [(e.url, e.text) for e in list_evidence(db, cycle_id=q1, person_id=ann)] == [
        ("https://wiki.example.com/api-v2", ""),
        ("", "Ran the API review for payments"),
    ]
    assert doc.added_by == "mia" and list_evidence(db, cycle_id=q1, competency_id=api + 99) == []
    assert remove_evidence(db, note.id).text == "Ran the API review for payments"
    assert [e.id for e in list_evidence(db, cycle_id=q1)] == [doc.id]
    with pytest.raises(NotFoundError):
        remove_evidence(db, note.id)


def test_bad_evidence_writes_nothing(db: Database, engineer: Framework) -> None:
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann").id
    api = next(c.id for c in fw.list_competencies(db) if c.name == "API design")
    q1 = cycles.start_cycle(db, name="2026-Q1").id
    cell = {"cycle_id": q1, "person_id": ann, "competency_id": api}
    with pytest.raises(EvidenceError, match="only http"):
        add_evidence(db, **cell, url="javascript:alert(1)", text="fine")
    with pytest.raises(EvidenceError, match="at most"):
        add_evidence(db, **cell, text="x" * 501)
    with pytest.raises(NotFoundError, match="person"):
        add_evidence(db, cycle_id=q1, person_id=ann + 99, competency_id=api, text="x")
    assert _count(db) == 0


def test_evidence_goes_with_its_person(db: Database, engineer: Framework) -> None:
    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann").id
    api = next(c.id for c in fw.list_competencies(db) if c.name == "API design")
    q1 = cycles.start_cycle(db, name="2026-Q1").id
    add_evidence(db, cycle_id=q1, person_id=ann, competency_id=api, text="course done")
    people.delete_person(db, ann)
    assert _count(db) == 0


def test_restore_puts_it_back_under_its_id(db: Database, engineer: Framework) -> None:
    from skillmatrix.core.errors import ValidationError
    from skillmatrix.services.evidence import restore_evidence

    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann").id
    api = next(c.id for c in fw.list_competencies(db) if c.name == "API design")
    q1 = cycles.start_cycle(db, name="2026-Q1").id
    item = add_evidence(db, cycle_id=q1, person_id=ann, competency_id=api, text="=HYPERLINK(1)")
    with pytest.raises(ValidationError, match="exists already"):
        restore_evidence(db, item)
    assert _count(db) == 1
    remove_evidence(db, item.id)
    back = restore_evidence(db, item)
    assert (back.id, back.text, back.added_at) == (item.id, item.text, item.added_at)


def test_cell_evidence_reaches_back_to_earlier_cycles(db: Database, engineer: Framework) -> None:
    from skillmatrix.services.evidence import cell_evidence

    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann").id
    api = next(c.id for c in fw.list_competencies(db) if c.name == "API design")
    q1 = cycles.start_cycle(db, name="2026-Q1").id
    q2 = cycles.start_cycle(db, name="2026-Q2").id
    q3 = cycles.start_cycle(db, name="2026-Q3").id
    add_evidence(db, cycle_id=q1, person_id=ann, competency_id=api, text="q1")
    add_evidence(db, cycle_id=q2, person_id=ann, competency_id=api, text="q2")
    add_evidence(db, cycle_id=q3, person_id=ann, competency_id=api, text="q3")
    got = cell_evidence(db, person_id=ann, competency_id=api, until_cycle_id=q2)
    assert [(c, e.text) for c, e in got] == [("2026-Q2", "q2"), ("2026-Q1", "q1")]
    assert cell_evidence(db, person_id=ann, competency_id=api + 99, until_cycle_id=q3) == []


def test_cell_evidence_follows_time_not_ids(db: Database, engineer: Framework) -> None:
    import datetime as dt

    from skillmatrix.services.evidence import cell_evidence

    fw.install_framework(db, engineer)
    ann = people.add_person(db, name="Ann").id
    api = next(c.id for c in fw.list_competencies(db) if c.name == "API design")
    q2 = cycles.start_cycle(db, name="2026-Q2", starts_on=dt.date(2026, 4, 1)).id
    q1 = cycles.start_cycle(db, name="2026-Q1", starts_on=dt.date(2026, 1, 1),
                            carry_forward=False).id  # backfilled later  # fmt: skip
    add_evidence(db, cycle_id=q1, person_id=ann, competency_id=api, text="q1")
    add_evidence(db, cycle_id=q2, person_id=ann, competency_id=api, text="q2")
    assert [e.text for _c, e in cell_evidence(db, person_id=ann, competency_id=api,
                                              until_cycle_id=q1)] == ["q1"]  # fmt: skip
    assert [c for c, _e in cell_evidence(db, person_id=ann, competency_id=api,
                                         until_cycle_id=q2)] == ["2026-Q2", "2026-Q1"]  # fmt: skip
