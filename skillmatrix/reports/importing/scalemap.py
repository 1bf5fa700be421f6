"""One value mapping for a whole file: every distinct cell value -> a level of the scale.

Real sheets rate on 1-5, 0-3 or 1-10, in decimals, percentages, words ("familiar",
"Competent"), marks (x / o, ✓ / ✗, Y / N, stars), codes (D1-D4) or 0/1. :func:`infer`
looks at all the values a sheet holds and decides one mapping, which is then applied the
same way to every cell and printed as a table (file value -> level -> count). A value it
cannot place stays in the table without a level; each cell holding it is a problem.

The database's own scale (its numbers and labels, "3 - Proficient") is read as it is
unless the values clearly say otherwise: numbers beyond its top (two or more distinct
values, so one typo is reported rather than rescaling the file), a legend above the table
("Scale 1-5", "3 = Expert"), or a ``--map`` the user gave (:func:`parse_override`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from skillmatrix.core.errors import ValidationError
from skillmatrix.core.scale import Scale
from skillmatrix.reports.importing import values as v
from skillmatrix.reports.importing.headers import norm
from skillmatrix.reports.importing.vocabulary import (
    MARK_NO,
    MARK_YES,
    STARS,
    code_of,
    word_rank,
)

#: A value's key in the mapping: a number (float) or folded text.
Key = float | str
NA = "n/a"
_PERCENT = re.compile(r"^(-?\d+(?:[.,]\d+)?)\s*%$")
_RANGE = re.compile(r"(?<![\d.])(\d{1,3})\s*(?:-|–|—|to|\.\.)\s*(\d{1,3})(?![\d.])")
_LEGEND_WORD = re.compile(r"(?<![\d.])(\d{1,3})\s*(?:=|:|-|–)\s*([A-Za-z][A-Za-z /'-]{1,40})")
#: Levels a mark that says "has it" (x, ✓, yes, 1 of a 0/1 sheet) is read as, by default.
MARK_LEVEL_SHARE = 0.75


@dataclass(frozen=True, slots=True)
class Entry:
    """How one distinct file value is read."""

    shown: str
    level: int | None
    na: bool = False
    problem: str = ""  # set when the value cannot be placed
    given: bool = False  # set by the user (--map or the wizard)
    scale_message: bool = False  # the problem is the database scale's own message

    @property
    def placed(self) -> bool:
        """True when the value is read as a level (it has no problem)."""
        return not self.problem


@dataclass(frozen=True, slots=True)
class Override:
    """The user's corrections: a numeric range of the file and/or value -> level pairs."""

    range: tuple[float, float] | None = None
    entries: Mapping[Key, int | str | None] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.range is not None or bool(self.entries)


