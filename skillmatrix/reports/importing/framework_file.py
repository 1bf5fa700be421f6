"""Role frameworks from spreadsheets, CSV, Markdown tables and YAML, in the usual shapes.

:func:`load_framework_file` is the one entry point (``frameworks load`` calls it for files
that are not TOML). Every format becomes rows of cells first, then one table engine
(:func:`frameworks_from_rows`) reads them:

* category | competency | a description per level ("Level 1" .. "Level 4", the scale's
  labels, "Beginner" .. "Expert") or per seniority (text under Junior .. Principal);
  the category written once per group (or merged) is filled down, and a row with text in
  the first column only is a category row;
* category | competency | a target per seniority (numbers under Junior .. Principal);
* one row per competency and job level with an expected score (optionally per role);
* competency | one column of targets per role (the same target at every seniority).

YAML is a list of such rows (mappings), a mapping of category -> list of rows, or
``{framework: {name, description}, competencies: [...]}`` whose competencies may nest
``levels: {1: ...}`` and ``targets: {Junior: 1, ...}``.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from skillmatrix.core.errors import FrameworkError, ImportProblem
from skillmatrix.core.frameworks import CompetencySpec, Framework
from skillmatrix.core.model import CoverageRule, Seniority
from skillmatrix.core.scale import DEFAULT_SCALE, Scale
from skillmatrix.reports.importing import values as v
from skillmatrix.reports.importing.headers import field_of, norm, seniority_of
from skillmatrix.reports.importing.scalemap import infer

Row = tuple[Any, ...]
SCAN = 40
_LEVEL_HEAD = re.compile(r"^(?:level|lvl|l)\s*[-:]?\s*(\d{1,2})\b")
TEXT_SUFFIXES = (".md", ".markdown", ".yaml", ".yml")


def load_framework_file(path: str | Path, scale: Scale = DEFAULT_SCALE) -> Framework:
    """The one framework a spreadsheet, CSV, Markdown or YAML file describes.

    Raises:
        FrameworkError: the file holds no framework, or several roles (one line naming
            the file; :func:`load_framework_files` returns them all).
    """
    found = load_framework_files(path, scale)
    if len(found) > 1:
        names = ", ".join(f.name for f in found)
        raise FrameworkError(
            f"{Path(path).name}: holds {len(found)} roles ({names}); load one per file"
        )
    return found[0]


def load_framework_files(path: str | Path, scale: Scale = DEFAULT_SCALE) -> list[Framework]:
    """Every role framework in the file (one per role column or role value)."""
    path = Path(path)
    for name, rows in tables(path):
        found = frameworks_from_rows(rows, name, scale, path)
        if found:
            return found
    raise FrameworkError(
        f"{path.name}: no framework table found (expected a Competency column with "
        "descriptions per level, targets per seniority or role, or one row per job level)"
    )


def tables(path: Path) -> list[tuple[str, list[Row]]]:
    """(name, rows) of each table in the file; the name defaults to the role's name."""
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        return _markdown(path)
    if suffix in (".yaml", ".yml"):
        return _yaml(path)
    from itertools import islice

    from skillmatrix.reports.importing.source import open_book

    try:
        book = open_book(path)
    except ImportProblem as exc:
        raise FrameworkError(str(exc)) from None
    try:
        out = []
        for sheet in book.sheets:
            if not sheet.hidden:
                rows = list(islice(sheet.rows(), 5_000))
                out.append((path.stem if len(book.sheets) == 1 else sheet.name, rows))
        return out
    except ImportProblem as exc:
        raise FrameworkError(str(exc)) from None
    finally:
        book.close()


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FrameworkError(f"{path.name}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError(f"{path.name}: cannot be read ({exc})") from None


def _cell(text: str) -> Any:
    text = text.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() else number


def _markdown(path: Path) -> list[tuple[str, list[Row]]]:
    title = path.stem
    tables: list[tuple[str, list[Row]]] = []
    current: list[Row] = []
    for line in _read_text(path).splitlines():
        stripped = line.strip()
        if stripped.startswith("#") and not tables and not current:
            title = stripped.lstrip("#").strip() or title
        if stripped.startswith("|"):
            cells = [c for c in stripped.strip("|").split("|")]
            if all(re.fullmatch(r"\s*:?-{2,}:?\s*", c) for c in cells):
                continue
            current.append(tuple(_cell(c.replace("\\|", "|")) for c in cells))
        elif current:
            tables.append((title, current))
            current = []
    if current:
        tables.append((title, current))
    return tables


def _yaml(path: Path) -> list[tuple[str, list[Row]]]:
    import yaml

    try:
        data = yaml.safe_load(_read_text(path))
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "syntax error"
        raise FrameworkError(f"{path.name}: not valid YAML ({first})") from None
    name = path.stem
    records: list[dict[str, Any]] = []
    if isinstance(data, dict) and ("competencies" in data or "competency" in data):
        head = data.get("framework") or data.get("role") or {}
        if isinstance(head, dict):
            name = str(head.get("name") or name)
        elif isinstance(head, str):
            name = head
        name = str(data.get("name") or name)
        items = data.get("competencies") or data.get("competency") or []
        records = [dict(x) for x in items if isinstance(x, dict)] if isinstance(items, list) else []
    elif isinstance(data, list):
        records = [dict(x) for x in data if isinstance(x, dict)]
    elif isinstance(data, dict):  # category -> list of competencies
        for category, items in data.items():
            if isinstance(items, list):
                for item in items:
                    if isinstance(item, dict):
                        records.append({"category": category, **item})
                    elif isinstance(item, str):
                        records.append({"category": category, "competency": item})
    if not records:
        raise FrameworkError(f"{path.name}: no list of competencies found")
    flat = [_flatten(r) for r in records]
    keys = list(dict.fromkeys(k for r in flat for k in r))
    rows: list[Row] = [tuple(keys)] + [tuple(r.get(k) for k in keys) for r in flat]
    return [(name, rows)]


def _flatten(record: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict) and norm(key) in ("levels", "level descriptions"):
            out.update({f"Level {k}": x for k, x in value.items()})
        elif isinstance(value, dict) and norm(key) in ("targets", "expected", "target"):
            out.update({str(k): x for k, x in value.items()})
        elif norm(key) == "name":
            out["competency"] = value
        else:
            out[str(key)] = value
    return out


# -- the table engine ------------------------------------------------------------------------
def frameworks_from_rows(
    rows: list[Row], name: str, scale: Scale = DEFAULT_SCALE, path: Path | None = None
) -> list[Framework]:
    """The frameworks a table describes ([] when it is not a framework table)."""
    for index, row in enumerate(rows[:SCAN]):
        fields: dict[str, int] = {}
        for col, cell in enumerate(row):
            f = field_of(cell)
            if f is not None:
                fields.setdefault(f, col)
        if "competency" in fields and not ({"name", "email", "id"} & fields.keys()):
            return _read_table(rows[index], rows[index + 1 :], index + 1, fields, name, scale, path)
    return []


def _at(row: Row, col: int | None) -> Any:
    return row[col] if col is not None and col < len(row) else None


def _others(row: Row, comp_col: int, cat_col: int | None) -> bool:
    return any(v.text(x) for c, x in enumerate(row) if c not in (comp_col, cat_col))


def _text(row: Row, col: int | None) -> str:
    return v.text(row[col]) if col is not None and col < len(row) else ""


def _where(path: Path | None, name: str) -> str:
    return path.name if path else name


def _read_table(
    header: Row,
    body: list[Row],
    hrow: int,
    fields: dict[str, int],
    name: str,
    scale: Scale,
    path: Path | None,
) -> list[Framework]:
    file = _where(path, name)
    used = set(fields.values())
    seniority_cols = {}
    level_heads: dict[int, str] = {}
    role_cols: dict[int, str] = {}
    for col, cell in enumerate(header):
        text = v.text(cell)
        if not text or col in used:
            continue
        sen = seniority_of(text)
        if sen is not None:
            seniority_cols[col] = sen
        elif _level_key(text) is not None:
            level_heads[col] = text
        else:
            role_cols[col] = text
    if len(level_heads) == 1 and not seniority_cols:  # one "Level" column is a target
        role_cols.update(level_heads)
        level_heads = {}
    if any(not _role_heading(h) for h in role_cols.values()):
        return []  # "Mean 2026-Q3", "Covered": a report's table, not a framework
    comp_col = fields["competency"]
    cat_col = fields.get("category")
    body_rows = [(n, row) for n, row in enumerate(body, start=hrow + 1)]
    filled = [
        (n, row, v.text(_at(row, comp_col)), _others(row, comp_col, cat_col))
        for n, row in body_rows
    ]
    any_others = any(others for *_, others in filled)
    lines: list[tuple[int, Row, str]] = []
    category = ""
    for i, (number, row, comp, others) in enumerate(filled):
        if cat_col is not None and v.text(_at(row, cat_col)):
            category = v.text(_at(row, cat_col))
        if not comp:
            first = next((v.text(x) for x in row if v.text(x)), "")
            if first and not others and cat_col is None:
                category = first  # a category row above its competencies
            continue
        later = [o for _, _, c, o in filled[i + 1 :] if c or o]
        if cat_col is None and any_others and not others and later:
            category = comp  # text in the competency column only: a category row
            continue
        lines.append((number, row, category))
    if not lines:
        return []
    if "seniority" in fields and ("target" in fields or "level" in fields):
        return _long_targets(lines, fields, name, scale, file)
    level_map = _heading_levels(level_heads, scale)
    sen_text = {col: _is_text_column(lines, col, scale) for col in seniority_cols}
    notes = {c: h for c, h in role_cols.items() if _is_text_column(lines, c, scale)}
    role_cols = {c: h for c, h in role_cols.items() if c not in notes}
    target_col = fields.get("target")  # a "Level" column without people is someone's ratings
    if target_col is not None:
        role_cols[target_col] = name
    values = Counter(
        row[c]
        for _, row, _ in lines
        for c in [*[c for c in seniority_cols if not sen_text[c]], *role_cols]
        if c < len(row) and row[c] is not None
    )
    mapping = infer(values, scale)
    specs: dict[str, list[CompetencySpec]] = {}
    seen: set[str] = set()
    for number, row, category in lines:
        comp = v.text(row[fields["competency"]])
        if norm(comp) in seen:
            raise FrameworkError(f"{file}: row {number}: competency {comp!r} is listed twice")
        seen.add(norm(comp))

        def level_at(col: int, row: Row = row, number: int = number) -> int | None:
            value = row[col] if col < len(row) else None
            try:
                level, _ = mapping.read(value)
            except v.CellError as exc:
                raise FrameworkError(f"{file}: row {number}, column {col + 1}: {exc}") from None
            return level

        targets = {
            sen: lv
            for c, sen in seniority_cols.items()
            if not sen_text[c] and (lv := level_at(c)) is not None
        }
        described = [f"{sen.value}: {v.text(row[c])}" for c, sen in seniority_cols.items()
                     if sen_text[c] and c < len(row) and v.text(row[c])]  # fmt: skip
        description = (
            v.text(row[fields["description"]])
            if "description" in fields and fields["description"] < len(row)
            else ""
        )
        description = "\n".join(x for x in [description, *described] if x)
        levels = {
            level_map[c]: v.text(row[c])
            for c in level_heads
            if c in level_map and c < len(row) and v.text(row[c])
        }
        critical = None
        if "critical" in fields and fields["critical"] < len(row):
            try:
                critical = v.flag(row[fields["critical"]])
            except v.CellError as exc:
                raise FrameworkError(f"{file}: row {number}: {exc}") from None
        roles = {role: level_at(c) for c, role in role_cols.items()}
        for role in roles or {name: None}:
            role_targets = dict(targets)
            if roles.get(role) is not None:
                role_targets = {s: roles[role] for s in Seniority}  # type: ignore[misc]
            specs.setdefault(role, []).append(
                CompetencySpec(
                    name=comp,
                    category=category or "General",
                    description=description,
                    targets=role_targets,
                    critical=bool(critical),
                    rule=CoverageRule(),
                    level_descriptions=levels,
                )
            )
    return [
        Framework(
            name=role,
            description=f"Loaded from {file}",
            competencies=tuple(items),
            source=file,
            path=path,
        )
        for role, items in specs.items()
    ]


def _role_heading(text: str) -> bool:
    """Could this heading name a role ("Backend Engineer"), not a figure ("Mean Q3")?"""
    from skillmatrix.reports.importing.names import heading_word

    return not any(ch.isdigit() for ch in text) and not any(heading_word(w) for w in text.split())


def _is_text_column(lines: list[tuple[int, Row, str]], col: int, scale: Scale) -> bool:
    """Does a seniority column hold descriptions (sentences) rather than target levels?"""
    cells = [row[col] for _, row, _ in lines if col < len(row) and row[col] is not None]
    return any(isinstance(x, str) and not v.is_number(x) and _not_level(x, scale) for x in cells)


def _not_level(value: object, scale: Scale) -> bool:
    try:
        v.level(value, scale)
    except v.CellError:
        return len(str(value).split()) >= 2 or len(str(value)) > 12
    return False


def _level_key(text: str) -> str | None:
    folded = norm(text)
    match = _LEVEL_HEAD.match(folded)
    if match:
        return match.group(1)
    if folded.isdigit():
        return folded
    from skillmatrix.reports.importing.vocabulary import word_rank

    if word_rank(folded) is not None or folded in {
        lv.casefold() for lv in ("None", "Awareness", "Working", "Proficient", "Expert")
    }:
        return folded
    return None


def _heading_levels(heads: dict[int, str], scale: Scale) -> dict[int, int]:
    """Column -> level for headings "Level 1".."Level 5", "Beginner".."Expert", labels."""
    keys = {col: _level_key(text) for col, text in heads.items()}
    mapping = infer(Counter(k for k in keys.values() if k is not None), scale)
    out: dict[int, int] = {}
    for col, key in keys.items():
        if key is None:
            continue
        try:
            level, _ = mapping.read(float(key) if key.isdigit() else key)
        except v.CellError:
            continue
        if level is not None:
            out[col] = level
    return out


def _long_targets(
    lines: list[tuple[int, Row, str]], fields: dict[str, int], name: str, scale: Scale, file: str
) -> list[Framework]:
    """One row per competency and job level (and role) with an expected score."""
    target_col = fields.get("target", fields.get("level"))
    assert target_col is not None
    role_col = fields.get("role")
    values = Counter(
        row[target_col]
        for _, row, _ in lines
        if target_col < len(row) and row[target_col] is not None
    )
    mapping = infer(values, scale)
    roles: dict[str, dict[str, tuple[str, str, dict[Seniority, int]]]] = {}
    for number, row, category in lines:
        comp = v.text(row[fields["competency"]])
        role = v.text(row[role_col]) if role_col is not None and role_col < len(row) else ""
        try:
            seniority = v.seniority(
                row[fields["seniority"]] if fields["seniority"] < len(row) else None
            )
            level, _ = mapping.read(row[target_col] if target_col < len(row) else None)
        except v.CellError as exc:
            raise FrameworkError(f"{file}: row {number}: {exc}") from None
        if seniority is None or level is None:
            continue
        desc = (
            v.text(row[fields["description"]])
            if "description" in fields and fields["description"] < len(row)
            else ""
        )
        entry = roles.setdefault(role or name, {}).setdefault(norm(comp), (comp, category, {}))
        if seniority in entry[2]:
            raise FrameworkError(f"{file}: row {number}: {comp} / {seniority.value} is given twice")
        entry[2][seniority] = level
        if desc and not entry[1]:
            pass
    return [
        Framework(
            name=role,
            description=f"Loaded from {file}",
            competencies=tuple(
                CompetencySpec(comp, category or "General", "", targets)
                for comp, category, targets in comps.values()
            ),
            source=file,
        )
        for role, comps in roles.items()
    ]
