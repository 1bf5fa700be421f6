"""Role frameworks: one TOML file per role, listing its competencies and targets.

File format (see resources/frameworks/*.toml)::

    [framework]
    name = "Backend Engineer"          # the role's name
    description = "..."
    source = "where the content comes from"
    version = 1

    [[competency]]
    name = "API design"
    category = "Key skills"
    description = "One line."
    critical = true                    # optional, default false
    rule = { min_people = 2, min_level = 3 }      # optional, default 2 at >= 3
    targets = { Junior = 1, Mid = 2, Senior = 3, Staff = 3, Principal = 4 }
    levels = { 1 = "...", 2 = "...", 3 = "...", 4 = "..." }   # optional

Loading validates everything and names the file and field of the first problem.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skillmatrix.core.errors import FrameworkError
from skillmatrix.core.model import CoverageRule, Seniority
from skillmatrix.core.resources import resource
from skillmatrix.core.scale import DEFAULT_SCALE, Scale


@dataclass(frozen=True, slots=True)
class CompetencySpec:
    name: str
    category: str
    description: str
    targets: dict[Seniority, int]
    critical: bool = False
    rule: CoverageRule = field(default_factory=CoverageRule)
    level_descriptions: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Framework:
    name: str
    description: str
    competencies: tuple[CompetencySpec, ...]
    source: str = ""
    version: int = 1
    path: Path | None = None

    @property
    def categories(self) -> list[str]:
        return list(dict.fromkeys(c.category for c in self.competencies))


def builtin_dir() -> Path:
    return resource("frameworks")


def builtin_frameworks() -> list[Framework]:
    return [load_framework(p) for p in sorted(builtin_dir().glob("*.toml"))]


def find_framework(name_or_path: str) -> Framework:
    """A built-in framework by role name (any case), or a framework file by path."""
    path = Path(name_or_path)
    if path.suffix == ".toml" and path.exists():
        return load_framework(path)
    folded = name_or_path.strip().casefold()
    for fw in builtin_frameworks():
        if fw.name.casefold() == folded or (fw.path and fw.path.stem == folded):
            return fw
    names = ", ".join(fw.name for fw in builtin_frameworks())
    raise FrameworkError(f"no framework named {name_or_path!r} (built-in: {names})")


def load_framework(path: Path | str, scale: Scale = DEFAULT_SCALE) -> Framework:
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
    )


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
        return CoverageRule()
    if not isinstance(raw, dict):
        raise fail(where, "must be a table with min_people and min_level")
    people = raw.get("min_people", 2)
    if isinstance(people, bool) or not isinstance(people, int) or people < 1:
        raise fail(f"{where}.min_people", "must be a whole number of at least 1")
    level = _level(raw.get("min_level", 3), f"{where}.min_level", scale, fail)
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
