from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, FormView, ListView, TemplateView

from goodwork.core.pagecache import AnonymousPageCacheMixin, PageParameters, is_shareable
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
# What the search page reads from its URL: its filters, page number and sort order.
SEARCH_PARAMETERS = PageParameters.of_filterset(VacancyFilter, also=("page", "sort"))


def search_path(query: QueryDict) -> str:
    """The search page for a query, with only the parameters the search reads."""
    path = reverse("jobs:vacancy_list")
    cleaned = SEARCH_PARAMETERS.of(query).urlencode()
    return f"{path}?{cleaned}" if cleaned else path


def search_back_path(value: str, *, site: str = "") -> str | None:
    """The search a job page was opened from, or None if `value` is not one.

    `value` is a relative address (a job link's ?back=) or, with `site` (the portal's own
    scheme and host), an absolute one (the Referer). Only this site's search page counts, and
    the address is rebuilt from the search's own parameters, so nothing else a link carries
    (another host, a script, a path elsewhere) ever reaches the page.
    """
    if not value or len(value) > 2000 or "\\" in value:
        return None
    parts = urlsplit(value)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme or parts.netloc else ""
    if origin != site or parts.path != reverse("jobs:vacancy_list"):
        return None
    return search_path(QueryDict(parts.query))


def saving_for(request: HttpRequest, *, next_path: str) -> dict:
    """What a job card needs for its "Save" button: residents save, visitors are asked to
    sign in and come back to `next_path`; other signed-in people see neither."""
    roles = roles_for(request.user)
    sign_in = ""
    if not request.user.is_authenticated:
        sign_in = f"{reverse('account_login')}?{urlencode({'next': next_path})}"
    return {"resident": roles.is_resident, "next": next_path, "sign_in": sign_in}


def _viewer(request: HttpRequest):
    return request.user if request.user.is_authenticated else None


class HomeView(AnonymousPageCacheMixin, TemplateView):
    template_name = "goodwork/home.html"
    page_parameters = PageParameters()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["live_vacancy_count"] = live_vacancy_count()
        context["latest_vacancies"] = vacancies_latest(viewer=_viewer(self.request))
        context["saving"] = saving_for(self.request, next_path=reverse("home"))
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
    page_parameters = SEARCH_PARAMETERS

    def get(self, request, *args, **kwargs):
        self.search = vacancy_search(params=request.GET, viewer=_viewer(request))
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
        here = search_path(
            QueryDict(f"{querystring}&page={page.number}" if page.number > 1 else querystring)
        )
        context.update(
            {
                "search_here": here,
                "saving": saving_for(self.request, next_path=here),
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
    # ?back= is the search the job was opened from: a page differs by it.
    page_parameters = PageParameters(single=frozenset({"back"}))

    def get_object(self, queryset=None) -> Vacancy:
        try:
            return vacancy_for_page(pk=self.kwargs["pk"], viewer=_viewer(self.request))
        except Vacancy.DoesNotExist as exc:
            raise Http404("No such job") from exc

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.slug != kwargs.get("slug"):
            url = self.object.get_absolute_url()
            back = self.back_path()
            return redirect(f"{url}?{urlencode({'back': back})}" if back else url, permanent=True)
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

    def back_path(self) -> str | None:
        """The search this job was opened from: its link's ?back=, else the Referer when that
        is this site's search. A page shared through the page cache never reads the Referer:
        the next visitor came from somewhere else."""
        back = search_back_path(self.request.GET.get("back", ""))
        if back is None and not is_shareable(self.request):
            referer = self.request.headers.get("Referer", "")
            back = search_back_path(referer, site=settings.SITE_URL)
        return back

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vacancy = self.object
        url = absolute_url(vacancy.get_absolute_url())
        back = self.back_path()
        here = vacancy.get_absolute_url()
        context.update(
            {
                "canonical_url": url,
                "back_to_search": back,
                "living_wage_rate": LivingWageRate.objects.current(),
                "similar_vacancies": vacancies_similar(
                    vacancy=vacancy, viewer=_viewer(self.request)
                )
                if vacancy.is_closed
                else [],
                "saving": saving_for(
                    self.request,
                    next_path=f"{here}?{urlencode({'back': back})}" if back else here,
                ),
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
