from django.contrib.sitemaps.views import sitemap
from django.urls import path

from jobs import views
from jobs.feeds import VacancySearchFeed
from jobs.sitemaps import SITEMAPS

app_name = "jobs"

urlpatterns = [
    path("jobs/", views.VacancyListView.as_view(), name="vacancy_list"),
    path("jobs/feed/", VacancySearchFeed(), name="vacancy_feed"),
    path("jobs/<int:pk>-<slug:slug>/", views.VacancyDetailView.as_view(), name="vacancy_detail"),
    path("flexible-working/", views.FlexibleWorkingView.as_view(), name="flexible_working"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
