from residents.models.profile import Resident, Shortlist
from residents.models.providers import Coach, Provider

__all__ = ["Coach", "Provider", "Resident", "Shortlist"]
