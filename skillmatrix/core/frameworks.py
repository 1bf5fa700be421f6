"""Role frameworks: one TOML file per role, listing its competencies and targets.

File format (see resources/frameworks/*.toml)::

    [framework]
    name = "Backend Engineer"          # the role's name
    description = "..."
    source = "where the content comes from"
    version = 1
    scale = "0-4"                      # optional: the scale its levels are written on

    [[competency]]
    name = "API design"
    category = "Key skills"
    description = "One line."
    critical = true                    # optional, default false
    rule = { min_people = 2, min_level = 3 }      # optional, default 2 at one below the top
    targets = { Junior = 1, Mid = 2, Senior = 3, Staff = 3, Principal = 4 }
    levels = { 1 = "...", 2 = "...", 3 = "...", 4 = "..." }   # optional

Loading validates everything and names the file and field of the first problem. A file
without ``scale`` is written on the scale it is loaded for; the built-in ones on 0-4.
:func:`fit_to_scale` moves a framework onto a database's scale of the same size.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from skillmatrix.core.errors import FrameworkError
from skillmatrix.core.model import CoverageRule, Seniority
from skillmatrix.core.resources import resource
from skillmatrix.core.scale import DEFAULT_SCALE, Level, Scale


@dataclass(frozen=True, slots=True)
class CompetencySpec:
    """One competency of a framework with its targets per seniority."""

    name: str
    category: str
    description: str
    targets: dict[Seniority, int]
    critical: bool = False
    rule: CoverageRule = field(default_factory=CoverageRule)
    level_descriptions: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Framework:
    """A role framework: its competencies with their categories and targets."""

    name: str
    description: str
    competencies: tuple[CompetencySpec, ...]
    source: str = ""
    version: int = 1
    path: Path | None = None
    #: (lowest, highest) level of the scale its levels are written on; None: any scale
    #: they fit (the database's own).
    written_for: tuple[int, int] | None = None

    @property
    def categories(self) -> list[str]:
        """The categories in the order they first appear."""
        return list(dict.fromkeys(c.category for c in self.competencies))


def builtin_dir() -> Path:
    """The folder of the built-in framework files."""
    return resource("frameworks")


def builtin_frameworks() -> list[Framework]:
    """The shipped frameworks, written on the default 0-4 scale."""
    span = (DEFAULT_SCALE.min, DEFAULT_SCALE.max)
    return [
        replace(load_framework(p), written_for=span) for p in sorted(builtin_dir().glob("*.toml"))
    ]


def builtin_names() -> list[str]:
    """The role names of the built-in frameworks."""
    return [fw.name for fw in builtin_frameworks()]


def fit_to_scale(framework: Framework, scale: Scale) -> Framework:
    """``framework`` with its levels on ``scale``.

    A framework written for another scale with as many levels is shifted level for level
    (0-4 "Proficient" 3 becomes 1-5 "Proficient" 4); one written for the same scale, or
    for no particular scale, is returned as it is.

    Raises:
        FrameworkError: written for a scale with a different number of levels.
    """
    span = framework.written_for
    if span is None or span == (scale.min, scale.max):
        return framework
    low, high = span
    if high - low != scale.max - scale.min:
        raise FrameworkError(
            f"framework {framework.name!r} is written for a {low}-{high} scale and this "
            f"database uses {scale.min}-{scale.max}; give its levels on that scale "
            f'(scale = "{scale.min}-{scale.max}" in the file)'
        )
    shift = scale.min - low
    specs = tuple(
        replace(
            c,
            targets={s: v + shift for s, v in c.targets.items()},
            rule=CoverageRule(c.rule.min_people, c.rule.min_level + shift),
            level_descriptions={v + shift: t for v, t in c.level_descriptions.items()},
        )
        for c in framework.competencies
    )
    return replace(framework, competencies=specs, written_for=(scale.min, scale.max))


def find_framework(name_or_path: str, scale: Scale = DEFAULT_SCALE) -> Framework:
    """A built-in framework by role name (any case), or a framework file by path.

    A file's levels are checked against ``scale`` unless the file names its own.
    """
    path = Path(name_or_path)
    if path.suffix.lower() == ".toml" and path.exists():
        return load_framework(path, scale)
    folded = name_or_path.strip().casefold()
    for fw in builtin_frameworks():
        if fw.name.casefold() == folded or (fw.path and fw.path.stem == folded):
            return fw
    names = ", ".join(fw.name for fw in builtin_frameworks())
    raise FrameworkError(f"no framework named {name_or_path!r} (built-in: {names})")


def load_framework(path: Path | str, scale: Scale = DEFAULT_SCALE) -> Framework:
    """Read a framework TOML file, its levels checked against the scale the file names.

    The file names it as ``scale = "1-5"``; without one, ``scale`` applies.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FrameworkError(f"{path}: file not found") from None
    except OSError as exc:
        raise FrameworkError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FrameworkError(f"{path}: not a valid TOML file ({exc})") from None
    return _parse(data, path, scale)