@dataclass
class ValueMapping:
    """The decided mapping; :meth:`read` applies it to one cell."""

    scale: Scale
    entries: dict[Key, Entry] = field(default_factory=dict)
    rules: list[str] = field(default_factory=list)
    counts: Counter[Key] = field(default_factory=Counter)
    identity: bool = True
    _raw: dict[object, Entry] = field(default_factory=dict, repr=False)

    def read(self, value: object) -> tuple[int | None, bool]:
        """(level, not_applicable) of a cell; raises ``values.CellError`` when unplaced."""
        if value is None:
            return None, False
        if value.__class__ is not bool:
            entry = self._raw.get(value)
            if entry is not None:
                if entry.problem:
                    raise v.CellError(self._message(value, entry))
                return entry.level, entry.na
        if v.is_formula(value):
            raise v.CellError(f"contains a formula ({str(value)[:40]}); type the level instead")
        if isinstance(value, dt.date | dt.datetime | dt.time):
            raise v.CellError(f"{value} is a date, not a level")
        key = key_of(value)
        if key == "":
            return None, False
        entry = self.entries.get(key) or self._place_late(value, key)
        if value.__class__ is not bool:
            self._raw[value] = entry
        if entry.problem:
            raise v.CellError(self._message(value, entry))
        return entry.level, entry.na

    def _message(self, value: object, entry: Entry) -> str:
        """The problem, quoting the cell as written ("'5'" for text, 5 for a number)."""
        if entry.scale_message:
            try:
                v.level(value, self.scale)
            except v.CellError as exc:
                return str(exc)
        return entry.problem

    def _place_late(self, value: object, key: Key) -> Entry:
        """A value not seen while inferring (a cell outside the counted columns)."""
        entry = _identity_entry(value, key, self.scale) if self.identity else None
        if entry is None:
            entry = Entry(shown(value), None, problem=self._unplaced(value))
        self.entries[key] = entry
        return entry

    def _unplaced(self, value: object) -> str:
        if self.identity:
            return f"{v.shown(value)} is not a level ({_expected(self.scale)})"
        placed = ", ".join(
            f"{e.shown}={'n/a' if e.na else e.level}"
            for e in list(self.entries.values())[:12]
            if e.placed and (e.level is not None or e.na)
        )
        return f"{v.shown(value)} is not a level (this file's values read as {placed}; use --map)"

    def tally(self, values: Mapping[object, int]) -> None:
        """Count cells read without inferring, placing any value not met yet.

        Cells read without inferring use the database's own scale (this app's report and
        forms); the table then says how many cells hold each value.
        """
        for raw, n in values.items():
            if raw is None or v.is_formula(raw):
                continue
            key = key_of(raw)
            if key == "":
                continue
            if key not in self.entries:
                self._place_late(raw, key)
            self.counts[key] += n

    def table(self) -> list[tuple[str, str, int]]:
        """(file value, level as text, cells) rows, in the order of the levels."""
        rows = []
        for key, entry in self.entries.items():
            if entry.problem:
                text = "? (not placed)"
            elif entry.na:
                text = "n/a"
            elif entry.level is None:
                text = "not rated"
            else:
                text = f"{entry.level} {self.scale.label(entry.level)}"
            rows.append((entry.shown, text, self.counts.get(key, 0), _order(entry, key)))
        rows.sort(key=lambda r: r[3])
        return [(a, b, c) for a, b, c, _ in rows]

    def describe(self) -> list[str]:
        """The mapping as printed lines: the rules, then the table."""
        lines = list(self.rules)
        table = self.table()
        if not table:
            return lines
        width = max(10, *(len(r[0]) for r in table))
        lwidth = max(12, *(len(r[1]) for r in table))
        lines.append(f"{'file value':<{width}}  {'level':<{lwidth}}  cells")
        lines.extend(f"{a:<{width}}  {b:<{lwidth}}  {c}" for a, b, c in table)
        return lines


def _order(entry: Entry, key: Key) -> tuple[int, float, str]:
    if entry.problem:
        return (3, 0.0, str(key))
    if entry.na or entry.level is None:
        return (2, 0.0, str(key))
    return (0, float(entry.level), f"{key:012.4f}" if isinstance(key, float) else str(key))


def key_of(value: object) -> Key:
    """The mapping key of a cell: a float for numbers, else folded text ("" for blank)."""
    if value is None:
        return ""
    if value.__class__ is bool:
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return float(value)
    text = norm(value)
    if not text:
        return ""
    try:
        return float(text)
    except ValueError:
        pass
    if "," in text and text.replace(",", "", 1).isdigit():
        return float(text.replace(",", "."))
    return text


def shown(value: object) -> str:
    """A cell value as the value table shows it (3.0 as "3", text stripped)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if isinstance(value, str) else str(value)


def _expected(scale: Scale) -> str:
    labels = ", ".join(f"{lv.value} {lv.label}" for lv in scale.levels)
    return f"expected {labels}, n/a or blank"


def _identity_entry(value: object, key: Key, scale: Scale) -> Entry | None:
    """The entry the database's own scale gives (numbers, labels, "3 - Proficient")."""
    try:
        level, na = v.level(value, scale)
    except v.CellError as exc:
        if isinstance(key, float):
            return Entry(shown(value), None, problem=str(exc))
        return None
    return Entry(shown(value), level, na)


def identity(scale: Scale) -> ValueMapping:
    """The database's scale as it is (this app's own report and forms)."""
    return ValueMapping(
        scale, rules=[f"values read on the database's scale {scale.min}-{scale.max}"]
    )


