from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from goodwork.core.access import CouncilAdminRequiredMixin
from goodwork.core.csvexport import csv_response
from goodwork.reporting.charts import render_chart
from goodwork.reporting.council import (
    CHARTED,
    COUNCIL_TABLES,
    CouncilDashboardForm,
    DashboardFilters,
    council_csv_filename,
    council_dashboard,
    dashboard_providers,
    default_period,
)
from goodwork.reporting.tables import TABLES, csv_filename, index_tables
from jobs.figures import (
    ABOVE_LLW_FACTOR,
    UK_REFERENCE_PERCENT,
    UK_REFERENCE_SOURCE,
    flexible_jobs_index,
)

KEY_FIGURES = [
    ("any_flexible", "of live vacancies offer at least one flexible option"),
    ("happy_to_talk", "say they are happy to talk about flexible working"),
    ("pays_llw", "pay at least the London Living Wage"),
]


class FlexibleJobsIndexView(TemplateView):
    template_name = "insights/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        index = flexible_jobs_index()
        headline, *tables = index_tables(index)
        overall = index.overall
        context.update(
            index=index,
            key_figures=[
                {
                    "share": overall.share(measure),
                    "count": overall.count(measure),
                    "total": overall.total,
                    "text": text,
                }
                for measure, text in KEY_FIGURES
            ]
            if overall.total
            else [],
            headline={"table": headline, "chart": render_chart(headline)},
            sections=[{"table": table, "chart": render_chart(table)} for table in tables],
            uk_reference_percent=UK_REFERENCE_PERCENT,
            uk_reference_source=UK_REFERENCE_SOURCE,
            above_llw_percent=int((ABOVE_LLW_FACTOR - 1) * 100),
        )
        return context


class FlexibleJobsIndexCsvView(View):
    def get(self, request, table: str):
        build = TABLES.get(table)
        if build is None:
            raise Http404("No such table in the flexible jobs index.")
        index = flexible_jobs_index()
        data = build(index)
        header, *rows = data.csv_rows()
        return csv_response(filename=csv_filename(data, index.on), header=header, rows=rows)


# -- The council dashboard --------------------------------------------------------------------


class CouncilDashboardMixin(CouncilAdminRequiredMixin):
    """Council admins only, and only after two-factor authentication: the dashboard counts
    residents' coaching records, which the design keeps behind a second factor."""

    def filter_form(self) -> CouncilDashboardForm:
        self.providers = dashboard_providers()
        return CouncilDashboardForm(
            self.request.GET or None, providers=self.providers, today=timezone.localdate()
        )

    def filters_from(self, form: CouncilDashboardForm) -> DashboardFilters | None:
        if not form.is_bound:
            start, end = default_period(form.today)
            return DashboardFilters(start=start, end=end)
        return form.filters() if form.is_valid() else None


class CouncilDashboardView(CouncilDashboardMixin, TemplateView):
    template_name = "insights/council_dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filter_form()
        filters = self.filters_from(form)
        context.update(form=form, filters=filters, query=self.request.GET.urlencode())
        if filters is None:
            return context
        dashboard = council_dashboard(filters=filters, providers=self.providers)
        tables = {name: build(dashboard) for name, build in COUNCIL_TABLES.items()}
        poverty = dashboard.poverty[-1] if dashboard.poverty else None
        context.update(
            dashboard=dashboard,
            key_figures=[
                (dashboard.supported_total["supported"], "residents supported"),
                (dashboard.starts_total["starts"], "job starts"),
                (
                    poverty.at_risk if poverty else 0,
                    "residents in work at risk of in-work poverty at the end of the period",
                ),
                (sum(dashboard.alerts.values()), "jobs sent in alerts"),
            ],
            sections=[
                {
                    "table": table,
                    "chart": render_chart(table) if name in CHARTED and table.rows else None,
                }
                for name, table in tables.items()
            ],
        )
        return context


class CouncilDashboardCsvView(CouncilDashboardMixin, View):
    def get(self, request, table: str):
        build = COUNCIL_TABLES.get(table)
        if build is None:
            raise Http404("No such table on the council dashboard.")
        form = self.filter_form()
        filters = self.filters_from(form)
        if filters is None:
            # The page shows what is wrong with the filters.
            return HttpResponseRedirect(
                f"{reverse('insights:council_dashboard')}?{request.GET.urlencode()}"
            )
        data = build(council_dashboard(filters=filters, providers=self.providers))
        header, *rows = data.csv_rows()
        return csv_response(filename=council_csv_filename(data, filters), header=header, rows=rows)
