"""The demo data obeys every rule real data obeys, and reads like a real borough's.

The seed runs once for the module (inside a transaction rolled back at the end); each test then
checks every object of one kind.
"""

import datetime
import io
import re
import time
from collections import Counter
from decimal import Decimal

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from employers.models import Organisation, Pledge, PledgeCheck
from employers.selectors import vacancy_dashboard
from goodwork import demo
from goodwork.core.models import User
from goodwork.core.postcodes import postcode_problem
from jobs.choices import ContractType, Flexibility, PayPeriod, Place, TimeOption
from jobs.models import MinimumWageRate, Vacancy, hourly_pay
from residents.coaching.models import (
    Action,
    Barrier,
    CaseloadEntry,
    CaseNote,
    CaseStatus,
    Coach,
    Consent,
    JobOutcome,
    Provider,
    Referral,
    ReferralStatus,
    SustainmentCheck,
)
from residents.models import AlertDelivery, Resident, Shortlist

# Seconds of this process's processor time the seed may take, and seconds on the clock on a
# busy two-core machine (its queries wait for a database others are using too).
SEED_CPU_SECONDS_AT_MOST = 20
SEED_SECONDS_AT_MOST = 240
FULL_TIME = Decimal("30")
# The most an advertised rate may sit above a role's range: salaries are rounded up to £100.
ROUNDING = Decimal("0.10")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        started, cpu = time.perf_counter(), time.process_time()
        call_command("seed_demo", stdout=io.StringIO())
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"\nThe demo seed took {elapsed:.1f} s ({cpu:.1f} s of processor time)")  # noqa: T201
        yield elapsed, cpu
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def _instances():
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        yield from model._default_manager.all()


def test_the_seed_is_quick(seeded):
    elapsed, cpu = seeded
    assert cpu < SEED_CPU_SECONDS_AT_MOST
    assert elapsed < SEED_SECONDS_AT_MOST


def test_every_object_passes_its_models_validation(seeded):
    problems = []
    checked = Counter()
    for instance in _instances():
        try:
            instance.full_clean()
        except Exception as error:  # noqa: BLE001 - collect every failure, then report them
            problems.append(f"{instance._meta.label} {instance.pk}: {error}")
        checked[instance._meta.label] += 1
    assert not problems, "\n".join(problems[:20])
    for label in ("jobs.Vacancy", "employers.Organisation", "residents.Resident",
                  "residents.Referral", "residents.SustainmentCheck", "residents.Shortlist"):
        assert checked[label], label


def test_part_time_means_under_30_hours_and_full_time_30_or_more(seeded):
    for vacancy in Vacancy.objects.all():
        part_time = vacancy.hours_max < FULL_TIME
        assert (vacancy.hours_min < FULL_TIME) == part_time, vacancy.pk
        assert (TimeOption.PART_TIME in vacancy.time_options) == part_time, vacancy.pk
        assert vacancy.hours_min <= vacancy.hours_max
    assert Vacancy.objects.filter(hours_max__lt=FULL_TIME).count() > 50
    assert Vacancy.objects.filter(hours_min__gte=FULL_TIME).count() > 50


def test_zero_hours_contracts_guarantee_no_hours_and_others_guarantee_some(seeded):
    zero_hours = Vacancy.objects.filter(zero_hours=True)
    assert zero_hours.exists()
    for vacancy in zero_hours:
        assert vacancy.guaranteed_hours in (None, Decimal("0")), vacancy.pk
        assert vacancy.contract_type == ContractType.CASUAL
        assert "zero-hours" in vacancy.description
    for vacancy in Vacancy.objects.filter(zero_hours=False):
        assert vacancy.guaranteed_hours and vacancy.guaranteed_hours <= vacancy.hours_min


def _role(vacancy):
    kind = demo.employer_kind(vacancy.organisation.name)
    return demo.role_for_title(kind, vacancy.title)


