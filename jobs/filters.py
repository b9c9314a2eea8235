"""The search filters for /jobs/. OR within a group, AND across groups.

The same parameters describe a saved search (residents.SavedSearch stores each group in a
column), so a search page URL and an alert are two views of one set of criteria.

Each group is also available as a plain Q condition (`VacancyFilter.conditions()`), so the
search page can count, in one aggregate query, how many jobs there would be without each group.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import django_filters as df
from django import forms
from django.contrib.postgres.search import SearchQuery
from django.core.validators import DecimalValidator, MaxValueValidator, MinValueValidator
from django.db import connection
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import Truncator

from goodwork.core.forms import AsciiDecimalField
from jobs.choices import CAMDEN_WARDS, ContractType, Place, Sector, TimeOption, Ward
from jobs.querysets import HAS_ACTIVE_PLEDGE, offering_condition

# Area choices: Camden's wards, elsewhere in London, or fully remote.
AREA_REMOTE = "remote"
AREA_CHOICES = [(ward.value, ward.label) for ward in CAMDEN_WARDS] + [
    (Ward.ELSEWHERE_LONDON.value, Ward.ELSEWHERE_LONDON.label),
    (AREA_REMOTE, "Fully remote"),
]
POSTED_CHOICES = [
    ("1", "Last 24 hours"),
    ("3", "Last 3 days"),
    ("7", "Last 7 days"),
    ("14", "Last 14 days"),
    ("30", "Last 30 days"),
]
CLOSING_CHOICES = [
    ("3", "Next 3 days"),
    ("7", "Next 7 days"),
    ("14", "Next 14 days"),
    ("30", "Next 30 days"),
]
MAX_KEYWORDS_LENGTH = 200
HOURS_LIMIT = 60
PAY_LIMIT = 1000
# Hours and pay in pounds have at most two decimal places. Without this check a value such as
# 1e-100000 is within the range yet overflows PostgreSQL's numeric type when compared.
TWO_PLACES = DecimalValidator(max_digits=7, decimal_places=2)

SORT_RELEVANCE = "relevance"
SORT_NEWEST = "newest"
SORT_CLOSING = "closing"
SORT_PAY = "pay"
SORT_CHOICES = [
    (SORT_RELEVANCE, "Best match"),
    (SORT_NEWEST, "Newest"),
    (SORT_CLOSING, "Closing soonest"),
    (SORT_PAY, "Highest pay"),
]

# What the page says about a search parameter it could not use.
IGNORED_OPTION = "We ignored “{value}” in “{label}”: it is not one of the options."
IGNORED_NUMBER = "We ignored “{value}” for “{label}”: enter a number from 0 to {limit}."
IGNORED_KEYWORDS_TOO_LONG = "We ignored your keywords: use 200 characters or fewer."
IGNORED_KEYWORDS_UNUSABLE = (
    "We ignored your keywords: they contain characters we cannot search for."
)
IGNORED_KEYWORDS_NO_WORDS = (
    "We ignored your keywords “{value}”: they only contain very common words. "
    "Try a more specific word."
)
IGNORED_SORT = "We ignored “{value}” for sorting: showing the newest jobs first."
IGNORED_PAGE = "There is no page “{value}” of these results: showing page {page}."

TRUE_VALUES = {"on", "true", "1", "yes"}
FALSE_VALUES = {"off", "false", "0", "no", ""}


def keyword_query(text: str) -> SearchQuery:
    """Web-search syntax: "quoted phrases", -exclusions, or. Never raises on bad syntax."""
    return SearchQuery(text, search_type="websearch", config="english")


def keyword_has_terms(text: str) -> bool:
    """False when the words are all stop words or punctuation: such a query matches nothing."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(websearch_to_tsquery('english', %s)) > 0", [text])
        return bool(cursor.fetchone()[0])


