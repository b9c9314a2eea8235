from employers.services.organisations import (  # noqa: F401
    invitation_accept,
    invitation_create,
    invitation_from_token,
    membership_remove,
    membership_set_role,
    organisation_create,
    organisation_suspend,
    organisation_unsuspend,
    organisation_update,
)
from employers.services.pledge_checks import pledge_check_notify, pledge_checks_run  # noqa: F401
from employers.services.pledges import pledge_sign, pledge_withdraw  # noqa: F401
from employers.services.vacancies import (  # noqa: F401
    vacancy_approved_notify,
    vacancy_sent_back_notify,
)
