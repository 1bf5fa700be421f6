"""The ``UNSET`` marker: "leave this field as it is", distinct from ``None`` ("clear it")."""

from __future__ import annotations

import enum
from typing import Final, Literal


class _Unset(enum.Enum):
    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset.UNSET

#: Type of a parameter that may be left unset: ``level: int | None | Unset = UNSET``.
Unset = Literal[_Unset.UNSET]
