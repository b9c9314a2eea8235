"""Server-rendered SVG bar charts for the Flexible Jobs Index.

Each chart draws the percentage columns of one table (goodwork.reporting.tables), so the figures
on the bars are the figures in the table beside it. Series are told apart by pattern as well
as colour (solid, stripes, dots), so the chart still reads in greyscale or for people who
cannot tell the colours apart, and every bar carries its figure as text.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from goodwork.reporting.tables import NO_FIGURE, Table

WIDTH = 960
LABEL_WIDTH = 330
PLOT_X = LABEL_WIDTH + 10
PLOT_WIDTH = 540
BAR_HEIGHT = 22
BAR_GAP = 3
GROUP_GAP = 18
LEGEND_LINE = 28
AXIS_HEIGHT = 30
LABEL_CHARS = 36
GRIDLINES = [0, 25, 50, 75, 100]
# (pattern, colour) for each series, in order. Stripes and dots sit on white so the three
# series differ in texture, not only in hue.
SERIES_STYLES = [("solid", "#1d70b8"), ("stripes", "#d4351c"), ("dots", "#00703c")]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    label: str
    label_x: float
    label_y: float
    series: str
    category: str


@dataclass(frozen=True)
class CategoryLabel:
    lines: list[str]
    x: float
    y: float


@dataclass(frozen=True)
class LegendItem:
    name: str
    fill: str
    y: float


@dataclass(frozen=True)
class Gridline:
    x: float
    label: str


def _x_for(value: int) -> float:
    return PLOT_X + PLOT_WIDTH * max(0, min(value, 100)) / 100


def chart_for(table: Table) -> dict:
    """The geometry of a horizontal grouped bar chart of the table's charted columns."""
    charted = table.charted_columns
    prefix = f"gw-chart-{table.name}"
    # A one-series chart with rows of figures from elsewhere (the UK reference) draws those
    # rows in the second pattern, so "ours" and "theirs" differ without reading the labels.
    reference_rows = table.reference_rows if len(charted) == 1 else frozenset()
    styles = [
        (name, colour, f"{prefix}-{name}")
        for name, colour in SERIES_STYLES[: max(len(charted), 2 if reference_rows else 1)]
    ]
    legend = []
    top = 10
    if len(charted) > 1:
        for (_, column), (_, _, pattern_id) in zip(charted, styles, strict=True):
            legend.append(LegendItem(column.heading, f"url(#{pattern_id})", top))
            top += LEGEND_LINE
        top += 10
    group_height = len(charted) * BAR_HEIGHT + (len(charted) - 1) * BAR_GAP
    bars, labels = [], []
    y = top
    for row_number, row in enumerate(table.rows):
        lines = textwrap.wrap(str(row[0]), LABEL_CHARS)[:2] or [""]
        # Two lines are centred on the group: the first sits half a line above the middle.
        labels.append(
            CategoryLabel(lines, LABEL_WIDTH, y + group_height / 2 - (len(lines) - 1) * 9 + 5)
        )
        for series, (index, column) in enumerate(charted):
            pattern_id = styles[1 if row_number in reference_rows else series][2]
            value = row[index]
            width = 0 if value is None else _x_for(value) - PLOT_X
            bars.append(
                Bar(
                    x=PLOT_X,
                    y=y,
                    width=width,
                    height=BAR_HEIGHT,
                    fill=f"url(#{pattern_id})",
                    label=NO_FIGURE if value is None else f"{value}%",
                    label_x=PLOT_X + width + 6,
                    label_y=y + BAR_HEIGHT / 2 + 5,
                    series=column.heading,
                    category=str(row[0]),
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP - BAR_GAP
    plot_bottom = y
    return {
        "id": prefix,
        "title": table.chart_title,
        "description": table.chart_description,
        "width": WIDTH,
        "height": plot_bottom + AXIS_HEIGHT,
        "plot_top": top - 4,
        "plot_bottom": plot_bottom,
        "axis_label_y": plot_bottom + 20,
        "patterns": [
            {"id": pattern_id, "kind": name, "colour": colour}
            for name, colour, pattern_id in styles
        ],
        "legend": legend,
        "legend_x": PLOT_X,
        "gridlines": [Gridline(_x_for(value), f"{value}%") for value in GRIDLINES],
        "labels": labels,
        "bars": bars,
    }


def render_chart(table: Table) -> SafeString:
    return render_to_string("insights/includes/bar_chart.svg", {"chart": chart_for(table)})
