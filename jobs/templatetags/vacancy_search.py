"""Template filters for the job search and the job page."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from jobs.selectors import MARK_START, MARK_STOP

register = template.Library()


@register.filter
def highlighted(headline: str | None, original: str) -> SafeString:
    """The original text, escaped, with the words ts_headline marked wrapped in <mark>.

    Falls back to the plain escaped text if the headline is not the whole text with markers
    (for instance if the text itself contained a marker character).
    """
    if not headline or headline.replace(MARK_START, "").replace(MARK_STOP, "") != original:
        return escape(original)
    parts = []
    for n, chunk in enumerate(headline.replace(MARK_STOP, MARK_START).split(MARK_START)):
        parts.append(f"<mark>{escape(chunk)}</mark>" if n % 2 and chunk else escape(chunk))
    return mark_safe("".join(parts))  # noqa: S308 - every chunk is escaped above


@register.filter
def hours_number(value) -> str:
    """16.0 -> '16', 7.5 -> '7.5'."""
    if value is None:
        return ""
    text = f"{value:f}" if hasattr(value, "normalize") else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def plain_text(text: str) -> SafeString:
    """A vacancy's plain-text description as GOV.UK paragraphs and bullet lists.

    Employers are told: leave a blank line between paragraphs; start list items with '- '.
    """
    blocks = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith(("- ", "* ")) for line in lines):
            items = "".join(f"<li>{escape(line[2:].strip())}</li>" for line in lines)
            blocks.append(f'<ul class="govuk-list govuk-list--bullet">{items}</ul>')
        else:
            blocks.append(
                f'<p class="govuk-body">{"<br>".join(escape(line) for line in lines)}</p>'
            )
    return mark_safe("".join(blocks))  # noqa: S308 - every line is escaped above
