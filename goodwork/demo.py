"""Realistic, repeatable demo data for `make run`: employers, vacancies, providers, people."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from employers.models import Membership, Organisation, Pledge, PledgeCheck, PledgeVersion
from employers.services.pledge_checks import pledge_checks_run
from goodwork.core.models import User
from jobs.choices import (
    CAMDEN_WARDS,
    ContractType,
    Flexibility,
    PayPeriod,
    Place,
    Sector,
    TimeOption,
    Ward,
)
from jobs.models import Vacancy
from jobs.services import pays_living_wage
from residents.coaching.models import CaseloadEntry, Coach, Provider
from residents.coaching.services import caseload
from residents.coaching.services import plan as plan_services
from residents.coaching.services import referrals as referral_services
from residents.models import Resident

DEMO_PASSWORD = "good-work-demo-2026"  # noqa: S105 - printed for people trying the portal locally
# Coaches and council admins must sign in with a one-time code. The demo accounts share this
# authenticator secret so `manage.py demo_code` can print the current code.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPGOODWORKCAMDEN22"  # noqa: S105 - demo accounts only

EMPLOYERS: list[tuple[str, str, str]] = [
    # (name, sector, size band)
    ("Camden Care Partnership", Sector.HEALTH_CARE, "large"),
    ("Kentish Town Home Care", Sector.HEALTH_CARE, "medium"),
    ("Royal Free Hampstead Trust", Sector.HEALTH_CARE, "large"),
    ("Belsize Dental Practice", Sector.HEALTH_CARE, "micro"),
    ("Gospel Oak Nursing Home", Sector.HEALTH_CARE, "medium"),
    ("Primrose Hill Pharmacy", Sector.HEALTH_CARE, "small"),
    ("Camden Market Kitchens", Sector.HOSPITALITY, "medium"),
    ("The Roundhouse Café", Sector.HOSPITALITY, "small"),
    ("King's Cross Hotel Group", Sector.HOSPITALITY, "large"),
    ("Bloomsbury Bakehouse", Sector.HOSPITALITY, "small"),
    ("Fortune Green Deli", Sector.HOSPITALITY, "micro"),
    ("Holborn Food Store", Sector.RETAIL, "large"),
    ("Camden High Street Books", Sector.RETAIL, "small"),
    ("West Hampstead Supermarket", Sector.RETAIL, "medium"),
    ("Covent Garden Outfitters", Sector.RETAIL, "medium"),
    ("Haverstock School", Sector.EDUCATION, "medium"),
    ("Regent's Park Nursery", Sector.EDUCATION, "small"),
    ("Somers Town Community School", Sector.EDUCATION, "medium"),
    ("Camden Adult Learning", Sector.EDUCATION, "medium"),
    ("London Borough of Camden", Sector.PUBLIC_SECTOR, "large"),
    ("Camden Libraries", Sector.PUBLIC_SECTOR, "medium"),
    ("Kilburn Youth Trust", Sector.CHARITY, "small"),
    ("Camden Food Bank Network", Sector.CHARITY, "small"),
    ("St Pancras Housing Association", Sector.CHARITY, "medium"),
    ("Frognal Builders", Sector.CONSTRUCTION, "small"),
    ("North London Retrofit Co-operative", Sector.CONSTRUCTION, "small"),
    ("Euston Rail Services", Sector.TRANSPORT, "large"),
    ("Camden Cargo Bikes", Sector.TRANSPORT, "micro"),
    ("Kentish Town Couriers", Sector.TRANSPORT, "small"),
    ("Bloomsbury Facilities Management", Sector.FACILITIES, "large"),
    ("Green Clean Camden", Sector.FACILITIES, "small"),
    ("Highgate Security Services", Sector.FACILITIES, "medium"),
    ("Knowledge Quarter Digital", Sector.DIGITAL, "medium"),
    ("King's Cross Software", Sector.DIGITAL, "large"),
    ("Camden Accounting Co-op", Sector.FINANCE, "small"),
    ("Holborn Legal Advice Centre", Sector.FINANCE, "small"),
    ("Camden People's Theatre", Sector.CREATIVE, "small"),
    ("Chalk Farm Studios", Sector.CREATIVE, "micro"),
    ("Bloomsbury Research Institute", Sector.SCIENCE, "large"),
    ("Euston Road Laboratories", Sector.SCIENCE, "medium"),
    ("Camden Office Services", Sector.ADMIN, "medium"),
    ("Hampstead Property Management", Sector.ADMIN, "small"),
    ("Swiss Cottage Leisure Centre", Sector.PUBLIC_SECTOR, "medium"),
    ("Belsize Park Veterinary Surgery", Sector.HEALTH_CARE, "small"),
]

ROLES: dict[str, list[tuple[str, str]]] = {
    # sector: (title, what the job is)
    Sector.HEALTH_CARE: [
        ("Care assistant", "supporting older people to live well at home"),
        ("Senior care worker", "leading a small team of carers on our day and evening rounds"),
        ("Healthcare assistant", "helping nurses care for patients on a busy ward"),
        ("Dental receptionist", "welcoming patients and managing appointments"),
        ("Pharmacy assistant", "serving customers and preparing prescriptions"),
        ("Activities coordinator", "planning activities that keep residents active and connected"),
    ],
    Sector.HOSPITALITY: [
        ("Kitchen porter", "keeping our kitchen clean, safe and running smoothly"),
        ("Barista", "making great coffee and looking after customers"),
        ("Chef de partie", "running a section of our kitchen"),
        ("Front of house supervisor", "leading the team that looks after our guests"),
        ("Room attendant", "preparing rooms for hotel guests"),
    ],
    Sector.RETAIL: [
        ("Customer assistant", "helping customers and keeping shelves stocked"),
        ("Bookseller", "recommending books and running events"),
        ("Shift leader", "leading the store team on a shift"),
        ("Stock controller", "managing deliveries and stock counts"),
    ],
    Sector.EDUCATION: [
        ("Teaching assistant", "supporting children with their learning in class"),
        ("Nursery practitioner", "caring for and teaching children aged 2 to 5"),
        ("School administrator", "keeping the school office running"),
        ("Midday supervisor", "looking after pupils at lunchtime"),
        ("ESOL tutor", "teaching English to adults in the community"),
    ],
    Sector.PUBLIC_SECTOR: [
        ("Library assistant", "helping people find books, information and digital support"),
        ("Customer service adviser", "answering residents' questions by phone and online"),
        ("Leisure centre receptionist", "welcoming members and booking classes"),
        ("Housing officer", "supporting council tenants with their homes"),
        ("Street environment officer", "keeping Camden's streets clean and safe"),
    ],
    Sector.CHARITY: [
        ("Youth worker", "running sessions for young people aged 11 to 19"),
        ("Volunteer coordinator", "recruiting and supporting our volunteers"),
        ("Tenancy support worker", "helping people keep their homes"),
        ("Warehouse assistant", "sorting and packing food donations"),
    ],
    Sector.CONSTRUCTION: [
        ("Site labourer", "helping our trades team on domestic projects"),
        ("Retrofit installer", "fitting insulation and heat pumps"),
        ("Apprentice electrician", "learning the trade alongside a qualified electrician"),
    ],
    Sector.TRANSPORT: [
        ("Cargo bike rider", "delivering parcels across Camden by electric cargo bike"),
        ("Customer host", "helping passengers at the station"),
        ("Delivery driver", "delivering to shops and homes in north London"),
        ("Depot operative", "loading and sorting parcels"),
    ],
    Sector.FACILITIES: [
        ("Cleaner", "keeping offices and shared spaces clean"),
        ("Security officer", "keeping a busy building safe"),
        ("Caretaker", "looking after a school building"),
        ("Cleaning supervisor", "leading an early-morning cleaning team"),
    ],
    Sector.DIGITAL: [
        ("Junior software developer", "building and testing web services"),
        ("IT support technician", "helping staff with their computers and phones"),
        ("Data analyst", "turning data into clear reports"),
        ("User researcher", "finding out what our users need"),
    ],
    Sector.FINANCE: [
        ("Bookkeeper", "keeping accounts for small businesses"),
        ("Legal adviser", "giving free advice on housing and debt"),
        ("Finance assistant", "processing invoices and payments"),
    ],
    Sector.CREATIVE: [
        ("Box office assistant", "selling tickets and welcoming audiences"),
        ("Studio technician", "setting up and running recording sessions"),
        ("Marketing assistant", "promoting our shows online and in print"),
    ],
    Sector.SCIENCE: [
        ("Laboratory technician", "preparing samples and keeping the lab running"),
        ("Research administrator", "supporting research teams with bids and reports"),
    ],
    Sector.ADMIN: [
        ("Office administrator", "keeping a busy office organised"),
        ("Receptionist", "welcoming visitors and answering calls"),
        ("Property administrator", "handling tenancy paperwork and repairs"),
    ],
}

SHIFT_SECTORS = {
    Sector.HEALTH_CARE, Sector.HOSPITALITY, Sector.RETAIL, Sector.TRANSPORT, Sector.FACILITIES,
}
FIRST_NAMES = [
    "Amina", "Ben", "Chloe", "Dawit", "Elif", "Femi", "Grace", "Hassan", "Ines", "Jamal",
    "Kasia", "Liam", "Maryam", "Nadia", "Oscar", "Priya", "Rosa", "Samir", "Tom", "Yusuf",
]
LAST_NAMES = [
    "Ahmed", "Begum", "Clarke", "Da Silva", "Evans", "Francis", "Gordon", "Hussain", "Idowu",
    "Jones", "Kowalski", "Lewis", "Mensah", "Nowak", "O'Brien", "Patel", "Rahman", "Smith",
]
POSTCODES = {
    "belsize": "NW3 4QG", "bloomsbury": "WC1H 9JE", "camden_town": "NW1 7JE", "kilburn": "NW6 7NJ",
    "kings_cross": "N1C 4AG", "gospel_oak": "NW5 2BE", "holborn_covent_garden": "WC2B 5LX",
    "kentish_town_south": "NW5 1SN", "west_hampstead": "NW6 1QL", "highgate": "N6 6DR",
}
STREETS = [
    "Camden High Street", "Kentish Town Road", "Euston Road", "Finchley Road", "Kilburn High Road",
    "Gray’s Inn Road", "Malden Road",
]


def _user(email: str, first: str, last: str, **extra) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last, **extra}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return user


CASE_NOTES = [
    ("in_person", "First meeting at the library. Wants school-hours work; good retail experience."),
    ("phone", "Talked through the flexible-working letter; will ask about term-time only."),
    ("email", "Sent two care assistant jobs with self-rostering."),
]


def _load_caseloads(rng: random.Random) -> None:
    """Residents on the demo coaches' caseloads, with notes, actions and referrals."""
    if CaseloadEntry.objects.exists():
        return
    today = timezone.localdate()
    live = list(Vacancy.objects.live().order_by("id")[:40])
    for coach in Coach.objects.select_related("provider").order_by("id"):
        for i in range(6):
            first = FIRST_NAMES[(coach.id * 7 + i) % len(FIRST_NAMES)]
            last = LAST_NAMES[(coach.id * 5 + i * 3) % len(LAST_NAMES)]
            mailbox = f"{first.lower()}.{last.lower().replace(' ', '').replace(chr(39), '')}"
            entry = caseload.caseload_add_resident(
                coach=coach, first_name=first, last_name=last,
                email=f"{mailbox}@example.net",
                ward=rng.choice(CAMDEN_WARDS), goals="Steady work that fits around caring.",
                barriers=[
                    kind
                    for kind in rng.sample(
                        ["childcare", "digital", "english", "transport", "health"], 2
                    )
                    # A health barrier only where the resident agreed to share their health.
                    if kind != "health" or i % 3 == 0
                ],
                shares_health=i % 3 == 0,
            )
            for days_ago, (kind, text) in zip((21, 10, 3), CASE_NOTES, strict=True):
                caseload.case_note_create(resident=entry.resident, coach=coach,
                                          contact_on=today - datetime.timedelta(days=days_ago),
                                          contact_type=kind, text=text)
            plan_services.action_create(resident=entry.resident, coach=coach, owner="resident",
                                   description="Update your CV with your volunteering",
                                   due_on=today + datetime.timedelta(days=rng.randint(-3, 14)))
            plan_services.action_create(resident=entry.resident, coach=coach, owner="coach",
                                   description="Find three term-time roles nearby",
                                   due_on=today + datetime.timedelta(days=rng.randint(1, 10)))
            if live:
                referral_services.referral_create(resident=entry.resident, coach=coach,
                                         vacancy=live[(coach.id + i) % len(live)],
                                         message="The hours fit the school run.")


