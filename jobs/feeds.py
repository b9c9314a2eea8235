"""An Atom feed for any job search: the same parameters as /jobs/."""

from __future__ import annotations

import re

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from jobs.jsonld import flexible_working_summary
from jobs.models import Vacancy
from jobs.selectors import VacancySearch, vacancy_feed_items

# Characters XML 1.0 cannot carry. Keywords come from the URL and job text from employers,
# so either may hold them; the feed drops them rather than fail to serialise.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return NOT_XML.sub("", text)


class VacancySearchFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs) -> tuple[VacancySearch, list[Vacancy]]:
        return vacancy_feed_items(params=request.GET)

    def title(self, obj) -> str:
        search, _ = obj
        labels = [tag.label for group in search.tag_groups() for tag in group.tags]
        if not labels:
            return "Flexible jobs – Good Work Camden"
        return xml_safe("Flexible jobs: " + ", ".join(labels) + " – Good Work Camden")

    def subtitle(self, obj) -> str:
        return "The newest live jobs on Good Work Camden that match this search."

    def link(self, obj) -> str:
        search, _ = obj
        query = search.querystring()
        return reverse("jobs:vacancy_list") + (f"?{query}" if query else "")

    def feed_url(self, obj) -> str:
        search, _ = obj
        query = search.querystring()
        return reverse("jobs:vacancy_feed") + (f"?{query}" if query else "")

    def items(self, obj) -> list[Vacancy]:
        _, vacancies = obj
        return vacancies

    def item_title(self, item: Vacancy) -> str:
        return xml_safe(f"{item.title} at {item.organisation.name}")

    def item_description(self, item: Vacancy) -> str:
        facts = [
            item.summary,
            flexible_working_summary(item),
            f"Closes {item.closing_date:%-d %B %Y}.",
        ]
        return xml_safe(" ".join(fact for fact in facts if fact))

    def item_pubdate(self, item: Vacancy):
        return item.published_at

    def item_updateddate(self, item: Vacancy):
        return item.updated_at

    def item_author_name(self, item: Vacancy) -> str:
        return item.organisation.name

    def item_categories(self, item: Vacancy) -> list[str]:
        return [item.get_sector_display(), *item.time_option_labels]
