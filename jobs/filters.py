"""The search filters for /jobs/. OR within a group, AND across groups.

The same parameters describe a saved search (residents.SavedSearch stores each group in a
column), so a search page URL and an alert are two views of one set of criteria.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import django_filters as df
from django import forms
from django.contrib.postgres.search import SearchQuery
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils import timezone

from jobs.choices import CAMDEN_WARDS, ContractType, Place, Sector, TimeOption, Ward

# Area choices: Camden's wards, elsewhere in London, or fully remote.
AREA_REMOTE = "remote"
AREA_CHOICES = [(ward.value, ward.label) for ward in CAMDEN_WARDS] + [
    (Ward.ELSEWHERE_LONDON.value, Ward.ELSEWHERE_LONDON.label),
    (AREA_REMOTE, "Fully remote"),
]
POSTED_CHOICES = [("1", "Last 24 hours"), ("3", "Last 3 days"), ("7", "Last 7 days"), ("14", "Last 14 days"),
                  ("30", "Last 30 days")]
CLOSING_CHOICES = [("3", "Next 3 days"), ("7", "Next 7 days"), ("14", "Next 14 days"), ("30", "Next 30 days")]
MAX_KEYWORDS_LENGTH = 200


def keyword_query(text: str) -> SearchQuery:
    """Web-search syntax: "quoted phrases", -exclusions, or. Never raises on bad syntax."""
    return SearchQuery(text, search_type="websearch", config="english")


class VacancyFilter(df.FilterSet):
    q = df.CharFilter(method="filter_keywords", label="Keywords", max_length=MAX_KEYWORDS_LENGTH)
    time = df.MultipleChoiceFilter(
        label="When and how much you work", choices=TimeOption.choices,
        widget=forms.CheckboxSelectMultiple, method="filter_time",
    )
    place = df.MultipleChoiceFilter(
        label="Where you work", choices=[(p.value, p.label) for p in Place if p != Place.ON_SITE],
        widget=forms.CheckboxSelectMultiple, method="filter_place",
    )
    hours_min = df.NumberFilter(
        label="At least this many hours a week", method="filter_hours_min",
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    hours_max = df.NumberFilter(
        label="At most this many hours a week", method="filter_hours_max",
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    pay_min = df.NumberFilter(
        label="At least this much an hour", field_name="pay_hourly_min", lookup_expr="gte",
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
    )
    llw = df.BooleanFilter(
        label="Pays the London Living Wage", widget=forms.CheckboxInput, method="filter_llw",
    )
    contract = df.MultipleChoiceFilter(
        label="Contract type", field_name="contract_type", choices=ContractType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    sector = df.MultipleChoiceFilter(
        label="Sector", field_name="sector", choices=Sector.choices, widget=forms.CheckboxSelectMultiple,
    )
    area = df.MultipleChoiceFilter(
        label="Area", choices=AREA_CHOICES, widget=forms.CheckboxSelectMultiple, method="filter_area",
    )
    pledge = df.BooleanFilter(
        label="Fair Flexible Work pledge employers only", widget=forms.CheckboxInput, method="filter_pledge",
    )
    posted = df.ChoiceFilter(label="Posted", choices=POSTED_CHOICES, method="filter_posted", empty_label="Any time")
    closing = df.ChoiceFilter(
        label="Closing", choices=CLOSING_CHOICES, method="filter_closing", empty_label="Any time"
    )

    def filter_keywords(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(search_vector=keyword_query(value))

    def filter_time(self, queryset, name, value):
        return queryset.offering(time_options=value) if value else queryset

    def filter_place(self, queryset, name, value):
        return queryset.offering(places=value) if value else queryset

    def filter_hours_min(self, queryset, name, value):
        # The job can give at least this many hours.
        return queryset.filter(hours_max__gte=Decimal(value)) if value is not None else queryset

    def filter_hours_max(self, queryset, name, value):
        # The job can be done in at most this many hours.
        return queryset.filter(hours_min__lte=Decimal(value)) if value is not None else queryset

    def filter_llw(self, queryset, name, value):
        return queryset.filter(pays_living_wage=True) if value else queryset

    def filter_area(self, queryset, name, value):
        if not value:
            return queryset
        wards = [area for area in value if area != AREA_REMOTE]
        condition = Q(ward__in=wards) if wards else Q()
        if AREA_REMOTE in value:
            condition |= Q(place=Place.REMOTE)
        return queryset.filter(condition)

    def filter_pledge(self, queryset, name, value):
        return queryset.from_pledged_employers() if value else queryset

    def filter_posted(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.published_since(timezone.now() - datetime.timedelta(days=int(value)))

    def filter_closing(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.closing_by(timezone.localdate() + datetime.timedelta(days=int(value)))
