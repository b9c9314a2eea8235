import pytest

from tests.jobs.factories import LiveVacancyFactory


@pytest.fixture
def live_vacancy(organisation):
    """A published vacancy of the employer_member's organisation."""
    return LiveVacancyFactory(organisation=organisation)
