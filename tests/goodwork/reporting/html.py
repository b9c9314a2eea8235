"""Read the index page the way a person (or a screen reader) meets it: sections, charts, tables."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG_NS = "{http://www.w3.org/2000/svg}"


def section(html: str, name: str) -> str:
    match = re.search(
        rf'<section class="gw-figure[^"]*" id="{re.escape(name)}".*?</section>', html, re.S
    )
    assert match, f"no section {name!r} on the page"
    return match.group(0)


def svg(section_html: str) -> ET.Element:
    match = re.search(r"<svg.*?</svg>", section_html, re.S)
    assert match, "no chart in the section"
    return ET.fromstring(match.group(0))  # noqa: S314 - the page under test, not outside input


def chart_values(chart: ET.Element) -> list[str]:
    return [
        text.text for text in chart.iter(f"{SVG_NS}text") if text.get("class") == "gw-chart__value"
    ]


def chart_categories(chart: ET.Element) -> list[str]:
    return [
        " ".join(span.text for span in text.iter(f"{SVG_NS}tspan"))
        for text in chart.iter(f"{SVG_NS}text")
        if text.get("class") == "gw-chart__category"
    ]


def table(section_html: str) -> tuple[list[str], list[list[str]]]:
    """The table's column headings and its rows (row heading first), as text."""
    match = re.search(r"<table.*?</table>", section_html, re.S)
    assert match, "no table in the section"
    root = ET.fromstring(match.group(0))  # noqa: S314 - the page under test, not outside input
    headings = [" ".join("".join(th.itertext()).split()) for th in root.find("thead").iter("th")]
    rows = [
        [" ".join("".join(cell.itertext()).split()) for cell in tr]
        for tr in root.find("tbody").iter("tr")
    ]
    return headings, rows
