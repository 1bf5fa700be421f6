"""``skillmatrix summary``: what a manager should act on, as text or JSON."""

from __future__ import annotations

import argparse
import sys
import textwrap
from typing import Any

from skillmatrix.commands.common import open_db, previous_snapshot, print_json
from skillmatrix.core.model import UNKNOWN_SENIORITY
from skillmatrix.core.numbers import AVERAGE_GAP_PLACES, MEAN_GAP_PLACES, decimal_text
from skillmatrix.core.summary import summary_data
from skillmatrix.core.trust import STALE_AFTER
from skillmatrix.services.snapshots import load_snapshot

_STATUS = {"gap": "GAP", "at-risk": "AT RISK", "ok": "ok"}


def run_summary(args: argparse.Namespace) -> int:
    """``skillmatrix summary``: coverage, gaps and risks of a cycle, as text or JSON."""
    db = open_db(args, create=False)
    snap = load_snapshot(db, cycle=args.cycle, team=args.team)
    own, settled = None, set()
    if snap.cycle is not None:
        from skillmatrix.core.model import Source
        from skillmatrix.services.review import agreed_people

        own = load_snapshot(db, cycle=snap.cycle.id, team=args.team, source=Source.SELF)
        settled = agreed_people(db, snap.cycle.id)
    data = summary_data(
        snap,
        previous_snapshot(db, snap),
        self_ratings=own,
        settled=settled,
        stale_after=args.stale_after or STALE_AFTER,
    )
    if args.json:
        print_json(data)
    else:
        sys.stdout.write(render_text(data))
    return 0


def _starred(names: list[str], critical: set[str]) -> str:
    return ", ".join(n + ("*" if n in critical else "") for n in names)


def _wrap(text: str, indent: int) -> str:
    pad = " " * indent
    return textwrap.fill(
        text, width=100, initial_indent=pad, subsequent_indent=pad + "  ", break_on_hyphens=False
    )


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _coverage_lines(data: dict[str, Any]) -> list[str]:
    """The headline figures: judged inside each team for all teams, else over the scope."""
    f = data["key_figures"]
    gap = decimal_text(f["average_gap"], AVERAGE_GAP_PLACES)
    if data["nothing_rated"]:
        return ["Nothing is rated yet: rate people (or import ratings) to see coverage."]
    below = f["at_risk"] + f["gaps"]
    if f["judged_by"] == "team":
        return [
            f"Coverage judged within each of the {f['teams']} teams: "
            f"{_pct(f['share_meeting_rule'])} of team competencies meet their rule "
            f"({f['ok']} of {f['judged']}).",
            f"Below their rule in a team: {below} ({f['gaps']} with nobody, "
            f"{f['at_risk']} at risk).  Single points of failure within teams: "
            f"{f['single_points_of_failure']}.",
            f"Average gap to target: {gap} levels per person.",
        ]
    return [
        f"Coverage: {_pct(f['share_meeting_rule'])} of competencies meet their rule "
        f"({f['ok']} ok, {f['at_risk']} at risk, {f['gaps']} with nobody).",
        f"Single points of failure: {f['single_points_of_failure']}.  "
        f"Average gap to target: {gap} levels per person.",
    ]


def _below_scope(data: dict[str, Any], top: int) -> list[str]:
    below = [r for r in data["coverage"] if r["status"] != "ok"]
    below.sort(
        key=lambda r: (r["status"] != "gap", not r["critical"], r["covered"], r["competency"])
    )
    if not below:
        return []
    lines = ["", "Below their coverage rule (covered / required at level):"]
    for r in below[: top * 2]:
        star = " *critical*" if r["critical"] else ""
        who = f"  only {r['covered_by'][0]}" if r["covered"] == 1 else ""
        lines.append(
            f"  {_STATUS[r['status']]:<8} {r['competency']} ({r['category']}): "
            f"{r['covered']}/{r['required']} at >= {r['min_level']}{star}{who}"
        )
    if len(below) > top * 2:
        lines.append(f"  ... and {len(below) - top * 2} more")
    return lines


def _by_team(data: dict[str, Any]) -> list[str]:
    """Per team: what nobody covers, what is at risk, who is the only cover."""
    lines = ["", "By team, worst first (coverage judged within each team; * critical):"]
    worst_first = sorted(
        data["teams"],
        key=lambda t: (-len(t["gaps"]), -len(t["gaps"]) - len(t["at_risk"]), t["team"]),
    )
    for t in worst_first:
        critical = set(t["critical_below_rule"])
        parts = []
        if t["gaps"]:
            parts.append(f"nobody covers {_starred(t['gaps'], critical)}")
        if t["at_risk"]:
            parts.append(f"at risk: {_starred(t['at_risk'], critical)}")
        lines.append(
            _wrap(f"{t['team']} ({t['people']} people): " + ("; ".join(parts) or "all ok"), 2)
        )
        if t["single_points_of_failure"]:
            only = ", ".join(
                f"{x['competency']} ({x['person']})" for x in t["single_points_of_failure"]
            )
            lines.append(_wrap(f"only one person: {only}", 4))
    if data.get("unassigned"):
        lines.append(f"  ({data['unassigned']} people without a team are in no team's coverage)")
    pooled = data["coverage"]
    ok = sum(r["status"] == "ok" for r in pooled)
    spofs = len(data["single_points_of_failure"])
    lines += [
        "",
        _wrap(
            f"Pooled over all teams (as if anyone could cover for any team): {ok} of "
            f"{len(pooled)} competencies meet their rule, {spofs} single points of failure.",
            0,
        ),
    ]
    return lines


