"""k-anonymity for the identifying columns of an anonymised report.

Pseudonyms hide names, but team + role + seniority is unique for many people of a team
(26 of 40 in the demo), and anyone with the team roster can read the name back. So an
anonymised report shows those three columns only as precisely as at least ``k`` people
share them. Each person's columns are generalised one step at a time, the whole group
together (people with the same visible columns always move together):

0. team, role, seniority
1. team, role, seniority band (Junior–Mid, Senior–Principal)
2. team, role
3. team
4. nothing

until every visible combination is shared by ``k`` people or more. A group still smaller
than ``k`` after the last step (fewer than ``k`` people in the report at all) shows
nothing. Everyone whose columns match a visible combination is then one of at least
``k`` candidates for each row carrying it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from skillmatrix.core.model import Person, Seniority, seniority_text

#: Default smallest group (the CLI's and the app's default).
DEFAULT_K = 5
WITHHELD = "(withheld)"
BANDS = {
    Seniority.JUNIOR: "Junior–Mid",
    Seniority.MID: "Junior–Mid",
    Seniority.SENIOR: "Senior–Principal",
    Seniority.STAFF: "Senior–Principal",
    Seniority.PRINCIPAL: "Senior–Principal",
}
LAST_STEP = 4

Identity = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Generalised:
    """What :func:`generalise` decided.

    Attributes:
        shown: person id -> (team, role, seniority) as the report shows them.
        k: the smallest group size asked for.
        steps: how many people ended at each step (0 = shown as they are, see above).
    """

    shown: dict[int, Identity]
    k: int
    steps: tuple[int, ...] = (0,) * (LAST_STEP + 1)

    @property
    def changed(self) -> int:
        """People whose team, role or seniority is shown less precisely."""
        return sum(self.steps[1:])


def _at(person: Person, step: int) -> Identity:
    team = person.team if step < LAST_STEP else WITHHELD
    role = person.role if step < 3 else WITHHELD
    known = person.seniority
    if step < 2 and known is None:
        seniority = seniority_text(None)  # unknown is a band of its own
    elif step == 0 and known is not None:
        seniority = known.value
    elif step == 1 and known is not None:
        seniority = BANDS.get(known, WITHHELD)
    else:
        seniority = WITHHELD
    return team, role, seniority


def generalise(people: Sequence[Person], k: int = DEFAULT_K) -> Generalised:
    """Generalise team, role and seniority until each shown combination has ``k`` people.

    ``k`` of 1 (or less) changes nothing.
    """
    if k < 1:
        raise ValueError(f"k must be 1 or more, not {k}")
    step = {p.id: 0 for p in people}
    while True:
        shown = {p.id: _at(p, step[p.id]) for p in people}
        sizes = Counter(shown.values())
        rare = [p for p in people if sizes[shown[p.id]] < k and step[p.id] < LAST_STEP]
        if not rare:
            break
        for p in rare:
            step[p.id] += 1
    # The fully withheld group may itself be too small: fold the smallest other groups
    # into it until it is not (or everyone is in it).
    while True:
        shown = {p.id: _at(p, step[p.id]) for p in people}
        sizes = Counter(shown.values())
        withheld = sizes.get((WITHHELD, WITHHELD, WITHHELD), 0)
        if withheld == 0 or withheld >= k or len(sizes) == 1:
            break
        smallest = min((c for c in sizes if c != (WITHHELD,) * 3), key=lambda c: sizes[c])
        for p in people:
            if shown[p.id] == smallest:
                step[p.id] = LAST_STEP
    counts = Counter(step.values())
    return Generalised(shown, k, tuple(counts.get(n, 0) for n in range(LAST_STEP + 1)))


def describe(result: Generalised, people: int) -> str:
    """One sentence for the Summary sheet: what was generalised and why."""
    if result.k <= 1:
        return "Team, role and seniority are shown as they are (no k-anonymity asked for)."
    what = (
        "",
        "seniority as a band",
        "no seniority",
        "team only",
        "no team, role or seniority",
    )
    parts = [f"{n} shown with {what[step]}" for step, n in enumerate(result.steps) if step and n]
    done = "; ".join(parts) if parts else "nothing needed generalising"
    return (
        f"k-anonymity, k = {result.k}: team, role and seniority are shown only as precisely "
        f"as at least {result.k} of the {people} people share them ({done}); "
        "rows are in pseudonym order."
    )
