"""Excel input use case: import a spreadsheet of ratings or a role framework.

Reading the file is :mod:`skillmatrix.reports` (imported only when called, so the app
starts without openpyxl); this module applies it in one transaction: all of it or
nothing. Blank cells in an imported file never delete a stored rating, and existing
people's team, role and seniority are left as they are.

A ratings import is planned first, in a read transaction that takes no lock (which people
and competencies are new, what every cell becomes), then written in one short ``BEGIN
IMMEDIATE`` transaction, so another program's edits wait well under a second rather than
for the whole import. The write goes ahead only if no other connection committed since the
plan was read (``Database.pinned``); otherwise it is planned again, and after
:data:`PLAN_ATTEMPTS` tries planned and written under the lock. Either way it is one
transaction: all of it or nothing. The plan compares, and the write writes, a few hundred
people at a time (:mod:`skillmatrix.services.importing_ratings`): a 20,000-person sheet
takes bounded memory beyond its parsed cells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from skillmatrix.core.errors import SkillMatrixError
from skillmatrix.core.frameworks import CompetencySpec, Framework
from skillmatrix.core.gcpause import gc_paused
from skillmatrix.core.model import CoverageRule, Rating, Source
from skillmatrix.core.scale import Scale
from skillmatrix.services import importing_ratings
from skillmatrix.services.cycles import add_cycle
from skillmatrix.services.importing_ratings import SourceWrite
from skillmatrix.store import (
    models,
    repo_changes,
    repo_cycles,
    repo_reviews,
    repo_roles,
)
from skillmatrix.store import repo_competencies as comps
from skillmatrix.store import repo_people as people_repo
from skillmatrix.store.bulk import bulk_insert_people
from skillmatrix.store.database import Database
from skillmatrix.store.install import install_recorded
from skillmatrix.store.names import clean_name, fold

if TYPE_CHECKING:
    from skillmatrix.reports.importing.limits import ImportLimits
    from skillmatrix.reports.importing.records import ImportedColumn, ParsedImport
    from skillmatrix.reports.importing.scalemap import Override

#: Category given to competencies an import creates when the file names none.
IMPORTED_CATEGORY = "Imported"
#: Changes an ImportResult keeps as a sample for previews.
SAMPLE_CHANGES = 200
#: Plans made outside the write lock before one is made (and written) under it.
PLAN_ATTEMPTS = 3


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
    #: The cycle this import started (a database without cycles), else None.
    cycle_created: str | None = None
    decisions: list[str] = field(default_factory=list)
    value_rules: list[str] = field(default_factory=list)
    value_table: list[tuple[str, str, int]] = field(default_factory=list)
    close_matches: dict[str, list[str]] = field(default_factory=dict)  # new -> existing

    @property
    def ok(self) -> bool:
        """True when the import found no problem."""
        return not self.problems


class _Rollback(Exception):
    """Raised inside the transaction to undo a dry run or a refused import."""


@gc_paused()
def import_file(
    db: Database,
    path: str | Path,
    *,
    cycle: str | int | None = None,
    dry_run: bool = False,
    strict: bool = False,
    sheet: str | None = None,
    mapping: Mapping[int, str] | None = None,
    create_cycle: bool = False,
    limits: ImportLimits | None = None,
    values: Override | None = None,
) -> ImportResult:
    """Import a spreadsheet (see ``skillmatrix.reports.read_import`` for the layouts).

    Everything is applied in one transaction; with any problem, or on a dry run, nothing
    changes and the result says what would have happened. Ratings go to ``cycle``, else
    the cycle the file names (a report or form) when it exists, else the latest cycle.
    Returned self-assessment forms are stored as source "self". ``sheet`` and ``mapping``
    (corrections to how columns were recognised) are passed to ``read_import``; the result
    lists how each column was read and a sample of the changes, for previews.
    With ``create_cycle``, a database without any cycle gets one in the same transaction:
    ``cycle`` (a name), else the one the file names, else the current quarter.
    ``limits`` bounds the people and competencies the file may hold (default: 25,000 and 500).
    ``values`` (corrections to how values are read as levels, ``--map``) is passed to
    ``read_import``; the result lists what each stage decided and how each value was read.

    Raises:
        ImportProblem: the file cannot be read at all (one line naming it).
        ImportTooLarge: the file holds more than ``limits`` allow; nothing was read further.
    """
    from skillmatrix.reports import read_import
    from skillmatrix.reports.importing.limits import DEFAULT_LIMITS

    with db.reading() as s:
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
        limits=limits or DEFAULT_LIMITS,
        values=values,
    )
    vm = parsed.value_mapping

    def fresh() -> ImportResult:
        return ImportResult(
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

    if parsed.layout != "framework":
        with db.bulk():  # a big sheet's statements outlast an interactive one's timeout
            result = _import_ratings(db, parsed, fresh, cycle, create_cycle)
    else:
        result = fresh()
        try:
            with db.bulk(), db.session() as s:
                _apply_framework(s, db, parsed, result)
                if result.problems or dry_run:
                    raise _Rollback
                result.applied = True
        except _Rollback:
            pass
    _note_close_matches(result, known_comps)
    return result


def _note_close_matches(result: ImportResult, known: list[str]) -> None:
    """Name the existing competencies a new one is close to (noted, never applied)."""
    if not (result.competencies_created and known):
        return
    from skillmatrix.reports.importing.suggest import close_matches

    for name in result.competencies_created:
        found = close_matches(name, known)
        if found:
            result.close_matches[name] = found


def _import_ratings(
    db: Database,
    parsed: ParsedImport,
    fresh: Callable[[], ImportResult],
    cycle: str | int | None,
    create_cycle: bool = False,
) -> ImportResult:
    """Plan outside the write lock, write in one short transaction (see the module notes).

    A database without cycles that the import may give one is planned under the lock.
    """
    with db.pinned() as pin:
        with pin.reading() as s:
            attempts = PLAN_ATTEMPTS if pin.sqlite else 0
            if create_cycle and repo_cycles.latest_cycle_row(s) is None:
                attempts = 0
        for _attempt in range(attempts):
            result = fresh()
            with pin.reading() as s:
                plan = _plan_ratings(s, parsed, result, cycle)
            if plan is None or result.problems or result.dry_run:
                return result
            with pin.session() as s:
                if not pin.others_wrote(s):
                    _write_plan(s, plan, db.identity)
                    result.applied = True
                    return result
        result = fresh()  # others kept writing meanwhile: plan and write under the lock
        try:
            with pin.session() as s:
                plan = _plan_ratings(s, parsed, result, cycle, create_cycle)
                if plan is None or result.problems or result.dry_run:
                    raise _Rollback
                _write_plan(s, plan, db.identity)
                result.applied = True
        except _Rollback:
            pass
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
                install_recorded(
                    s, framework, db.scale, who=db.identity, via=f"import of {out.path.name}"
                )
            except SkillMatrixError as exc:
                out.problems.append(f"{parsed.sheet}: {exc}")
        return
    specs = []
    for c in parsed.competencies:
        old = stored.get(fold(c.name))
        rule = old.rule if old else CoverageRule(min_level=db.scale.default_min_level)
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
        install_recorded(
            s,
            Framework(
                name=role,
                description=f"Imported from {out.path.name}",
                competencies=tuple(specs),
                source=out.path.name,
            ),
            db.scale,
            who=db.identity,
            via=f"import of {out.path.name}",
        )
    except SkillMatrixError as exc:
        out.problems.append(f"{parsed.sheet}: {exc}")


@dataclass
class _Plan:
    """What a ratings import will write.

    New people and competencies have placeholder ids (negative) until they are inserted; the
    cells to write are indices into ``parsed.ratings`` (see
    :mod:`skillmatrix.services.importing_ratings`).
    """

    cycle_id: int
    parsed: ParsedImport
    action: str = ""
    today: dt.date = field(default_factory=dt.date.today)
    new_people: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    new_competencies: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    person_ids: list[int] = field(default_factory=list)  # stored id per parsed person
    comp_ids: list[int] = field(default_factory=list)  # stored id per parsed competency
    writes: list[SourceWrite] = field(default_factory=list)
    returned: set[int] = field(default_factory=set)  # people whose self-assessment came back


def _plan_ratings(
    s: Session,
    parsed: ParsedImport,
    out: ImportResult,
    cycle: str | int | None,
    create_cycle: bool = False,
) -> _Plan | None:
    """Work out the whole import with reads only.

    ``create_cycle`` aside, which makes the missing cycle; None when there is nothing to
    write to.
    """
    row = _target_cycle(s, parsed, out, cycle, create_cycle)
    if row is None:
        return None
    out.cycle = row.name
    plan = _Plan(row.id, parsed, action=f"import of {out.path.name}"[:120])
    plan.person_ids = _people(s, parsed, out, plan)
    plan.comp_ids = _competencies(s, parsed, out, plan)
    if out.problems:
        return plan
    cells = importing_ratings.Cells(parsed.ratings, plan.person_ids, plan.comp_ids)
    names: dict[tuple[str, int], str] = {}

    def name_of(pid: int, cid: int) -> tuple[str, str]:
        if not names:  # the stored spelling, not the file's (" sql\t" is "SQL")
            names.update({("c", c.id): c.name for c in comps.list_competencies(s)})
            names.update(
                {("p", x.id): x.name for x in people_repo.list_people(s, include_inactive=True)}
            )
            names.update({("p", ph): f["name"] for ph, f in plan.new_people})
            names.update({("c", ph): f["name"] for ph, f in plan.new_competencies})
        return names[("p", pid)], names[("c", cid)]

    for src, indices in importing_ratings.source_groups(parsed.ratings, parsed.source):
        repeated = importing_ratings.repeated_cells(cells, indices)
        if repeated is not None:  # two rows of the file are the same stored person
            _name_duplicates(parsed, out, repeated, cells)
            continue
        how = importing_ratings.Compare(
            plan.cycle_id,
            src,
            plan.action,
            plan.today,
            parsed.sheet,
            SAMPLE_CHANGES,
            name_of,
            ImportChange,
        )
        plan.writes.append(importing_ratings.compare(s, parsed, out, cells, indices, how))
        if src == Source.SELF:  # a returned self-assessment: its people have returned theirs
            plan.returned |= set(cells.people(indices).tolist())
    return plan


def _name_duplicates(
    parsed: ParsedImport, out: ImportResult, repeated: list[int], cells: importing_ratings.Cells
) -> None:
    """One problem per cell that an earlier row of the file already gave.

    ``repeated``: the cells, in file order, whose stored cell is given more than once.
    """
    import numpy as np

    keys = cells.keys(np.asarray(repeated, dtype=np.int64)).tolist()
    first: dict[int, int] = {}
    for i, cell in zip(repeated, keys, strict=True):
        r = parsed.ratings[i]
        if cell in first:
            out.problems.append(
                f"{parsed.sheet}!{r.ref}: {parsed.people[r.person].name} is the "
                f"same person as row {first[cell]}; keep one"
            )
        else:
            first[cell] = r.row


def _write_plan(s: Session, plan: _Plan, who: str) -> None:
    """Insert the plan's new people and competencies, then write its ratings.

    Each new row is recorded in the change history as added by ``who``.
    """
    ids: dict[tuple[str, int], int] = {}
    scale: Scale | None = None
    if plan.new_people:
        teams = {
            fold(name): people_repo.ensure_team(s, name).id
            for name in {f["team"] for _, f in plan.new_people if f["team"]}
        }
        rows = [
            {
                **{k: v for k, v in f.items() if k != "team"},
                "team_id": teams[fold(f["team"])] if f["team"] else None,
            }
            for _, f in plan.new_people
        ]
        new_ids = bulk_insert_people(s, rows)
        ids.update({("p", ph): pid for (ph, _), pid in zip(plan.new_people, new_ids, strict=True)})
        repo_changes.record_many(
            s,
            who=who,
            action="person.add",
            kind="person",
            changes=[
                (pid, f["name"], None, {"team": f["team"] or "", "via": plan.action})
                for (_, f), pid in zip(plan.new_people, new_ids, strict=True)
            ],
        )
    for ph, f in plan.new_competencies:
        category = comps.ensure_category(s, f["category"])
        row = models.Competency(
            name=f["name"],
            category_id=category.id,
            description=f["description"],
            critical=f["critical"],
            position=comps.next_position(s, category.id),
        )
        s.add(row)
        s.flush()
        # The usual rule on this database's scale (what a read assumes, on 0-4).
        scale = scale or comps.load_scale(s)
        comps.set_rule(s, row.id, CoverageRule(min_level=scale.default_min_level), scale)
        ids[("c", ph)] = row.id
        new = {"category": f["category"], "via": plan.action}
        repo_changes.record(
            s,
            who=who,
            action="competency.add",
            kind="competency",
            entity_id=row.id,
            name=row.name,
            new=new,
        )

    person_ids = [ids.get(("p", pid), pid) for pid in plan.person_ids]
    comp_ids = [ids.get(("c", cid), cid) for cid in plan.comp_ids]
    for write in plan.writes:
        how = importing_ratings.Compare(
            plan.cycle_id, write.source, plan.action, plan.today, "", 0, _no_names, ImportChange
        )
        importing_ratings.write_source(s, plan.parsed, write, how, person_ids, comp_ids)
    if plan.returned:
        people = {ids.get(("p", pid), pid) for pid in plan.returned}
        repo_reviews.record_step(s, plan.cycle_id, people, "returned_on", dt.date.today())


def _no_names(pid: int, cid: int) -> tuple[str, str]:
    raise AssertionError("a write keeps no sample")


def _target_cycle(
    s: Session,
    parsed: ParsedImport,
    out: ImportResult,
    cycle: str | int | None,
    create_cycle: bool = False,
) -> models.Cycle | None:
    try:
        if create_cycle and not isinstance(cycle, int) and repo_cycles.latest_cycle_row(s) is None:
            row = add_cycle(s, cycle if cycle is not None else parsed.cycle_name or None)
            out.cycle_created = row.name
            return row
        found: models.Cycle | None
        if cycle is not None:
            found = repo_cycles.cycle_row(s, cycle)
        else:
            names = {fold(c.name): c.id for c in repo_cycles.list_cycles(s)}
            named = names.get(fold(parsed.cycle_name or ""))
            found = repo_cycles.cycle_row(s, named) if named else repo_cycles.latest_cycle_row(s)
        if found is None:
            out.problems.append("there is no assessment cycle yet: start one, then import")
            return None
        return repo_cycles.writable_cycle_row(s, found.id)
    except SkillMatrixError as exc:
        out.problems.append(str(exc))
        return None


def _people(s: Session, parsed: ParsedImport, out: ImportResult, plan: _Plan) -> list[int]:
    """Stored person id per parsed person.

    New ones go into ``plan`` under a placeholder id (problems otherwise).
    """
    stored = people_repo.list_people(s, include_inactive=True)
    by_email = {fold(p.email): p.id for p in stored if p.email}
    by_name: dict[str, list[int]] = {}
    for person in stored:
        by_name.setdefault(fold(person.name), []).append(person.id)
    stored_names = set(by_name)
    roles = {fold(r.name): r.id for r in repo_roles.list_roles(s)}
    in_file: dict[str, int] = {}
    for p in parsed.people:
        if not p.email:
            in_file[fold(p.name)] = in_file.get(fold(p.name), 0) + 1
    ids: list[int] = []
    no_seniority: list[str] = []
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
        placeholder = -(len(plan.new_people) + 1)
        plan.new_people.append(
            (
                placeholder,
                {
                    "name": " ".join(p.name.split()),
                    "email": p.email,
                    "team": clean_name(p.team, "team") if p.team else None,
                    "role_id": role_id,
                    "seniority": p.seniority.value if p.seniority else None,  # None: unknown
                    "active": True,
                },
            )
        )
        by_name[fold(p.name)] = [placeholder]
        ids.append(placeholder)
        out.people_created.append(p.name)
        if not p.seniority:
            no_seniority.append(p.name)
    if no_seniority:
        # Unknown stays unknown (never a silent Mid): say who, and where to set it.
        one = len(no_seniority) == 1
        out.warnings.append(
            f"{len(no_seniority)} new {'person has' if one else 'people have'} no seniority"
            f" in the file and {'was' if one else 'were'} added with unknown seniority;"
            f" set it in the Team view: {', '.join(no_seniority)}"
        )
    return ids


def _competencies(s: Session, parsed: ParsedImport, out: ImportResult, plan: _Plan) -> list[int]:
    """Stored competency id per parsed competency; new ones go into ``plan``."""
    stored = {fold(c.name): c.id for c in comps.list_competencies(s)}
    ids: list[int] = []
    for c in parsed.competencies:
        cid = stored.get(fold(c.name))
        if cid is None:
            cid = stored[fold(c.name)] = -(len(plan.new_competencies) + 1)
            category = clean_name(c.category or IMPORTED_CATEGORY, "category")
            plan.new_competencies.append(
                (
                    cid,
                    {
                        "name": " ".join(c.name.split()),
                        "category": category,
                        "description": c.description,
                        "critical": bool(c.critical),
                    },
                )
            )
            out.competencies_created.append(c.name)
        ids.append(cid)
    return ids
