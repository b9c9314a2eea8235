from django.urls import path

from residents.views import account as account_views
from residents.views import alerts as alert_views
from residents.views import profile as profile_views
from residents.views import shortlist as shortlist_views

app_name = "residents"

urlpatterns = [
    path("alerts/", alert_views.AlertListView.as_view(), name="alert_list"),
    path("alerts/new/", alert_views.AlertCreateView.as_view(), name="alert_create"),
    path(
        "alerts/check-your-email/",
        alert_views.AlertCheckEmailView.as_view(),
        name="alert_check_email",
    ),
    path("alerts/<int:pk>/change/", alert_views.AlertUpdateView.as_view(), name="alert_update"),
    path("alerts/<int:pk>/delete/", alert_views.AlertDeleteView.as_view(), name="alert_delete"),
    path(
        "alerts/confirm/<str:token>/", alert_views.AlertConfirmView.as_view(), name="alert_confirm"
    ),
    path(
        "alerts/unsubscribe/<str:token>/",
        alert_views.AlertUnsubscribeView.as_view(),
        name="alert_unsubscribe",
    ),
    path("alerts/keep/<str:token>/", alert_views.AlertKeepView.as_view(), name="alert_keep"),
    path(
        "alerts/manage/<str:token>/", alert_views.AlertManageView.as_view(), name="alert_manage"
    ),
    path(
        "alerts/manage/<str:token>/<int:pk>/change/",
        alert_views.AlertManageUpdateView.as_view(),
        name="alert_manage_update",
    ),
    path(
        "alerts/manage/<str:token>/stop-all/",
        alert_views.AlertManageStopAllView.as_view(),
        name="alert_manage_stop_all",
    ),
    path("your-job-search/", profile_views.DashboardView.as_view(), name="dashboard"),
    path("profile/", profile_views.ProfileSummaryView.as_view(), name="profile_summary"),
    path("profile/start/", profile_views.ProfileStartView.as_view(), name="profile_start"),
    path("profile/<slug:step>/", profile_views.ProfileStepView.as_view(), name="profile_step"),
    path("shortlist/", shortlist_views.ShortlistView.as_view(), name="shortlist"),
    path(
        "shortlist/add/<int:vacancy_pk>/",
        shortlist_views.ShortlistAddView.as_view(),
        name="shortlist_add",
    ),
    path(
        "shortlist/<int:pk>/remove/",
        shortlist_views.ShortlistRemoveView.as_view(),
        name="shortlist_remove",
    ),
    path(
        "shortlist/<int:pk>/applied/",
        shortlist_views.ShortlistAppliedView.as_view(),
        name="shortlist_applied",
    ),
    path("your-data/", account_views.YourDataView.as_view(), name="your_data"),
    path(
        "your-data/download.json",
        account_views.YourDataDownloadView.as_view(),
        name="your_data_download",
    ),
    path(
        "your-data/delete-account/",
        account_views.DeleteAccountView.as_view(),
        name="account_delete",
    ),
]
