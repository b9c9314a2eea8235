from employers.forms.organisation import (  # noqa: F401
    InvitationForm,
    OrganisationForm,
    PledgeSignForm,
)
from employers.forms.vacancy import STEPS, STEPS_BY_SLUG, ExtendForm, step_after, step_before  # noqa: F401