# -- inference -------------------------------------------------------------------------------
def infer(
    values: Mapping[object, int],
    scale: Scale,
    *,
    legend: Iterable[str] = (),
    override: Override | None = None,
) -> ValueMapping:
    """Decide the mapping from every value a sheet holds (raw value -> cells).

    Args:
        values: raw cell values and how many cells hold each.
        scale: the database's scale.
        legend: text near the table (title block, notes) that may name the file's scale.
        override: the user's corrections, applied over what is inferred.
    """
    counts: Counter[Key] = Counter()
    shown_as: dict[Key, str] = {}
    for raw, n in values.items():
        if raw is None or v.is_formula(raw) or isinstance(raw, dt.date | dt.datetime | dt.time):
            continue
        key = key_of(raw)
        if key == "":
            continue
        counts[key] += n
        shown_as.setdefault(key, shown(raw))
    out = ValueMapping(scale, counts=counts)
    override = override or Override()
    hints = _legend(legend)
    fixed: dict[Key, Entry] = {}
    texts: list[str] = []
    numbers: list[float] = []
    percents: list[tuple[str, float]] = []
    for key in counts:
        if isinstance(key, float):
            numbers.append(key)
            continue
        special = _special(key)
        if special is not None:
            fixed[key] = Entry(shown_as[key], None, na=special)
            continue
        match = _PERCENT.match(key)
        if match:
            percents.append((key, float(match.group(1).replace(",", "."))))
            continue
        texts.append(key)
    numeric_range = override.range or hints.range
    _place_numbers(
        out, numbers, shown_as, numeric_range, hints.range is not None and not override.range
    )
    _place_percents(out, percents, shown_as)
    _place_texts(out, texts, shown_as, hints.words)
    out.entries.update(fixed)
    for key, target in override.entries.items():
        k = key_of(key) if not isinstance(key, float) else key
        out.entries[k] = _given(shown_as.get(k, shown(key)), target, scale)
        out.identity = False
    if override.entries:
        out.rules.append(
            "values set by you: " + ", ".join(f"{k}={t}" for k, t in override.entries.items())
        )
    for key, entry in list(out.entries.items()):
        if entry.problem == "?":
            out.entries[key] = Entry(entry.shown, None, problem=out._unplaced(entry.shown))
            continue
        if entry.problem or entry.level is None or entry.level in scale:
            continue
        out.entries[key] = Entry(
            entry.shown, None, problem=f"{entry.shown!r} maps outside the scale"
        )
    # entries in the order first seen in the file
    out.entries = {k: out.entries[k] for k in [*counts, *out.entries] if k in out.entries}
    return out


def _special(key: str) -> bool | None:
    """True for n/a, False for a not-rated mark ("-", "?"), None otherwise."""
    if key in v.NOT_APPLICABLE:
        return True
    if key in v.NOT_RATED:
        return False
    return None


def _given(text: str, target: int | str | None, scale: Scale) -> Entry:
    if target is None or target == "":
        return Entry(text, None, given=True)
    if isinstance(target, str) and norm(target) in (*v.NOT_APPLICABLE, NA):
        return Entry(text, None, na=True, given=True)
    try:
        level = scale.parse(target)
    except ValidationError as exc:
        return Entry(text, None, problem=str(exc), given=True)
    return Entry(text, level, given=True)


def _linear(x: float, lo: float, hi: float, scale: Scale) -> int:
    if hi == lo:
        return scale.max
    share = (x - lo) / (hi - lo)
    return max(
        scale.min, min(scale.max, math.floor(scale.min + share * (scale.max - scale.min) + 0.5))
    )


KNOWN_RANGES: tuple[tuple[float, float], ...] = (
    (0, 3),
    (0, 4),
    (1, 4),
    (1, 5),
    (0, 5),
    (1, 10),
    (0, 10),
    (0, 100),
)


def _place_numbers(
    out: ValueMapping,
    numbers: list[float],
    shown_as: dict[Key, str],
    given: tuple[float, float] | None,
    from_legend: bool,
) -> None:
    if not numbers:
        return
    scale = out.scale
    lo, hi = min(numbers), max(numbers)
    decimals = [x for x in numbers if not x.is_integer()]
    source: tuple[float, float] | None = given
    why = "the legend says so" if from_legend else "set by you"
    if source is None:
        above = sorted({x for x in numbers if x > scale.max})
        cells = sum(out.counts[x] for x in numbers)
        above_cells = sum(out.counts[x] for x in above)
        # every step of a 1-n scale used, none of them 0: "1-5" even if 5 is rare
        full = not decimals and lo >= 1 and hi > scale.max and len(numbers) >= hi - lo
        clear = len(numbers) >= 3 and (
            full or len(above) >= 2 or (above_cells >= 2 and above_cells >= 0.05 * cells)
        )
        if (
            set(numbers) <= {0.0, 1.0}
            and len(numbers) == 2
            and sum(out.counts[x] for x in numbers) >= 6
        ):
            top = _mark_level(scale)
            out.entries[0.0] = Entry("0", scale.min)
            out.entries[1.0] = Entry("1", top)
            out.identity = False
            out.rules.append(
                f"binary 0/1: 1 (has it) -> {top} {scale.label(top)}, 0 -> {scale.min} "
                f"{scale.label(scale.min)}"
            )
            return
        if lo >= 0 and hi <= 1 and len(decimals) >= 2:
            source, why = (0.0, 1.0), "decimals between 0 and 1 (shares)"
        elif clear or (len(decimals) >= 2 and hi > scale.max):
            source = next(
                ((a, b) for a, b in KNOWN_RANGES if a <= lo and hi <= b and b > scale.max), None
            )
            if source is not None and source[0] == 0 and lo >= 1 and source[1] in (5, 10):
                source = (1.0, source[1])
            why = f"values go up to {shown(hi)}"
        elif len(decimals) >= 2:
            source, why = (float(scale.min), float(scale.max)), "decimals on the database's scale"
    if source is None:  # the database's own numbers
        for x in numbers:
            entry = _identity_entry(x, x, scale)
            assert entry is not None
            out.entries[x] = Entry(
                shown_as[x], entry.level, problem=entry.problem, scale_message=True
            )
        out.rules.append(f"numbers read on the database's scale {scale.min}-{scale.max}")
        return
    a, b = source
    out.identity = False
    out.rules.append(
        f"numbers {shown(a)}-{shown(b)} ({why}) -> levels {scale.min}-{scale.max}, "
        f"{shown(a)} -> {scale.min}, {shown(b)} -> {scale.max}, rounded to the nearest level"
    )
    for x in numbers:
        if a <= x <= b:
            out.entries[x] = Entry(shown_as[x], _linear(x, a, b, scale))
        else:
            out.entries[x] = Entry(
                shown_as[x],
                None,
                problem=f"{shown_as[x]} is outside this file's scale {shown(a)}-{shown(b)}",
            )


