"""Bounds shared by the forms that ask for hours and pay."""

from __future__ import annotations

from decimal import Decimal

# The bounds of every form that asks for hours a week or pay an hour (a vacancy, a resident's
# profile, a job outcome): half an hour to 60 hours, to one decimal place (22.5), and £0 to
# £999.99 in pounds and pence.
HOURS_A_WEEK = {"min_value": Decimal("0.5"), "max_value": Decimal("60"), "decimal_places": 1}
PAY_AN_HOUR = {"min_value": Decimal("0"), "max_value": Decimal("999.99"), "decimal_places": 2}
