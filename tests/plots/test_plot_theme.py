"""Chart themes: a dark chart has a dark ground and readable text.

The cells without a level stay apart in both themes; the default stays the light print look.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import plots_data
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.text import Text

from skillmatrix import plots
from skillmatrix.core import palette
from skillmatrix.core.snapshot import Snapshot
from skillmatrix.plots import theme as themes
from skillmatrix.plots.theme import DARK, LIGHT, ChartTheme

Builder = Callable[[Snapshot, ChartTheme], Figure]

BUILDERS: dict[str, Builder] = {
    "heatmap": lambda s, t: plots.heatmap(s, theme=t),
    "coverage": lambda s, t: plots.coverage_chart(s, theme=t),
    "gaps": lambda s, t: plots.gap_heatmap(s, theme=t),
    "profile": lambda s, t: plots.person_profile(s, s.people[1].id, theme=t),
    "trend": lambda s, t: plots.trend_chart(plots_data.cycles(12, 3, seed=4), theme=t),
    "teams": lambda s, t: plots.team_comparison(s, theme=t),
    "agreement": lambda s, t: plots.self_vs_manager(s, plots_data.self_assessment(s), theme=t),
}


@pytest.fixture(scope="module")
def snap() -> Snapshot:
    return plots_data.snapshot(30, 24, seed=7)


def _shown_texts(fig: Figure) -> list[Text]:
    fig.canvas.draw()
    return [
        t
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and t.get_gid() != "on-cell"
    ]


def _luminance_of(color: object) -> float:
    return palette._luminance(to_hex(color))  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", list(BUILDERS))
def test_a_dark_chart_has_a_dark_ground_and_light_text(snap: Snapshot, kind: str) -> None:
    fig = BUILDERS[kind](snap, DARK)
    ground = to_hex(fig.get_facecolor())
    assert ground == DARK.background and _luminance_of(ground) < 0.05
    for ax in fig.axes:
        assert _luminance_of(ax.get_facecolor()) < 0.05, f"{kind}: a white axes"
    texts = _shown_texts(fig)
    assert len(texts) > 5
    for t in texts:  # every label on the ground reads at WCAG AA for normal text
        ratio = palette.contrast(to_hex(t.get_color()), ground)
        assert ratio >= 4.5, f"{kind}: {t.get_text()!r} is {to_hex(t.get_color())} ({ratio:.1f}:1)"


@pytest.mark.parametrize("kind", list(BUILDERS))
def test_charts_keep_the_light_print_look_by_default(snap: Snapshot, kind: str) -> None:
    fig = BUILDERS[kind](snap, LIGHT)
    assert to_hex(fig.get_facecolor()) == "#ffffff"
    assert themes.theme_of(fig) is LIGHT
    builder_default = {
        "coverage": lambda: plots.coverage_chart(snap),
        "heatmap": lambda: plots.heatmap(snap),
    }.get(kind)
    if builder_default is not None:
        assert to_hex(builder_default().get_facecolor()) == "#ffffff"


def _cell_pixel(hm: plots.HeatmapFigure, i: int, j: int) -> str:
    """The colour drawn at the centre of person ``i`` x competency ``j``."""
    canvas = hm.figure.canvas
    canvas.draw()
    r, c = int(hm._row_pos[i]), int(hm._col_pos[j])
    x, y = hm.plot.ax.transData.transform((c, r))
    buf = np.asarray(canvas.buffer_rgba())
    px = buf[int(buf.shape[0] - y), int(x)]
    return "#" + "".join(f"{int(v):02x}" for v in px[:3])


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=lambda t: t.name)
def test_not_rated_and_not_in_role_cells_look_different(small: Snapshot, theme: ChartTheme) -> None:
    # Cleo has a target for Databases and no level (not rated); Ben's SRE role has no
    # target for API design and he has no level there (not in role)
    cleo, ben = small.person_index(3), small.person_index(2)
    databases, api = small._competency_index[4], small._competency_index[3]
    assert np.isnan(small.levels[cleo, databases]) and not np.isnan(small.targets[cleo, databases])
    assert np.isnan(small.levels[ben, api]) and np.isnan(small.targets[ben, api])
    hm = plots.HeatmapFigure(small, figsize=(8, 6), theme=theme)
    not_rated, not_in_role = _cell_pixel(hm, cleo, databases), _cell_pixel(hm, ben, api)
    assert not_rated == theme.not_rated and not_in_role == theme.not_in_role
    assert palette.contrast(not_rated, not_in_role) >= palette.MIN_EMPTY_CONTRAST
    # and neither is the ground the chart is drawn on
    assert palette.contrast(not_rated, theme.background) >= palette.MIN_EMPTY_CONTRAST


def test_a_saved_dark_chart_keeps_its_ground(snap: Snapshot, tmp_path) -> None:
    from matplotlib.image import imread

    path = plots.save_figure(plots.coverage_chart(snap, theme=DARK), tmp_path / "c.png", dpi=40)
    corner = imread(path)[2, 2, :3]
    assert to_hex(corner) == DARK.background
