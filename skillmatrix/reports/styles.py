"""Colours and named cell styles shared by the report, the forms and their legends.

The colours that mean something (levels, "not rated", n/a, below target, statuses) come
from :mod:`skillmatrix.core.palette`, so the report matches the app's figures without
importing matplotlib; here they become openpyxl's "RRGGBB". Statuses are always written as
words too, so colour is never the only signal.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.workbook import Workbook

from skillmatrix.core import palette

INK = "1F2933"
MUTED = "5F6B7A"
RULE = "CBD2D9"
NAVY = "1F3A5F"
PALE = "EEF2F7"
ACCENT = "2F6DB5"
CATEGORY_ALT = "5B7DA8"
INPUT = "FFF7D6"  # answer cells of the self-assessment forms


def _x(color: str) -> str:
    """A palette "#rrggbb" as openpyxl's "RRGGBB"."""
    return color.lstrip("#").upper()


NA_FILL = _x(palette.NA_HATCH)  # hatching colour of n/a cells (on white)
NA_FONT = "6E6E6E"
NOT_RATED = _x(palette.CHART_NOT_RATED)  # not rated where the role sets a target
BELOW = _x(palette.BELOW_TARGET)
STATUS_FILLS = {k: _x(c) for k, c in palette.STATUS_TINTS.items()}
STATUS_FONTS = {k: _x(c) for k, c in palette.STATUS_TINT_TEXT.items()}
STATUS_WORDS = palette.STATUS_LABELS
GAIN = _x(palette.STATUS_COLORS["ok"])  # a rise, coloured as a met rule
LOSS = _x(palette.STATUS_COLORS["gap"])  # a fall, coloured as a gap
FONT = "Calibri"


def level_colours(count: int) -> list[tuple[str, str]]:
    """(fill, font) hex colours for ``count`` ascending levels, as in the app's heatmap."""
    return [
        (_x(c), "FFFFFF" if palette.light_text_on(c) else INK) for c in palette.level_colors(count)
    ]


def fill(hex_colour: str) -> PatternFill:
    """A solid fill."""
    return PatternFill("solid", start_color=hex_colour, end_color=hex_colour)


THIN = Side(style="thin", color=RULE)
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNDERLINE = Border(bottom=Side(style="medium", color=NAVY))


def _style(name: str, **kwargs: object) -> NamedStyle:
    style = NamedStyle(name=name)
    for key, value in kwargs.items():
        setattr(style, key, value)
    return style


def _font(size: float = 10, bold: bool = False, color: str = INK, italic: bool = False) -> Font:
    return Font(name=FONT, size=size, bold=bold, color=color, italic=italic)


def _named_styles() -> list[NamedStyle]:
    left = Alignment(horizontal="left", vertical="center")
    wrap = Alignment(horizontal="left", vertical="center", wrap_text=True)
    centre = Alignment(horizontal="center", vertical="center")
    return [
        _style("sm_title", font=_font(18, True, NAVY), alignment=left),
        _style("sm_subtitle", font=_font(10, color=MUTED), alignment=left),
        _style("sm_section", font=_font(12, True, NAVY), border=UNDERLINE, alignment=left),
        _style(
            "sm_header",
            font=_font(10, True, "FFFFFF"),
            fill=fill(NAVY),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
            border=GRID,
        ),
        _style(
            "sm_header_left",
            font=_font(10, True, "FFFFFF"),
            fill=fill(NAVY),
            alignment=Alignment(horizontal="left", vertical="center", wrap_text=True),
            border=GRID,
        ),
        _style(
            "sm_header_bottom",
            font=_font(10, True, "FFFFFF"),
            fill=fill(NAVY),
            alignment=Alignment(horizontal="left", vertical="bottom", wrap_text=True),
            border=GRID,
        ),
        _style(
            "sm_header_rot",
            font=_font(9, True, INK),
            fill=fill(PALE),
            alignment=Alignment(
                horizontal="center", vertical="bottom", text_rotation=90, wrap_text=True
            ),
            border=GRID,
        ),
        _style(
            "sm_category",
            font=_font(9, True, "FFFFFF"),
            fill=fill(ACCENT),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
            border=GRID,
        ),
        _style(
            "sm_category_alt",
            font=_font(9, True, "FFFFFF"),
            fill=fill(CATEGORY_ALT),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
            border=GRID,
        ),
        _style("sm_text", font=_font(10), alignment=left, border=GRID),
        _style("sm_wrap", font=_font(10), alignment=wrap, border=GRID),
        _style("sm_plain", font=_font(10), alignment=wrap),
        _style("sm_input", font=_font(10), alignment=wrap, border=GRID, fill=fill(INPUT)),
        _style("sm_muted", font=_font(10, color=MUTED, italic=True), alignment=wrap),
        _style("sm_int", font=_font(10), alignment=centre, border=GRID, number_format="0"),
        _style("sm_dec", font=_font(10), alignment=centre, border=GRID, number_format="0.00"),
        _style("sm_pct", font=_font(10), alignment=centre, border=GRID, number_format="0%"),
        _style(
            "sm_delta",
            font=_font(10),
            alignment=centre,
            border=GRID,
            number_format="+0.00;-0.00;0.00",
        ),
        _style(
            "sm_delta_int", font=_font(10), alignment=centre, border=GRID, number_format="+0;-0;0"
        ),
        _style("sm_date", font=_font(10), alignment=left, number_format="d mmm yyyy"),
        _style("sm_kpi_label", font=_font(10, True, MUTED), alignment=wrap),
        _style("sm_kpi", font=_font(20, True, NAVY), alignment=left, number_format="0"),
        _style("sm_kpi_pct", font=_font(20, True, NAVY), alignment=left, number_format="0%"),
        _style("sm_kpi_dec", font=_font(20, True, NAVY), alignment=left, number_format="0.0"),
        _style("sm_level", font=_font(10), alignment=centre, border=GRID, number_format="0"),
        _style(
            "sm_na",
            font=_font(9, color=NA_FONT, italic=True),
            fill=PatternFill("lightUp", fgColor=NA_FILL, bgColor="FFFFFF"),
            alignment=centre,
            border=GRID,
        ),
        _style(
            "sm_unrated",
            fill=fill(NOT_RATED),
            alignment=centre,
            border=GRID,
            number_format="0",
        ),
        *(
            _style(
                f"sm_status_{key}",
                font=_font(10, True, STATUS_FONTS[key]),
                fill=fill(colour),
                alignment=centre,
                border=GRID,
            )
            for key, colour in STATUS_FILLS.items()
        ),
    ]


def register_styles(wb: Workbook) -> None:
    """Add the named styles (``sm_*``) to a workbook; call once before writing cells."""
    for style in _named_styles():
        wb.add_named_style(style)
