"""Colours that carry meaning, one source for the Assess grid, the charts and the report.

Every colour is a ``"#rrggbb"`` string; each medium converts it (``QColor``, a matplotlib
``ListedColormap``, an openpyxl fill). Levels use viridis (dark = low, bright = high,
readable in grey print and for every common colour-vision deficiency); statuses use the
Okabe-Ito palette and always come with a word (:data:`STATUS_LABELS`), so colour is never
the only signal. A cell without a level is never a colour of the level scale.

Where one medium deliberately differs, both values live here under a ``GRID_`` (the Assess
grid) or ``CHART_`` (figures and the Excel report) name.
"""

from __future__ import annotations

#: Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}

# -- levels ---------------------------------------------------------------------------------

#: matplotlib's "viridis" colormap (CC0, by S. van der Walt and N. Smith): its 256 entries
#: rounded to 8 bits, so the grid, the charts and the report sample the very same colours.
_VIRIDIS: tuple[str, ...] = (
    "#440154", "#440256", "#450457", "#450559", "#46075a", "#46085c", "#460a5d", "#460b5e",
    "#470d60", "#470e61", "#471063", "#471164", "#471365", "#481467", "#481668", "#481769",
    "#48186a", "#481a6c", "#481b6d", "#481c6e", "#481d6f", "#481f70", "#482071", "#482173",
    "#482374", "#482475", "#482576", "#482677", "#482878", "#482979", "#472a7a", "#472c7a",
    "#472d7b", "#472e7c", "#472f7d", "#46307e", "#46327e", "#46337f", "#463480", "#453581",
    "#453781", "#453882", "#443983", "#443a83", "#443b84", "#433d84", "#433e85", "#423f85",
    "#424086", "#424186", "#414287", "#414487", "#404588", "#404688", "#3f4788", "#3f4889",
    "#3e4989", "#3e4a89", "#3e4c8a", "#3d4d8a", "#3d4e8a", "#3c4f8a", "#3c508b", "#3b518b",
    "#3b528b", "#3a538b", "#3a548c", "#39558c", "#39568c", "#38588c", "#38598c", "#375a8c",
    "#375b8d", "#365c8d", "#365d8d", "#355e8d", "#355f8d", "#34608d", "#34618d", "#33628d",
    "#33638d", "#32648e", "#32658e", "#31668e", "#31678e", "#31688e", "#30698e", "#306a8e",
    "#2f6b8e", "#2f6c8e", "#2e6d8e", "#2e6e8e", "#2e6f8e", "#2d708e", "#2d718e", "#2c718e",
    "#2c728e", "#2c738e", "#2b748e", "#2b758e", "#2a768e", "#2a778e", "#2a788e", "#29798e",
    "#297a8e", "#297b8e", "#287c8e", "#287d8e", "#277e8e", "#277f8e", "#27808e", "#26818e",
    "#26828e", "#26828e", "#25838e", "#25848e", "#25858e", "#24868e", "#24878e", "#23888e",
    "#23898e", "#238a8d", "#228b8d", "#228c8d", "#228d8d", "#218e8d", "#218f8d", "#21908d",
    "#21918c", "#20928c", "#20928c", "#20938c", "#1f948c", "#1f958b", "#1f968b", "#1f978b",
    "#1f988b", "#1f998a", "#1f9a8a", "#1e9b8a", "#1e9c89", "#1e9d89", "#1f9e89", "#1f9f88",
    "#1fa088", "#1fa188", "#1fa187", "#1fa287", "#20a386", "#20a486", "#21a585", "#21a685",
    "#22a785", "#22a884", "#23a983", "#24aa83", "#25ab82", "#25ac82", "#26ad81", "#27ad81",
    "#28ae80", "#29af7f", "#2ab07f", "#2cb17e", "#2db27d", "#2eb37c", "#2fb47c", "#31b57b",
    "#32b67a", "#34b679", "#35b779", "#37b878", "#38b977", "#3aba76", "#3bbb75", "#3dbc74",
    "#3fbc73", "#40bd72", "#42be71", "#44bf70", "#46c06f", "#48c16e", "#4ac16d", "#4cc26c",
    "#4ec36b", "#50c46a", "#52c569", "#54c568", "#56c667", "#58c765", "#5ac864", "#5cc863",
    "#5ec962", "#60ca60", "#63cb5f", "#65cb5e", "#67cc5c", "#69cd5b", "#6ccd5a", "#6ece58",
    "#70cf57", "#73d056", "#75d054", "#77d153", "#7ad151", "#7cd250", "#7fd34e", "#81d34d",
    "#84d44b", "#86d549", "#89d548", "#8bd646", "#8ed645", "#90d743", "#93d741", "#95d840",
    "#98d83e", "#9bd93c", "#9dd93b", "#a0da39", "#a2da37", "#a5db36", "#a8db34", "#aadc32",
    "#addc30", "#b0dd2f", "#b2dd2d", "#b5de2b", "#b8de29", "#bade28", "#bddf26", "#c0df25",
    "#c2df23", "#c5e021", "#c8e020", "#cae11f", "#cde11d", "#d0e11c", "#d2e21b", "#d5e21a",
    "#d8e219", "#dae319", "#dde318", "#dfe318", "#e2e418", "#e5e419", "#e7e419", "#eae51a",
    "#ece51b", "#efe51c", "#f1e51d", "#f4e61e", "#f6e620", "#f8e621", "#fbe723", "#fde725",
)  # fmt: skip

