from residents.models.alerts import AlertDelivery, SavedSearch
from residents.models.profile import Resident, Shortlist

__all__ = ["AlertDelivery", "Resident", "SavedSearch", "Shortlist"]
