"""The marker row of a database (``skillmatrix_meta``): its report secret."""

from __future__ import annotations

from sqlalchemy.orm import Session

from skillmatrix.core.errors import DatabaseError
from skillmatrix.store import models

#: Shortest secret accepted (bytes); new ones have ``models.REPORT_SECRET_BYTES``.
MIN_SECRET_BYTES = 16


def report_secret(s: Session) -> bytes:
    """The key of this database's report pseudonyms (stable while the database lives).

    A row without one (only possible if the file was edited by hand) is given a new one,
    so anonymised reports never fall back to unkeyed pseudonyms.

    Raises:
        DatabaseError: the marker row is missing or its secret is not valid hex.
    """
    row = s.get(models.Meta, 1)
    if row is None:
        raise DatabaseError("the database has no SkillMatrix marker row")
    if not row.report_secret:
        row.report_secret = models.new_report_secret()
        s.flush()
    try:
        key = bytes.fromhex(row.report_secret)
    except ValueError:
        key = b""
    if len(key) < MIN_SECRET_BYTES:
        raise DatabaseError("the database's report secret is damaged; cannot anonymise")
    return key
