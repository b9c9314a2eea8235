import csv

from django.http import Http404, HttpResponse
from django.views import View
from django.views.generic import TemplateView

from jobs.insights.charts import render_chart
from jobs.insights.selectors import (
    ABOVE_LLW_FACTOR,
    UK_REFERENCE_PERCENT,
    UK_REFERENCE_SOURCE,
    flexible_jobs_index,
)
from jobs.insights.tables import TABLES, csv_filename, index_tables

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
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{csv_filename(data, index.on)}"'
        writer = csv.writer(response)
        writer.writerows(data.csv_rows())
        return response
