from django.urls import path

from goodwork.reporting import views

app_name = "insights"

urlpatterns = [
    path("", views.FlexibleJobsIndexView.as_view(), name="index"),
    path("<slug:table>.csv", views.FlexibleJobsIndexCsvView.as_view(), name="csv"),
]

urlpatterns += [
    path("council/", views.CouncilDashboardView.as_view(), name="council_dashboard"),
    path("council/<slug:table>.csv", views.CouncilDashboardCsvView.as_view(), name="council_csv"),
]
