"""Reads for the job search, its feed and the job page."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchRank
from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from jobs.filters import (
    CLOSING_CHOICES,
    IGNORED_SORT,
    POSTED_CHOICES,
    SORT_CHOICES,
    SORT_NEWEST,
    SORT_RELEVANCE,
    VacancyFilter,
    keyword_query,
    shown,
)
from jobs.models import Vacancy

# ts_headline marks matches with these private-use characters; the template escapes the text
# and only then turns them into <mark>, so nothing from a vacancy can become markup.
MARK_START = "\ue000"
MARK_STOP = "\ue001"

T = TypeVar("T")

# How many "we ignored" messages the search page lists before summing up the rest.
IGNORED_SHOWN = 5
# How many of the newest matching jobs an Atom feed carries.
FEED_SIZE = 50

GROUP_HEADINGS = {
    "q": "Keywords",
    "time": "When and how much you work",
    "place": "Where you work",
    "hours_min": "Hours",
    "hours_max": "Hours",
    "pay_min": "Pay",
    "llw": "Pay",
    "contract": "Contract type",
    "sector": "Sector",
    "area": "Area",
    "pledge": "Employer",
    "posted": "Posted",
    "closing": "Closing date",
}


@dataclass(frozen=True)
class FilterTag:
    label: str
    remove_query: str


@dataclass(frozen=True)
class FilterTagGroup:
    heading: str
    tags: list[FilterTag]


@dataclass(frozen=True)
class DropSuggestion:
    heading: str
    count: int
    query: str


@dataclass
class VacancySearch:
    """One search: what was asked (cleaned), what was ignored, and the ordered results."""

    filterset: VacancyFilter
    params: dict[str, list[str]]
    sort: str
    queryset: QuerySet
    ignored: list[str] = field(default_factory=list)
    _counts: dict[str, int] | None = field(default=None, repr=False)

    @property
    def ignored_shown(self) -> list[str]:
        """The first few messages, once each: a hand-edited URL can repeat a bad value at length."""
        return list(dict.fromkeys(self.ignored))[:IGNORED_SHOWN]

    @property
    def ignored_more(self) -> int:
        return max(0, len(dict.fromkeys(self.ignored)) - IGNORED_SHOWN)

    @property
    def keywords(self) -> str:
        return self.filterset.form.cleaned_data.get("q") or ""

    @property
    def is_filtered(self) -> bool:
        return bool(self.params)

    @property
    def sort_choices(self) -> list[tuple[str, str]]:
        return [
            (value, label)
            for value, label in SORT_CHOICES
            if value != SORT_RELEVANCE or self.keywords
        ]

    def querystring(
        self,
        *,
        without: str | None = None,
        value: str | None = None,
        sort: bool = True,
        **extra: str,
    ) -> str:
        """This search as URL parameters, optionally without one group or one value of a group."""
        pairs: list[tuple[str, str]] = []
        for name, values in self.params.items():
            if name == without and value is None:
                continue
            pairs.extend((name, v) for v in values if not (name == without and v == value))
        if sort and self.sort != default_sort(self.keywords):
            pairs.append(("sort", self.sort))
        pairs.extend(extra.items())
        return urlencode(pairs)

    def tag_groups(self) -> list[FilterTagGroup]:
        groups: dict[str, list[FilterTag]] = {}
        for name, values in self.params.items():
            heading = GROUP_HEADINGS[name]
            for value in values:
                tag = FilterTag(
                    label=tag_label(self.filterset, name, value),
                    remove_query=self.querystring(without=name, value=value),
                )
                groups.setdefault(heading, []).append(tag)
        return [FilterTagGroup(heading=heading, tags=tags) for heading, tags in groups.items()]

    def counts(self) -> dict[str, int]:
        """Live-job counts for the filter panel and the empty state, all in one aggregate query.

        `without_<group>`: jobs matching every group in use but that one (for the keywords,
        only when nothing matches: it is used for the empty state alone).
        `<group>__<value>`: jobs that option would give, with the other groups as they are
        (choosing another option in the same group widens the search, so it is left out).
        """
        if self._counts is None:
            self._counts = cached_count(self._counts_cache_key(), self._count)
        return self._counts

    def _counts_cache_key(self) -> str:
        # The criteria as used (ignored values dropped), not the raw URL: equivalent searches
        # share one entry. Sorting and paging do not change any count.
        criteria = sorted((name, sorted(values)) for name, values in self.params.items())
        digest = hashlib.sha256(repr(criteria).encode()).hexdigest()[:32]
        return f"search-counts:v1:{timezone.localdate().isoformat()}:{digest}"

    def _count(self) -> dict[str, int]:
        conditions = dict(self.filterset.conditions())
        # PERFORMANCE: the keyword match is by far the dearest condition. Applied once as a
        # WHERE clause it uses the GIN index and leaves only the matching rows to count;
        # repeated inside every FILTER clause it would be evaluated for every live vacancy
        # once per option (seconds at borough scale). "Without your keywords" is then one
        # more count, needed only to suggest dropping them when nothing matches.
        keywords = conditions.pop("q", None)
        # Joined to the active pledge whatever the criteria: the panel always counts it.
        base = Vacancy.objects.live().with_active_pledge()
        if keywords is not None:
            base = base.filter(keywords)
        aggregates = {"total": Count("pk", filter=Q(*conditions.values()) or None)}
        for name in conditions:
            others = Q(*[c for other, c in conditions.items() if other != name])
            aggregates[f"without_{name}"] = Count("pk", filter=others or None)
        for name in FACET_GROUPS:
            others = Q(*[c for other, c in conditions.items() if other != name])
            for value in facet_values(self.filterset, name):
                option = self.filterset.condition(name, [value] if name in MULTI_GROUPS else True)
                # Each value of a facet group, given on its own, has a condition.
                assert option is not None
                aggregates[f"{name}__{value}"] = Count("pk", filter=others & option)
        counts = base.aggregate(**aggregates)
        if keywords is not None and not counts["total"]:
            without = VacancyFilter.joined_for(conditions, Vacancy.objects.live())
            counts["without_q"] = without.filter(*conditions.values()).count()
        return counts

    def add_counts_to_labels(self) -> None:
        """'Part-time (12)': how many jobs each option in the filter panel would show."""
        counts = self.counts()
        form = self.filterset.form
        for name in FACET_GROUPS:
            field_ = form.fields[name]
            if name in MULTI_GROUPS:
                field_.choices = [
                    (value, f"{label} ({counts[f'{name}__{value}']})")
                    for value, label in field_.choices
                ]
            else:
                field_.label = f"{self.filterset.filters[name].label} ({counts[f'{name}__True']})"
                # The bound field copied the label when the form was validated.
                form[name].label = field_.label

    def drop_suggestions(self) -> list[DropSuggestion]:
        """For each group in use, how many live jobs there would be without it."""
        conditions = self.filterset.conditions()
        counts = self.counts()
        suggestions = [
            DropSuggestion(
                heading=GROUP_HEADINGS[name].lower() if name != "q" else "your keywords",
                count=counts[f"without_{name}"],
                query=self.querystring(without=name),
            )
            for name in conditions
            if counts[f"without_{name}"]
        ]
        return sorted(suggestions, key=lambda suggestion: -suggestion.count)


MULTI_GROUPS = ("time", "place", "contract", "sector", "area")
FACET_GROUPS = (*MULTI_GROUPS, "llw", "pledge")


def facet_values(filterset: VacancyFilter, name: str) -> list:
    if name in MULTI_GROUPS:
        return [value for value, _ in filterset.filters[name].extra["choices"]]
    return [True]


def default_sort(keywords: str) -> str:
    return SORT_RELEVANCE if keywords else SORT_NEWEST


def tag_label(filterset: VacancyFilter, name: str, value: str) -> str:
    filter_ = filterset.filters[name]
    match name:
        case "q":
            return f"“{value}”"
        case "hours_min":
            return f"At least {Decimal(value).normalize():f} hours a week"
        case "hours_max":
            return f"At most {Decimal(value).normalize():f} hours a week"
        case "pay_min":
            return f"At least £{Decimal(value):.2f} an hour"
        case "llw":
            return "Pays the London Living Wage"
        case "pledge":
            return "Fair Flexible Work pledge employers"
        case "posted":
            return f"Posted in the {dict(POSTED_CHOICES)[value].lower()}"
        case "closing":
            return f"Closing in the {dict(CLOSING_CHOICES)[value].lower()}"
    return dict(filter_.extra["choices"]).get(value, value)


def vacancy_search(*, params: QueryDict, viewer=None) -> VacancySearch:
    """Live jobs matching a search URL's parameters, in the order asked for.

    With a signed-in `viewer`, each job says whether they saved it (`saved_entry_id`).
    """
    filterset = VacancyFilter.from_params(params, queryset=Vacancy.objects.live().for_listing())
    ignored = list(filterset.ignored)
    cleaned = filterset.form.cleaned_data
    kept: dict[str, list[str]] = {}
    for name in filterset.filters:
        if filterset.condition(name, cleaned.get(name)) is None:
            continue
        kept[name] = (
            filterset.data.getlist(name)
            if name in MULTI_GROUPS
            else ["on"]
            if name in ("llw", "pledge")
            else [filterset.data[name]]
        )
    keywords = cleaned.get("q") or ""

    requested = (params.get("sort") or "").strip()
    valid_sorts = {value for value, _ in SORT_CHOICES if value != SORT_RELEVANCE or keywords}
    if requested and requested not in valid_sorts:
        if not (requested == SORT_RELEVANCE and not keywords):
            ignored.append(IGNORED_SORT.format(value=shown(requested)))
        requested = ""
    sort = requested or default_sort(keywords)

    queryset = filterset.qs
    if keywords:
        query = keyword_query(keywords)
        queryset = queryset.annotate(
            rank=SearchRank(F("search_vector"), query),
            title_headline=SearchHeadline(
                "title",
                query,
                config="english",
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                highlight_all=True,
            ),
            summary_headline=SearchHeadline(
                "summary",
                query,
                config="english",
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                highlight_all=True,
            ),
        )
    queryset = queryset.order_by(*ordering(sort))
    if viewer is not None:
        queryset = queryset.with_saved_entry(viewer)
    return VacancySearch(
        filterset=filterset, params=kept, sort=sort, queryset=queryset, ignored=ignored
    )


def ordering(sort: str) -> list:
    # Live jobs always have published_at: the plain descending order matches the
    # vacancy_live_newest index.
    tie_break = ["-published_at", "-id"]
    match sort:
        case "relevance":
            return ["-rank", *tie_break]
        case "closing":
            return ["closing_date", *tie_break]
        case "pay":
            return [F("pay_hourly_min").desc(nulls_last=True), *tie_break]
    return tie_break


def vacancy_feed_items(*, params: QueryDict) -> tuple[VacancySearch, list[Vacancy]]:
    search = vacancy_search(params=params)
    return search, list(search.queryset[:FEED_SIZE])


def cached_count(key: str, count: Callable[[], T]) -> T:
    """A count of live jobs, kept for SEARCH_COUNTS_CACHE_SECONDS (0: counted every time)."""
    seconds = settings.SEARCH_COUNTS_CACHE_SECONDS
    if not seconds:
        return count()
    # The cache hands back whatever count() stored under this key; its stubs cannot say so.
    return cast(T, cache.get_or_set(key, count, seconds))


def live_vacancy_count() -> int:
    """How many jobs are live: the home page's headline."""
    key = f"live-count:v1:{timezone.localdate().isoformat()}"
    return cached_count(key, lambda: Vacancy.objects.live().count())


def vacancies_latest(*, limit: int = 6, viewer=None) -> list[Vacancy]:
    """The newest live jobs, for the home page."""
    vacancies = Vacancy.objects.live().for_listing().order_by("-published_at", "-id")
    if viewer is not None:
        vacancies = vacancies.with_saved_entry(viewer)
    return list(vacancies[:limit])


def vacancy_for_page(*, pk: int, viewer=None) -> Vacancy:
    """A job page: live or closed jobs only, never drafts or jobs waiting for review."""
    vacancies = Vacancy.objects.public().from_active_organisations().for_detail()
    if viewer is not None:
        vacancies = vacancies.with_saved_entry(viewer)
    return vacancies.get(pk=pk)


def vacancies_similar(*, vacancy: Vacancy, limit: int = 3, viewer=None) -> list[Vacancy]:
    vacancies = Vacancy.objects.similar_to(vacancy)
    if viewer is not None:
        vacancies = vacancies.with_saved_entry(viewer)
    return list(vacancies[:limit])
