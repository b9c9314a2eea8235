from employers.views.apikeys import ApiKeyListView, ApiKeyRevokeView  # noqa: F401
from employers.views.feeds import VacancyFeedView  # noqa: F401
from employers.views.organisations import (  # noqa: F401
    DashboardView,
    InvitationAcceptView,
    MembershipActionView,
    MembershipListView,
    OrganisationCreateView,
    OrganisationPublicView,
    OrganisationUpdateView,
)
from employers.views.pledges import (  # noqa: F401
    PledgeListView,
    PledgeView,
    PledgeWithdrawView,
    ProcurementExportView,
)
from employers.views.vacancies import (  # noqa: F401
    VacancyCheckView,
    VacancyCloseView,
    VacancyCopyView,
    VacancyCreateView,
    VacancyExtendView,
    VacancyPreviewView,
    VacancyStepView,
)
