from residents.models.profile import Resident, Shortlist
from residents.models.providers import Coach, Provider

__all__ = ["Coach", "Provider", "Resident", "Shortlist"]
from residents.models.alerts import AlertDelivery, SavedSearch  # noqa: E402

__all__ += ["AlertDelivery", "SavedSearch"]
from residents.models.caseload import (  # noqa: E402
    Action,
    Barrier,
    BarrierKind,
    CaseloadEntry,
    CaseNote,
    CaseStatus,
    Consent,
    FlexibleWorkingRequest,
    JobOutcome,
    Referral,
    ReferralStatus,
    SustainmentCheck,
)

__all__ += [
    "Action", "Barrier", "BarrierKind", "CaseNote", "CaseStatus", "CaseloadEntry", "Consent",
    "FlexibleWorkingRequest", "JobOutcome", "Referral", "ReferralStatus", "SustainmentCheck",
]