def _parse(data: dict[str, Any], path: Path, scale: Scale) -> Framework:
    def fail(where: str, why: str) -> FrameworkError:
        return FrameworkError(f"{path.name}: {where}: {why}")

    head = data.get("framework")
    if not isinstance(head, dict):
        raise fail("[framework]", "missing table")
    name = head.get("name")
    if not isinstance(name, str) or not name.strip():
        raise fail("framework.name", "must be a non-empty string")
    version = head.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int):
        raise fail("framework.version", "must be an integer")
    written_for = _written_for(head.get("scale"), fail)
    if written_for is not None:
        scale = _span_scale(*written_for)
    items = data.get("competency")
    if not isinstance(items, list) or not items:
        raise fail("[[competency]]", "at least one competency is required")

    specs: list[CompetencySpec] = []
    seen: set[str] = set()
    for n, item in enumerate(items, start=1):
        where = f"competency #{n}"
        if not isinstance(item, dict):
            raise fail(where, "must be a table")
        cname = item.get("name")
        if not isinstance(cname, str) or not cname.strip():
            raise fail(f"{where}.name", "must be a non-empty string")
        where = f"competency {cname.strip()!r}"
        if cname.strip().casefold() in seen:
            raise fail(f"{where}.name", "duplicate competency name")
        seen.add(cname.strip().casefold())
        for key in ("category", "description"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise fail(f"{where}.{key}", "must be a non-empty string")
        critical = item.get("critical", False)
        if not isinstance(critical, bool):
            raise fail(f"{where}.critical", "must be true or false")
        specs.append(
            CompetencySpec(
                name=cname.strip(),
                category=item["category"].strip(),
                description=item["description"].strip(),
                targets=_targets(item.get("targets"), f"{where}.targets", scale, fail),
                critical=critical,
                rule=_rule(item.get("rule"), f"{where}.rule", scale, fail),
                level_descriptions=_levels(item.get("levels"), f"{where}.levels", scale, fail),
            )
        )
    return Framework(
        name=name.strip(),
        description=str(head.get("description", "")).strip(),
        source=str(head.get("source", "")).strip(),
        version=version,
        competencies=tuple(specs),
        path=path,
        written_for=written_for,
    )


_SPAN = re.compile(r"^\s*(\d{1,3})\s*-\s*(\d{1,3})\s*$")


def _written_for(raw: object, fail: Any) -> tuple[int, int] | None:
    if raw is None:
        return None
    m = _SPAN.match(raw) if isinstance(raw, str) else None
    if m is None or int(m.group(1)) >= int(m.group(2)):
        raise fail("framework.scale", 'must name the levels\' range, e.g. "0-4" or "1-5"')
    return int(m.group(1)), int(m.group(2))


def _span_scale(low: int, high: int) -> Scale:
    """A scale with just the range (only its bounds matter for checking a file)."""
    return Scale(tuple(Level(v, str(v), "") for v in range(low, high + 1)))


def _level(value: object, where: str, scale: Scale, fail: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in scale:
        raise fail(where, f"must be a whole number from {scale.min} to {scale.max}")
    return value


def _targets(raw: object, where: str, scale: Scale, fail: Any) -> dict[Seniority, int]:
    if not isinstance(raw, dict):
        raise fail(where, "missing (a table of seniority = level)")
    out: dict[Seniority, int] = {}
    for key, value in raw.items():
        try:
            seniority = Seniority.parse(key)
        except ValueError as exc:
            raise fail(f"{where}.{key}", str(exc)) from None
        if seniority in out:
            raise fail(f"{where}.{key}", f"duplicate target for {seniority.value}")
        out[seniority] = _level(value, f"{where}.{key}", scale, fail)
    missing = [s.value for s in Seniority if s not in out]
    if missing:
        raise fail(where, f"no target for {', '.join(missing)}")
    return out


def _rule(raw: object, where: str, scale: Scale, fail: Any) -> CoverageRule:
    if raw is None:
        return CoverageRule(min_level=scale.default_min_level)
    if not isinstance(raw, dict):
        raise fail(where, "must be a table with min_people and min_level")
    people = raw.get("min_people", 2)
    if isinstance(people, bool) or not isinstance(people, int) or people < 1:
        raise fail(f"{where}.min_people", "must be a whole number of at least 1")
    level = _level(raw.get("min_level", scale.default_min_level), f"{where}.min_level", scale, fail)
    return CoverageRule(min_people=people, min_level=level)


def _levels(raw: object, where: str, scale: Scale, fail: Any) -> dict[int, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise fail(where, "must be a table of level = description")
    out: dict[int, str] = {}
    for key, text in raw.items():
        try:
            value = int(key)
        except ValueError:
            raise fail(f"{where}.{key}", "keys must be level numbers") from None
        _level(value, f"{where}.{key}", scale, fail)
        if value in out:
            raise fail(f"{where}.{key}", f"duplicate description for level {value}")
        if not isinstance(text, str) or not text.strip():
            raise fail(f"{where}.{key}", "must be a non-empty string")
        out[value] = text.strip()
    return out