#: Where the grid's ramp starts: a little above the darkest violet, so level 0 is not a
#: black hole in a big grid (charts and the report start at 0).
GRID_LEVEL_START = 0.06


def viridis(fraction: float) -> str:
    """The viridis colour at ``fraction`` (0..1), picked as a matplotlib colormap does."""
    k = int(min(max(fraction, 0.0), 1.0) * len(_VIRIDIS))
    return _VIRIDIS[min(k, len(_VIRIDIS) - 1)]


def level_colors(count: int, *, start: float = 0.0) -> list[str]:
    """``count`` colours, lowest level first, evenly spread along viridis from ``start``."""
    if count <= 1:
        return [viridis(0.5)]
    step = (1.0 - start) / (count - 1)
    return [viridis(start + i * step) for i in range(count)]


def _luminance(color: str) -> float:
    def lin(byte: int) -> float:
        v = byte / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def light_text_on(background: str) -> bool:
    """Whether white text contrasts more than black with ``background`` (WCAG ratio)."""
    lum = _luminance(background)
    return 1.05 / (lum + 0.05) > (lum + 0.05) / 0.05


def text_on(background: str) -> str:
    """Black or white, whichever reads better on ``background``."""
    return "#ffffff" if light_text_on(background) else "#000000"


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 = the same, 21 = black on white)."""
    low, high = sorted((_luminance(a), _luminance(b)))
    return (high + 0.05) / (low + 0.05)


# -- cells without a level -----------------------------------------------------------------

#: "Not rated" (the role sets a target, no level yet) in charts and the report: mid grey,
#: so it is neither a level nor n/a (white).
CHART_NOT_RATED = "#d4d4d4"
#: In the Assess grid it is the empty background instead (white in the light theme): with
#: grid lines a white cell reads as empty, and a fresh grid is not a wall of grey.
GRID_NOT_RATED = "#ffffff"
#: The frame of a stale rating (not confirmed within N cycles): amber, 3:1 or more against
#: the not-rated background of each theme (graphics contrast).
GRID_STALE = "#a35200"
DARK_STALE = "#f0b429"
#: No target for the person's role and no level: a very light grey tint that recedes.
NOT_IN_ROLE = "#f1f1f1"
#: Cells without a level must stay apart from each other: "not rated" and "not in role"
#: differ by at least this contrast ratio in every theme and medium.
MIN_EMPTY_CONTRAST = 1.2
#: The grid's "not in role" tint on its white "not rated" cells (#f1f1f1 was 1.13:1).
GRID_NOT_IN_ROLE = "#e8e8e8"
#: "Not applicable": white with a grey slash (hatching).
NA_FACE = "#ffffff"
NA_HATCH = "#9e9e9e"
#: Below the role's target, in charts and the report.
BELOW_TARGET = OKABE_ITO["vermillion"]
#: The grid's below-target corner mark sits on level colours: a red-orange none of them uses.
GRID_BELOW_TARGET = "#F03E0F"

# -- dark theme ------------------------------------------------------------------------------
#: The dark window's base (ui/palette.py): the grid's "not rated" cells and the charts' ground.
DARK_BASE = "#1e1f22"
#: "Not in role" on the dark base: a step lighter, still receding (1.36:1).
DARK_NOT_IN_ROLE = "#33363b"
#: "Not rated" in dark charts: mid grey, as in light charts (2.2:1 against not in role).
DARK_CHART_NOT_RATED = "#5f636b"

# -- coverage statuses ------------------------------------------------------------------------

#: Strong colours (bars, marks): blue is safe, orange at risk, vermillion a gap.
STATUS_COLORS: dict[str, str] = {
    "ok": OKABE_ITO["blue"],
    "at-risk": OKABE_ITO["orange"],
    "gap": OKABE_ITO["vermillion"],
}
#: Darker versions for text on white (orange text at full strength is hard to read).
STATUS_TEXT_COLORS: dict[str, str] = {"ok": "#005a8c", "at-risk": "#8f6200", "gap": "#b34f00"}
#: Lighter versions for text on the dark base (7:1 or more).
DARK_STATUS_TEXT_COLORS: dict[str, str] = {"ok": "#6cb8ea", "at-risk": "#f0b429", "gap": "#ff8c5a"}
#: Pale tints for a status cell's fill, and the text colour on each.
STATUS_TINTS: dict[str, str] = {"gap": "#F6D5C3", "at-risk": "#FBE7B5", "ok": "#CCE3F0"}
STATUS_TINT_TEXT: dict[str, str] = {"gap": "#8A3300", "at-risk": "#7A5200", "ok": "#00466E"}
#: The same on the dark base: deep fills that stand out from it by hue, light text (7:1+).
DARK_STATUS_TINTS: dict[str, str] = {"gap": "#5a2b14", "at-risk": "#4a3a10", "ok": "#123a52"}
DARK_STATUS_TINT_TEXT: dict[str, str] = {"gap": "#ffc9ad", "at-risk": "#ffe08a", "ok": "#a9d8f5"}
#: The word that goes with each status colour.
STATUS_LABELS: dict[str, str] = {"gap": "Nobody", "at-risk": "Below rule", "ok": "Meets rule"}
