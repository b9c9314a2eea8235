from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from goodwork import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="goodwork/accessibility.html"),
        name="accessibility",
    ),
    path("privacy/", TemplateView.as_view(template_name="goodwork/privacy.html"), name="privacy"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("jobs.urls")),
    path("", include("employers.urls")),
    path("", include("residents.urls")),
    path("insights/", include("jobs.insights.urls")),
]

handler403 = "goodwork.views.permission_denied"
handler404 = "goodwork.views.page_not_found"
handler500 = "goodwork.views.server_error"
