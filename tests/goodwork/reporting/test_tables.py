"""Figures in the index's and the dashboard's tables are written as people write numbers."""

from decimal import Decimal

from goodwork.reporting.tables import NO_FIGURE, Column, display


def test_counts_and_amounts_are_written_as_people_write_them():
    count = Column("Live vacancies")
    assert display(1200, count) == "1,200"
    assert display(Decimal("7.50"), count) == "7.5"
    assert display(Decimal("24.0"), count) == "24"
    assert display(None, count) == NO_FIGURE


def test_shares_are_percentages_and_text_is_left_alone():
    assert display(63, Column("Any flexible option", is_percent=True)) == "63%"
    assert display("£14.80", Column("London Living Wage that day", is_text=True)) == "£14.80"
