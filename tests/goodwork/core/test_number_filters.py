"""Numbers as people write them on the portal's pages."""

from decimal import Decimal

import pytest

from goodwork.core.templatetags.govuk import hours, number, pounds


@pytest.mark.parametrize(("value", "text"), [
    (23088, "£23,088"), (Decimal("23088.00"), "£23,088"), (Decimal("14.8"), "£14.80"),
    (Decimal("12.5"), "£12.50"), (Decimal("1234567.891"), "£1,234,567.89"), (0, "£0"),
    (Decimal("-40"), "-£40"), (None, ""), ("", ""), ("NaN", ""), ("abc", ""),
])
def test_pounds(value, text):
    assert pounds(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("16.0"), "16"), (Decimal("7.50"), "7.5"), (1200, "1,200"), (None, ""),
])
def test_number(value, text):
    assert number(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (1, "1 hour"), (Decimal("20.0"), "20 hours"), (Decimal("7.5"), "7.5 hours"), (0, "0 hours"),
])
def test_hours(value, text):
    assert hours(value) == text
