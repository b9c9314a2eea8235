from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, FormView, ListView, TemplateView

from goodwork.core.pagecache import AnonymousPageCacheMixin, PageParameters
from goodwork.core.roles import roles_for
from goodwork.core.siteurl import absolute_url
from jobs.filters import IGNORED_PAGE, VacancyFilter, shown
from jobs.jsonld import as_script_content, job_posting
from jobs.letters import FlexibleWorkingRequestForm, render_flexible_working_request
from jobs.models import LivingWageRate, Vacancy
from jobs.selectors import (
    live_vacancy_count,
    vacancies_latest,
    vacancies_similar,
    vacancy_for_page,
    vacancy_search,
)
from jobs.tracking import vacancy_record_view, vacancy_view_counter

LETTER_FILENAME = "flexible-working-request.txt"


class HomeView(AnonymousPageCacheMixin, TemplateView):
    template_name = "goodwork/home.html"
    page_parameters = PageParameters()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["live_vacancy_count"] = live_vacancy_count()
        context["latest_vacancies"] = vacancies_latest()
        return context


def page_links(page_number: int, num_pages: int, querystring: str) -> list[dict]:
    """GOV.UK pagination items: the first, the last, and the current page's neighbours."""
    wanted = {1, num_pages, page_number - 1, page_number, page_number + 1}
    items, previous = [], 0
    for number in sorted(n for n in wanted if 1 <= n <= num_pages):
        if number - previous > 1:
            items.append({"ellipsis": True})
        query = f"{querystring}&page={number}" if querystring else f"page={number}"
        items.append({"number": number, "href": f"?{query}", "current": number == page_number})
        previous = number
    return items


class CountedPaginator(Paginator):
    """A paginator told its total: the search's counts query has it already."""

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.__dict__["count"] = count  # fills Paginator.count, a cached_property


class VacancyListView(AnonymousPageCacheMixin, ListView):
    template_name = "jobs/vacancy_list.html"
    context_object_name = "vacancies"
    paginate_by = settings.SEARCH_PAGE_SIZE
    page_parameters = PageParameters.of_filterset(VacancyFilter, also=("page", "sort"))

    def get(self, request, *args, **kwargs):
        self.search = vacancy_search(params=request.GET)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.search.queryset

    def paginate_queryset(self, queryset, page_size):
        # A bad or out-of-range page number shows a page of results with a message, not a 404.
        paginator = CountedPaginator(queryset, page_size, count=self.search.counts()["total"])
        requested = (self.request.GET.get("page") or "1").strip()
        valid = requested.isascii() and requested.isdigit() and len(requested) < 10
        number = int(requested) if valid else 0
        if not 1 <= number <= paginator.num_pages:
            number = 1 if number < 1 else paginator.num_pages
            self.search.ignored.append(IGNORED_PAGE.format(value=shown(requested), page=number))
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = self.search
        page = context["page_obj"]
        querystring = search.querystring()
        search.add_counts_to_labels()
        context.update(
            {
                "search": search,
                "filter": search.filterset,
                "form": search.filterset.form,
                "querystring": querystring,
                "tag_groups": search.tag_groups(),
                "suggestions": search.drop_suggestions()
                if search.is_filtered and not page.paginator.count
                else [],
                "page_links": page_links(page.number, page.paginator.num_pages, querystring),
                "previous_href": self._page_href(querystring, page.previous_page_number())
                if page.has_previous()
                else "",
                "next_href": self._page_href(querystring, page.next_page_number())
                if page.has_next()
                else "",
            }
        )
        return context

    @staticmethod
    def _page_href(querystring: str, number: int) -> str:
        return f"?{querystring}&page={number}" if querystring else f"?page={number}"


class VacancyDetailView(AnonymousPageCacheMixin, DetailView):
    template_name = "jobs/vacancy_detail.html"
    context_object_name = "vacancy"
    page_parameters = PageParameters()

    def get_object(self, queryset=None) -> Vacancy:
        try:
            return vacancy_for_page(pk=self.kwargs["pk"])
        except Vacancy.DoesNotExist as exc:
            raise Http404("No such job") from exc

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.slug != kwargs.get("slug"):
            return redirect(self.object, permanent=True)
        if self.object.is_live and not self._viewer_is_employer():
            # A counter, not state the reader changes: safe to write on GET.
            vacancy_record_view(vacancy_id=self.object.pk)
        response = self.render_to_response(self.get_context_data(object=self.object))
        if self.object.is_closed:
            response.status_code = 410
        return response

    def page_cache_count(self) -> tuple[str, str]:
        # A stored 200 is a live job's page (closed ones are 410s), and an anonymous reader is
        # never its employer: the read counts, in the same round trip as the page.
        return vacancy_view_counter(vacancy_id=self.kwargs["pk"])

    def _viewer_is_employer(self) -> bool:
        return self.object.organisation_id in roles_for(self.request.user).organisation_ids

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vacancy = self.object
        url = absolute_url(vacancy.get_absolute_url())
        context.update(
            {
                "canonical_url": url,
                "living_wage_rate": LivingWageRate.objects.current(),
                "similar_vacancies": vacancies_similar(vacancy=vacancy)
                if vacancy.is_closed
                else [],
            }
        )
        if vacancy.is_live:
            context["job_posting_json"] = as_script_content(job_posting(vacancy, url=url))
        context["employer_url"] = reverse(
            "employers:organisation_public", kwargs={"slug": vacancy.organisation.slug}
        )
        return context


class FlexibleWorkingView(FormView):
    """The right to request flexible working, and a letter builder that needs no account.

    Nothing is stored: a valid POST shows the letter, or returns it as a text file.
    """

    template_name = "jobs/flexible_working.html"
    form_class = FlexibleWorkingRequestForm

    def form_valid(self, form):
        letter = render_flexible_working_request(form.cleaned_data, today=timezone.localdate())
        if self.request.POST.get("action") == "download":
            response = HttpResponse(letter, content_type="text/plain; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{LETTER_FILENAME}"'
            return response
        return self.render_to_response(self.get_context_data(form=form, letter=letter))


@require_GET
def robots_txt(request) -> HttpResponse:
    disallowed = [
        "/accounts/",
        "/admin/",
        *(
            reverse(name)
            for name in ("residents:dashboard", "employers:dashboard", "coaching:caseload")
        ),
    ]
    lines = [
        "User-agent: *",
        *[f"Disallow: {path}" for path in disallowed],
        "",
        f"Sitemap: {absolute_url(reverse('jobs:sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
