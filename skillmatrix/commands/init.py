"""``skillmatrix init``: create a database with its scale and role frameworks."""

from __future__ import annotations

import argparse

from skillmatrix.paths import database_target


def run_init(args: argparse.Namespace) -> int:
    """``skillmatrix init``: create a database on a scale, optionally with a framework."""
    from skillmatrix.core.scales import describe, scale_choice
    from skillmatrix.services.frameworks import read_framework
    from skillmatrix.services.new_database import create_database

    scale = scale_choice(args.scale)
    frameworks = [read_framework(name, scale) for name in args.frameworks]
    created = create_database(
        database_target(getattr(args, "db", None)), scale=scale, frameworks=frameworks
    )
    db = created.db
    try:
        verb = "Created" if created.new_file else "Set up"
        print(f"{verb} {db.name} with the scale {describe(db.scale)}.")
        for fw in frameworks:
            print(f"  framework {fw.name}: {len(fw.competencies)} competencies")
        print(
            "Next: 'skillmatrix import FILE' to bring in ratings, or "
            "'skillmatrix cycle start' to begin a cycle."
        )
    finally:
        db.close()
    return 0