def _mark_level(scale: Scale) -> int:
    """The level a "has it" mark means: Proficient on 0-4 (works independently)."""
    return min(scale.max, math.floor(scale.min + MARK_LEVEL_SHARE * (scale.max - scale.min) + 0.5))


def _place_percents(
    out: ValueMapping, percents: list[tuple[str, float]], shown_as: dict[Key, str]
) -> None:
    if not percents:
        return
    out.identity = False
    scale = out.scale
    out.rules.append(f"percentages 0-100% -> levels {scale.min}-{scale.max}, rounded")
    for key, number in percents:
        if 0 <= number <= 100:
            out.entries[key] = Entry(shown_as[key], _linear(number, 0, 100, scale))
        else:
            out.entries[key] = Entry(
                shown_as[key], None, problem=f"{shown_as[key]} is not a percentage"
            )


def _place_texts(
    out: ValueMapping, texts: list[str], shown_as: dict[Key, str], legend_words: dict[str, float]
) -> None:
    scale = out.scale
    labels = {lv.label.casefold(): lv.value for lv in scale.levels}
    words: dict[str, float] = {}  # key -> rank 0..4
    marks: dict[str, bool] = {}
    codes: dict[str, tuple[str, int]] = {}
    stars: dict[str, int] = {}
    for key in texts:
        numbered = _numbered(key, scale)
        if numbered is not None:
            out.entries[key] = Entry(shown_as[key], numbered)
            continue
        if key in labels:
            out.entries[key] = Entry(shown_as[key], labels[key])
            continue
        if key in legend_words:
            words[key] = legend_words[key]
            continue
        if key in MARK_YES or key in MARK_NO:
            marks[key] = key in MARK_YES
            continue
        if key and all(ch in STARS for ch in key.replace(" ", "")):
            stars[key] = sum(1 for ch in key if ch in "★*⭐")
            continue
        code = code_of(key)
        if code is not None:
            codes[key] = code
            continue
        rank = word_rank(key)
        if rank is not None:
            words[key] = rank
            continue
        out.entries[key] = Entry(shown_as[key], None, problem="?")  # worded at the end
    if marks:
        out.identity = False
        top = _mark_level(scale)
        yes = ", ".join(shown_as[k] for k, m in marks.items() if m)
        no = ", ".join(shown_as[k] for k, m in marks.items() if not m)
        out.rules.append(
            "marks: "
            + (f"{yes} (has it) -> {top} {scale.label(top)}" if yes else "")
            + ("; " if yes and no else "")
            + (f"{no} -> {scale.min} {scale.label(scale.min)}" if no else "")
        )
        for key, yes_mark in marks.items():
            out.entries[key] = Entry(shown_as[key], top if yes_mark else scale.min)
    if stars:
        out.identity = False
        most = max(max(stars.values()), 5 if max(stars.values()) > scale.max else scale.max)
        out.rules.append(f"stars: 0-{most} stars -> levels {scale.min}-{scale.max}")
        for key, n in stars.items():
            out.entries[key] = Entry(shown_as[key], _linear(n, 0, most, scale))
    if codes:
        out.identity = False
        for prefix in sorted({p for p, _ in codes.values()}):
            nums = sorted({n for p, n in codes.values() if p == prefix})
            lo, hi = min(1, nums[0]), nums[-1]
            # D1 is the first step up, not "none", on a scale that starts at 0
            base = scale.min + 1 if lo == 1 and scale.min == 0 else scale.min
            tag = prefix.upper()
            out.rules.append(
                f"codes {tag}{lo}-{tag}{hi}: {tag}{lo} -> {base}, {tag}{hi} -> {scale.max}"
            )
            for key, (p, n) in codes.items():
                if p == prefix:
                    share = (n - lo) / max(1, hi - lo)
                    level = math.floor(base + share * (scale.max - base) + 0.5)
                    out.entries[key] = Entry(shown_as[key], max(base, min(scale.max, level)))
    if words:
        out.identity = False
        # ranks are on 0 (none) .. 4 (expert); spread onto the scale
        for key, rank in words.items():
            out.entries[key] = Entry(shown_as[key], _linear(rank, 0, 4, scale))
        listed = ", ".join(
            f"{shown_as[k]} -> {out.entries[k].level}"
            for k in sorted(words, key=lambda k: words[k])
        )
        out.rules.append(f"words ordered by what they mean: {listed}")


