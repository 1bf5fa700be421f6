"""``skillmatrix frameworks``: list the built-in role frameworks."""

from __future__ import annotations

import argparse

from skillmatrix.core.frameworks import builtin_frameworks


def run_frameworks(args: argparse.Namespace) -> int:
    frameworks = builtin_frameworks()
    width = max(len(fw.name) for fw in frameworks)
    for fw in frameworks:
        critical = sum(c.critical for c in fw.competencies)
        print(
            f"{fw.name:<{width}}  {len(fw.competencies):>3} competencies "
            f"in {len(fw.categories)} categories, {critical} critical"
        )
    return 0
