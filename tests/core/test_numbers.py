"""The one rounding rule: halves away from zero, whole numbers untouched."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from skillmatrix.core.numbers import decimal_text, rounded


def _reference(value: float, places: int) -> float:
    step = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.integers(0, 3))
def test_rounded_matches_the_decimal_rule(value: float, places: int) -> None:
    assert rounded(value, places) == _reference(value, places)


def test_halves_round_up_and_unknowns_stay_unknown() -> None:
    assert rounded(0.625, 2) == 0.63 and decimal_text(0.625, 2) == "0.63"
    assert rounded(3.0, 2) == 3.0 and isinstance(rounded(3, 1), float)
    assert math.isnan(rounded(float("nan"), 2)) and decimal_text(None, 1) == "n/a"
