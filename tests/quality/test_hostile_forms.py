"""Every number and date a form in the portal takes, fed what Python's own parsing lets through.

`Decimal()`, `int()` and `strptime()` read other scripts' digits ("١٢", fullwidth "１２"),
superscripts, underscores, exponents ("1e-100000" is within any range yet overflows
PostgreSQL's numeric type), "NaN", "Infinity", twenty-digit numbers and the year 1. The forms
are found, not listed: every form class defined in the portal's packages and each FilterSet's
form, and in each the number and date fields it has once built. A form added later is attacked
too; one that needs arguments to be built fails test_every_form_can_be_built until BUILD says
how.

For each field, every value in HOSTILE_NUMBERS, HOSTILE_DATES or HOSTILE_DATE_PARTS (by the
kind of field) must be refused with a message in the portal's words, never raise; "empty or
spaces" is refused only by a required field. Then text that hypothesis generates must be
refused, or read as a number or date of plain digits within the field's bounds.
tests/quality/test_hostile_views.py posts the same values to the pages that hold these forms.
"""

from __future__ import annotations

import datetime
import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import django_filters
import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goodwork.core.forms import TYPED_NUMBER, AsciiNumberMixin, DateYearsMixin
from jobs.models import Vacancy
from residents.coaching.models import CaseloadEntry
from tests.quality import figures

pytestmark = pytest.mark.django_db

PACKAGES = ("goodwork", "jobs", "employers", "residents")
DATE_PART_SUFFIXES = ("_day", "_month", "_year")

# -- The hostile values, by class ------------------------------------------------------------

EMPTY = "empty or spaces"

HOSTILE_NUMBERS: dict[str, list[str]] = {
    "digits other than 0-9": ["١٢", "１２", "²", "१६", "১২", "𝟏𝟔", "٣٫٥", "1٢", "16²"],
    "exponent": ["1e1", "1e-100000", "1E5", "1e2", "2.5e1", "16E0", "1e309", "1e-2"],
    "NaN or infinity": ["NaN", "nan", "-NaN", "sNaN", "Infinity", "-Infinity", "inf", "∞"],
    "20 or more digits": [
        "12345678901234567890",
        "99999999999999999999",
        "-99999999999999999999",
        "0.12345678901234567890",
        "1" * 25,
    ],
    "negative": ["-1", "-0.5", "-16", "-0.01"],
    "huge": ["1000000", "1" + "0" * 100, "9" * 5000],
    "too many decimal places": ["0.001", "14.805", "22.555"],
    "mixed": [
        "16abc", "1 6", "16,5", "£15", "16.5.5", "0x10", "1_000", "+-1", "--1", "1-", "½",
        "16\x00", "1\u200b6", "sixteen", "16 hours", ".", "-", "<script>alert(1)</script>",
    ],
    EMPTY: ["", " ", "\t\n", "\u00a0", "\u3000"],
}

# The first value of each class is the one most likely to get through: the pages' test
# (test_hostile_views.py) sends only that one to each field.

# A date typed in one box, as a browser's date picker sends it (2030-06-15).
HOSTILE_DATES: dict[str, list[str]] = {
    "digits other than 0-9": ["２０３０-０６-１５", "٢٠٣٠-٠٦-١٥", "2030-06-1²", "2030-0٦-15"],
    "exponent": ["1e5", "2030e0-06-15", "2E3-06-15"],
    "NaN or infinity": ["NaN", "Infinity", "-inf"],
    "20 or more digits": [
        "2030-06-12345678901234567890",
        "12345678901234567890-06-15",
        "2030-12345678901234567890-15",
    ],
    "negative": ["-2030-06-15", "2030--06-15", "2030-06--15"],
    "huge": ["99999-06-15", "9999-12-31", "2101-01-01", "9" * 5000],
    "year 0001": ["0001-01-01", "0000-06-15", "1899-12-31"],
    "not a real date": ["2030-02-30", "2030-13-01", "2030-00-10", "2030-06-00"],
    "mixed": ["2030-06-15T00:00", "tomorrow", "2030/06/15x", "2030-06-15\x00", "15 June"],
    EMPTY: ["", " ", "\u00a0"],
}

# A GOV.UK date input's three boxes: one box at a time is hostile, the others hold 15 6 2030.
HOSTILE_DATE_PARTS: dict[str, list[str]] = {
    "digits other than 0-9": ["１２", "²", "١٢", "৩"],
    "exponent": ["1e1", "1E0"],
    "NaN or infinity": ["NaN", "inf"],
    "20 or more digits": ["9" * 5000, "1" * 20],
    "negative": ["-1", "-12"],
    "mixed": ["1 2", "12abc", "0x1", "1_2", "½", "\x00"],
}
# ...and whole years.
HOSTILE_YEARS: dict[str, list[str]] = {
    "year 0001": ["0001", "0000", "1899"],
    "huge": ["2101", "9999", "99999", "12345678901234567890"],
}
GOOD_PARTS = {"_day": "15", "_month": "6", "_year": "2030"}


