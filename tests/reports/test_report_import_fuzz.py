"""Fuzzing the import with the app's own report and forms, mutated, and with hostile files.

Every case must end in one of two ways: the import runs (and lists any problems with their
cells), or it is refused with one line naming the file. Never a traceback, never a hang,
and after a refusal the database is exactly as it was. Memory is checked separately, in a
fresh process (``test_refusals_stay_under_300_mib``).

The examples are derandomised (the same cases on every run) and bounded in number so the
suite costs well under a minute; set ``SKILLMATRIX_FUZZ_EXAMPLES`` to run more.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import hostile_files as h
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillmatrix.core.errors import ImportProblem, SkillMatrixError
from skillmatrix.services.database import open_database
from skillmatrix.services.demo import create_demo
from skillmatrix.services.excel import (
    export_report,
    import_file,
    write_self_assessment_forms,
)
from skillmatrix.store.database import Database

EXAMPLES = int(os.environ.get("SKILLMATRIX_FUZZ_EXAMPLES", "25"))
#: No single import of these small files may take longer (a hang, not a speed test).
HANG_SECONDS = 60
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

PARTS = ("xl/worksheets/sheet", "xl/styles.xml", "xl/workbook.xml", "[Content_Types].xml")
XML_TOKENS = [
    b"<row>",
    b"</c>",
    b'<c r="XFE1"><v>1</v></c>',
    b'<c r="A1" t="s"><v>999999</v></c>',
    b'<c r="B2" t="d"><v>not a date</v></c>',
    b'<c r="B2" t="b"><v>7</v></c>',
    b'<c r="B2" t="e"><v>#REF!</v></c>',
    b'<row r="99999999">',
    b'<dimension ref="A1:XFD1048576"/>',
    b'<!DOCTYPE x [<!ENTITY a "b">]>',
    b"&a;",
    b"\xff\xfe",
    "Ünïcödé \u202e".encode(),
    b"<![CDATA[",
    b"<sheetData/>",
]


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Path, Path]]:
    """A small demo organisation, its report and one of its returned forms."""
    folder = tmp_path_factory.mktemp("fuzz")
    db = open_database(folder / "org.db")
    create_demo(db, people=6, teams=2, cycles=2, seed=3)
    report = export_report(db, folder / "report.xlsx")
    (folder / "forms").mkdir()
    form = write_self_assessment_forms(db, folder / "forms")[0]
    yield db, report, form
    db.close()


def _fingerprint(db: Database) -> str:
    """Every row of every table (read with a separate connection: what is committed)."""
    assert db.path is not None
    digest = hashlib.sha256()
    with contextlib.closing(sqlite3.connect(db.path)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in sorted(tables):
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                digest.update(repr(row).encode())
    return digest.hexdigest()


@contextlib.contextmanager
def _no_hang(seconds: int = HANG_SECONDS) -> Iterator[None]:
    def stop(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"the import took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _check(db: Database, path: Path) -> str:
    """Import ``path``; assert it either ran or was refused in one line, nothing written."""
    before = _fingerprint(db)
    try:
        with _no_hang():
            result = import_file(db, path)
    except ImportProblem as exc:
        message = str(exc)
        assert message.startswith(f"{path.name}: ") and "\n" not in message, message
        assert _fingerprint(db) == before
        return "refused"
    except SkillMatrixError as exc:  # e.g. the cycle the report names is closed
        message = str(exc)
        assert "\n" not in message and "Traceback" not in message, message
        assert _fingerprint(db) == before
        return "refused"
    for problem in result.problems:
        assert "\n" not in problem and "Traceback" not in problem, problem
    if not result.applied:
        assert _fingerprint(db) == before
        return "problems"
    return "imported"


def _rewrite(src: Path, dst: Path, part: str, edit) -> Path:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            zout.writestr(item, edit(data) if item.filename.startswith(part) else data)
    return dst


# -- the app's own files, mutated --------------------------------------------------------


@FUZZ
@given(
    which=st.sampled_from(["report", "form"]),
    flips=st.lists(st.integers(0), min_size=1, max_size=12),
)
def test_byte_flips(org, tmp_path_factory, which: str, flips: list[int]) -> None:  # type: ignore[no-untyped-def]
    db, report, form = org
    data = bytearray((report if which == "report" else form).read_bytes())
    for f in flips:
        data[f % len(data)] ^= 1 << (f // len(data) % 8)
    path = tmp_path_factory.mktemp("flip") / f"{which}.xlsx"
    path.write_bytes(bytes(data))
    _check(db, path)


@FUZZ
@given(which=st.sampled_from(["report", "form"]), keep=st.floats(0.0, 0.999))
def test_truncations(org, tmp_path_factory, which: str, keep: float) -> None:  # type: ignore[no-untyped-def]
    db, report, form = org
    data = (report if which == "report" else form).read_bytes()
    path = tmp_path_factory.mktemp("cut") / f"{which}.xlsx"
    path.write_bytes(data[: int(len(data) * keep)])
    assert _check(db, path) == "refused"


@FUZZ
@given(
    which=st.sampled_from(["report", "form"]),
    part=st.sampled_from(PARTS),
    at=st.floats(0.0, 1.0),
    cut=st.integers(0, 400),
    token=st.sampled_from(XML_TOKENS),
)
def test_xml_edits(org, tmp_path_factory, which, part, at, cut, token) -> None:  # type: ignore[no-untyped-def]
    db, report, form = org

    def edit(xml: bytes) -> bytes:
        i = int(len(xml) * at)
        return xml[:i] + token + xml[i + cut :]

    src = report if which == "report" else form
    path = _rewrite(src, tmp_path_factory.mktemp("xml") / f"{which}.xlsx", part, edit)
    _check(db, path)


# -- CSV ---------------------------------------------------------------------------------

CELL = st.one_of(
    st.sampled_from(["", "0", "1", "4", "9", "-1", "2.5", "Expert", "n/a", "=1+2", '"', "\r"]),
    st.text(max_size=12),
)


@FUZZ
@given(
    rows=st.lists(st.lists(CELL, min_size=1, max_size=6), min_size=1, max_size=8),
    header=st.lists(
        st.sampled_from(["Name", "Email", "Team", "Python", "SQL", "", "Level"]),
        min_size=1,
        max_size=5,
    ),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"]),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
)
def test_csv_of_any_shape_and_encoding(
    org, tmp_path_factory, rows, header, encoding, delimiter
) -> None:  # type: ignore[no-untyped-def]
    db, _report, _form = org
    text = "\n".join(delimiter.join(r) for r in [header, *rows]) + "\n"
    path = tmp_path_factory.mktemp("csv") / "ratings.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    _check(db, path)


@FUZZ
@given(
    data=st.binary(min_size=1, max_size=2_000), suffix=st.sampled_from([".csv", ".xlsx", ".tsv"])
)
def test_random_bytes(org, tmp_path_factory, data: bytes, suffix: str) -> None:  # type: ignore[no-untyped-def]
    db, _report, _form = org
    path = tmp_path_factory.mktemp("bin") / f"noise{suffix}"
    path.write_bytes(data)
    _check(db, path)


# -- bombs and giants (bounded sizes) ------------------------------------------------------

BOMBS = {
    "sheet bomb": lambda tmp: h.sheet_bomb(tmp, 48 * 2**20),
    "shared strings bomb": lambda tmp: h.strings_bomb(tmp, 48 * 2**20),
    "styles bomb": lambda tmp: h.styles_bomb(tmp, 40 * 2**20),
    "billion laughs": h.billion_laughs,
    "internal entity": h.entity_sheet,
    "external entity": lambda tmp: h.external_entity(tmp, Path("/etc/hostname")),
    "30,000 people": lambda tmp: h.long_csv(tmp / "people.csv", 30_000),
    "16,384 columns": lambda tmp: h.wide_csv(tmp / "wide.csv", 16_384),
}


@pytest.mark.parametrize("kind", sorted(BOMBS))
def test_bombs_are_refused(org, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    db, _report, _form = org
    assert _check(db, BOMBS[kind](tmp_path)) == "refused"


#: The peak RSS of this process alone. Linux's ru_maxrss also counts the process that
#: spawned it (its size at the fork), so the high-water mark of the memory map is read.
PEAK_MIB = """
def peak_mib():
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""


def test_refusals_stay_under_300_mib(tmp_path: Path) -> None:
    """Peak memory of a fresh process refusing every bomb (the process's own high-water mark)."""
    paths = [str(build(tmp_path)) for build in BOMBS.values()]
    db = tmp_path / "empty.db"
    child = (
        "import json, sys\n"
        "from skillmatrix.core.errors import ImportProblem\n"
        "from skillmatrix.services.database import open_database\n"
        "from skillmatrix.services.excel import import_file\n"
        "db = open_database(sys.argv[1])\n"
        "refused = 0\n"
        "for p in sys.argv[2:]:\n"
        "    try:\n"
        "        import_file(db, p)\n"
        "    except ImportProblem:\n"
        "        refused += 1\n"
        f"{PEAK_MIB}"
        "print(json.dumps({'refused': refused, 'peak_mib': peak_mib()}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", child, str(db), *paths],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["refused"] == len(paths)
    assert result["peak_mib"] < 300, result
