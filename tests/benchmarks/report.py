"""Print the benchmark table for BENCHMARKS.md from a pytest-benchmark JSON file."""

from __future__ import annotations

import json
import sys


def main(path: str) -> None:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    print("| benchmark | median | floor | floor median | ratio | budget |")
    print("| --- | --- | --- | --- | --- | --- |")
    for b in data["benchmarks"]:
        info = b.get("extra_info", {})
        median = b["stats"]["median"]
        floor_s = info.get("floor_s")
        ratio = info.get("ratio")
        print(
            f"| {b['name']} | {_fmt(median)} | {info.get('floor', '')} | "
            f"{_fmt(floor_s) if floor_s else ''} | {f'{ratio:.1f}x' if ratio else ''} | "
            f"{info.get('budget', '')} |"
        )


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


if __name__ == "__main__":
    main(sys.argv[1])
