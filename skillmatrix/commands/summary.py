"""``skillmatrix summary``: what a manager should act on, as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any

from skillmatrix.commands.common import open_db, previous_snapshot
from skillmatrix.core.summary import summary_data
from skillmatrix.services.snapshots import load_snapshot

_STATUS = {"gap": "GAP", "at-risk": "AT RISK", "ok": "ok"}


def run_summary(args: argparse.Namespace) -> int:
    db = open_db(args, create=False)
    snap = load_snapshot(db, cycle=args.cycle, team=args.team)
    data = summary_data(snap, previous_snapshot(db, snap))
    if args.json:
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
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


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:g}"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def render_text(data: dict[str, Any], *, top: int = 8) -> str:
    figures = data["key_figures"]
    scope = data["team"] or "all teams"
    lines = [
        f"SkillMatrix summary: {scope}, cycle {data['cycle'] or '(none)'}",
        f"{data['people']} people, {data['competencies']} competencies",
        "",
        f"Coverage: {_pct(figures['share_meeting_rule'])} of competencies meet their rule "
        f"({figures['ok']} ok, {figures['at_risk']} at risk, {figures['gaps']} with nobody).",
        f"Single points of failure: {figures['single_points_of_failure']}.  "
        f"Average gap to target: {_num(figures['average_gap'])} levels per person.",
    ]
    below = [r for r in data["coverage"] if r["status"] != "ok"]
    below.sort(
        key=lambda r: (r["status"] != "gap", not r["critical"], r["covered"], r["competency"])
    )
    if below:
        lines += ["", "Below their coverage rule (covered / required at level):"]
        for r in below[: top * 2]:
            star = " *critical*" if r["critical"] else ""
            who = f"  only {r['covered_by'][0]}" if r["covered"] == 1 else ""
            lines.append(
                f"  {_STATUS[r['status']]:<8} {r['competency']} ({r['category']}): "
                f"{r['covered']}/{r['required']} at >= {r['min_level']}{star}{who}"
            )
        if len(below) > top * 2:
            lines.append(f"  ... and {len(below) - top * 2} more")
    if data.get("teams"):
        lines += ["", "By team (coverage judged within each team):"]
        for t in data["teams"]:
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
        lines.append("  (* critical)")
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
                f"mean gap {t['mean_gap']}"
            )
    if data["gaps"]:
        lines += ["", "People furthest from their role target:"]
        for g in data["gaps"][:top]:
            worst = ", ".join(i["competency"] for i in g["items"][:3])
            lines.append(
                f"  {g['person']} ({g['seniority']} {g['role']}, {g['team']}): "
                f"gap {g['total_gap']} over {g['below_target']} competencies; most: {worst}"
            )
    hiring = data["hiring"]
    lines.append("")
    if hiring:
        lines.append(
            f"Hiring suggestion: a {hiring['seniority']} {hiring['role']} would close "
            f"{len(hiring['closes'])} coverage gap(s)"
            + (f": {', '.join(hiring['closes'])}" if hiring["closes"] else "")
            + (f"; and improve {len(hiring['improves'])} more." if hiring["improves"] else ".")
        )
    else:
        lines.append("Hiring suggestion: none needed, every competency meets its rule.")
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
