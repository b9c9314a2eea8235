import pytest

from tests.jobs.factories import LiveVacancyFactory


@pytest.fixture
def live_vacancy(organisation):
    """A published vacancy of the employer_member's organisation."""
    return LiveVacancyFactory(organisation=organisation)


@pytest.fixture
def provider_manager(db, provider):
    """A coach who manages the coach fixture's provider (its report is theirs)."""
    from tests.residents.factories import ManagerCoachFactory

    return ManagerCoachFactory(provider=provider).user