def catalogue() -> dict[str, int]:
    """How many hostile values each class holds, over the three kinds of field."""
    counts: dict[str, int] = {}
    for table in (HOSTILE_NUMBERS, HOSTILE_DATES, HOSTILE_DATE_PARTS, HOSTILE_YEARS):
        for kind, values in table.items():
            counts[kind] = counts.get(kind, 0) + len(values)
    return counts


# -- The forms ---------------------------------------------------------------------------------

# Forms that cannot be built without arguments, and what to build them with.
BUILD: dict[str, Callable[[], dict[str, Any]]] = {
    "employers.forms.vacancy.ExtendForm": lambda: {
        "vacancy": Vacancy(closing_date=timezone.localdate() + datetime.timedelta(days=7))
    },
    "goodwork.reporting.council.CouncilDashboardForm": lambda: {
        "providers": [],
        "today": timezone.localdate(),
    },
    "residents.coaching.forms.TransferForm": lambda: {"entry": CaseloadEntry()},
    "residents.coaching.forms.TransferProposeForm": lambda: {"entry": CaseloadEntry()},
    "residents.coaching.selectors.caseload.CaseloadFilter.form": lambda: {"user": AnonymousUser()},
    "residents.forms.alerts.AlertCreateForm": lambda: {"ask_email": True},
}

# The Django admin's forms: held to the same digits and bounds, in Django's own wording.
ADMIN_FORMS = ("jobs.admin.",)


def _import_project_modules() -> None:
    for package in PACKAGES:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, f"{package}."):
            if ".migrations" not in info.name:
                importlib.import_module(info.name)


def _subclasses(cls: type) -> Iterator[type]:
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def _in_project(cls: type) -> bool:
    return cls.__module__.split(".")[0] in PACKAGES


@dataclass(frozen=True)
class FormSpec:
    name: str
    build: Callable[[dict[str, Any] | None], forms.BaseForm]

    @property
    def is_admin(self) -> bool:
        return self.name.startswith(ADMIN_FORMS)


def _form_builder(name: str, cls: type[forms.BaseForm]):
    def build(data: dict[str, Any] | None) -> forms.BaseForm:
        return cls(data, **BUILD.get(name, lambda: {})())

    return build


def _filterset_builder(name: str, cls: type[django_filters.FilterSet]):
    # Only the form is read; a FilterSet given its queryset by its view names no model.
    model = cls._meta.model or Vacancy

    def build(data: dict[str, Any] | None) -> forms.BaseForm:
        arguments = BUILD.get(name, lambda: {})()
        return cls(data, queryset=model._default_manager.none(), **arguments).form

    return build


def project_forms() -> dict[str, FormSpec]:
    """Every form class the portal defines, and each FilterSet's form, by dotted name."""
    _import_project_modules()
    specs: dict[str, FormSpec] = {}
    for cls in _subclasses(forms.BaseForm):
        if not _in_project(cls):
            continue
        if issubclass(cls, forms.BaseModelForm) and cls._meta.model is None:
            continue  # a base for ModelForms, with no model of its own
        name = f"{cls.__module__}.{cls.__qualname__}"
        specs[name] = FormSpec(name, _form_builder(name, cls))
    for cls in _subclasses(django_filters.FilterSet):
        if _in_project(cls):
            name = f"{cls.__module__}.{cls.__qualname__}.form"
            specs[name] = FormSpec(name, _filterset_builder(name, cls))
    return dict(sorted(specs.items()))


def is_date_parts(field: forms.Field) -> bool:
    widget = field.widget
    return isinstance(widget, forms.MultiWidget) and list(
        getattr(widget, "widgets_names", [])
    ) == list(DATE_PART_SUFFIXES)


NUMBER_AND_DATE_FIELDS = (
    forms.IntegerField,  # and DecimalField, FloatField
    forms.DateField,
    forms.DateTimeField,
    forms.TimeField,
    DateYearsMixin,
)


def typed_fields(form: forms.BaseForm) -> dict[str, forms.Field]:
    """The form's number and date fields, as built (fields added in __init__ included)."""
    return {
        name: field
        for name, field in form.fields.items()
        if isinstance(field, NUMBER_AND_DATE_FIELDS) or is_date_parts(field)
    }


def field_kind(field: forms.Field) -> str:
    if is_date_parts(field):
        return "date parts"
    if isinstance(field, forms.DateField | forms.DateTimeField | DateYearsMixin):
        return "date"
    return "number"


