"""Excel input use case: import a spreadsheet of ratings or a role framework.

Reading the file is :mod:`skillmatrix.reports` (imported only when called, so the app
starts without openpyxl); this module applies it in one transaction: all of it or
nothing. Blank cells in an imported file never delete a stored rating, and existing
people's team, role and seniority are left as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from skillmatrix.core.errors import SkillMatrixError
from skillmatrix.core.frameworks import CompetencySpec, Framework
from skillmatrix.core.model import CoverageRule, Rating, Source
from skillmatrix.store import models, repo_cycles, repo_ratings, repo_roles
from skillmatrix.store import repo_competencies as comps
from skillmatrix.store import repo_people as people_repo
from skillmatrix.store.database import Database
from skillmatrix.store.install import install
from skillmatrix.store.names import fold

if TYPE_CHECKING:
    from skillmatrix.reports.importing.records import ImportedColumn, ImportedRating, ParsedImport
    from skillmatrix.reports.importing.scalemap import Override

#: Category given to competencies an import creates when the file names none.
IMPORTED_CATEGORY = "Imported"
#: Changes an ImportResult keeps as a sample for previews.
SAMPLE_CHANGES = 200


@dataclass(frozen=True, slots=True)
class ImportChange:
    """One rating an import writes (or would write): ``before`` is None for a new one."""

    cell: str
    person: str
    competency: str
    before: Rating | None
    after: Rating


@dataclass
class ImportResult:
    """What an import did (or, for a dry run or a refused import, would have done)."""

    path: Path
    layout: str
    sheet: str
    source: Source
    cycle: str | None
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    people_created: list[str] = field(default_factory=list)
    competencies_created: list[str] = field(default_factory=list)
    targets_set: int = 0
    skipped_columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    dry_run: bool = False
    applied: bool = False
    header_row: int = 0
    columns: list[ImportedColumn] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    sample: list[ImportChange] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    value_rules: list[str] = field(default_factory=list)
    value_table: list[tuple[str, str, int]] = field(default_factory=list)
    close_matches: dict[str, list[str]] = field(default_factory=dict)  # new -> existing

    @property
    def ok(self) -> bool:
        return not self.problems


class _Rollback(Exception):
    """Raised inside the transaction to undo a dry run or a refused import."""


def import_file(
    db: Database,
    path: str | Path,
    *,
    cycle: str | int | None = None,
    dry_run: bool = False,
    strict: bool = False,
    sheet: str | None = None,
    mapping: Mapping[int, str] | None = None,
    values: Override | None = None,
) -> ImportResult:
    """Import a spreadsheet (see ``skillmatrix.reports.read_import`` for the layouts).

    Everything is applied in one transaction; with any problem, or on a dry run, nothing
    changes and the result says what would have happened. Ratings go to ``cycle``, else
    the cycle the file names (a report or form) when it exists, else the latest cycle.
    Returned self-assessment forms are stored as source "self". ``sheet`` and ``mapping``
    (corrections to how columns were recognised) and ``values`` (to how values are read
    as levels, ``--map``) are passed to ``read_import``; the result lists what each stage
    decided, how each column and value was read and a sample of the changes, for previews.

    Raises:
        ImportProblem: the file cannot be read at all (one line naming it).
    """
    from skillmatrix.reports import read_import

    with db.session() as s:
        known_people = [
            x
            for p in people_repo.list_people(s, include_inactive=True)
            for x in (p.name, p.email)
            if x
        ]
        known_comps = [c.name for c in comps.list_competencies(s)]
    parsed = read_import(
        path,
        scale=db.scale,
        known_people=known_people,
        known_competencies=known_comps,
        sheet=sheet,
        strict=strict,
        mapping=mapping,
        values=values,
    )
    vm = parsed.value_mapping
    result = ImportResult(
        Path(path),
        parsed.layout,
        parsed.sheet,
        parsed.source,
        parsed.cycle_name,
        skipped_columns=list(parsed.skipped_columns),
        problems=parsed.all_problems(),
        dry_run=dry_run,
        header_row=parsed.header_row,
        columns=list(parsed.columns),
        sheets=list(parsed.sheets),
        decisions=list(parsed.decisions),
        value_rules=list(vm.rules) if vm else [],
        value_table=vm.table() if vm else [],
    )
    try:
        with db.session() as s:
            if parsed.layout == "framework":
                _apply_framework(s, db, parsed, result)
            else:
                _apply_ratings(s, parsed, result, cycle)
            if result.problems or dry_run:
                raise _Rollback
            result.applied = True
    except _Rollback:
        pass
    if result.competencies_created and known_comps:
        from skillmatrix.reports.importing.suggest import close_matches

        for name in result.competencies_created:
            found = close_matches(name, known_comps)
            if found:
                result.close_matches[name] = found
    return result


def _apply_framework(s: Session, db: Database, parsed: ParsedImport, out: ImportResult) -> None:
    stored = {fold(c.name): c for c in comps.list_competencies(s)}
    if parsed.frameworks:  # read whole by the framework engine: installed as they are
        for framework in parsed.frameworks:
            for spec in framework.competencies:
                out.targets_set += len(spec.targets)
                if fold(spec.name) not in stored:
                    stored[fold(spec.name)] = spec  # type: ignore[assignment]
                    out.competencies_created.append(spec.name)
            try:
                install(s, framework, db.scale)
            except SkillMatrixError as exc:
                out.problems.append(f"{parsed.sheet}: {exc}")
        return
    specs = []
    for c in parsed.competencies:
        old = stored.get(fold(c.name))
        rule = old.rule if old else CoverageRule()
        rule = CoverageRule(c.min_people or rule.min_people, c.min_level or rule.min_level)
        specs.append(
            CompetencySpec(
                name=c.name,
                category=c.category or (old.category if old else IMPORTED_CATEGORY),
                description=c.description or (old.description if old else ""),
                targets=dict(c.targets),
                critical=bool(c.critical),
                rule=rule,
            )
        )
        out.targets_set += len(c.targets)
        if old is None:
            out.competencies_created.append(c.name)
    role = parsed.role or parsed.sheet
    try:
        install(
            s,
            Framework(
                name=role,
                description=f"Imported from {out.path.name}",
                competencies=tuple(specs),
                source=out.path.name,
            ),
            db.scale,
        )
    except SkillMatrixError as exc:
        out.problems.append(f"{parsed.sheet}: {exc}")


def _apply_ratings(
    s: Session, parsed: ParsedImport, out: ImportResult, cycle: str | int | None
) -> None:
    row = _target_cycle(s, parsed, out, cycle)
    if row is None:
        return
    out.cycle = row.name
    person_ids = _people(s, parsed, out)
    comp_ids = _competencies(s, parsed, out)
    if out.problems:
        return
    groups: dict[Source, list[ImportedRating]] = {}
    for r in parsed.ratings:
        groups.setdefault(Source.SELF if r.self_rating else parsed.source, []).append(r)
    for src, ratings in groups.items():
        _write(s, parsed, out, row.id, person_ids, comp_ids, ratings, src)


def _write(
    s: Session,
    parsed: ParsedImport,
    out: ImportResult,
    cycle_id: int,
    person_ids: list[int],
    comp_ids: list[int],
    ratings: list[ImportedRating],
    src: Source,
) -> None:
    """Write one source's ratings (manager, or self), comparing with what is stored."""
    cells: dict[tuple[int, int], tuple[int, int]] = {}
    for r in ratings:
        cell = (person_ids[r.person], comp_ids[r.competency])
        if cell in cells:  # two rows of the file are the same stored person
            out.problems.append(
                f"{parsed.sheet}!{r.ref}: {parsed.people[r.person].name} is the "
                f"same person as row {cells[cell][1]}; keep one"
            )
            continue
        cells[cell] = (len(cells), r.row)
    if out.problems:
        return
    current = repo_ratings.existing(s, cycle_id=cycle_id, source=src, cells=list(cells))
    today = dt.date.today()
    by = f"import of {out.path.name}"[:120]
    new: list[tuple[tuple[int, int], Rating | None]] = []
    names: dict[tuple[str, int], str] = {}
    for r in ratings:
        cell = (person_ids[r.person], comp_ids[r.competency])
        before = current[cell][1] if cell in current else None
        # What the file sets replaces the stored value; what it leaves empty keeps it.
        level, na = (before.level, before.not_applicable) if before else (None, False)
        if r.level is not None:
            level, na = r.level, False
        elif r.not_applicable:
            level, na = None, True
        interest = r.interest if r.interest is not None else (before.interest if before else None)
        note = r.note.strip() if r.note is not None else (before.note if before else "")
        if before is not None and (level, na, interest, note) == (
            before.level,
            before.not_applicable,
            before.interest,
            before.note,
        ):
            out.unchanged += 1
            continue
        if before is None:
            out.created += 1
        else:
            out.changed += 1
        after = Rating(cell[0], cell[1], level, na, interest, note, src, by, r.rated_on or today)
        new.append((cell, after))
        if len(out.sample) < SAMPLE_CHANGES:
            if not names:  # the stored spelling, not the file's (" sql\t" is "SQL")
                names.update({("c", c.id): c.name for c in comps.list_competencies(s)})
                names.update(
                    {("p", x.id): x.name for x in people_repo.list_people(s, include_inactive=True)}
                )
            p, c = names[("p", cell[0])], names[("c", cell[1])]
            out.sample.append(ImportChange(f"{parsed.sheet}!{r.ref}", p, c, before, after))
    repo_ratings.write(s, cycle_id=cycle_id, source=src, new=new, current=current)


