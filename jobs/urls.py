from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("jobs/", views.VacancyListView.as_view(), name="vacancy_list"),
    path("jobs/<int:pk>-<slug:slug>/", views.VacancyDetailView.as_view(), name="vacancy_detail"),
    path("flexible-working/", views.FlexibleWorkingView.as_view(), name="flexible_working"),
]