@dataclass(frozen=True)
class Hostile:
    kind: str
    data: dict[str, str]

    def refused_by(self, field: forms.Field) -> bool:
        return self.kind != EMPTY or field.required


def hostile_inputs(name: str, field: forms.Field, per_class: int | None = None) -> list[Hostile]:
    """The hostile values for one field, as the form's data would hold them; `per_class` keeps
    the first few of each class."""

    def first(values: list[str]) -> list[str]:
        return values[:per_class] if per_class else values

    kind = field_kind(field)
    if kind == "number":
        return [Hostile(k, {name: v}) for k, vs in HOSTILE_NUMBERS.items() for v in first(vs)]
    if kind == "date":
        return [Hostile(k, {name: v}) for k, vs in HOSTILE_DATES.items() for v in first(vs)]
    good = {f"{name}{suffix}": part for suffix, part in GOOD_PARTS.items()}
    inputs = [
        Hostile(k, {**good, f"{name}{suffix}": v})
        for k, vs in HOSTILE_DATE_PARTS.items()
        for v in first(vs)
        for suffix in DATE_PART_SUFFIXES
    ]
    inputs += [
        Hostile(k, {**good, f"{name}_year": v})
        for k, vs in HOSTILE_YEARS.items()
        for v in first(vs)
    ]
    inputs += [
        Hostile(EMPTY, {f"{name}{suffix}": v for suffix in DATE_PART_SUFFIXES})
        for v in first(HOSTILE_NUMBERS[EMPTY])
    ]
    # One box left empty is an incomplete date, whatever the others hold.
    inputs += [Hostile("mixed", {**good, f"{name}_month": ""})]
    return inputs


# Messages that show a field kept Django's wording, or a placeholder no one filled in.
DJANGO_WORDING = (
    "This field is required.",
    "Enter a number.",
    "Enter a whole number.",
    "Enter a valid date.",
    "Ensure ",
)


def assert_portal_message(message: str, where: str) -> None:
    assert message.strip(), where
    assert "%(" not in message and "%s" not in message, f"{where}: {message!r}"
    assert not message.startswith(DJANGO_WORDING), f"{where}: Django's wording {message!r}"
    assert message[0].isupper() and message.rstrip().endswith((".", "?")), f"{where}: {message!r}"


FORMS = project_forms()


def _safe_build(spec: FormSpec) -> forms.BaseForm:
    try:
        return spec.build(None)
    except TypeError:
        return forms.Form()  # test_every_form_can_be_built names it


TYPED_FIELDS = [
    (spec, name) for spec in FORMS.values() for name in typed_fields(_safe_build(spec))
]
FIELD_PARAMS = [
    pytest.param(spec, name, id=f"{spec.name}.{name}") for spec, name in TYPED_FIELDS
]


def test_every_form_can_be_built():
    unbuildable = []
    for spec in FORMS.values():
        try:
            spec.build(None)
        except TypeError as error:
            unbuildable.append(f"{spec.name}: {error}")
    assert not unbuildable, f"Say in BUILD how to build: {unbuildable}"


def test_forms_are_found_in_every_layer():
    # If the search for form classes breaks, every other test here passes with nothing to do.
    found = {name.split(".")[0] for name in FORMS}
    assert found == set(PACKAGES)
    assert "jobs.letters.FlexibleWorkingRequestForm" in FORMS
    assert "residents.coaching.forms.TransferAnswerForm" in FORMS
    assert "jobs.filters.VacancyFilter.form" in FORMS
    assert len(FIELD_PARAMS) >= 25


def test_the_hostile_values_cover_every_class():
    counts = catalogue()
    assert set(counts) >= {
        "digits other than 0-9", "exponent", "NaN or infinity", "20 or more digits",
        "negative", "huge", "year 0001", EMPTY, "mixed",
    }
    tried = sum(
        len(hostile_inputs(name, _safe_build(spec).fields[name])) for spec, name in TYPED_FIELDS
    )
    # Printed for pytest -s or -rP: how many values, in how many classes, are tried.
    print(f"\nHostile number and date values: {sum(counts.values())} in {len(counts)} classes")
    for kind, count in counts.items():
        print(f"  {kind}: {count}")
    print(f"{tried} form inputs over {len(TYPED_FIELDS)} fields in {len(FORMS)} forms")


def test_every_number_and_date_field_reads_plain_digits_only():
    loose = [
        f"{spec.name}.{name} ({type(field).__name__})"
        for spec, name in TYPED_FIELDS
        if not spec.is_admin
        and not isinstance(
            field := _safe_build(spec).fields[name], AsciiNumberMixin | DateYearsMixin
        )
    ]
    assert not loose, (
        "Use goodwork.core.forms' AsciiDecimalField, AsciiIntegerField, AsciiDateField or "
        f"GovukDateField for: {loose}"
    )


