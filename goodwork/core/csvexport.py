"""The one way the portal serves a CSV file.

    return csv_response(filename="caseload-2026-12-01.csv", header=["Name", ...], rows=rows)

Every cell goes through ``csv_cell``: names, titles and notes are typed by the public, and a
spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula, so such text is written with a leading apostrophe (OWASP, CSV injection). Real
numbers are left alone, so a negative figure stays a number.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(_text(item) for item in value)
    return str(value)


def csv_cell(value: object) -> str | int | float | Decimal:
    """One cell: empty for None, Yes/No, ISO dates, lists joined with "; ", text made safe."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    text = _text(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_response(
    *, filename: str, header: Iterable[object], rows: Iterable[Iterable[object]]
) -> HttpResponse:
    # Written out whole rather than streamed: the rows may come from a database cursor, which
    # must not outlive the request's transaction.
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([csv_cell(value) for value in header])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return response
