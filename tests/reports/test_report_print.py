"""The report as it prints: paper, scale, print areas, page breaks and text sizes.

The checks read the workbook back and compute what a spreadsheet program prints from its
page setup: the scale a "fit to width" sheet ends up at, from its column widths and paper
(7 pt per character, as LibreOffice prints), or the explicit scale of a sheet that sets
its own page breaks. Every text (cell styles, chart text, the charts' pictures) must print
at 7 pt or more. The last test converts the demo report with LibreOffice when it is
installed and counts the pages.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries

from skillmatrix.core import analytics as an
from skillmatrix.reports.export.paper import (
    A4,
    LETTER,
    MIN_PRINTED_PT,
    PT_PER_CHAR,
    locale_paper,
)
from skillmatrix.services.database import open_database
from skillmatrix.services.demo import create_demo
from skillmatrix.services.excel_export import export_report
from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.store.database import Database

PAPERS = {9: A4, 1: LETTER}
TABLE_SHEETS = ("Coverage", "Gaps", "Gap details", "Trend", "Growth")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = open_database(tmp_path_factory.mktemp("demo") / "demo.db")
    create_demo(db, today=dt.date(2026, 11, 15))
    yield db
    db.close()


@pytest.fixture(scope="module", params=["a4", "letter"])
def demo_report(request: pytest.FixtureRequest, demo_db: Database, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / f"demo-{request.param}.xlsx"
    from skillmatrix.reports import write_report
    from skillmatrix.services.cycles import list_cycles

    cycles = list_cycles(demo_db)
    current = load_snapshot(demo_db)
    previous = load_snapshot(demo_db, cycle=cycles[-2].id)
    history = [load_snapshot(demo_db, cycle=c.id) for c in cycles[:-1]]
    return write_report(path, current, previous=previous, history=history, paper=request.param)


# -- what a printout is made of --------------------------------------------------------
def _width_pt(ws, first: int, last: int) -> float:
    total = 0.0
    for col in range(first, last + 1):
        dim = ws.column_dimensions.get(get_column_letter(col))
        width = dim.width if dim is not None and dim.width else 8.43
        total += width * PT_PER_CHAR
    return total


def _height_pt(ws, first: int, last: int) -> float:
    default = ws.sheet_format.defaultRowHeight or 15
    return sum(
        (ws.row_dimensions[r].height if r in ws.row_dimensions else None) or default
        for r in range(first, last + 1)
    )


def _print_range(ws) -> tuple[int, int, int, int]:
    """(first col, first row, last col, last row) that prints."""
    if ws.print_area:
        area = ws.print_area.split("!")[-1].replace("$", "")
        return range_boundaries(area)
    return 1, 1, ws.max_column, ws.max_row


def printed_scale(ws) -> float:
    """The scale the sheet prints at: explicit, or what "fit to width (and height)" needs."""
    setup = ws.page_setup
    if not ws.sheet_properties.pageSetUpPr.fitToPage:
        return (setup.scale or 100) / 100
    paper = PAPERS[int(setup.paperSize)]
    width, height = paper.printable(setup.orientation == "landscape")
    c1, r1, c2, r2 = _print_range(ws)
    scale = min(1.0, width / _width_pt(ws, c1, c2))
    if setup.fitToHeight == 1:
        scale = min(scale, height / _height_pt(ws, r1, r2))
    return scale


def _cell_fonts(ws) -> Iterator[tuple[str, float]]:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None and str(cell.value).strip():
                yield cell.coordinate, float(cell.font.sz or 11)


def _extents(path: Path, kind: str) -> list[tuple[int, int]]:
    """(cx, cy) in EMU of every drawing anchor holding ``kind`` ("pic" or "c:chart")."""
    out = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if re.fullmatch(r"xl/drawings/drawing\d+\.xml", name):
                xml = z.read(name).decode()
                for anchor in re.findall(r"<oneCellAnchor>.*?</oneCellAnchor>", xml, re.S):
                    if f"<{kind}" in anchor:
                        ext = re.search(r'<ext cx="(\d+)" cy="(\d+)"', anchor)
                        assert ext
                        out.append((int(ext.group(1)), int(ext.group(2))))
    return out


def _visible(wb) -> list:
    return [ws for ws in wb.worksheets if ws.sheet_state == "visible"]


# -- paper -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("env", "paper"),
    [
        ({"LANG": "en_US.UTF-8"}, LETTER),
        ({"LANG": "fr_CA.UTF-8"}, LETTER),
        ({"LANG": "en_GB.UTF-8"}, A4),
        ({"LANG": "de_DE.UTF-8"}, A4),
        ({"LANG": "C.UTF-8"}, A4),  # Python reads C.UTF-8 as en_US: no territory, A4
        ({"LANG": "en_US.UTF-8", "LC_PAPER": "de_DE.UTF-8"}, A4),
        ({"LC_ALL": "en_US.UTF-8", "LC_PAPER": "de_DE.UTF-8"}, LETTER),
    ],
)
def test_paper_follows_the_locale(monkeypatch, env: dict[str, str], paper) -> None:
    for var in ("LC_ALL", "LC_PAPER", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert locale_paper() == paper


def test_every_sheet_carries_the_locale_paper(monkeypatch, demo_db: Database, tmp_path) -> None:
    for lang, code in (("en_US.UTF-8", 1), ("de_DE.UTF-8", 9)):
        monkeypatch.setenv("LC_ALL", lang)
        path = export_report(demo_db, tmp_path / f"{code}.xlsx")
        wb = load_workbook(path)
        assert {int(ws.page_setup.paperSize) for ws in _visible(wb)} == {code}


# -- the Matrix --------------------------------------------------------------------------
def test_matrix_prints_names_and_levels_by_category(demo_report: Path) -> None:
    wb = load_workbook(demo_report)
    ws = wb["Matrix"]
    paper = PAPERS[int(ws.page_setup.paperSize)]
    header = [c.value for c in ws[4]]
    assert header[:5] == ["Name", "Email", "Team", "Role", "Seniority"]
    c1, r1, c2, r2 = _print_range(ws)
    assert (c1, r1) == (6, 1)  # no e-mail (nor team, role, seniority) in the print area
    assert c2 == len([h for h in header if h])
    assert ws.print_title_cols == "$A:$A"  # the name column on every page
    assert ws.print_title_rows == "$3:$4"
    assert not ws.sheet_properties.pageSetUpPr.fitToPage  # its own scale and breaks
    scale = printed_scale(ws)
    assert scale * 9 >= MIN_PRINTED_PT  # 9 pt is the sheet's smallest text
    # page breaks fall between categories, and each column page fits the paper
    categories = [ws.cell(3, c).value for c in range(6, c2 + 1)]
    starts = {c for c in range(6, c2 + 1) if categories[c - 6] is not None}
    breaks = [b.id for b in ws.col_breaks.brk]
    assert breaks and all(b + 1 in starts for b in breaks)
    width = paper.printable(ws.page_setup.orientation == "landscape")[0] / scale
    name = _width_pt(ws, 1, 1)
    for lo, hi in zip([6, *(b + 1 for b in breaks)], [*breaks, c2], strict=True):
        assert name + _width_pt(ws, lo, hi) <= width
    # 40 people fit one page down: the whole Matrix is its column pages
    height = paper.printable(ws.page_setup.orientation == "landscape")[1] / scale
    assert _height_pt(ws, 1, r2) <= height
    assert len(breaks) + 1 <= 2


# -- text sizes --------------------------------------------------------------------------
def test_no_text_prints_under_7pt(demo_report: Path) -> None:
    wb = load_workbook(demo_report)
    for ws in _visible(wb):
        scale = printed_scale(ws)
        smallest = min((size for _, size in _cell_fonts(ws)), default=11)
        assert smallest * scale >= MIN_PRINTED_PT, (ws.title, smallest, scale)
        for part in (ws.oddFooter.left, ws.oddFooter.right):
            if part.text:
                assert (part.size or 11) >= MIN_PRINTED_PT
    with zipfile.ZipFile(demo_report) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert charts
        for name in charts:
            xml = z.read(name).decode()
            sizes = [int(v) / 100 for v in re.findall(r'\bsz="(\d+)"', xml)]
            assert sizes and min(sizes) >= MIN_PRINTED_PT  # explicit, never the default
            for axis in ("catAx", "valAx"):
                block = re.search(rf"<(c:)?{axis}>.*?</(c:)?{axis}>", xml, re.S)
                assert block and re.search(r"<(c:)?txPr>", block.group(0))


def test_chart_pictures_print_at_their_drawn_size(demo_report: Path, demo_db) -> None:
    pytest.importorskip("skillmatrix.plots.skills")
    from skillmatrix.reports.export.charts import page_figsize, render_pictures

    wb = load_workbook(demo_report)
    ws = wb["Charts"]
    paper = PAPERS[int(ws.page_setup.paperSize)]
    assert printed_scale(ws) == 1.0
    snap = load_snapshot(demo_db)
    pictures = render_pictures(snap, [snap], figsize=page_figsize(paper))
    assert pictures
    width, height = paper.printable(True)
    for pic in pictures:
        assert pic.min_font_pt >= MIN_PRINTED_PT  # shown at 100 %: printed as drawn
        assert pic.size_in[0] * 72 <= width and pic.size_in[1] * 72 <= height
        assert pic.size_in[0] * 72 >= 0.9 * width  # sized to the page, not a thumbnail
    shown = [(cx / 12700, cy / 12700) for cx, cy in _extents(demo_report, "pic")]  # points
    assert len(shown) == len(ws._images) >= len(pictures)
    drawn = page_figsize(paper)
    for w, h in shown:  # each picture is shown at the size it was drawn
        assert w == pytest.approx(drawn[0] * 72, abs=1)
        assert h == pytest.approx(drawn[1] * 72, abs=1)


# -- Coverage chart ----------------------------------------------------------------------
def test_coverage_chart_once_with_every_label(demo_report: Path) -> None:
    wb = load_workbook(demo_report)
    assert not wb["Coverage"]._charts  # beside the table it printed twice, clipped
    charts = wb["Coverage chart"]._charts
    assert len(charts) == 1
    chart = charts[0]
    assert chart.x_axis.tickLblSkip == 1
    cat = chart.series[0].cat
    cats = (cat.strRef or cat.numRef).f
    _, r1, _, r2 = range_boundaries(cats.split("!")[-1].replace("$", ""))
    competencies = sum(1 for r in wb["Coverage"].iter_rows(min_row=4, values_only=True) if r[0])
    assert r2 - r1 + 1 == competencies == 45  # every competency of the demo fits its page
    ws = wb["Coverage chart"]
    paper = PAPERS[int(ws.page_setup.paperSize)]
    width, height = paper.printable(ws.page_setup.orientation == "landscape")
    ((cx, cy),) = _extents(demo_report, "c:chart")
    chart_w, chart_h = cx / 12700, cy / 12700  # EMU -> points
    assert chart_w <= width and chart_h <= height
    assert chart_h >= 0.7 * height  # sized to the page
    # the sheet prints the chart whole: its rows reach below the chart
    assert _height_pt(ws, 2, _print_range(ws)[3]) >= chart_h


# -- Gaps ------------------------------------------------------------------------------
def test_gaps_sheet_one_row_per_person(demo_report: Path, demo_db) -> None:
    wb = load_workbook(demo_report)
    names = wb.sheetnames
    assert names.index("Gap details") == names.index("Gaps") + 1
    ws = wb["Gaps"]
    header = [c.value for c in ws[3]]
    assert header[:7] == [
        "Person",
        "Team",
        "Role",
        "Seniority",
        "Below target",
        "Not rated",
        "Total gap",
    ]
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[0]]
    expected = an.person_gaps(load_snapshot(demo_db))
    assert [r[0] for r in rows] == [g.person.name for g in expected]
    for row, g in zip(rows, expected, strict=True):
        assert row[4] == g.below_target
        assert row[6] == pytest.approx(g.total_gap)
        assert row[5] == sum(1 for i in g.items if math.isnan(i.level))
        top = row[7]
        for item in g.items[:3]:
            assert item.competency.name in top
        if len(g.items) > 3:
            assert top.endswith(f"+ {len(g.items) - 3} more")
            assert g.items[3].competency.name not in top.split("; +")[0].split("; ")[:3]
    detail = [r for r in wb["Gap details"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert len(detail) == sum(len(g.items) for g in expected)


# -- the printout ----------------------------------------------------------------------
def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_director_pack_is_six_pages_or_fewer(demo_report: Path, tmp_path: Path) -> None:
    """Summary + Matrix + Coverage (+ its chart) of 40 people, as LibreOffice prints it."""
    profile = tmp_path / "lo"
    subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(demo_report),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = tmp_path / (demo_report.stem + ".pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    firsts = [p.strip().splitlines()[0] if p.strip() else "" for p in pages]
    gaps = next(k for k, line in enumerate(firsts) if line.startswith("Gaps to role targets"))
    assert gaps <= 6, firsts[:gaps]
    assert sum(1 for line in firsts if line.startswith("Coverage ·")) == 2  # table + chart
    assert "Covered vs required" in "".join(pages[:gaps])
    assert sum(p.count("Covered vs required") for p in pages) == 1  # the chart once
    size = "A4" if "a4" in demo_report.stem else "Letter"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert ("A4" in info) == (size == "A4")


def test_wide_matrix_still_prints_readably(tmp_path: Path) -> None:
    """300 competencies: more column pages, never a smaller scale."""
    from report_factories import make_snapshot

    from skillmatrix.reports import write_report

    snap = make_snapshot(30, 300, team="Platform")
    path = write_report(tmp_path / "wide.xlsx", snap, paper="a4")
    ws = load_workbook(path)["Matrix"]
    assert printed_scale(ws) * 9 >= MIN_PRINTED_PT
    assert len(ws.col_breaks.brk) >= 5
    assert column_index_from_string("F") == _print_range(ws)[0]
