"""The proficiency scales a new database can be created with: "0-4", "1-5" or a TOML file.

Scale file format::

    [[level]]
    value = 1
    label = "Novice"
    description = "Knows the words; needs step-by-step guidance."   # optional

Levels are whole numbers in order without holes; labels are distinct (ignoring case)
because imports read a level by its label as well as by its number.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from skillmatrix.core.errors import ValidationError
from skillmatrix.core.scale import DEFAULT_SCALE, Level, Scale

#: The 1-5 scale (Dreyfus-style). Its top four labels line up with the default scale's
#: levels 1-4 shifted by one, so a framework written for 0-4 reads the same on it.
ONE_TO_FIVE = Scale(
    (
        Level(1, "Novice", "Knows the concepts; follows steps with close guidance."),
        Level(2, "Beginner", "Does simple tasks; needs help with anything unusual."),
        Level(3, "Competent", "Applies it to routine work with occasional help."),
        Level(4, "Proficient", "Works independently, including on non-routine problems."),
        Level(5, "Expert", "Recognised authority; can teach others and set direction."),
    )
)

#: Built-in scales by the name ``--scale`` takes.
PRESETS: dict[str, Scale] = {"0-4": DEFAULT_SCALE, "1-5": ONE_TO_FIVE}

#: More levels than this would not be told apart by colour in the grid and charts.
MAX_LEVELS = 10


def describe(scale: Scale) -> str:
    """The scale as text, e.g. "0-4 (None, Awareness, Working, Proficient, Expert)"."""
    return f"{scale.min}-{scale.max} ({', '.join(lv.label for lv in scale.levels)})"


def scale_choice(text: str) -> Scale:
    """The scale ``--scale`` names: a preset ("0-4", "1-5") or a scale TOML file.

    Raises:
        ValidationError: neither a preset nor a readable, valid scale file (names it).
    """
    key = text.strip()
    if key in PRESETS:
        return PRESETS[key]
    path = Path(key).expanduser()
    if path.suffix.lower() == ".toml":
        return load_scale_file(path)
    raise ValidationError(
        f"unknown scale {text!r}: use {' or '.join(PRESETS)}, or a scale file (*.toml)"
    )


def load_scale_file(path: Path | str) -> Scale:
    """Read and check a scale file (format in the module docstring)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError(f"{path}: scale file not found") from None
    except OSError as exc:
        raise ValidationError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{path}: not a valid TOML file ({exc})") from None
    return parse_scale(data, path.name)


def parse_scale(data: dict[str, Any], where: str) -> Scale:
    """A Scale from a scale file's parsed TOML; ``where`` names the file in messages."""
    items = data.get("level")
    if not isinstance(items, list) or len(items) < 2:
        raise ValidationError(f"{where}: [[level]]: a scale needs at least 2 levels")
    if len(items) > MAX_LEVELS:
        raise ValidationError(f"{where}: [[level]]: at most {MAX_LEVELS} levels")
    levels: list[Level] = []
    labels: set[str] = set()
    for n, item in enumerate(items, start=1):
        at = f"{where}: level #{n}"
        if not isinstance(item, dict):
            raise ValidationError(f"{at}: must be a table")
        value, label = item.get("value"), item.get("label")
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            raise ValidationError(f"{at}.value: must be a whole number from 0 to 100")
        if not isinstance(label, str) or not label.strip():
            raise ValidationError(f"{at}.label: must be a non-empty string")
        label = " ".join(label.split())
        if label.lstrip("-").replace(".", "", 1).isdigit() or label.casefold() in {"n/a", "na"}:
            raise ValidationError(f"{at}.label: {label!r} would read as a number or n/a")
        if label.casefold() in labels:
            raise ValidationError(f"{at}.label: {label!r} is used twice")
        labels.add(label.casefold())
        description = item.get("description", "")
        if not isinstance(description, str):
            raise ValidationError(f"{at}.description: must be a string")
        if levels and value != levels[-1].value + 1:
            raise ValidationError(
                f"{at}.value: {value} does not follow {levels[-1].value} "
                "(levels go up by one, lowest first)"
            )
        levels.append(Level(value, label, description.strip()))
    return Scale(tuple(levels))
