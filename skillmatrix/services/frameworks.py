"""Frameworks: install a role's competencies and targets; read roles, competencies, scale.

Competencies are shared between roles by name (compared ignoring case): "API design" in
both Engineer and Backend Engineer is one competency, so ratings and coverage add up.
"""

from __future__ import annotations

from pathlib import Path

from skillmatrix.core.errors import FrameworkError
from skillmatrix.core.frameworks import Framework, builtin_frameworks, builtin_names, load_framework
from skillmatrix.core.model import Competency, Role
from skillmatrix.core.scale import Scale
from skillmatrix.store import repo_competencies as comps
from skillmatrix.store import repo_roles as roles
from skillmatrix.store.database import Database
from skillmatrix.store.install import check_levels, install_recorded
from skillmatrix.store.records import Category


def get_scale(db: Database) -> Scale:
    """The database's proficiency scale."""
    return db.scale


def list_roles(db: Database) -> list[Role]:
    """Every role with its targets, ordered by name."""
    with db.reading() as s:
        return roles.list_roles(s)


def get_role(db: Database, role: int | str) -> Role:
    """One role by id or name (any case).

    Raises:
        NotFoundError: no such role.
    """
    with db.reading() as s:
        return roles.get_role(s, role)


def list_competencies(db: Database) -> list[Competency]:
    """Every competency, ordered by category position then competency position."""
    with db.reading() as s:
        return comps.list_competencies(s)


def get_competency(db: Database, competency: int | str) -> Competency:
    """One competency by id or name (any case).

    Raises:
        NotFoundError: no such competency.
    """
    with db.reading() as s:
        return comps.get_competency(s, competency)


def list_categories(db: Database) -> list[Category]:
    """Categories in display order."""
    with db.reading() as s:
        return comps.list_categories(s)


def install_framework(db: Database, framework: Framework) -> Role:
    """Install or refresh a framework: its role, categories, competencies and targets.

    Idempotent: installing the same framework twice changes nothing. Competencies that
    already exist (same name ignoring case) are updated, not duplicated; the role's
    targets become exactly the framework's. Level descriptions given are set; others kept.

    Returns:
        The role, with its targets.

    Raises:
        ValidationError: a level does not fit this database's scale.
    """
    scale = db.scale
    check_levels(framework, scale)  # before opening a transaction
    with db.session() as s:
        role_id = install_recorded(
            s, framework, scale, who=db.identity, via=f"framework {framework.name}"
        )
        return roles.get_role(s, role_id)


def read_framework(name_or_file: str, scale: Scale) -> Framework:
    """The framework ``init --framework`` names.

    A built-in one by role or file name (any case), or a framework file (see
    :func:`read_frameworks`) that holds one role.

    Raises:
        FrameworkError: no such built-in name or file, the file is not a framework, or
            it holds several roles (one line naming it).
    """
    found = read_frameworks(name_or_file, scale)
    if len(found) > 1:
        names = ", ".join(f.name for f in found)
        raise FrameworkError(
            f"{Path(name_or_file).name}: holds {len(found)} roles ({names}); load one per file"
        )
    return found[0]


def read_frameworks(name_or_file: str, scale: Scale) -> list[Framework]:
    """The frameworks ``frameworks load`` names, their levels checked against ``scale``.

    A built-in one by role or file name (any case), our TOML, or any framework layout the
    import engine reads (a sheet, CSV, Markdown or YAML; a sheet with targets per role in
    columns gives one per role).

    Raises:
        FrameworkError: no such built-in name or file, or the file is not a framework
            (one line naming it).
    """
    key = name_or_file.strip()
    folded = key.casefold()
    for fw in builtin_frameworks():
        if fw.name.casefold() == folded or (fw.path is not None and fw.path.stem == folded):
            return [fw]
    path = Path(key).expanduser()
    if path.suffix.lower() == ".toml":
        return [load_framework(path, scale)]
    if path.suffix and path.is_file():
        return _read_framework_layout(path, scale)
    if path.suffix and not path.exists():
        raise FrameworkError(f"{path}: file not found")
    raise FrameworkError(
        f"no framework named {key!r} (built-in: {', '.join(builtin_names())}; or give a "
        "framework file)"
    )


def _read_framework_layout(path: Path, scale: Scale) -> list[Framework]:
    """The frameworks of a spreadsheet, CSV, Markdown or YAML layout."""
    from skillmatrix.core.errors import ImportProblem
    from skillmatrix.reports.importing.framework_file import load_framework_files

    try:
        found = load_framework_files(path, scale)
    except ImportProblem as exc:  # the file cannot be read at all (damaged, not a sheet)
        raise FrameworkError(str(exc)) from None
    for fw in found:
        check_levels(fw, scale)
    return found