def test_pay_fits_the_role_and_is_never_below_the_minimum_wage(seeded):
    hourly_rates = set()
    for vacancy in Vacancy.objects.select_related("organisation"):
        role = _role(vacancy)
        assert role is not None, f"{vacancy.title} at {vacancy.organisation}"
        floor = MinimumWageRate.objects.in_force_on(
            vacancy.minimum_wage_on(), vacancy.minimum_wage_band()
        )
        low, high = (Decimal(p) for p in role.pay)
        lowest = vacancy.pay_hourly_min
        assert lowest >= floor, vacancy.pk
        assert max(low, floor) <= lowest <= max(high, floor) + ROUNDING, (vacancy.title, lowest)
        highest = hourly_pay(vacancy.pay_max, vacancy.pay_period, vacancy.hours_max)
        if highest is not None:
            assert lowest <= highest <= max(high, floor) + ROUNDING, (vacancy.title, highest)
        if vacancy.pay_period == PayPeriod.YEAR:
            # A salary is an amount a year, in hundreds of pounds.
            assert vacancy.pay_min >= 5000 and vacancy.pay_min % 100 == 0, vacancy.pay_min
        else:
            assert vacancy.pay_period == PayPeriod.HOUR and vacancy.pay_min < 100
        apprentice = vacancy.contract_type == ContractType.APPRENTICESHIP
        assert apprentice == vacancy.title.startswith(("Apprentice ", "Trainee ")), vacancy.title
        hourly_rates.add(lowest)
    assert len(hourly_rates) > 40
    assert Vacancy.objects.filter(pay_period=PayPeriod.YEAR).count() > 30
    assert Vacancy.objects.filter(pays_living_wage=True).exists()
    assert Vacancy.objects.filter(pays_living_wage=False, published_at__isnull=False).exists()


# A word in a job title, and the words one of which the employer's name must then contain.
TITLE_FITS_EMPLOYER = [
    ("dental", ("Dental",)),
    ("veterinary", ("Veterinary",)),
    ("animal", ("Veterinary",)),
    ("pharmacy", ("Pharmacy",)),
    ("prescription", ("Pharmacy",)),
    ("^(home |bank |night )?care assistant", ("Care", "Nursing")),
    ("carer", ("Care",)),
    ("healthcare", ("Trust",)),
    ("ward clerk", ("Trust",)),
    ("hospital", ("Trust",)),
    ("teaching assistant", ("School",)),
    ("school", ("School",)),
    ("midday", ("School",)),
    ("nursery", ("Nursery",)),
    ("esol", ("Learning",)),
    ("library", ("Libraries",)),
    ("lifeguard", ("Leisure",)),
    ("swimming", ("Leisure",)),
    ("chef", ("Kitchens",)),
    ("barista", ("Café", "Bakehouse", "Deli")),
    ("baker", ("Bakehouse", "Café", "Deli")),
    ("hotel", ("Hotel",)),
    ("room attendant", ("Hotel",)),
    ("bookseller", ("Books",)),
    ("station", ("Rail",)),
    ("cargo bike", ("Cargo Bikes",)),
    ("bike mechanic", ("Cargo Bikes",)),
    ("security", ("Security",)),
    ("software", ("Software", "Digital")),
    ("laboratory", ("Laboratories", "Research")),
    ("^research", ("Research",)),
    ("youth", ("Youth",)),
    ("retrofit", ("Retrofit",)),
    ("electrician", ("Retrofit",)),
    ("carpenter", ("Builders",)),
    ("box office", ("Theatre",)),
    ("studio", ("Studios",)),
    ("lettings", ("Property",)),
    ("tenancy", ("Housing",)),
]


def test_each_employer_posts_the_roles_its_kind_of_organisation_has(seeded):
    titles_by_employer: dict[str, set[str]] = {}
    for title, name in Vacancy.objects.values_list("title", "organisation__name"):
        titles_by_employer.setdefault(name, set()).add(title)
        for word, employers in TITLE_FITS_EMPLOYER:
            if re.search(word, title.lower()):
                assert any(e in name for e in employers), f"{title} at {name}"
    assert "Dental receptionist" not in titles_by_employer["Belsize Park Veterinary Surgery"]
    assert "Dental receptionist" in titles_by_employer["Belsize Dental Practice"]
    assert titles_by_employer["Gospel Oak Nursing Home"] <= {
        role.title for role in demo.KINDS["care_home"][1]
    }
    for vacancy in Vacancy.objects.select_related("organisation"):
        assert vacancy.sector == vacancy.organisation.sector