def _numbered(key: str, scale: Scale) -> int | None:
    try:
        level, na = v.level(key, scale)
    except v.CellError:
        return None
    return None if na or level is None else level


@dataclass(frozen=True, slots=True)
class Hints:
    """What a sheet's legend tells about its scale: the value range and the words per level."""

    range: tuple[float, float] | None = None
    words: dict[str, float] = field(default_factory=dict)


def _legend(lines: Iterable[str]) -> Hints:
    """A numeric range ("Scale 1-5", "0 to 3") and number = word pairs from a legend."""
    found: tuple[float, float] | None = None
    pairs: dict[int, str] = {}
    for line in lines:
        text = str(line)
        for a, b in _RANGE.findall(text):
            lo, hi = float(a), float(b)
            if (lo, hi) in KNOWN_RANGES or (lo in (0, 1) and 2 <= hi <= 10):
                found = found or (lo, hi)
        for number, word in _LEGEND_WORD.findall(text):
            pairs.setdefault(int(number), word.strip().rstrip(",;").strip())
    if found is None and len(pairs) >= 3:
        found = (float(min(pairs)), float(max(pairs)))
    words: dict[str, float] = {}
    if found is not None and pairs:
        lo, hi = found
        for number, word in pairs.items():
            if lo <= number <= hi and hi > lo:
                words[norm(word)] = 4 * (number - lo) / (hi - lo)
    return Hints(found, words)


# -- the user's --map ------------------------------------------------------------------------
def parse_override(spec: str) -> Override:
    """``"x=3,o=0"``, ``"1-5"`` or both (``"1-5,x=3"``); ``n/a`` and blank are targets too.

    Raises:
        ValidationError: the text is not of that shape (the message quotes the bad part).
    """
    found: tuple[float, float] | None = None
    entries: dict[Key, int | str | None] = {}
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        if "=" in part:
            value, _, target = part.partition("=")
            if not value.strip():
                raise ValidationError(f"--map: {part!r} has no file value before '='")
            t = target.strip()
            entries[key_of(value.strip())] = int(t) if t.lstrip("-").isdigit() else (t or None)
            continue
        match = re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*(?:-|\.\.|to)\s*(-?\d+(?:\.\d+)?)", part)
        if match is None:
            raise ValidationError(
                f"--map: {part!r} is neither a range like 1-5 nor a pair like x=3"
            )
        lo, hi = float(match.group(1)), float(match.group(2))
        if hi <= lo:
            raise ValidationError(f"--map: the range {part!r} must go from low to high")
        found = (lo, hi)
    return Override(found, entries)


def rating_share(values: Mapping[object, int], scale: Scale) -> tuple[float, list[str]]:
    """The share of cells (by count) that read as ratings on some scale, and a few others.

    Numbers always count (out-of-range numbers are then problems, never a skipped
    column); so do words, marks, codes and stars the mapping knows, n/a and "-".
    """
    total = placed = 0
    others: list[str] = []
    mapping = infer(values, scale)
    for raw, n in values.items():
        if raw is None:
            continue
        key = key_of(raw)
        if key == "":
            continue
        total += n
        entry = mapping.entries.get(key)
        if isinstance(key, float) or (entry is not None and entry.placed):
            placed += n
        elif len(others) < 3:
            others.append(shown(raw))
    return (placed / total if total else 0.0), others