def _target_cycle(
    s: Session, parsed: ParsedImport, out: ImportResult, cycle: str | int | None
) -> models.Cycle | None:
    try:
        if cycle is not None:
            row = repo_cycles.cycle_row(s, cycle)
        else:
            names = {fold(c.name): c.id for c in repo_cycles.list_cycles(s)}
            named = names.get(fold(parsed.cycle_name or ""))
            row = repo_cycles.cycle_row(s, named) if named else repo_cycles.latest_cycle_row(s)
        if row is None:
            out.problems.append("there is no assessment cycle yet: start one, then import")
            return None
        return repo_cycles.writable_cycle_row(s, row.id)
    except SkillMatrixError as exc:
        out.problems.append(str(exc))
        return None


def _people(s: Session, parsed: ParsedImport, out: ImportResult) -> list[int]:
    """Stored person id per parsed person, creating the new ones (problems otherwise)."""
    stored = people_repo.list_people(s, include_inactive=True)
    by_email = {fold(p.email): p.id for p in stored if p.email}
    by_name: dict[str, list[int]] = {}
    for p in stored:
        by_name.setdefault(fold(p.name), []).append(p.id)
    stored_names = set(by_name)
    roles = {fold(r.name): r.id for r in repo_roles.list_roles(s)}
    in_file: dict[str, int] = {}
    for p in parsed.people:
        if not p.email:
            in_file[fold(p.name)] = in_file.get(fold(p.name), 0) + 1
    ids: list[int] = []
    for p in parsed.people:
        where = f"{parsed.sheet}!row {p.row}" if p.row else parsed.sheet
        if p.email and fold(p.email) in by_email:
            ids.append(by_email[fold(p.email)])
            continue
        matches = by_name.get(fold(p.name), [])
        twins = in_file.get(fold(p.name), 0) > 1  # told apart by an id column in the file
        if twins and p.key and fold(p.name) in stored_names:
            out.problems.append(
                f"{where}: the file has several people named {p.name!r} (ids tell them "
                "apart) and so does the database; add an Email column to say who is who"
            )
            ids.append(-1)
            continue
        if twins:
            matches = []
        if len(matches) > 1:
            out.problems.append(
                f"{where}: several people are named {p.name!r}; add an Email "
                "column to tell them apart"
            )
            ids.append(-1)
            continue
        if matches:
            ids.append(matches[0])
            continue
        role_id = roles.get(fold(p.role)) if p.role else None
        if p.role and role_id is None:
            out.warnings.append(f"{p.name}: role {p.role!r} does not exist; added without one")
        if p.email and ("@" not in p.email or " " in p.email):
            out.problems.append(f"{where}: {p.email!r} is not an email address")
            ids.append(-1)
            continue
        row = models.Person(
            name=" ".join(p.name.split()),
            email=p.email,
            team_id=people_repo.ensure_team(s, p.team).id if p.team else None,
            role_id=role_id,
            seniority=(p.seniority.value if p.seniority else "Mid"),
            active=True,
        )
        s.add(row)
        s.flush()
        by_name[fold(p.name)] = [row.id]
        ids.append(row.id)
        out.people_created.append(p.name)
    return ids


def _competencies(s: Session, parsed: ParsedImport, out: ImportResult) -> list[int]:
    """Stored competency id per parsed competency, creating the new ones."""
    stored = {fold(c.name): c.id for c in comps.list_competencies(s)}
    ids: list[int] = []
    for c in parsed.competencies:
        cid = stored.get(fold(c.name))
        if cid is None:
            category = comps.ensure_category(s, c.category or IMPORTED_CATEGORY)
            row = models.Competency(
                name=" ".join(c.name.split()),
                category_id=category.id,
                description=c.description,
                critical=bool(c.critical),
                position=comps.next_position(s, category.id),
            )
            s.add(row)
            s.flush()
            cid = stored[fold(c.name)] = row.id
            out.competencies_created.append(c.name)
        ids.append(cid)
    return ids