def test_postcodes_lie_in_the_wards_they_claim(seeded):
    for vacancy in Vacancy.objects.all():
        assert postcode_problem(vacancy.postcode, vacancy.ward) is None, vacancy.pk
        if vacancy.place == Place.REMOTE:
            assert not vacancy.postcode and not vacancy.ward
        else:
            assert vacancy.postcode and vacancy.ward
    for organisation in Organisation.objects.all():
        assert organisation.postcode and organisation.ward
        assert postcode_problem(organisation.postcode, organisation.ward) is None, organisation
    for resident in Resident.objects.all():
        assert resident.postcode and resident.ward, resident
        assert postcode_problem(resident.postcode, resident.ward) is None, resident


def test_flexible_options_agree_with_the_answer_and_the_job(seeded):
    for vacancy in Vacancy.objects.all():
        concrete = vacancy.offers_concrete_flexibility
        if vacancy.flexibility == Flexibility.YES:
            assert concrete, vacancy.pk
        if vacancy.flexibility == Flexibility.NO:
            assert not concrete and not vacancy.flexible_details, vacancy.pk
        if TimeOption.PREDICTABLE_SHIFTS in vacancy.time_options:
            assert vacancy.rota_weeks_ahead >= 4
        if vacancy.rota_weeks_ahead:
            assert vacancy.is_shift_based
        if TimeOption.TERM_TIME in vacancy.time_options:
            assert vacancy.sector == "education"
            assert "term time" in vacancy.work_pattern
    assert Vacancy.objects.filter(place=Place.REMOTE).exists()
    assert Vacancy.objects.filter(place=Place.HYBRID).exists()
    assert Vacancy.objects.filter(flexibility=Flexibility.TALK).exists()
    assert Vacancy.objects.filter(time_options__contains=["self_rostering"]).exists()


def test_caseloads_show_every_status_with_notes_and_a_plan(seeded):
    statuses = set(CaseloadEntry.objects.values_list("status", flat=True))
    assert statuses == set(CaseStatus.values)
    for entry in CaseloadEntry.objects.select_related("resident"):
        resident = entry.resident
        assert CaseNote.objects.filter(resident=resident).count() >= 3
        notes = CaseNote.objects.filter(resident=resident)
        assert all(entry.started_at.date() <= n.contact_on <= timezone.localdate() for n in notes)
        assert Action.objects.filter(resident=resident).exists()
    today = timezone.localdate()
    assert Action.objects.filter(completed_at__isnull=True, due_on__lt=today).exists()
    assert Action.objects.filter(completed_at__isnull=False).exists()
    assert Action.objects.filter(completed_at__isnull=True, due_on__gte=today).exists()


def test_sustainment_checks_are_in_every_state_at_every_milestone(seeded):
    today = timezone.localdate()
    for weeks in (13, 26, 52):
        checks = SustainmentCheck.objects.filter(weeks=weeks)
        assert checks.filter(recorded_at__isnull=True, due_on__gt=today).exists(), weeks
        assert checks.filter(recorded_at__isnull=True, due_on__lte=today).exists(), weeks
        assert checks.filter(still_in_work=True).exists(), weeks
        assert checks.filter(still_in_work=False).exists(), weeks
    for check in SustainmentCheck.objects.filter(recorded_at__isnull=False):
        assert check.due_on <= today
        assert (check.hours_per_week is not None) == check.still_in_work


def test_in_work_poverty_cases_are_on_the_caseloads(seeded):
    assert JobOutcome.objects.filter(below_living_wage=True).exists()
    assert JobOutcome.objects.filter(fewer_hours_than_wanted=True).exists()
    assert JobOutcome.objects.filter(below_living_wage=False, fewer_hours_than_wanted=False)
    for outcome in JobOutcome.objects.select_related("resident"):
        entry = CaseloadEntry.objects.get(resident=outcome.resident)
        assert entry.started_at.date() <= outcome.start_date