def shown(value: str) -> str:
    """A rejected value as the page may repeat it: short and printable (escaped by the template)."""
    printable = "".join(ch if ch.isprintable() else "?" for ch in str(value))
    return Truncator(printable).chars(40)


class FlagInput(forms.CheckboxInput):
    """A checkbox that also reads the 'true'/'false' spellings a saved search or a link may use."""

    def value_from_datadict(self, data, files, name):
        if name not in data:
            return None
        value = str(data.get(name)).strip().lower()
        if value in TRUE_VALUES:
            return True
        if value in FALSE_VALUES:
            return None
        return value


class FlagField(forms.NullBooleanField):
    default_error_messages = {"invalid": "Choose yes or leave it empty."}

    def to_python(self, value):
        if value is True:
            return True
        if value in (None, False, ""):
            return None
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")

    def validate(self, value):
        return None


class NumberFilter(df.NumberFilter):
    field_class = AsciiDecimalField


class FlagFilter(df.BooleanFilter):
    field_class = FlagField


class VacancyFilter(df.FilterSet):
    q = df.CharFilter(method="filter_condition", label="Keywords", max_length=MAX_KEYWORDS_LENGTH)
    time = df.MultipleChoiceFilter(
        label="When and how much you work",
        choices=TimeOption.choices,
        widget=forms.CheckboxSelectMultiple,
        method="filter_condition",
    )
    place = df.MultipleChoiceFilter(
        label="Where you work",
        choices=[(p.value, p.label) for p in Place if p != Place.ON_SITE],
        widget=forms.CheckboxSelectMultiple,
        method="filter_condition",
    )
    hours_min = NumberFilter(
        label="At least this many hours a week",
        method="filter_condition",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        validators=[MinValueValidator(0), MaxValueValidator(HOURS_LIMIT), TWO_PLACES],
    )
    hours_max = NumberFilter(
        label="At most this many hours a week",
        method="filter_condition",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        validators=[MinValueValidator(0), MaxValueValidator(HOURS_LIMIT), TWO_PLACES],
    )
    pay_min = NumberFilter(
        label="At least this much an hour",
        method="filter_condition",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        validators=[MinValueValidator(0), MaxValueValidator(PAY_LIMIT), TWO_PLACES],
    )
    llw = FlagFilter(
        label="Pays the London Living Wage",
        widget=FlagInput,
        method="filter_condition",
    )
    contract = df.MultipleChoiceFilter(
        label="Contract type",
        choices=ContractType.choices,
        widget=forms.CheckboxSelectMultiple,
        method="filter_condition",
    )
    sector = df.MultipleChoiceFilter(
        label="Sector",
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        method="filter_condition",
    )
    area = df.MultipleChoiceFilter(
        label="Area",
        choices=AREA_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        method="filter_condition",
    )
    pledge = FlagFilter(
        label="Fair Flexible Work pledge employers only",
        widget=FlagInput,
        method="filter_condition",
    )
    posted = df.ChoiceFilter(
        label="Posted",
        choices=POSTED_CHOICES,
        method="filter_condition",
        empty_label="Any time",
    )
    closing = df.ChoiceFilter(
        label="Closing",
        choices=CLOSING_CHOICES,
        method="filter_condition",
        empty_label="Any time",
    )

    # -- Binding: every bad value is dropped and explained, never an error page -------------

    @classmethod
    def from_params(cls, params: QueryDict, **kwargs) -> VacancyFilter:
        """Bind to a search URL's parameters, keeping what is usable.

        `ignored` lists, in words, each value that was dropped.
        """
        data, ignored = QueryDict(mutable=True), []
        for name, filter_ in cls.base_filters.items():
            values = [value.strip() for value in params.getlist(name) if value.strip()]
            if not values:
                continue
            if isinstance(filter_, df.MultipleChoiceFilter):
                known = {str(choice) for choice, _ in filter_.extra["choices"]}
                kept: list[str] = []
                for value in values:
                    if value in known:
                        if value not in kept:
                            kept.append(value)
                    else:
                        ignored.append(
                            IGNORED_OPTION.format(value=shown(value), label=filter_.label)
                        )
                data.setlist(name, kept)
            else:
                data[name] = values[-1]
        filterset = cls(data, **kwargs)
        for name, errors in filterset.form.errors.items():
            ignored.append(cls._ignored_message(name, data.get(name, ""), errors))
            data.pop(name, None)
        keywords = (
            filterset.form.cleaned_data.get("q") if not filterset.form.errors.get("q") else None
        )
        if keywords and not keyword_has_terms(keywords):
            ignored.append(IGNORED_KEYWORDS_NO_WORDS.format(value=shown(keywords)))
            data.pop("q", None)
        filterset = cls(data, **kwargs)
        filterset.form.is_valid()
        filterset.ignored = ignored
        return filterset

    @classmethod
    def _ignored_message(cls, name: str, value: str, errors: list[str]) -> str:
        filter_ = cls.base_filters[name]
        if name == "q":
            if any("null" in str(error).lower() for error in errors):
                return IGNORED_KEYWORDS_UNUSABLE
            return IGNORED_KEYWORDS_TOO_LONG
        if isinstance(filter_, df.NumberFilter):
            limit = PAY_LIMIT if name == "pay_min" else HOURS_LIMIT
            return IGNORED_NUMBER.format(value=shown(value), label=filter_.label, limit=limit)
        return IGNORED_OPTION.format(value=shown(value), label=filter_.label)

    # -- Filtering -------------------------------------------------------------------------

    def filter_condition(self, queryset, name, value):
        condition = self.condition(name, value)
        if condition is None:
            return queryset
        return self.joined_for({name: condition}, queryset).filter(condition)

    def filter_queryset(self, queryset):
        conditions = self.conditions()
        return self.joined_for(conditions, queryset).filter(*conditions.values())

    @staticmethod
    def joined_for(conditions: dict[str, Q], queryset):
        """The queryset with the joins these conditions test (the employer's active pledge)."""
        return queryset.with_active_pledge() if "pledge" in conditions else queryset

    def conditions(self) -> dict[str, Q]:
        """One condition per group in use, by parameter name, from the valid values only.

        A group whose value is invalid is left out, as django-filter does, never the whole search.
        """
        if not self.is_bound:
            return {}
        self.form.is_valid()
        conditions = {}
        for name, value in self.form.cleaned_data.items():
            condition = self.condition(name, value)
            if condition is not None:
                conditions[name] = condition
        return conditions

    def condition(self, name: str, value) -> Q | None:
        if value in (None, "", [], ()) or value is False:
            return None
        today = timezone.localdate()
        match name:
            case "q":
                return Q(search_vector=keyword_query(value))
            case "time":
                return offering_condition(time_options=value)
            case "place":
                return offering_condition(places=value)
            case "hours_min":
                # The job can give at least this many hours.
                return Q(hours_max__gte=Decimal(value))
            case "hours_max":
                # The job can be done in at most this many hours.
                return Q(hours_min__lte=Decimal(value))
            case "pay_min":
                return Q(pay_hourly_min__gte=Decimal(value))
            case "llw":
                return Q(pays_living_wage=True)
            case "contract":
                return Q(contract_type__in=list(value))
            case "sector":
                return Q(sector__in=list(value))
            case "area":
                wards = [area for area in value if area != AREA_REMOTE]
                condition = Q(ward__in=wards) if wards else Q()
                if AREA_REMOTE in value:
                    condition |= Q(place=Place.REMOTE)
                return condition
            case "pledge":
                # A test of the join joined_for() adds: read once per row, where a subquery
                # would run again in each of the search page's counts.
                return HAS_ACTIVE_PLEDGE
            case "posted":
                return Q(published_at__gte=timezone.now() - datetime.timedelta(days=int(value)))
            case "closing":
                return Q(closing_date__lte=today + datetime.timedelta(days=int(value)))
        return None
