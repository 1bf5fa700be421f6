"""One chart registry (plots/registry.py) behind every chart chooser.

The command line's ``plot``, Insights' chooser and the report's Charts sheet all offer its
charts, and none offers a chart it does not list.
"""

from __future__ import annotations

import argparse

from skillmatrix.plots import registry


def _plot_choices() -> list[str]:
    from skillmatrix.cli import build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    plot = sub.choices["plot"]
    kind = next(a for a in plot._actions if a.dest == "kind")
    assert kind.choices is not None
    return list(kind.choices)


def test_every_chart_has_a_builder_and_a_unique_key() -> None:
    assert len(registry.KEYS) == len(registry.CHARTS) == len(set(registry.KEYS))
    for chart in registry.CHARTS:
        assert callable(chart.builder()), chart.key


def test_the_command_line_insights_and_the_report_read_the_one_registry() -> None:
    from skillmatrix.reports.export.charts import FIGURES
    from skillmatrix.ui.insights.charts import CHARTS as INSIGHTS

    keys = list(registry.KEYS)
    assert "agreement" in keys  # self vs manager: once missing from the command line
    assert _plot_choices() == keys
    assert [k.key for k in INSIGHTS] == keys
    reported = [c for c in registry.CHARTS if c.report]
    assert reported, "the report draws some of the registry's charts"
    assert [f[0] for f in FIGURES] == [c.report for c in reported]
    assert [(f[1], f[2], f[3]) for f in FIGURES] == [
        (c.module, c.function, c.needs) for c in reported
    ]
