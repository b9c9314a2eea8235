"""Live vacancies for the index, and the figures worked out by hand from them.

The London Living Wage in force is £14.80 (reference data, from 22 October 2025), so the pay
bands are: below £14.80; £14.80 up to £17.76; £17.76 or more.

    #  sector       contract    time options              place   flex  £ an hour            band
    1  health_care  permanent   part-time, term-time      on-site yes   15.00                llw
    2  health_care  permanent   -                         hybrid  yes   14.00                below
    3  health_care  fixed_term  -                         on-site talk  20.00                above
    4  retail       casual      shift swap, predictable   on-site yes   14.80                llw
    5  retail       permanent   -                         on-site no    12.50                below
    6  retail       permanent   flexitime                 remote  yes   40,000/yr, 37.5h     above
                                                                        = 20.51
    7  digital      permanent   compressed, flexitime     hybrid  yes   2,600/month, 35h     llw
                                                                        = 17.14
    8  digital      fixed_term  -                         on-site talk  600/week, 30h        above
                                                                        = 20.00

Around them, vacancies that are not live and must not be counted.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from jobs.choices import ContractType, Flexibility, PayPeriod, Place, Sector, TimeOption
from tests.employers.factories import OrganisationFactory
from tests.jobs.factories import (
    ClosedVacancyFactory,
    DraftVacancyFactory,
    ExpiredVacancyFactory,
    InReviewVacancyFactory,
    LiveVacancyFactory,
)

T = TimeOption


def live(
    sector, contract, options, place, flexibility, pay, period=PayPeriod.HOUR, hours="24", **extra
):
    return LiveVacancyFactory(
        sector=sector,
        contract_type=contract,
        time_options=options,
        place=place,
        flexibility=flexibility,
        pay_min=Decimal(pay),
        pay_max=None,
        pay_period=period,
        hours_max=Decimal(hours),
        **extra,
    )


@pytest.fixture
def index_vacancies(db):
    vacancies = [
        live(
            Sector.HEALTH_CARE,
            ContractType.PERMANENT,
            [T.PART_TIME, T.TERM_TIME],
            Place.ON_SITE,
            Flexibility.YES,
            "15.00",
        ),
        live(
            Sector.HEALTH_CARE, ContractType.PERMANENT, [], Place.HYBRID, Flexibility.YES, "14.00"
        ),
        live(
            Sector.HEALTH_CARE,
            ContractType.FIXED_TERM,
            [],
            Place.ON_SITE,
            Flexibility.TALK,
            "20.00",
        ),
        live(
            Sector.RETAIL,
            ContractType.CASUAL,
            [T.SHIFT_SWAPPING, T.PREDICTABLE_SHIFTS],
            Place.ON_SITE,
            Flexibility.YES,
            "14.80",
            rota_weeks_ahead=4,
            is_shift_based=True,
        ),
        live(Sector.RETAIL, ContractType.PERMANENT, [], Place.ON_SITE, Flexibility.NO, "12.50"),
        live(
            Sector.RETAIL,
            ContractType.PERMANENT,
            [T.FLEXITIME],
            Place.REMOTE,
            Flexibility.YES,
            "40000",
            PayPeriod.YEAR,
            "37.5",
        ),
        live(
            Sector.DIGITAL,
            ContractType.PERMANENT,
            [T.COMPRESSED_HOURS, T.FLEXITIME],
            Place.HYBRID,
            Flexibility.YES,
            "2600",
            PayPeriod.MONTH,
            "35",
        ),
        live(
            Sector.DIGITAL,
            ContractType.FIXED_TERM,
            [],
            Place.ON_SITE,
            Flexibility.TALK,
            "600",
            PayPeriod.WEEK,
            "30",
        ),
    ]
    # Not live: each would change the figures if it were counted.
    flexible = {"time_options": [T.JOB_SHARE], "place": Place.REMOTE, "sector": Sector.RETAIL}
    DraftVacancyFactory(**flexible)
    InReviewVacancyFactory(**flexible)
    ClosedVacancyFactory(**flexible)
    ExpiredVacancyFactory(**flexible)
    LiveVacancyFactory(
        **flexible,
        published_at=timezone.now() - datetime.timedelta(days=10),
        closing_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    LiveVacancyFactory(**flexible, organisation=OrganisationFactory(suspended_at=timezone.now()))
    return vacancies


# Shares are whole percentages, half rounded up: 1 of 8 is 12.5%, shown as 13%.
EXPECTED_OPTIONS = [
    ("Part-time", 1, 13),
    ("Job share", 0, 0),
    ("Flexitime", 2, 25),
    ("Compressed hours", 1, 13),
    ("Annualised hours", 0, 0),
    ("Term-time only", 1, 13),
    ("Self-rostering", 0, 0),
    ("Shift swapping", 1, 13),
    ("Predictable shifts", 1, 13),
    ("Hybrid", 2, 25),
    ("Fully remote", 1, 13),
    ("Any flexible option", 5, 63),
    ("Happy to talk about flexible working", 2, 25),
]
# (label, live vacancies, any flexible %, happy to talk %, pays the Living Wage %)
EXPECTED_SECTORS = [
    ("Health and social care", 3, 67, 33, 67),
    ("Retail", 3, 67, 0, 67),
    ("Technology and digital", 2, 50, 50, 100),
]
EXPECTED_CONTRACT_TYPES = [
    ("Permanent", 5, 80, 0, 60),
    ("Fixed term", 2, 0, 100, 100),
    ("Casual", 1, 100, 0, 100),
]
# (label, live vacancies, any flexible %, happy to talk %, share of all live vacancies %)
EXPECTED_PAY_BANDS = [
    ("Below the London Living Wage", 2, 50, 0, 25),
    ("London Living Wage up to 20% above it", 3, 100, 0, 38),
    ("20% or more above the London Living Wage", 3, 33, 67, 38),
]


@pytest.fixture
def officer_client(client, council_admin):
    """A council officer signed in with a password and a second factor, as the admin expects."""
    import time

    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY

    client.force_login(council_admin)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": council_admin.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(council_admin.pk)
    session.save()
    return client
