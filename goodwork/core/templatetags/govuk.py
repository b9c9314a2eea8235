"""Render Django forms with GOV.UK Frontend markup.

    {% load govuk %}
    {% govuk_error_summary form %}
    {% govuk_field form.title %}
    {% govuk_field form.hours_min classes="govuk-input--width-4" suffix="hours" %}
    {% govuk_field form.flexibility heading=True %}   {# legend as the page heading #}
    {% govuk_field form.login label="Email address" hint="" %}   {# wording of a third-party form #}
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms, template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.forms.boundfield import BoundField

from goodwork.core.forms import GovukDateWidget

register = template.Library()


def _kind(widget: forms.Widget) -> str:
    if isinstance(widget, forms.MultiWidget) and getattr(widget, "widgets_names", None) == [
        "_day", "_month", "_year"
    ]:
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


@register.inclusion_tag("components/field.html")
def govuk_field(
    field: BoundField,
    classes: str = "",
    heading: bool = False,
    label_classes: str = "",
    suffix: str = "",
    prefix: str = "",
    inline: bool = False,
    small: bool = False,
    label: str | None = None,
    hint: str | None = None,
) -> dict:
    widget = field.field.widget
    kind = _kind(widget)
    input_type = getattr(widget, "input_type", "text")
    options = []
    if kind in {"checkboxes", "radios"}:
        value = field.value()
        values = value if isinstance(value, list | tuple) else [value]
        selected = {str(v) for v in values if v is not None}
        hints = getattr(field.field, "choice_hints", {}) or {}
        choices = [(v, label) for v, label in field.field.choices if v not in ("", None)]
        for n, (choice_value, choice_label) in enumerate(choices):
            options.append({
                # The first option carries the field's id so the error summary link lands on it.
                "id": field.auto_id if n == 0 else f"{field.auto_id}-{n}",
                "value": choice_value,
                "label": choice_label,
                "hint": hints.get(choice_value, ""),
                "checked": str(choice_value) in selected,
            })
    legend_size = "govuk-fieldset__legend--l" if heading else "govuk-fieldset__legend--s"
    return {
        "field": field,
        # Forms from other packages (allauth) bring their own wording, some of it HTML.
        "label": field.label if label is None else label,
        "hint": field.help_text if hint is None else hint,
        "kind": kind,
        "input_type": input_type,
        "options": options,
        "classes": classes,
        "heading": heading,
        "label_classes": label_classes or ("govuk-label--l" if heading else ""),
        "legend_classes": label_classes or legend_size,
        "suffix": suffix,
        "prefix": prefix,
        "inline": inline,
        "small": small,
        "value": field.value() if kind not in {"checkboxes", "radios", "checkbox"} else None,
        "autocomplete": widget.attrs.get("autocomplete", ""),
        "inputmode": widget.attrs.get("inputmode", ""),
        "spellcheck": widget.attrs.get("spellcheck", ""),
        "rows": widget.attrs.get("rows", 5),
        "maxwords": widget.attrs.get("data-maxwords", ""),
    }


@register.inclusion_tag("components/error_summary.html")
def govuk_error_summary(*forms_: forms.BaseForm) -> dict:
    errors = []
    for form in forms_:
        if form is None or not getattr(form, "is_bound", False) or not form.errors:
            continue
        for message in form.non_field_errors():
            errors.append({"href": "", "message": message})
        for name, field_errors in form.errors.items():
            if name == "__all__":
                continue
            bound = form[name]
            for message in field_errors:
                errors.append({"href": f"#{bound.auto_id}", "message": message})
    return {"errors": errors}


@register.filter
def choice_label(value: str, choices) -> str:
    """The human label for a stored code: {{ vacancy.sector|choice_label:sector_choices }}."""
    return dict(choices).get(value, value)


@register.filter
def date_parts(value) -> list[str]:
    """Day, month and year for a GOV.UK date input, from a date or the three typed boxes."""
    return GovukDateWidget().decompress(value)


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


@register.filter
def pounds(value) -> str:
    """Money as people write it: 23088 -> '£23,088', 14.8 -> '£14.80', 12.5 -> '£12.50'.

    Whole pounds lose their pence; anything else keeps two places."""
    number = _decimal(value)
    if number is None:
        return ""
    sign = "-" if number < 0 else ""
    number = abs(number)
    if number == number.to_integral_value():
        return f"{sign}£{intcomma(int(number))}"
    whole, pence = f"{number.quantize(Decimal('0.01')):f}".split(".")
    return f"{sign}£{intcomma(int(whole))}.{pence}"


@register.filter
def number(value) -> str:
    """A count or amount without trailing zeros: 16.0 -> '16', 7.50 -> '7.5', 1200 -> '1,200'."""
    amount = _decimal(value)
    if amount is None:
        return ""
    text = f"{amount.normalize():f}" if amount != amount.to_integral_value() else str(int(amount))
    whole, _, fraction = text.partition(".")
    return intcomma(int(whole)) + (f".{fraction}" if fraction else "")


@register.filter
def hours(value) -> str:
    """Hours as people say them: 1 -> '1 hour', 20 -> '20 hours', 7.5 -> '7.5 hours'."""
    amount = _decimal(value)
    if amount is None:
        return ""
    return f"{number(amount)} hour{'' if amount == 1 else 's'}"
