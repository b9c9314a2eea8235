from django.urls import path

from employers import views

app_name = "employers"

urlpatterns = [
    path("employers/", views.DashboardView.as_view(), name="dashboard"),
    path(
        "employers/organisations/new/",
        views.OrganisationCreateView.as_view(),
        name="organisation_create",
    ),
    path(
        "employers/organisations/<int:org>/edit/",
        views.OrganisationUpdateView.as_view(),
        name="organisation_edit",
    ),
    path(
        "employers/organisations/<int:org>/members/",
        views.MembershipListView.as_view(),
        name="members",
    ),
    path(
        "employers/organisations/<int:org>/members/<int:pk>/remove/",
        views.MembershipActionView.as_view(action="remove"),
        name="member_remove",
    ),
    path(
        "employers/organisations/<int:org>/members/<int:pk>/make-owner/",
        views.MembershipActionView.as_view(action="owner"),
        name="member_make_owner",
    ),
    path(
        "employers/organisations/<int:org>/members/<int:pk>/make-member/",
        views.MembershipActionView.as_view(action="member"),
        name="member_make_member",
    ),
    path(
        "employers/invitations/<str:token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path(
        "employers/organisations/<int:org>/vacancies/new/",
        views.VacancyCreateView.as_view(),
        name="vacancy_create",
    ),
    path(
        "employers/vacancies/<int:pk>/check/",
        views.VacancyCheckView.as_view(),
        name="vacancy_check",
    ),
    path(
        "employers/vacancies/<int:pk>/preview/",
        views.VacancyPreviewView.as_view(),
        name="vacancy_preview",
    ),
    path(
        "employers/vacancies/<int:pk>/close/",
        views.VacancyCloseView.as_view(),
        name="vacancy_close",
    ),
    path(
        "employers/vacancies/<int:pk>/extend/",
        views.VacancyExtendView.as_view(),
        name="vacancy_extend",
    ),
    path(
        "employers/vacancies/<int:pk>/copy/", views.VacancyCopyView.as_view(), name="vacancy_copy"
    ),
    path(
        "employers/vacancies/<int:pk>/<slug:step>/",
        views.VacancyStepView.as_view(),
        name="vacancy_step",
    ),
    path("employers/organisations/<int:org>/pledge/", views.PledgeView.as_view(), name="pledge"),
    path(
        "employers/organisations/<int:org>/recruitment-systems/",
        views.ApiKeyListView.as_view(),
        name="api_keys",
    ),
    path(
        "employers/organisations/<int:org>/recruitment-systems/feed/",
        views.VacancyFeedView.as_view(),
        name="vacancy_feed",
    ),
    path(
        "employers/organisations/<int:org>/recruitment-systems/keys/<int:pk>/revoke/",
        views.ApiKeyRevokeView.as_view(),
        name="api_key_revoke",
    ),
    path(
        "employers/organisations/<int:org>/pledge/withdraw/",
        views.PledgeWithdrawView.as_view(),
        name="pledge_withdraw",
    ),
    path(
        "employers/procurement.csv",
        views.ProcurementExportView.as_view(),
        name="procurement_export",
    ),
    path("fair-flexible-pledge/", views.PledgeListView.as_view(), name="pledge_list"),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationPublicView.as_view(),
        name="organisation_public",
    ),
]