def test_referrals_reach_every_status(seeded):
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    started = Referral.objects.get(status=ReferralStatus.STARTED)
    assert started.job_outcome.job_title == started.vacancy.title


def test_barriers_include_health_shared_with_consent(seeded):
    health = Barrier.objects.filter(kind="health")
    assert health.exists()
    for barrier in Barrier.objects.filter(kind__in=Barrier.SENSITIVE_KINDS):
        assert Consent.objects.current().filter(
            resident=barrier.resident, provider=barrier.provider, shares_health=True
        ).exists()
    assert Barrier.objects.filter(resolved_on__isnull=False).exists()
    assert Barrier.objects.exclude(kind__in=Barrier.SENSITIVE_KINDS).exists()


def test_the_employers_dashboard_shows_counts_backed_by_data(seeded, client):
    employer = User.objects.get(email="employer@example.com")
    organisations = Organisation.objects.for_member(employer)
    assert organisations.count() == demo.DEMO_EMPLOYER_ORGANISATIONS
    for organisation in organisations:
        rows = list(vacancy_dashboard(organisation=organisation))
        assert {v.status for v in rows} == set(Vacancy.Status.values)
        for vacancy in rows:
            assert vacancy.shortlist_count == Shortlist.objects.filter(vacancy=vacancy).count()
            assert vacancy.referral_count == Referral.objects.filter(vacancy=vacancy).count()
            assert vacancy.alert_delivery_count == AlertDelivery.objects.filter(
                vacancy=vacancy, sent_at__isnull=False
            ).count()
            if vacancy.published_at is None:
                # Nobody outside the organisation has seen a draft or a job waiting for review.
                counts = (vacancy.view_count, vacancy.shortlist_count,
                          vacancy.alert_delivery_count, vacancy.referral_count)
                assert counts == (0, 0, 0, 0), vacancy.status
            else:
                # Everyone who shortlisted it, or was referred to it, opened it first.
                assert vacancy.view_count >= vacancy.shortlist_count + vacancy.referral_count
                assert vacancy.view_count > 0
        assert sum(v.shortlist_count for v in rows) > 0
        assert sum(v.alert_delivery_count for v in rows) > 0
    first = organisations.order_by("name").first()
    client.force_login(employer)
    page = client.get(reverse("employers:dashboard")).content.decode()
    for status in Vacancy.Status:
        count = Vacancy.objects.filter(organisation=first, status=status).count()
        assert f"{status.label} ({count})" in page


NOT_A_NAME = re.compile(
    r"\d|^(test|user|demo|resident|coach|employer|admin|manager|support)$", re.IGNORECASE
)


def test_people_have_ordinary_varied_names(seeded):
    people = [(u.first_name, u.last_name) for u in User.objects.all()]
    people += [(r.first_name, r.last_name) for r in Resident.objects.all()]
    for first, last in people:
        assert first and last
        assert not NOT_A_NAME.search(first) and not NOT_A_NAME.search(last), (first, last)
        assert first[0].isupper() and last[0].isupper()
    residents = [(r.first_name, r.last_name) for r in Resident.objects.all()]
    assert len(set(residents)) == len(residents)
    assert len({first for first, _ in residents}) >= 25
    assert len({last for _, last in residents}) >= 25


def test_job_titles_and_descriptions_read_as_written_by_a_person(seeded):
    for vacancy in Vacancy.objects.select_related("organisation"):
        assert vacancy.title[0].isupper() and "  " not in vacancy.title
        assert not re.search(r"\b(\w+) \1\b", vacancy.title.lower()), vacancy.title
        assert vacancy.summary.endswith(".") and len(vacancy.summary) <= 300
        text = f"{vacancy.summary} {vacancy.description} {vacancy.work_pattern}"
        assert not re.search(r"None|\{|\}|\.0 hours|\d\.\d{3}", text), text
        assert vacancy.organisation.name in vacancy.description
        assert vacancy.work_pattern


