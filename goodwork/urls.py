from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from employers.api.site import ApiDocsView, api
from goodwork.core import views
from jobs.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
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
    path("", include("residents.coaching.urls")),
    path("insights/", include("goodwork.reporting.urls")),
    path("api/v1/docs/", ApiDocsView.as_view(), name="api_docs"),
    path("api/v1/", api.urls),
]

handler403 = "goodwork.core.views.permission_denied"
handler404 = "goodwork.core.views.page_not_found"
handler500 = "goodwork.core.views.server_error"
