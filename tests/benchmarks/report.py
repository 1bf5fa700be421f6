"""Print the benchmark table for BENCHMARKS.md from a pytest-benchmark JSON file.

Usage: ``python tests/benchmarks/report.py bench.json``.
"""

from __future__ import annotations

import json
import sys


def main(path: str) -> None:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    print("| benchmark | median | floor | floor median | ratio | budget | met | notes |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for b in data["benchmarks"]:
        info = b.get("extra_info", {})
        median = b["stats"]["median"]
        floor_s = info.get("floor_s")
        ratio = info.get("ratio")
        met = info.get("met")
        notes = []
        if info.get("p90_s") is not None:
            notes.append(f"p90 {_fmt(info['p90_s'])}")
        if info.get("refresh_after_s") is not None:
            notes.append(f"debounced refresh after it {_fmt(info['refresh_after_s'])}")
        if info.get("peak_mb") is not None:
            peak, floor_peak = info["peak_mb"], info["floor_peak_mb"]
            notes.append(f"peak RSS {peak:.0f} MB (floor {floor_peak:.0f} MB)")
        if info.get("reopen_s") is not None:
            notes.append(
                f"read-only reopen with every sheet's size {_fmt(info['reopen_s'])} "
                f"(floor's file, scanned: {_fmt(info['reopen_scan_s'])})"
            )
        if info.get("ratings") is not None:
            notes.append(f"{info['ratings']:,} ratings")
        if info.get("cells") is not None:
            notes.append(
                f"{info['cells']:,} cells"
                + (f" on {info['sheets']} sheets" if "sheets" in info else "")
            )
        print(
            f"| {b['name']} | {_fmt(median)} | {info.get('floor', '')} | "
            f"{_fmt(floor_s) if floor_s else ''} | {f'{ratio:.1f}x' if ratio else ''} | "
            f"{info.get('budget', '')} | {'' if met is None else ('met' if met else 'MISSED')} | "
            f"{'; '.join(notes)} |"
        )
    machine = data.get("machine_info", {})
    print(
        f"\n{machine.get('cpu', {}).get('count', '?')} CPUs, "
        f"{machine.get('cpu', {}).get('brand_raw', '')}, Python {machine.get('python_version')}, "
        f"run {data.get('datetime', '')}"
    )


def _fmt(seconds: float) -> str:
    if seconds < 0.001:
        return f"{seconds * 1e6:.0f} µs"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


if __name__ == "__main__":
    main(sys.argv[1])