def test_loading_again_changes_nothing(seeded):
    def counts():
        return [m.objects.count() for m in (
            Organisation, Vacancy, User, Pledge, PledgeCheck, Resident, CaseloadEntry,
            Referral, Shortlist, AlertDelivery, Provider, Coach,
        )]

    before = counts()
    with transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        assert counts() == before
        transaction.set_rollback(True)
    assert CaseloadEntry.objects.count() == sum(len(cases) for cases in demo.CASES) == 24
    assert Vacancy.objects.live().count() >= demo.DEFAULT_VACANCIES
    assert Provider.objects.count() == 2
    assert PledgeCheck.objects.count() == Pledge.objects.active().count()


def test_the_seed_makes_the_same_data_every_time(seeded):
    def fingerprint():
        return list(
            Vacancy.objects.order_by("id").values_list(
                "organisation__name", "title", "hours_max", "pay_min", "time_options", "status"
            )
        ) + list(Resident.objects.order_by("id").values_list("first_name", "last_name", "postcode"))

    first = fingerprint()
    with transaction.atomic():
        for model in (SustainmentCheck, JobOutcome, Referral, Action, CaseNote, Barrier,
                      CaseloadEntry, Consent, Shortlist, AlertDelivery):
            model.objects.all().delete()
        Resident.objects.all().delete()
        Vacancy.objects.all().delete()
        User.objects.filter(email__endswith="@example.net").delete()
        call_command("seed_demo", stdout=io.StringIO())
        # The second run numbers its rows after the first's: compare what they hold.
        again = fingerprint()
        transaction.set_rollback(True)
    assert again == first


def test_demo_coach_and_admin_can_pass_two_factor_with_the_printed_code(seeded):
    for email in ("admin@example.com", "coach@example.com"):
        authenticator = Authenticator.objects.get(user__email=email, type=Authenticator.Type.TOTP)
        assert TOTP(authenticator).validate_code(demo.demo_code())
        assert authenticator.user.check_password(demo.DEMO_PASSWORD)


def test_the_demo_log_ins_are_printed(capsys):
    call_command("seed_demo", vacancies=5)
    output = capsys.readouterr().out
    for email in ("admin@example.com", "employer@example.com", "coach@example.com",
                  "coach2@example.com", "resident@example.com", demo.DEMO_PASSWORD):
        assert email in output


def test_every_demo_employer_address_is_in_its_ward():
    for name, kind, _size, ward, _address, postcode in demo.EMPLOYERS:
        assert kind in demo.KINDS, name
        assert postcode_problem(postcode, ward) is None, name
    assert len({name for name, *_ in demo.EMPLOYERS}) == len(demo.EMPLOYERS)


def test_every_role_pays_at_least_the_minimum_wage_it_is_held_to():
    # Rates in force when the table was written (April 2026): the seed raises any pay below
    # a later rate to it.
    for kind, (_sector, roles) in demo.KINDS.items():
        for role in roles:
            low, high = (Decimal(p) for p in role.pay)
            assert low <= high, role.title
            assert low >= (Decimal("8.00") if role.apprentice else Decimal("12.71")), role.title
            assert all(Decimal("0.5") <= h <= Decimal("60") for h in role.hours), kind


def test_demo_dates_are_consistent(seeded):
    today = timezone.localdate()
    for vacancy in Vacancy.objects.all():
        if vacancy.status == Vacancy.Status.EXPIRED:
            assert vacancy.closing_date < today
        elif vacancy.status != Vacancy.Status.CLOSED:
            assert vacancy.closing_date >= today
        if vacancy.start_date:
            assert vacancy.start_date > vacancy.closing_date
        if vacancy.published_at:
            assert vacancy.submitted_at <= vacancy.published_at
    for entry in Shortlist.objects.select_related("vacancy"):
        assert entry.applied_at is None or entry.applied_at >= entry.vacancy.published_at
    assert datetime.date.today()  # noqa: DTZ011 - only that the module imports datetime
