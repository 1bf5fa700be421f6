"""Builders shared by the service tests (a uniquely named module)."""

from __future__ import annotations

from skillmatrix.core.frameworks import CompetencySpec, Framework
from skillmatrix.core.model import CoverageRule, Seniority


def framework(name: str, comps: list[tuple[str, str, int, bool]], version: int = 1) -> Framework:
    """A framework whose competencies target ``mid`` at Mid, one less/more around it."""
    specs = []
    for cname, category, mid, critical in comps:
        targets = {
            Seniority.JUNIOR: max(mid - 1, 0),
            Seniority.MID: mid,
            Seniority.SENIOR: min(mid + 1, 4),
            Seniority.STAFF: min(mid + 1, 4),
            Seniority.PRINCIPAL: 4,
        }
        specs.append(
            CompetencySpec(
                name=cname,
                category=category,
                description=f"{cname} for {name}",
                targets=targets,
                critical=critical,
                rule=CoverageRule(min_people=1 if critical else 2, min_level=mid),
                level_descriptions={mid: f"{cname} at {mid}"},
            )
        )
    return Framework(
        name=name,
        description=f"The {name} role",
        competencies=tuple(specs),
        source="tests",
        version=version,
    )
