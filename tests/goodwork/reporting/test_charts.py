from goodwork.reporting.charts import PLOT_WIDTH, PLOT_X, chart_for
from goodwork.reporting.tables import Column, Table


def table(rows, columns=None, **extra) -> Table:
    return Table(
        name="test",
        caption="Test",
        chart_title="A chart",
        chart_description="What it shows",
        columns=columns or [Column("Share", is_percent=True, charted=True)],
        rows=rows,
        row_heading="Row",
        **extra,
    )


def test_bar_length_is_proportional_to_the_figure_and_labelled_with_it():
    chart = chart_for(table([["Half", 50], ["All", 100], ["None", 0]]))
    assert [(bar.width, bar.label) for bar in chart["bars"]] == [
        (PLOT_WIDTH / 2, "50%"),
        (PLOT_WIDTH, "100%"),
        (0, "0%"),
    ]
    assert all(bar.x == PLOT_X for bar in chart["bars"])
    assert chart["legend"] == []  # one series: the title says what it is


def test_a_missing_figure_is_said_in_words_not_drawn_as_zero():
    bar = chart_for(table([["Gap", None]]))["bars"][0]
    assert (bar.width, bar.label) == (0, "No figure")


def test_series_each_get_a_pattern_and_a_legend_entry():
    columns = [
        Column("Live vacancies"),
        Column("A", is_percent=True, charted=True),
        Column("B", is_percent=True, charted=True),
        Column("C", is_percent=True, charted=True),
    ]
    chart = chart_for(table([["Row one", 3, 10, 20, 30]], columns=columns))
    assert [p["kind"] for p in chart["patterns"]] == ["solid", "stripes", "dots"]
    assert [item.name for item in chart["legend"]] == ["A", "B", "C"]
    assert [bar.label for bar in chart["bars"]] == ["10%", "20%", "30%"]
    assert len({bar.fill for bar in chart["bars"]}) == 3
    # Bars of one group do not overlap.
    bars = chart["bars"]
    assert all(
        later.y >= earlier.y + earlier.height
        for earlier, later in zip(bars, bars[1:], strict=False)
    )


def test_long_category_names_wrap_onto_two_lines():
    label = chart_for(table([["Local government and public services in the borough", 40]]))[
        "labels"
    ][0]
    assert label.lines == ["Local government and public services", "in the borough"]


def test_reference_rows_are_drawn_in_a_second_pattern():
    chart = chart_for(table([["Ours", 60], ["Theirs", 30]], reference_rows=frozenset({1})))
    ours, theirs = (bar.fill for bar in chart["bars"])
    assert ours == "url(#gw-chart-test-solid)"
    assert theirs == "url(#gw-chart-test-stripes)"
