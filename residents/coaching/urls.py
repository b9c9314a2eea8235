from django.urls import path

from residents.coaching import views

app_name = "coaching"

urlpatterns = [
    path("coaching/caseload/", views.CaseloadView.as_view(), name="caseload"),
    path(
        "coaching/caseload/export.csv", views.CaseloadExportView.as_view(), name="caseload_export"
    ),
    path("coaching/residents/add/", views.ResidentAddView.as_view(), name="resident_add"),
    path("coaching/report/", views.ManagerReportView.as_view(), name="report"),
    path(
        "coaching/report/export.csv", views.ManagerReportExportView.as_view(), name="report_export"
    ),
    path("coaching/residents/<int:pk>/", views.ResidentRecordView.as_view(), name="record"),
    path(
        "coaching/residents/<int:pk>/notes/add/",
        views.CaseNoteCreateView.as_view(),
        name="note_add",
    ),
    path(
        "coaching/residents/<int:pk>/actions/add/",
        views.ActionCreateView.as_view(),
        name="action_add",
    ),
    path(
        "coaching/residents/<int:pk>/actions/<int:action_pk>/change/",
        views.ActionEditView.as_view(),
        name="action_edit",
    ),
    path(
        "coaching/residents/<int:pk>/actions/<int:action_pk>/done/",
        views.ActionCompleteByCoachView.as_view(),
        name="action_done",
    ),
    path(
        "coaching/residents/<int:pk>/barriers/add/",
        views.BarrierCreateView.as_view(),
        name="barrier_add",
    ),
    path(
        "coaching/residents/<int:pk>/barriers/<int:barrier_pk>/resolve/",
        views.BarrierResolveView.as_view(),
        name="barrier_resolve",
    ),
    path(
        "coaching/residents/<int:pk>/status/",
        views.StatusChangeView.as_view(),
        name="status_change",
    ),
    path(
        "coaching/residents/<int:pk>/referrals/add/",
        views.ReferralCreateView.as_view(),
        name="referral_add",
    ),
    path(
        "coaching/residents/<int:pk>/referrals/<int:referral_pk>/status/",
        views.ReferralStatusView.as_view(),
        name="referral_status",
    ),
    path("coaching/residents/<int:pk>/invite/", views.InviteView.as_view(), name="invite"),
    path(
        "coaching/residents/<int:pk>/consent/withdraw/",
        views.ConsentWithdrawByCoachView.as_view(),
        name="consent_withdraw_by_coach",
    ),
    path("coaching/residents/<int:pk>/transfer/", views.TransferView.as_view(), name="transfer"),
    path(
        "coaching/residents/<int:pk>/move/",
        views.TransferProposeView.as_view(),
        name="transfer_propose",
    ),
    path(
        "coaching/residents/<int:pk>/move/<int:transfer_pk>/cancel/",
        views.TransferCancelView.as_view(),
        name="transfer_cancel",
    ),
    path(
        "coaching/moves/<int:transfer_pk>/",
        views.IncomingTransferView.as_view(),
        name="transfer_incoming",
    ),
    path(
        "coaching/residents/<int:pk>/job-starts/add/",
        views.JobOutcomeCreateView.as_view(),
        name="outcome_add",
    ),
    path(
        "coaching/residents/<int:pk>/job-starts/<int:outcome_pk>/change/",
        views.JobOutcomeEditView.as_view(),
        name="outcome_edit",
    ),
    path(
        "coaching/residents/<int:pk>/job-checks/<int:check_pk>/",
        views.SustainmentRecordView.as_view(),
        name="sustainment_record",
    ),
    path(
        "coaching/residents/<int:pk>/flexible-working/add/",
        views.FlexibleWorkingRequestCreateView.as_view(),
        name="flexible_request_add",
    ),
    path(
        "coaching/residents/<int:pk>/flexible-working/<int:request_pk>/",
        views.FlexibleWorkingRequestDetailView.as_view(),
        name="flexible_request",
    ),
    path("my-plan/", views.PlanView.as_view(), name="plan"),
    path(
        "my-plan/actions/<int:action_pk>/done/",
        views.PlanActionDoneView.as_view(),
        name="plan_action_done",
    ),
    path(
        "my-plan/referrals/<int:referral_pk>/respond/",
        views.PlanReferralRespondView.as_view(),
        name="plan_referral_respond",
    ),
    path(
        "my-plan/consents/<int:consent_pk>/withdraw/",
        views.ConsentWithdrawView.as_view(),
        name="consent_withdraw",
    ),
    path(
        "my-plan/moves/<int:transfer_pk>/", views.PlanTransferView.as_view(), name="plan_transfer"
    ),
    path("my-plan/who-has-viewed/", views.RecordViewsView.as_view(), name="record_views"),
    path("my-plan/ask-for-support/", views.SupportRequestView.as_view(), name="support_request"),
    path("my-plan/claim/<str:token>/", views.ClaimView.as_view(), name="claim"),
]
