app_name = "residents"

urlpatterns: list = []

from django.urls import path  # noqa: E402

from residents.views import alerts as alert_views  # noqa: E402

urlpatterns += [
    path("alerts/", alert_views.AlertListView.as_view(), name="alert_list"),
    path("alerts/new/", alert_views.AlertCreateView.as_view(), name="alert_create"),
    path("alerts/check-your-email/", alert_views.AlertCheckEmailView.as_view(), name="alert_check_email"),
    path("alerts/<int:pk>/change/", alert_views.AlertUpdateView.as_view(), name="alert_update"),
    path("alerts/<int:pk>/delete/", alert_views.AlertDeleteView.as_view(), name="alert_delete"),
    path("alerts/confirm/<str:token>/", alert_views.AlertConfirmView.as_view(), name="alert_confirm"),
    path("alerts/unsubscribe/<str:token>/", alert_views.AlertUnsubscribeView.as_view(), name="alert_unsubscribe"),
    path("alerts/keep/<str:token>/", alert_views.AlertKeepView.as_view(), name="alert_keep"),
]
