"""Proficiency scale: the levels a rating may take, with labels and descriptions.

"Not rated" and "not applicable" are not levels: they are represented outside the scale
(``None`` level, ``not_applicable`` flag) so they never count as 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from skillmatrix.core.errors import ValidationError


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a scale with its label and description."""

    value: int
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class Scale:
    """An ordered, contiguous run of integer levels."""

    levels: tuple[Level, ...]

    def __post_init__(self) -> None:
        if not self.levels:
            raise ValidationError("a scale needs at least one level")
        values = [lv.value for lv in self.levels]
        if values != list(range(values[0], values[0] + len(values))):
            raise ValidationError(f"scale levels must be contiguous integers, got {values}")

    @property
    def min(self) -> int:
        """The lowest level."""
        return self.levels[0].value

    @property
    def max(self) -> int:
        """The highest level."""
        return self.levels[-1].value

    @property
    def default_min_level(self) -> int:
        """The level a coverage rule asks for unless told otherwise.

        One below the top (Proficient on 0-4 and on 1-5).
        """
        return self.max - 1 if len(self.levels) > 2 else self.max

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and self.min <= value <= self.max

    def level(self, value: int) -> Level:
        """The level with ``value``; raises ValidationError outside the scale."""
        if value not in self:
            raise ValidationError(f"level {value} is outside the scale {self.min}-{self.max}")
        return self.levels[value - self.min]

    def label(self, value: int) -> str:
        """The label of level ``value``."""
        return self.level(value).label

    def parse(self, text: object) -> int:
        """Read a level written as a number ("3", 3, 3.0) or a label ("Proficient")."""
        if isinstance(text, bool):
            raise ValidationError(f"{text!r} is not a level")
        if isinstance(text, int | float):
            if float(text).is_integer() and int(text) in self:
                return int(text)
            raise ValidationError(f"{text!r} is not a level on the {self.min}-{self.max} scale")
        s = str(text).strip()
        if s.lstrip("-").isdigit():
            return self.parse(int(s))
        try:
            return self.parse(float(s))
        except ValueError:
            pass
        folded = s.casefold()
        for lv in self.levels:
            if lv.label.casefold() == folded:
                return lv.value
        labels = ", ".join(f"{lv.value} {lv.label}" for lv in self.levels)
        raise ValidationError(f"{s!r} is not a level (expected {labels})")


DEFAULT_SCALE = Scale(
    (
        Level(0, "None", "No knowledge or experience yet."),
        Level(1, "Awareness", "Knows the concepts; needs guidance to apply them."),
        Level(2, "Working", "Applies it to routine work with occasional help."),
        Level(3, "Proficient", "Works independently, including on non-routine problems."),
        Level(4, "Expert", "Recognised authority; can teach others and set direction."),
    )
)

#: Interest: how much the person wants to grow in a competency.
INTEREST_LABELS: dict[int, str] = {
    0: "Not interested",
    1: "Somewhat",
    2: "Interested",
    3: "Keen to grow",
}
INTEREST_MAX = 3