def _ensure_demo_authenticator(user: User) -> None:
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)


def demo_code() -> str:
    """The one-time code the demo coaches' and admin's authenticator shows now."""
    import time

    counter = int(time.time()) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))


def _vacancy(rng: random.Random, organisation: Organisation, sector: str, n: int) -> Vacancy:
    title, duty = rng.choice(ROLES[sector])
    shift = sector in SHIFT_SECTORS and rng.random() < 0.7
    contract = rng.choices(
        list(ContractType), weights=[50, 15, 12, 8, 15 if sector != Sector.CONSTRUCTION else 40]
    )[0]
    if contract == ContractType.APPRENTICESHIP and not title.lower().startswith("apprentice"):
        title = f"Apprentice {title.lower()}"
    hours_max = Decimal(rng.choice([8, 12, 15, 16, 20, 22.5, 24, 25, 30, 35, 37.5, 40]))
    hours_min = (
        hours_max
        if rng.random() < 0.6
        else max(Decimal("4"), hours_max - rng.choice([4, 8, 10]))
    )
    flexibility = rng.choices(
        [Flexibility.YES, Flexibility.TALK, Flexibility.NO], weights=[65, 20, 15]
    )[0]
    time_options: list[str] = []
    place = Place.ON_SITE
    if flexibility == Flexibility.YES:
        pool = [TimeOption.SELF_ROSTERING, TimeOption.SHIFT_SWAPPING, TimeOption.PREDICTABLE_SHIFTS,
                TimeOption.COMPRESSED_HOURS, TimeOption.PART_TIME] if shift else list(TimeOption)
        time_options = sorted(set(rng.sample(pool, rng.randint(1, 3))))
        if not shift and sector in {
            Sector.DIGITAL, Sector.FINANCE, Sector.ADMIN, Sector.SCIENCE, Sector.CREATIVE,
        }:
            place = rng.choice([Place.HYBRID, Place.HYBRID, Place.REMOTE, Place.ON_SITE])
    if (
        hours_max < 30
        and TimeOption.PART_TIME not in time_options
        and flexibility == Flexibility.YES
    ):
        time_options = sorted({*time_options, TimeOption.PART_TIME})
    period = rng.choices(
        [PayPeriod.HOUR, PayPeriod.YEAR, PayPeriod.WEEK, PayPeriod.MONTH], weights=[55, 35, 5, 5]
    )[0]
    hourly = Decimal(rng.choice([
        "12.60", "13.50", "14.80", "14.80", "15.00", "15.50",
        "16.25", "17.00", "18.50", "21.00", "26.00",
    ]))
    if period == PayPeriod.HOUR:
        pay_min = hourly
    elif period == PayPeriod.WEEK:
        pay_min = (hourly * hours_max).quantize(Decimal("1"))
    elif period == PayPeriod.MONTH:
        pay_min = (hourly * hours_max * 52 / 12).quantize(Decimal("1"))
    else:
        pay_min = (hourly * hours_max * 52).quantize(Decimal("100"))
    pay_max = None if rng.random() < 0.5 else (pay_min * Decimal("1.15")).quantize(Decimal("0.01"))
    ward = organisation.ward if place != Place.REMOTE else ""
    today = timezone.localdate()
    published = timezone.now() - datetime.timedelta(
        days=rng.randint(0, 40), hours=rng.randint(0, 23)
    )
    pattern = rng.choice([
        "Monday to Friday, 9am to 3pm",
        "Early (7am to 3pm) and late (2pm to 10pm) shifts on a 4-week rota",
        "Weekdays, with hours to suit school drop-off", "Three 12-hour shifts a week",
        "Tuesday to Saturday, daytime", "Evenings and weekends",
        "Flexible within core hours of 10am to 3pm",
    ])
    experience = (
        "No experience is needed: we will train you."
        if rng.random() < 0.5
        else "Some experience helps, but we value attitude over CVs."
    )
    vacancy = Vacancy(
        organisation=organisation,
        title=title,
        slug=slugify(title),
        summary=f"Join {organisation.name} {duty}.",
        description=(
            f"We are looking for a {title.lower()} {duty}.\n\n"
            "What you will do:\n- work as part of a friendly, supportive team\n"
            "- get paid training from your first week\n"
            "- have a named manager who checks in with you\n\n"
            f"{experience}"
        ),
        sector=sector,
        contract_type=contract,
        hours_min=hours_min,
        hours_max=hours_max,
        work_pattern=pattern,
        guaranteed_hours=hours_min if rng.random() < 0.8 else None,
        zero_hours=contract == ContractType.CASUAL and rng.random() < 0.4,
        is_shift_based=shift,
        rota_weeks_ahead=rng.choice([2, 4, 6, 8]) if shift else None,
        pay_min=pay_min,
        pay_max=pay_max,
        pay_period=period,
        flexibility=flexibility,
        time_options=time_options,
        place=place,
        flexible_details=(
            "Tell us at interview what pattern works for you: "
            "we build rotas around school runs and caring."
            if flexibility != Flexibility.NO else ""
        ),
        address=organisation.address,
        postcode=organisation.postcode,
        ward=ward,
        start_date=(
            None if rng.random() < 0.5 else today + datetime.timedelta(days=rng.randint(14, 60))
        ),
        closing_date=today + datetime.timedelta(days=rng.randint(3, 45)),
        apply_url=f"https://jobs.example.org/{organisation.slug}/{n}",
        status=Vacancy.Status.PUBLISHED,
        published_at=published,
        submitted_at=published,
        # Demo data is not sent as alerts.
        alerts_matched_at=published,
    )
    if TimeOption.PREDICTABLE_SHIFTS in time_options and not vacancy.rota_weeks_ahead:
        vacancy.rota_weeks_ahead = 4
    return vacancy