def _hire_text(h: dict[str, Any]) -> str:
    where = f"for {h['team']}, " if h.get("team") else ""
    closes = f": {', '.join(h['closes'])}" if h["closes"] else ""
    of = f" of its {h['shortfalls']}" if "shortfalls" in h else ""
    return (
        f"{where}a {h['seniority']} {h['role']} would close {len(h['closes'])}{of} "
        f"coverage gap(s){closes}"
    )


def _hiring(data: dict[str, Any]) -> list[str]:
    hiring = data["hiring"]
    if data["nothing_rated"]:
        return ["Hiring suggestion: none yet, nothing is rated."]
    if hiring is None:
        f = data["key_figures"]
        if f["at_risk"] + f["gaps"]:
            return ["Hiring suggestion: no role's targets reach the missing levels."]
        within = " within every team" if f["judged_by"] == "team" else ""
        return [f"Hiring suggestion: none needed, every competency meets its rule{within}."]
    text = "Hiring suggestion: " + _hire_text(hiring)
    text += f"; and improve {len(hiring['improves'])} more." if hiring["improves"] else "."
    lines = [_wrap(text, 0)]
    for h in hiring.get("runners_up", []):
        lines.append(_wrap("  next, " + _hire_text(h) + ".", 0))
    return lines


def _trust_lines(data: dict[str, Any]) -> list[str]:
    """Stale ratings and open self/manager disagreements, when there are any."""
    lines: list[str] = []
    trust = data.get("trusted_coverage")
    if trust and trust["stale_ratings"]:
        n = trust["stale_after_cycles"]
        named = [
            r["competency"] + (f" ({r['team']})" if r["team"] and not data["team"] else "")
            for r in trust["rests_on_stale"]
        ]
        rests = ", ".join(named[:8]) + (f" and {len(named) - 8} more" if len(named) > 8 else "")
        text = (
            f"Trusted coverage: {trust['stale_ratings']} of {trust['ratings']} ratings were not "
            f"confirmed in the last {n} cycles; {trust['stale_coverers']} of "
            f"{trust['coverers']} covering ratings rest on them."
        )
        if rests:
            text += f" Met only thanks to them: {rests}."
        lines += ["", _wrap(text, 0)]
    talks = data.get("open_disagreements")
    if talks and talks["total"]:
        per_team = ", ".join(f"{t['team'] or '(no team)'} {t['open']}" for t in talks["teams"])
        lines += [
            "",
            f"Open disagreements (self and manager 2+ apart): {talks['total']} ({per_team}).",
        ]
    return lines


def render_text(data: dict[str, Any], *, top: int = 8) -> str:
    """The summary as the terminal shows it, at most ``top`` rows per list."""
    scope = data["team"] or "all teams"
    lines = [
        f"SkillMatrix summary: {scope}, cycle {data['cycle'] or '(none)'}",
        f"{data['people']} people, {data['competencies']} competencies",
        "",
        *_coverage_lines(data),
    ]
    if data["nothing_rated"]:
        pass  # every competency reads "nobody": no list to act on yet
    elif data.get("teams"):
        lines += _by_team(data)
    else:
        lines += _below_scope(data, top)
        spofs = [r for r in data["coverage"] if r["covered"] == 1]
        if spofs:
            names = ", ".join(f"{r['competency']} ({r['covered_by'][0]})" for r in spofs)
            lines += [
                "",
                _wrap(f"Single points of failure, if they left nobody would cover: {names}", 0),
            ]
    if data["team_gaps"]:
        lines += ["", "Biggest team gaps to role targets (people below target):"]
        for t in data["team_gaps"][:top]:
            lines.append(
                f"  {t['competency']}: {t['people_below']} of {t['people_with_target']} below, "
                f"mean gap {decimal_text(t['mean_gap'], MEAN_GAP_PLACES)}"
            )
    if data["gaps"]:
        lines += ["", "People furthest from their role target:"]
        for g in data["gaps"][:top]:
            worst = ", ".join(i["competency"] for i in g["items"][:3])
            seniority = g["seniority"] or UNKNOWN_SENIORITY
            lines.append(
                f"  {g['person']} ({seniority} {g['role']}, {g['team']}): "
                f"gap {g['total_gap']:g} over {g['below_target']} competencies; most: {worst}"
            )
    unknown = data.get("unknown_seniority") or []
    if unknown:
        lines += [
            "",
            f"Seniority unknown (no target to judge against; set it in the Team view): "
            f"{', '.join(unknown)}",
        ]
    lines += _trust_lines(data)
    lines.append("")
    lines += _hiring(data)
    if data["compared_to"]:
        changes = data["changes"]
        lines += ["", f"Since {data['compared_to']}: {len(changes)} competencies changed coverage."]
        for ch in changes[:top]:
            lines.append(
                f"  {ch['competency']}: {ch['covered_before']} -> {ch['covered_after']} covering"
                + (
                    f" ({ch['status_before']} -> {ch['status_after']})"
                    if ch["status_before"] != ch["status_after"]
                    else ""
                )
            )
    return "\n".join(lines) + "\n"
