from residents.models.profile import Resident, Shortlist
from residents.models.providers import Coach, Provider

__all__ = ["Coach", "Provider", "Resident", "Shortlist"]
from residents.models.alerts import AlertDelivery, SavedSearch  # noqa: E402

__all__ += ["AlertDelivery", "SavedSearch"]