@pytest.mark.parametrize(("spec", "name"), FIELD_PARAMS)
def test_hostile_values_are_refused_with_a_message(spec: FormSpec, name: str):
    field = spec.build(None).fields[name]
    inputs = hostile_inputs(name, field)
    figures.add("hostile_inputs", len(inputs))
    accepted = []
    for hostile in inputs:
        form = spec.build(hostile.data)
        valid = form.is_valid()
        errors = form.errors.get(name, [])
        where = f"{spec.name}.{name} = {hostile.data!r} ({hostile.kind})"
        if hostile.refused_by(field):
            if valid or not errors:
                accepted.append(where)
        else:
            assert not errors, f"{where}: {errors}"
        # The admin speaks Django's own words ("This field is required."); the portal ours.
        for message in [] if spec.is_admin else errors:
            assert_portal_message(message, where)
    assert not accepted, f"Accepted: {accepted}"


# -- Generated text -----------------------------------------------------------------------------

DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩０１２３４５６７８９²³¹"
numberish = st.from_regex(
    rf"\A[ +-]?[{DIGITS}]{{0,22}}(\.[{DIGITS}]{{0,22}})?([eE][+-]?[0-9]{{1,6}})? ?\Z"
)
number_text = st.one_of(
    st.text(max_size=30),
    numberish,
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers().map(str),
    st.floats().map(repr),
)
date_text = st.one_of(
    st.text(max_size=30),
    st.dates(min_value=datetime.date(1, 1, 1)).map(datetime.date.isoformat),
    st.builds(
        lambda y, m, d: f"{y}-{m}-{d}",
        st.integers(min_value=-10, max_value=10**22),
        st.integers(min_value=-1, max_value=14),
        st.integers(min_value=-1, max_value=10**22),
    ),
    st.from_regex(rf"\A[{DIGITS}]{{4}}-[{DIGITS}]{{2}}-[{DIGITS}]{{2}}\Z"),
)
part_text = st.one_of(st.text(max_size=8), numberish, st.integers().map(str))


def number_bounds(field: forms.Field) -> tuple[Any, Any]:
    """The least and the most a number field takes, from its arguments or its validators (a
    FilterSet's number filters give validators)."""
    lows = [field.min_value] if getattr(field, "min_value", None) is not None else []
    highs = [field.max_value] if getattr(field, "max_value", None) is not None else []
    for validator in field.validators:
        if isinstance(validator, MinValueValidator):
            lows.append(validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            highs.append(validator.limit_value)
    return (max(lows) if lows else None), (min(highs) if highs else None)


def _accepted_value_is_plain(spec: FormSpec, name: str, field: forms.Field, sent, value) -> None:
    where = f"{spec.name}.{name} = {sent!r} read as {value!r}"
    texts = sent if isinstance(sent, tuple) else (sent,)
    assert all(text.strip().isascii() for text in texts), where
    if field_kind(field) == "number":
        assert TYPED_NUMBER.fullmatch(sent.strip()), where
        assert isinstance(value, int | Decimal) and Decimal(value).is_finite(), where
        low, high = number_bounds(field)
        assert low is not None and high is not None, f"{spec.name}.{name} has no bounds"
        assert low <= value <= high, where
    else:
        assert isinstance(value, datetime.date), where
        assert field.min_year <= value.year <= field.max_year, where


@pytest.mark.parametrize(
    ("spec", "name"), [pytest.param(*pair, id=f"{pair[0].name}.{pair[1]}") for pair in TYPED_FIELDS]
)
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_generated_text_is_refused_or_read_as_plain_digits_in_range(spec, name, data):
    field = spec.build(None).fields[name]
    kind = field_kind(field)
    if kind == "date parts":
        sent = data.draw(st.tuples(part_text, part_text, part_text), label="parts")
        form_data = {f"{name}{suffix}": part for suffix, part in zip(DATE_PART_SUFFIXES, sent,
                                                                     strict=True)}
    else:
        sent = data.draw(number_text if kind == "number" else date_text, label="text")
        form_data = {name: sent}
    figures.add("hostile_inputs")
    form = spec.build(form_data)
    form.is_valid()
    # The admin speaks Django's own words ("This field is required."); the portal's pages ours.
    for message in [] if spec.is_admin else form.errors.get(name, []):
        assert_portal_message(message, f"{spec.name}.{name} = {sent!r}")
    if name in form.errors:
        return
    value = form.cleaned_data.get(name)
    if value is not None:
        _accepted_value_is_plain(spec, name, field, sent, value)
