"""What refusing each hostile file costs: peak memory and time of ``skillmatrix import``.

Run ``python tests/benchmarks/hostile_import.py [--small]`` from the repository's top folder
(outside pytest: each case runs in a fresh process, so its peak RSS is its own). The
figures are in BENCHMARKS.md; ``--small`` builds the same files at a size CI can afford
(the fuzz suite asserts those stay under 300 MB).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "reports"))

import hostile_files as h  # noqa: E402

#: Runs one import in a fresh interpreter and prints its outcome, time and peak RSS.
CHILD = """
import contextlib, io, json, resource, sys, time
def peak_mib():  # VmHWM: ru_maxrss on Linux also counts the parent's size at the fork
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
from skillmatrix.cli import main
err = io.StringIO()
start = time.perf_counter()
with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
seconds = time.perf_counter() - start
out = {"code": code, "seconds": seconds, "peak_mib": peak_mib(), "error": err.getvalue()}
print(json.dumps(out))
"""


def measure(path: Path, db: Path, *extra: str) -> dict[str, object]:
    """Import ``path`` (dry run) in a child process; its exit code, seconds and peak MiB."""
    args = ["import", str(path), "--db", str(db), "--dry-run", *extra]
    out = subprocess.run(
        [sys.executable, "-c", CHILD, *args], capture_output=True, text=True, timeout=600
    )
    if out.returncode != 0 or not out.stdout.strip():
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def cases(tmp: Path, small: bool) -> dict[str, Callable[[], Path]]:
    scale = 1 if small else 32
    return {
        "baseline: a 3-person workbook (accepted)": lambda: h.small_workbook(tmp / "ok.xlsx"),
        f"sheet bomb ({64 * scale} MiB of sheet XML)": lambda: h.sheet_bomb(
            tmp, 64 * scale * 2**20
        ),
        f"shared strings bomb ({64 * scale} MiB)": lambda: h.strings_bomb(tmp, 64 * scale * 2**20),
        f"styles bomb ({40 * scale} MiB)": lambda: h.styles_bomb(tmp, 40 * scale * 2**20),
        "billion laughs (entities)": lambda: h.billion_laughs(tmp),
        "external entity": lambda: h.external_entity(tmp, Path("/etc/hostname")),
        f"CSV of {30_000 * (1 if small else 33):,} people": lambda: h.long_csv(
            tmp / "people.csv", 30_000 * (1 if small else 33)
        ),
        "CSV of 16,384 columns": lambda: h.wide_csv(tmp / "wide.csv", 16_384),
        "sheet declaring A1:XFD1048576": lambda: h.sheet_xml(
            tmp,
            f'<worksheet {h.NS}><dimension ref="A1:XFD1048576"/><sheetData><row r="1">'
            '<c r="A1" t="inlineStr"><is><t>Name</t></is></c></row></sheetData></worksheet>',
            "claims.xlsx",
        ),
        "sheet with 16,385 columns": lambda: h.sheet_xml(
            tmp,
            f'<worksheet {h.NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Name</t>'
            '</is></c><c r="XFE1"><v>1</v></c></row></sheetData></worksheet>',
            "xfe.xlsx",
        ),
        f"workbook of {30_000 * (1 if small else 4):,} people, no <dimension>": lambda: (
            _write_only_people(tmp / "rows.xlsx", 30_000 * (1 if small else 4))
        ),
    }


def _write_only_people(path: Path, rows: int) -> Path:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("People")
    ws.append(["Name", "Python", "SQL"])
    for i in range(rows):
        ws.append([f"P{i}", i % 5, 2])
    wb.save(path)
    return path


def run(small: bool) -> list[tuple[str, int, dict[str, object]]]:
    with tempfile.TemporaryDirectory(prefix="hostile_") as folder:
        tmp = Path(folder)
        db = tmp / "demo.db"
        subprocess.run(
            [sys.executable, "-m", "skillmatrix", "demo", "--db", str(db), "--people", "10"],
            check=True,
            capture_output=True,
        )
        results = []
        for name, build in cases(tmp, small).items():
            path = build()
            results.append((name, path.stat().st_size, measure(path, db)))
        return results


def main() -> None:
    small = "--small" in sys.argv
    started = time.perf_counter()
    print("| file | size on disk | exit | time | peak RSS | message |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, size, r in run(small):
        message = str(r["error"]).strip().removeprefix("skillmatrix: error: ")
        print(
            f"| {name} | {size / 2**20:,.2f} MiB | {r['code']} | {r['seconds']:.2f} s | "
            f"{r['peak_mib']:.0f} MiB | {message[:110]} |"
        )
    print(f"\n(total {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