@transaction.atomic
def load_demo_data(*, vacancies: int = 320, seed: int = 20261122) -> dict[str, object]:
    rng = random.Random(seed)
    admin = _user("admin@example.com", "Council", "Admin", is_staff=True, is_superuser=True)
    version = PledgeVersion.objects.get(is_current=True)
    employer_user = _user("employer@example.com", "Erin", "Employer")

    organisations: list[Organisation] = []
    for index, (name, sector, size) in enumerate(EMPLOYERS):
        ward = rng.choice(CAMDEN_WARDS) if index % 9 else Ward.ELSEWHERE_LONDON
        organisation, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "sector": sector,
                "size_band": size,
                "ward": ward,
                "address": f"{rng.randint(1, 240)} {rng.choice(STREETS)}, London",
                "postcode": POSTCODES.get(ward, "NW1 0AA"),
                "website": f"https://www.example.org/{index}",
                "living_wage_accredited": rng.random() < 0.4,
                "flexible_working_statement": (
                    "We talk about flexible working with every applicant "
                    "and build rotas around people's lives."
                ),
            },
        )
        organisations.append(organisation)
        if index < 3:
            Membership.objects.get_or_create(
                organisation=organisation,
                user=employer_user,
                defaults={"role": Membership.Role.OWNER},
            )
        if index % 3 == 0 and not organisation.pledges.exists():
            Pledge.objects.create(
                organisation=organisation,
                version=version,
                signed_by=employer_user if index < 3 else None,
                signatory_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                signatory_role="Chief executive",
                signed_on=timezone.localdate() - datetime.timedelta(days=rng.randint(10, 200)),
            )

    # Top up to the number of live vacancies asked for: older demo vacancies close as time passes.
    existing = Vacancy.objects.live().filter(organisation__in=organisations).count()
    new = []
    for n in range(existing, vacancies):
        organisation = organisations[n % len(organisations)]
        new.append(_vacancy(rng, organisation, organisation.sector, n))
    for vacancy in new:
        vacancy.full_clean(exclude=["organisation"])
    Vacancy.objects.bulk_create(new)
    # The living-wage flag reads the hourly pay the database has just worked out.
    hourly = dict(
        Vacancy.objects.filter(pk__in=[v.pk for v in new]).values_list("pk", "pay_hourly_min")
    )
    for vacancy in new:
        vacancy.pay_hourly_min = hourly[vacancy.pk]
        vacancy.pays_living_wage = pays_living_wage(
            vacancy=vacancy, on=timezone.localdate(vacancy.published_at)
        )
    Vacancy.objects.bulk_update(new, ["pays_living_wage"])

    providers = []
    for name, kind in [
        ("Camden Good Work Team", Provider.Kind.COUNCIL),
        ("Kentish Town Community Works", Provider.Kind.CHARITY),
    ]:
        provider, _ = Provider.objects.get_or_create(
            name=name,
            defaults={"kind": kind, "email": f"{kind}@example.com", "phone": "020 7974 4444"},
        )
        providers.append(provider)
    coaches = []
    for i, (provider, first, last, manager) in enumerate([
        (providers[0], "Carla", "Coach", False), (providers[0], "Malik", "Manager", True),
        (providers[1], "Sofia", "Support", False), (providers[1], "Kwame", "Mensah", True),
    ]):
        user = _user(f"coach{i + 1}@example.com" if i else "coach@example.com", first, last)
        Coach.objects.get_or_create(user=user, provider=provider, defaults={"is_manager": manager})
        coaches.append(user)

    resident_user = _user("resident@example.com", "Rita", "Resident")
    Resident.objects.get_or_create(
        user=resident_user,
        defaults={
            "first_name": "Rita", "last_name": "Resident", "email": resident_user.email,
            "postcode": "NW5 2BE", "ward": Ward.GOSPEL_OAK,
            "hours_min": Decimal("16"), "hours_max": Decimal("25"),
            "days_available": ["mon", "tue", "wed", "thu", "fri"],
            "times_available": ["mornings", "afternoons"],
            "time_options_needed": [TimeOption.TERM_TIME],
            "time_options_preferred": [TimeOption.PART_TIME],
            "sectors": [Sector.EDUCATION, Sector.HEALTH_CARE],
            "pay_needed_hourly": Decimal("14.80"),
            "caring": Resident.Caring.CHILDREN, "profile_completed_at": timezone.now(),
        },
    )
    _load_caseloads(rng)
    if not PledgeCheck.objects.exists():
        pledge_checks_run(triggered_by="demo data", on_commit=lambda send: None)
    for person in [admin, *coaches]:
        _ensure_demo_authenticator(person)
    return {
        "password": DEMO_PASSWORD,
        "logins": [
            ("Council admin", admin.email), ("Employer", employer_user.email),
            ("Work coach", "coach@example.com"), ("Provider manager", "coach2@example.com"),
            ("Resident", resident_user.email),
        ],
        "vacancies": Vacancy.objects.live().count(),
        "organisations": Organisation.objects.count(),
    }
