"""``skillmatrix frameworks``: list the built-in role frameworks.

``frameworks load`` installs one (or a framework file) into a database.
"""

from __future__ import annotations

import argparse

from skillmatrix.core.frameworks import builtin_frameworks


def run_frameworks(args: argparse.Namespace) -> int:
    """``skillmatrix frameworks``: list the built-in frameworks, or ``load`` one."""
    if getattr(args, "frameworks_action", None) == "load":
        return run_load(args)
    frameworks = builtin_frameworks()
    width = max(len(fw.name) for fw in frameworks)
    for fw in frameworks:
        critical = sum(c.critical for c in fw.competencies)
        print(
            f"{fw.name:<{width}}  {len(fw.competencies):>3} competencies "
            f"in {len(fw.categories)} categories, {critical} critical"
        )
    return 0


def run_load(args: argparse.Namespace) -> int:
    """``skillmatrix frameworks load``: install a framework (built-in or file) into a database."""
    from skillmatrix.commands.common import open_db
    from skillmatrix.services.database import discarded_on_failure
    from skillmatrix.services.frameworks import (
        install_framework,
        list_competencies,
        read_frameworks,
    )

    loaded = []
    with discarded_on_failure(getattr(args, "db", None)) as fresh:
        db = open_db(args, announce=False)
        try:
            found = read_frameworks(args.framework, db.scale)  # all read before any install
            for fw in found:
                before = {c.name.casefold() for c in list_competencies(db)}
                role = install_framework(db, fw)
                added = sum(c.name.casefold() not in before for c in fw.competencies)
                loaded.append((role.name, len(fw.competencies), added))
        finally:
            db.close()
    where = f"new database {db.name}" if fresh is not None else db.name
    for name, count, added in loaded:
        print(
            f"Loaded framework {name} into {where}: {count} competencies "
            f"({added} new, {count - added} shared or updated)."
        )
    return 0
