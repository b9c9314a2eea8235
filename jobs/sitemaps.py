from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from jobs.models import Vacancy


class VacancySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8
    limit = 5000

    def items(self):
        return (
            Vacancy.objects.live().only("id", "slug", "updated_at").order_by("-published_at", "-id")
        )

    def lastmod(self, item: Vacancy):
        return item.updated_at


class PagesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self) -> list[str]:
        return ["home", "jobs:vacancy_list", "jobs:flexible_working"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"jobs": VacancySitemap, "pages": PagesSitemap}
