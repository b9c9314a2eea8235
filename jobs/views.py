from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import DetailView, ListView, TemplateView

from jobs.models import Vacancy


class VacancyListView(ListView):
    template_name = "jobs/vacancy_list.html"
    context_object_name = "vacancies"
    paginate_by = settings.SEARCH_PAGE_SIZE

    def get_queryset(self):
        return Vacancy.objects.live().for_listing().order_by("-published_at", "-id")


class VacancyDetailView(DetailView):
    template_name = "jobs/vacancy_detail.html"
    context_object_name = "vacancy"

    def get_queryset(self):
        return Vacancy.objects.exclude(status__in=[Vacancy.Status.DRAFT, Vacancy.Status.IN_REVIEW]).for_listing()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.slug != kwargs.get("slug"):
            return redirect(self.object, permanent=True)
        context = self.get_context_data(object=self.object)
        response = self.render_to_response(context)
        if self.object.is_closed:
            response.status_code = 410
        return response

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Vacancy.DoesNotExist as exc:  # pragma: no cover - DetailView raises Http404
            raise Http404 from exc


class FlexibleWorkingView(TemplateView):
    template_name = "jobs/flexible_working.html"
