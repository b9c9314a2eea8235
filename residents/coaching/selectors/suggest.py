"""The live vacancies a coach may suggest to a resident: searched by keywords, best fit first."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator

from goodwork.core.models import User
from jobs.filters import keyword_has_terms, keyword_query
from jobs.models import Vacancy
from residents.coaching.models import CaseloadEntry, Consent, Referral
from residents.selectors.fit import jobs_that_fit

SUGGEST_PAGE_SIZE = 20


@dataclass
class Suggestions:
    page: Page
    vacancies: list[Vacancy]
    keywords: str
    # False when the resident has not agreed to share their profile with the provider: the
    # jobs are then in closing-date order, so the order cannot tell what the profile says.
    ranked_by_fit: bool
    keywords_ignored: bool = False
    suggested: dict[int, Referral] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return self.page.paginator.count


def jobs_to_suggest(
    *, entry: CaseloadEntry, user: User, keywords: str = "", page: str | int = 1
) -> Suggestions:
    """One page of the live vacancies matching ``keywords``, ranked by how well they fit the
    resident's profile where the resident shares it with the entry's provider."""
    resident = entry.resident
    matching = Vacancy.objects.live()
    keywords = " ".join(keywords.split())
    ignored = bool(keywords) and not keyword_has_terms(keywords)
    if keywords and not ignored:
        matching = matching.filter(search_vector=keyword_query(keywords))
    ranked_by_fit = (
        Consent.objects.current()
        .filter(resident=resident, provider=entry.provider, shares_profile=True)
        .exists()
    )
    if ranked_by_fit:
        # PERFORMANCE: one query ranks the matching live vacancies and returns only their ids,
        # in order (a few thousand integers at borough scale); only the page's vacancies are
        # then read in full.
        ranked = jobs_that_fit(resident=resident, limit=None, vacancies=matching)
        order = list(ranked.values_list("pk", flat=True))
    else:
        order = list(
            matching.order_by("closing_date", "-published_at", "-id").values_list("pk", flat=True)
        )
    current = Paginator(order, SUGGEST_PAGE_SIZE).get_page(page)
    ids = list(current.object_list)
    found = {v.pk: v for v in Vacancy.objects.live().for_listing().filter(pk__in=ids)}
    suggested = {
        r.vacancy_id: r
        for r in Referral.objects.visible_to(user).of_entry(entry).filter(vacancy_id__in=ids)
    }
    return Suggestions(
        page=current,
        vacancies=[found[pk] for pk in ids if pk in found],
        keywords=keywords,
        ranked_by_fit=ranked_by_fit,
        keywords_ignored=ignored,
        suggested=suggested,
    )
