"""Realistic, repeatable demo data for `make run`: employers, vacancies, providers, people.

Demo data obeys every rule real data does (each row passes full_clean(), written through the
services where there is one) and reads like a real borough's: each employer posts the roles
its kind of organisation has, at pay that fits the role and never below the National Minimum
Wage in force, with hours, contracts and flexible options that agree with each other, at an
address in the ward it names. tests/goodwork/test_demo.py checks all of this on every object.

The seed is fixed, so the same data comes out every time; loading again adds only what is
missing (live vacancies close as time passes, so they are topped up).
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify

from employers.models import Membership, Organisation, Pledge, PledgeCheck, PledgeVersion
from employers.services.pledge_checks import pledge_checks_run
from goodwork.core.models import User
from goodwork.core.postcodes import example_postcode, postcode_problem
from goodwork.core.templatetags.govuk import hours as hours_text
from goodwork.core.templatetags.govuk import number, pounds
from jobs.choices import (
    ContractType,
    Day,
    Flexibility,
    PayPeriod,
    Place,
    Sector,
    TimeOption,
    Ward,
)
from jobs.models import MinimumWageRate, Vacancy
from jobs.services import pays_living_wage
from residents.coaching.models import (
    CaseloadEntry,
    CaseStatus,
    Coach,
    Consent,
    Provider,
    Referral,
)
from residents.coaching.services import caseload
from residents.coaching.services import outcomes as outcome_services
from residents.coaching.services import plan as plan_services
from residents.coaching.services import referrals as referral_services
from residents.models import AlertDelivery, Resident, SavedSearch, Shortlist
from residents.services.profile import resident_profile_update

DEMO_PASSWORD = "good-work-demo-2026"  # noqa: S105 - printed for people trying the portal locally
# Coaches and council admins must sign in with a one-time code. The demo accounts share this
# authenticator secret so `manage.py demo_code` can print the current code.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPGOODWORKCAMDEN22"  # noqa: S105 - demo accounts only
DEMO_SEED = 20261122

# Full-time is 30 hours a week or more: the line the ONS and the portal's search draw.
FULL_TIME_HOURS = Decimal("30")
PART_TIME_HOURS = (Decimal("12"), Decimal("16"), Decimal("20"), Decimal("22.5"), Decimal("25"))
FULL_TIME = (Decimal("35"), Decimal("37.5"), Decimal("37.5"), Decimal("40"))
ANY_HOURS = PART_TIME_HOURS + FULL_TIME

SHIFT_OPTIONS = (
    TimeOption.SELF_ROSTERING, TimeOption.SHIFT_SWAPPING, TimeOption.PREDICTABLE_SHIFTS,
)
DESK_OPTIONS = (
    TimeOption.FLEXITIME, TimeOption.COMPRESSED_HOURS, TimeOption.JOB_SHARE,
    TimeOption.ANNUALISED_HOURS,
)


@dataclass(frozen=True)
class Role:
    """A job an employer of one kind posts, and what is true of it wherever it is posted."""

    title: str
    duty: str
    # The hourly range it pays in London, before any rise in the National Minimum Wage.
    pay: tuple[str, str]
    hours: tuple[Decimal, ...] = ANY_HOURS
    shift: bool = False
    # Where it can be done: "on_site", "hybrid" (some days at home) or "remote".
    place: str = "on_site"
    salaried: bool = False
    # Offered as bank or casual work, and so sometimes on a zero-hours contract.
    casual: bool = False
    term_time: bool = False
    apprentice: bool = False
    pattern: str = ""

    @property
    def options(self) -> tuple[str, ...]:
        if self.shift:
            return SHIFT_OPTIONS
        if self.place == "on_site" and not self.salaried:
            return (TimeOption.FLEXITIME, TimeOption.COMPRESSED_HOURS)
        return DESK_OPTIONS


def R(title: str, duty: str, low: str, high: str, **facts) -> Role:  # noqa: N802 - a table row
    return Role(title=title, duty=duty, pay=(low, high), **facts)


SHIFTS = {"shift": True}
DESK = {"place": "hybrid", "salaried": True, "hours": FULL_TIME + (Decimal("22.5"),)}
TERM = {
    "term_time": True, "salaried": True,
    "hours": (Decimal("25"), Decimal("30"), Decimal("32.5")),
}
APPRENTICE = {"apprentice": True, "hours": (Decimal("30"), Decimal("37.5"))}

# Each kind of employer, the sector it is in, and the roles it posts.
KINDS: dict[str, tuple[str, tuple[Role, ...]]] = {
    "home_care": (Sector.HEALTH_CARE, (
        R("Home care assistant", "visiting older people in their homes to help them live well",
          "13.00", "15.50", **SHIFTS),
        R("Senior home carer", "leading a small team of carers on the day and evening rounds",
          "14.50", "16.80", **SHIFTS),
        R("Bank care assistant", "covering home visits when our regular carers are away",
          "13.20", "15.00", shift=True, casual=True, hours=PART_TIME_HOURS),
        R("Care coordinator", "planning visits and matching carers with the people they support",
          "15.50", "18.50", **DESK),
    )),
    "care_home": (Sector.HEALTH_CARE, (
        R("Care assistant", "helping the people who live in our home with daily care",
          "12.90", "15.20", **SHIFTS),
        R("Night care assistant", "keeping residents safe and comfortable through the night",
          "13.50", "15.80", shift=True, hours=(Decimal("24"), Decimal("36")),
          pattern="Night shifts, 8pm to 8am, on a rota"),
        R("Activities coordinator", "planning activities that keep residents active and connected",
          "13.50", "15.50"),
        R("Kitchen assistant", "preparing meals and snacks for our residents", "12.80", "13.90",
          **SHIFTS),
    )),
    "hospital": (Sector.HEALTH_CARE, (
        R("Healthcare assistant", "helping nurses care for patients on a busy ward",
          "15.10", "17.60", shift=True, salaried=True, hours=FULL_TIME + (Decimal("22.5"),)),
        R("Ward clerk", "running the ward desk: admissions, records and visitors",
          "14.90", "16.60", salaried=True),
        R("Hospital porter", "moving patients, samples and equipment around the hospital",
          "15.10", "16.00", **SHIFTS),
        R("Bank domestic assistant", "keeping wards clean and safe when our regular team is away",
          "14.80", "15.60", shift=True, casual=True, hours=PART_TIME_HOURS),
    )),
    "dental": (Sector.HEALTH_CARE, (
        R("Dental receptionist", "welcoming patients and managing appointments",
          "13.00", "15.50"),
        R("Dental nurse", "supporting our dentists in the surgery", "15.00", "18.00"),
        R("Trainee dental nurse", "learning to support our dentists while you qualify",
          "8.50", "12.80", **APPRENTICE),
    )),
    "pharmacy": (Sector.HEALTH_CARE, (
        R("Pharmacy assistant", "serving customers and helping to prepare prescriptions",
          "12.80", "14.20"),
        R("Pharmacy dispenser", "dispensing prescriptions under our pharmacist",
          "13.60", "15.60"),
        R("Prescription delivery driver", "delivering medicines to patients at home",
          "12.90", "14.00", hours=PART_TIME_HOURS),
    )),
    "vet": (Sector.HEALTH_CARE, (
        R("Veterinary receptionist", "booking appointments and welcoming pets and their owners",
          "13.00", "15.00"),
        R("Registered veterinary nurse", "nursing animals before and after treatment",
          "15.60", "19.00", **SHIFTS),
        R("Animal care assistant", "feeding, cleaning and caring for the animals in our care",
          "12.80", "13.90", **SHIFTS),
    )),
    "restaurant": (Sector.HOSPITALITY, (
        R("Kitchen porter", "keeping our kitchen clean, safe and running smoothly",
          "12.80", "14.00", **SHIFTS),
        R("Chef de partie", "running a section of our kitchen", "14.50", "17.00", **SHIFTS),
        R("Commis chef", "learning every section of the kitchen alongside our chefs",
          "13.00", "14.50", **SHIFTS),
        R("Waiter", "looking after our guests at their tables", "12.80", "13.60",
          shift=True, casual=True),
    )),
    "cafe": (Sector.HOSPITALITY, (
        R("Barista", "making great coffee and looking after customers", "12.80", "14.20",
          **SHIFTS),
        R("Café supervisor", "running the café floor and opening and closing up",
          "13.80", "15.50", **SHIFTS),
        R("Baker", "baking our bread and pastries early each morning", "14.00", "16.00",
          shift=True, pattern="Early starts, 5am to 1pm, on a rota"),
    )),
    "hotel": (Sector.HOSPITALITY, (
        R("Room attendant", "preparing rooms for our guests", "12.80", "14.80", **SHIFTS),
        R("Hotel receptionist", "checking guests in and out and answering their questions",
          "13.50", "15.50", **SHIFTS),
        R("Night porter", "looking after the hotel and our guests overnight",
          "13.80", "15.50", shift=True, hours=(Decimal("36"), Decimal("40")),
          pattern="Night shifts, 10pm to 7am, on a rota"),
        R("Banqueting assistant", "setting up and serving at weddings and conferences",
          "12.80", "14.00", shift=True, casual=True, hours=PART_TIME_HOURS),
    )),
    "supermarket": (Sector.RETAIL, (
        R("Customer assistant", "helping customers and keeping shelves stocked",
          "12.80", "14.10", **SHIFTS),
        R("Shift leader", "leading the store team on a shift", "14.50", "16.50", **SHIFTS),
        R("Night stock replenisher", "restocking the shop floor overnight", "13.60", "15.00",
          shift=True, pattern="Night shifts, 10pm to 6am, on a rota"),
        R("Online order picker", "picking and packing customers' online orders",
          "12.80", "14.00", **SHIFTS),
    )),
    "bookshop": (Sector.RETAIL, (
        R("Bookseller", "recommending books and running author events", "12.80", "14.00",
          **SHIFTS),
        R("Assistant shop manager", "running the shop day to day with the manager",
          "14.50", "16.50", salaried=True, hours=FULL_TIME),
    )),
    "clothes_shop": (Sector.RETAIL, (
        R("Sales assistant", "helping customers find what suits them", "12.80", "13.80",
          **SHIFTS),
        R("Visual merchandiser", "dressing our windows and shop floor", "14.00", "16.00"),
        R("Stock controller", "managing deliveries and stock counts", "13.50", "15.00"),
    )),
    "school": (Sector.EDUCATION, (
        R("Teaching assistant", "supporting children with their learning in class",
          "14.60", "17.50", **TERM),
        R("Special educational needs teaching assistant",
          "supporting pupils with special educational needs one to one", "15.00", "18.00",
          **TERM),
        R("Midday supervisor", "looking after pupils at lunchtime", "13.60", "15.00",
          term_time=True, hours=(Decimal("10"),),
          pattern="Monday to Friday in term time, 11:45am to 1:45pm"),
        R("School administrator", "keeping the school office running", "15.50", "18.50",
          **TERM),
        R("School caretaker", "looking after the school building and grounds",
          "14.60", "16.60", salaried=True, hours=FULL_TIME),
    )),
    "nursery": (Sector.EDUCATION, (
        R("Nursery practitioner", "caring for and teaching children aged 2 to 5",
          "13.50", "16.00", **SHIFTS),
        R("Nursery room leader", "leading the team in our pre-school room", "15.50", "18.00",
          salaried=True, hours=FULL_TIME),
        R("Apprentice nursery practitioner",
          "learning to care for young children while you qualify", "8.50", "12.00",
          **APPRENTICE),
    )),
    "adult_learning": (Sector.EDUCATION, (
        R("ESOL tutor", "teaching English to adults in the community", "22.00", "30.00",
          term_time=True, hours=(Decimal("12"), Decimal("16"))),
        R("Learning support assistant", "helping adult learners with their courses",
          "14.60", "17.00", term_time=True, hours=PART_TIME_HOURS),
        R("Course administrator", "enrolling learners and keeping course records",
          "15.00", "17.00", **DESK),
    )),
    "council": (Sector.PUBLIC_SECTOR, (
        R("Customer service adviser", "answering residents' questions by phone and online",
          "15.50", "18.50", **DESK),
        R("Housing officer", "supporting council tenants with their homes", "18.50", "23.00",
          **DESK),
        R("Street environment officer", "keeping Camden's streets clean and safe",
          "15.50", "18.00", salaried=True, hours=FULL_TIME),
        R("Apprentice business administrator", "learning office work across council services",
          "14.80", "15.50", **APPRENTICE),
    )),
    "library": (Sector.PUBLIC_SECTOR, (
        R("Library assistant", "helping people find books, information and digital support",
          "14.80", "16.50", shift=True, salaried=True),
        R("Digital inclusion officer", "helping residents get online with confidence",
          "16.00", "19.00", **DESK),
    )),
    "leisure": (Sector.PUBLIC_SECTOR, (
        R("Leisure centre receptionist", "welcoming members and booking classes",
          "13.50", "15.00", **SHIFTS),
        R("Lifeguard", "keeping swimmers safe at our pools", "13.00", "14.80",
          shift=True, casual=True),
        R("Swimming teacher", "teaching children and adults to swim", "16.00", "22.00",
          shift=True, casual=True, hours=PART_TIME_HOURS),
    )),
    "youth_charity": (Sector.CHARITY, (
        R("Youth worker", "running sessions for young people aged 11 to 19", "15.00", "18.50",
          hours=(Decimal("16"),), pattern="Weekday evenings, 5pm to 9pm"),
        R("Sessional youth worker", "helping to run our evening and holiday clubs",
          "15.00", "17.00", casual=True, hours=(Decimal("12"), Decimal("16"))),
        R("Volunteer coordinator", "recruiting and supporting our volunteers", "15.50", "18.00",
          **DESK),
    )),
    "food_bank": (Sector.CHARITY, (
        R("Warehouse assistant", "sorting and packing food donations", "13.00", "15.00"),
        R("Volunteer coordinator", "recruiting and supporting our volunteers", "15.00", "17.50",
          **DESK),
        R("Van driver", "collecting donations and delivering food parcels", "13.60", "15.00"),
    )),
    "housing_association": (Sector.CHARITY, (
        R("Tenancy support worker", "helping people keep their homes", "15.50", "18.00",
          **DESK),
        R("Housing officer", "looking after our tenants and their homes", "17.50", "21.00",
          **DESK),
        R("Repairs administrator", "booking repairs and keeping tenants informed",
          "14.80", "16.50", **DESK),
    )),
    "builder": (Sector.CONSTRUCTION, (
        R("Site labourer", "helping our trades team on home improvement projects",
          "14.00", "17.00", hours=FULL_TIME),
        R("Carpenter", "fitting kitchens, doors and staircases in homes across north London",
          "18.00", "24.00", hours=FULL_TIME),
        R("Apprentice carpenter", "learning the trade alongside our carpenters",
          "8.50", "11.50", **APPRENTICE),
    )),
    "retrofit": (Sector.CONSTRUCTION, (
        R("Retrofit installer", "fitting insulation and heat pumps in people's homes",
          "15.00", "19.00", hours=FULL_TIME),
        R("Apprentice electrician", "learning the trade alongside a qualified electrician",
          "8.50", "12.00", **APPRENTICE),
        R("Retrofit coordinator", "planning home energy upgrades with householders",
          "18.00", "23.00", **DESK),
    )),
    "rail": (Sector.TRANSPORT, (
        R("Station customer host", "helping passengers at the station", "15.50", "18.00",
          **SHIFTS),
        R("Station cleaner", "keeping the concourse and platforms clean", "14.80", "15.80",
          **SHIFTS),
        R("Ticket office clerk", "selling tickets and answering travel questions",
          "16.00", "19.00", **SHIFTS),
    )),
    "cargo_bikes": (Sector.TRANSPORT, (
        R("Cargo bike rider", "delivering parcels across Camden by electric cargo bike",
          "13.00", "15.00", **SHIFTS),
        R("Bike mechanic", "servicing and repairing our fleet of cargo bikes",
          "14.00", "16.50"),
    )),
    "courier": (Sector.TRANSPORT, (
        R("Delivery driver", "delivering to shops and homes in north London", "13.50", "16.00",
          **SHIFTS),
        R("Depot operative", "loading and sorting parcels", "12.80", "14.50", shift=True,
          casual=True),
        R("Transport planner", "planning our drivers' routes each day", "16.00", "19.00",
          **DESK),
    )),
    "facilities": (Sector.FACILITIES, (
        R("Office cleaner", "keeping offices and shared spaces clean", "14.80", "15.80",
          shift=True, hours=PART_TIME_HOURS, pattern="Early mornings, 6am to 10am"),
        R("Cleaning supervisor", "leading an early-morning cleaning team", "15.80", "17.50",
          **SHIFTS),
        R("Maintenance technician", "keeping buildings' heating, lighting and plumbing working",
          "17.00", "21.00", salaried=True, hours=FULL_TIME),
    )),
    "cleaning": (Sector.FACILITIES, (
        R("Cleaner", "cleaning homes and offices across Camden", "13.00", "15.00",
          hours=PART_TIME_HOURS),
        R("Cleaning team leader", "leading a small cleaning team", "14.50", "16.50", **SHIFTS),
    )),
    "security": (Sector.FACILITIES, (
        R("Security officer", "keeping a busy building and the people in it safe",
          "13.50", "15.50", shift=True, hours=FULL_TIME),
        R("Control room operator", "watching over our sites from the control room",
          "14.50", "16.50", shift=True, hours=FULL_TIME),
    )),
    "digital": (Sector.DIGITAL, (
        R("Junior software developer", "building and testing web services", "17.00", "22.00",
          place="remote", salaried=True, hours=FULL_TIME),
        R("IT support technician", "helping staff with their computers and phones",
          "15.50", "19.00", **DESK),
        R("Data analyst", "turning data into clear reports", "18.00", "24.00", place="remote",
          salaried=True, hours=FULL_TIME + (Decimal("22.5"),)),
        R("User researcher", "finding out what our users need", "22.00", "30.00", **DESK),
    )),
    "accountants": (Sector.FINANCE, (
        R("Bookkeeper", "keeping accounts for small businesses", "15.00", "19.00", **DESK),
        R("Finance assistant", "processing invoices and payments", "14.50", "17.00", **DESK),
        R("Payroll administrator", "running payroll for our clients", "15.00", "18.00", **DESK),
    )),
    "advice_centre": (Sector.FINANCE, (
        R("Housing and debt adviser", "giving free advice on housing and debt",
          "18.00", "23.00", **DESK),
        R("Advice line assistant", "answering our advice line and booking appointments",
          "14.80", "16.50", **DESK),
    )),
    "theatre": (Sector.CREATIVE, (
        R("Box office assistant", "selling tickets and welcoming audiences", "13.00", "14.50",
          shift=True, casual=True, hours=PART_TIME_HOURS),
        R("Marketing assistant", "promoting our shows online and in print", "14.50", "16.50",
          **DESK),
        R("Technician", "rigging lights and sound for our shows", "15.00", "18.00", **SHIFTS),
    )),
    "studio": (Sector.CREATIVE, (
        R("Studio technician", "setting up and running recording sessions", "14.00", "18.00",
          **SHIFTS),
        R("Studio assistant", "looking after bookings and the people who use the studio",
          "12.80", "14.00", **SHIFTS),
    )),
    "research": (Sector.SCIENCE, (
        R("Research administrator", "supporting research teams with bids and reports",
          "17.00", "21.00", **DESK),
        R("Laboratory technician", "preparing samples and keeping the lab running",
          "16.00", "20.00", salaried=True, hours=FULL_TIME),
        R("Research assistant", "running experiments and recording results", "19.00", "24.00",
          salaried=True, hours=FULL_TIME),
    )),
    "laboratory": (Sector.SCIENCE, (
        R("Laboratory technician", "preparing samples and keeping the lab running",
          "16.00", "19.50", salaried=True, hours=FULL_TIME),
        R("Laboratory assistant", "washing glassware and restocking the labs",
          "13.50", "15.50", **SHIFTS),
    )),
    "office": (Sector.ADMIN, (
        R("Office administrator", "keeping a busy office organised", "14.50", "17.00", **DESK),
        R("Receptionist", "welcoming visitors and answering calls", "13.50", "15.50"),
        R("Post room assistant", "sorting and delivering post and parcels", "13.00", "14.50"),
    )),
    "lettings": (Sector.ADMIN, (
        R("Property administrator", "handling tenancy paperwork and repairs", "14.50", "17.00",
          **DESK),
        R("Lettings negotiator", "showing homes to tenants and agreeing lets",
          "15.00", "20.00", salaried=True, hours=FULL_TIME),
    )),
}

# (name, kind, size band, ward, address, postcode): each address is a real street in its ward.
EMPLOYERS: list[tuple[str, str, str, str, str, str]] = [
    ("Camden Care Partnership", "home_care", "large", Ward.KENTISH_TOWN_SOUTH,
     "110 Kentish Town Road, London", "NW1 9PX"),
    ("Kentish Town Home Care", "home_care", "medium", Ward.KENTISH_TOWN_NORTH,
     "24 Fortess Road, London", "NW5 2HB"),
    ("Royal Free Hampstead Trust", "hospital", "large", Ward.HAMPSTEAD_TOWN,
     "Pond Street, London", "NW3 2QG"),
    ("Belsize Dental Practice", "dental", "micro", Ward.BELSIZE,
     "8 Belsize Terrace, London", "NW3 4AX"),
    ("Gospel Oak Nursing Home", "care_home", "medium", Ward.GOSPEL_OAK,
     "40 Mansfield Road, London", "NW3 2HP"),
    ("Primrose Hill Pharmacy", "pharmacy", "small", Ward.PRIMROSE_HILL,
     "60 Regent's Park Road, London", "NW1 8XD"),
    ("Camden Market Kitchens", "restaurant", "medium", Ward.CAMDEN_TOWN,
     "Camden Lock Place, London", "NW1 8AF"),
    ("The Roundhouse Café", "cafe", "small", Ward.CAMDEN_TOWN,
     "Chalk Farm Road, London", "NW1 8EH"),
    ("King's Cross Hotel Group", "hotel", "large", Ward.KINGS_CROSS,
     "1 Argyle Street, London", "WC1H 8EJ"),
    ("Bloomsbury Bakehouse", "cafe", "small", Ward.BLOOMSBURY,
     "31 Marchmont Street, London", "WC1N 1AP"),
    ("Fortune Green Deli", "cafe", "micro", Ward.FORTUNE_GREEN,
     "152 Fortune Green Road, London", "NW6 1DN"),
    ("Holborn Food Store", "supermarket", "large", Ward.HOLBORN_COVENT_GARDEN,
     "120 High Holborn, London", "WC1V 6RH"),
    ("Camden High Street Books", "bookshop", "small", Ward.CAMDEN_TOWN,
     "190 Camden High Street, London", "NW1 8QP"),
    ("West Hampstead Supermarket", "supermarket", "medium", Ward.WEST_HAMPSTEAD,
     "250 West End Lane, London", "NW6 1LG"),
    ("Covent Garden Outfitters", "clothes_shop", "medium", Ward.HOLBORN_COVENT_GARDEN,
     "22 Neal Street, London", "WC2H 9PS"),
    ("Haverstock School", "school", "medium", Ward.HAVERSTOCK,
     "24 Haverstock Hill, London", "NW3 2BQ"),
    ("Regent's Park Nursery", "nursery", "small", Ward.REGENTS_PARK,
     "Augustus Street, London", "NW1 3TJ"),
    ("Somers Town Community School", "school", "medium", Ward.ST_PANCRAS_SOMERS_TOWN,
     "Charrington Street, London", "NW1 1RG"),
    ("Camden Adult Learning", "adult_learning", "medium", Ward.KENTISH_TOWN_SOUTH,
     "Holmes Road, London", "NW5 3AE"),
    ("London Borough of Camden", "council", "large", Ward.KINGS_CROSS,
     "5 Pancras Square, London", "N1C 4AG"),
    ("Camden Libraries", "library", "medium", Ward.SOUTH_HAMPSTEAD,
     "88 Avenue Road, London", "NW3 3HA"),
    ("Kilburn Youth Trust", "youth_charity", "small", Ward.KILBURN,
     "Kilburn Vale, London", "NW6 4QE"),
    ("Camden Food Bank Network", "food_bank", "small", Ward.CAMDEN_SQUARE,
     "Agar Grove, London", "NW1 9SL"),
    ("St Pancras Housing Association", "housing_association", "medium",
     Ward.ST_PANCRAS_SOMERS_TOWN, "Chalton Street, London", "NW1 1HS"),
    ("Frognal Builders", "builder", "small", Ward.FROGNAL,
     "Finchley Road, London", "NW3 6JE"),
    ("North London Retrofit Co-operative", "retrofit", "small", Ward.ELSEWHERE_LONDON,
     "Hornsey Road, London", "N19 4DD"),
    ("Euston Rail Services", "rail", "large", Ward.REGENTS_PARK,
     "Euston Station, London", "NW1 2DU"),
    ("Camden Cargo Bikes", "cargo_bikes", "micro", Ward.CAMDEN_SQUARE,
     "St Pancras Way, London", "NW1 0QT"),
    ("Kentish Town Couriers", "courier", "small", Ward.KENTISH_TOWN_SOUTH,
     "Regis Road, London", "NW5 3EW"),
    ("Bloomsbury Facilities Management", "facilities", "large", Ward.BLOOMSBURY,
     "Gower Street, London", "WC1E 6HA"),
    ("Green Clean Camden", "cleaning", "small", Ward.GOSPEL_OAK,
     "Lamble Street, London", "NW5 4AS"),
    ("Highgate Security Services", "security", "medium", Ward.HIGHGATE,
     "Highgate West Hill, London", "N6 6LU"),
    ("Knowledge Quarter Digital", "digital", "medium", Ward.KINGS_CROSS,
     "Granary Square, London", "N1C 4AA"),
    ("King's Cross Software", "digital", "large", Ward.KINGS_CROSS,
     "Pancras Square, London", "N1C 4AX"),
    ("Camden Accounting Co-op", "accountants", "small", Ward.CAMDEN_TOWN,
     "Parkway, London", "NW1 7AH"),
    ("Holborn Legal Advice Centre", "advice_centre", "small", Ward.HOLBORN_COVENT_GARDEN,
     "Kingsway, London", "WC2B 6XF"),
    ("Camden People's Theatre", "theatre", "small", Ward.REGENTS_PARK,
     "58 Hampstead Road, London", "NW1 2PY"),
    ("Chalk Farm Studios", "studio", "micro", Ward.PRIMROSE_HILL,
     "Gloucester Avenue, London", "NW1 8JA"),
    ("Bloomsbury Research Institute", "research", "large", Ward.BLOOMSBURY,
     "Gordon Street, London", "WC1H 0AH"),
    ("Euston Road Laboratories", "laboratory", "medium", Ward.ST_PANCRAS_SOMERS_TOWN,
     "Midland Road, London", "NW1 1AT"),
    ("Camden Office Services", "office", "medium", Ward.KENTISH_TOWN_NORTH,
     "Highgate Road, London", "NW5 1RN"),
    ("Hampstead Property Management", "lettings", "small", Ward.HAMPSTEAD_TOWN,
     "Heath Street, London", "NW3 1DN"),
    ("Swiss Cottage Leisure Centre", "leisure", "medium", Ward.SOUTH_HAMPSTEAD,
     "Adelaide Road, London", "NW3 3NF"),
    ("Belsize Park Veterinary Surgery", "vet", "small", Ward.BELSIZE,
     "Haverstock Hill, London", "NW3 4QG"),
]
# The demo employer's organisations: the first three, each with vacancies in every state.
DEMO_EMPLOYER_ORGANISATIONS = 3

# Ordinary names as a London borough's residents have them: English, Irish, Scottish and
# Welsh, and the families of Camden's Bangladeshi, Somali, Irish, Turkish and Kurdish,
# Greek Cypriot, West African, Caribbean, Polish, Portuguese and Latin American communities.
FIRST_NAMES = [
    "Amina", "Abdul", "Aisha", "Alex", "Ana", "Andreea", "Ayesha", "Ben", "Bilal", "Carmen",
    "Catherine", "Chidi", "Chloe", "Claire", "Daniel", "Dawit", "Deborah", "Deniz", "Elif",
    "Emma", "Farah", "Fatima", "Femi", "Grace", "Hannah", "Hassan", "Ibrahim", "Ines", "Jack",
    "Jamal", "James", "Joanna", "John", "Joseph", "Kasia", "Kemal", "Kwame", "Laura", "Leon",
    "Liam", "Lucy", "Marcus", "Maria", "Maryam", "Michael", "Mohammed", "Nadia", "Nasrin",
    "Niamh", "Oliver", "Olu", "Omar", "Patrick", "Paul", "Priya", "Rahima", "Rosa", "Ruth",
    "Samir", "Sarah", "Sean", "Shirin", "Sophie", "Stelios", "Tanvir", "Thomas", "Tomasz",
    "Yasmin", "Yusuf", "Zainab", "Zeynep",
]
LAST_NAMES = [
    "Adeyemi", "Ahmed", "Ali", "Andreou", "Asante", "Begum", "Bennett", "Boateng", "Brown",
    "Byrne", "Campbell", "Chowdhury", "Clarke", "Costa", "Da Silva", "Davies", "Demir",
    "Doherty", "Evans", "Farah", "Fernandes", "Francis", "Georgiou", "Gordon", "Green",
    "Hall", "Hassan", "Hughes", "Hussain", "Idowu", "Islam", "Jama", "Jones", "Kaya", "Kelly",
    "Khan", "Kowalski", "Lewis", "Lopez", "Mahmood", "Martin", "McCarthy", "Mensah", "Miah",
    "Mohamed", "Murphy", "Nowak", "O'Brien", "O'Connor", "Okafor", "Osei", "Patel", "Rahman",
    "Reid", "Roberts", "Santos", "Shah", "Smith", "Taylor", "Thomas", "Uddin", "Walker",
    "Warsame", "Williams", "Wilson", "Wright", "Yilmaz",
]

# The demo accounts, with ordinary names: (email, first name, last name).
ADMIN = ("admin@example.com", "Joanna", "Whitfield")
EMPLOYER = ("employer@example.com", "Sarah", "Mitchell")
RESIDENT = ("resident@example.com", "Rita", "Fernandes")
# (email, first name, last name, provider index, provider manager)
COACHES = [
    ("coach@example.com", "Carla", "Mendes", 0, False),
    ("coach2@example.com", "Malik", "Hussain", 0, True),
    ("coach3@example.com", "Sofia", "Costa", 1, False),
    ("coach4@example.com", "Kwame", "Mensah", 1, True),
]
PROVIDERS = [
    ("Camden Good Work Team", Provider.Kind.COUNCIL, "goodwork@example.com",
     "5 Pancras Square, London N1C 4AG"),
    ("Kentish Town Community Works", Provider.Kind.CHARITY, "hello@example.org",
     "Leighton Road, London NW5 2QE"),
]

# Rows made in bulk point at rows just read from the database: full_clean() need not look
# each one up again.
RELATED = ["organisation", "created_by", "copied_from", "resident", "vacancy", "saved_search"]

# How much of each kind of thing the demo holds.
DEFAULT_VACANCIES = 320
JOB_SEEKERS = 24


def _user(email: str, first: str, last: str, *, can_sign_in: bool = True, **extra) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last, **extra}
    )
    if created:
        if can_sign_in:
            user.set_password(DEMO_PASSWORD)
        else:
            # The residents who fill the demo's shortlists and alerts: nobody signs in as them.
            user.set_unusable_password()
        user.full_clean()
        user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    elif (user.first_name, user.last_name) != (first, last):
        # Databases seeded before the demo accounts had ordinary names.
        user.first_name, user.last_name = first, last
        user.save(update_fields=["first_name", "last_name"])
    return user


def _ensure_demo_authenticator(user: User) -> None:
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        # As if set up and used once, as a person setting up an authenticator does.
        TOTP.activate(user, DEMO_TOTP_SECRET).instance.record_usage()


def demo_code() -> str:
    """The one-time code the demo coaches' and admin's authenticator shows now."""
    counter = int(time.time()) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))


def role_for_title(kind: str, title: str) -> Role | None:
    return next((role for role in KINDS[kind][1] if role.title == title), None)


def employer_kind(name: str) -> str | None:
    return next((kind for n, kind, *_ in EMPLOYERS if n == name), None)


# -- Vacancies -----------------------------------------------------------------------------


class _MinimumWage:
    """The National Minimum Wage a vacancy must pay, read once per day and band."""

    def __init__(self) -> None:
        self.rates: dict[tuple[datetime.date, str], Decimal] = {}

    def for_vacancy(self, vacancy: Vacancy) -> Decimal:
        key = (vacancy.minimum_wage_on(), vacancy.minimum_wage_band())
        if key not in self.rates:
            self.rates[key] = MinimumWageRate.objects.in_force_on(*key) or Decimal("0")
        return self.rates[key]


def _money(value: Decimal, step: str, rounding: str) -> Decimal:
    """``value`` rounded to a multiple of ``step`` ("0.05" for hourly pay, "100" for salaries)."""
    unit = Decimal(step)
    return (value / unit).quantize(Decimal("1"), rounding=rounding) * unit


def _work_pattern(role: Role, hours: Decimal, zero_hours: bool, rota_weeks: int | None) -> str:
    if zero_hours:
        return "Shifts are offered a week ahead, and you choose the ones you can do"
    if role.pattern:
        return role.pattern
    if role.shift:
        rota = f", on a rota published {rota_weeks} weeks ahead" if rota_weeks else ", on a rota"
        if hours >= FULL_TIME_HOURS:
            return f"Early (7am to 3pm), late (2pm to 10pm) and some weekend shifts{rota}"
        shifts = {Decimal("12"): "Three 4-hour", Decimal("16"): "Two 8-hour",
                  Decimal("20"): "Four 5-hour", Decimal("22.5"): "Three 7.5-hour",
                  Decimal("25"): "Five 5-hour", Decimal("24"): "Two 12-hour"}
        return f"{shifts.get(hours, 'Shorter')} shifts a week, days or evenings{rota}"
    term = " in term time" if role.term_time else ""
    days = {
        Decimal("40"): f"Monday to Friday{term}, 8am to 5pm",
        Decimal("37.5"): f"Monday to Friday{term}, 9am to 5:30pm",
        Decimal("35"): f"Monday to Friday{term}, 9am to 5pm",
        Decimal("32.5"): f"Monday to Friday{term}, 8:30am to 3:30pm",
        Decimal("30"): f"Monday to Friday{term}, 9am to 3:30pm",
        Decimal("25"): f"Monday to Friday{term}, 9:30am to 2:30pm",
        Decimal("22.5"): f"Three days a week{term}, 9am to 5pm",
        Decimal("20"): f"Four days a week{term}, 10am to 3pm",
        Decimal("16"): f"Two days a week{term}, 9am to 5pm",
        Decimal("12"): f"Three mornings a week{term}, 9am to 1pm",
    }
    return days.get(
        hours, f"{hours_text(hours).capitalize()} a week{term}, on days agreed with you"
    )


def _contract_sentence(contract: str, zero_hours: bool, guaranteed: Decimal | None) -> str:
    if contract == ContractType.APPRENTICESHIP:
        return (
            "This is an apprenticeship: you will study for a qualification, paid, one day a week "
            "alongside the job."
        )
    if contract == ContractType.CASUAL:
        if zero_hours:
            return (
                "This is a zero-hours contract: we offer shifts each week and you choose which "
                "to take, but we cannot guarantee any hours."
            )
        return f"This is a casual contract with {hours_text(guaranteed)} a week guaranteed."
    sentences: dict[str, str] = {
        ContractType.PERMANENT: "This is a permanent job.",
        ContractType.FIXED_TERM: (
            "This is a 12-month fixed-term contract, with a chance to stay on."
        ),
        ContractType.TEMPORARY: "This is a temporary job for three months.",
    }
    return sentences[contract]


def _build_vacancy(
    rng: random.Random,
    wage: _MinimumWage,
    organisation: Organisation,
    kind: str,
    n: int,
    *,
    status: str = Vacancy.Status.PUBLISHED,
    by: User | None = None,
) -> Vacancy:
    sector, roles = KINDS[kind]
    role = rng.choice(roles)
    if role.apprentice:
        contract = ContractType.APPRENTICESHIP
    elif role.casual and rng.random() < 0.5:
        contract = ContractType.CASUAL
    else:
        contract = rng.choices(
            [ContractType.PERMANENT, ContractType.FIXED_TERM, ContractType.TEMPORARY],
            weights=[72, 18, 10],
        )[0]
    zero_hours = contract == ContractType.CASUAL and rng.random() < 0.6

    hours_max = rng.choice(role.hours)
    if zero_hours and hours_max >= FULL_TIME_HOURS:
        hours_max = rng.choice(PART_TIME_HOURS)
    part_time = hours_max < FULL_TIME_HOURS
    if zero_hours:
        hours_min = min(Decimal("4"), hours_max)
    elif rng.random() < 0.65:
        hours_min = hours_max
    else:
        # A range of hours starts at a number people use ("16 to 25 hours a week"), on the
        # same side of full-time as the most hours.
        fewer = [
            Decimal(h) for h in ((8, 12, 16, 20) if part_time else (30, 35))
            if Decimal(h) < hours_max and Decimal(h) >= hours_max - 10
        ]
        hours_min = rng.choice(fewer) if fewer else hours_max
    guaranteed = Decimal("0") if zero_hours else hours_min

    # Flexible working that agrees with the hours: a job under 30 hours a week is part-time
    # (and says so); term-time roles say so; "no" offers nothing and "happy to talk" lists
    # nothing it has not agreed yet.
    pool = [o for o in role.options if not (part_time and o in DESK_OPTIONS[1:3])]
    time_options: set[str] = set()
    place = Place.ON_SITE
    if part_time or role.term_time:
        flexibility = Flexibility.YES
    else:
        flexibility = rng.choices(
            [Flexibility.YES, Flexibility.TALK, Flexibility.NO], weights=[62, 20, 18]
        )[0]
    if flexibility == Flexibility.YES:
        if part_time:
            time_options.add(TimeOption.PART_TIME)
        if role.term_time:
            time_options.add(TimeOption.TERM_TIME)
        extra = rng.randint(0 if time_options else 1, 2)
        time_options.update(rng.sample(pool, min(extra, len(pool))))
        if role.place == "remote":
            place = rng.choice([Place.HYBRID, Place.REMOTE, Place.HYBRID])
        elif role.place == "hybrid" and rng.random() < 0.7:
            place = Place.HYBRID
    if zero_hours:
        # Bank and casual staff choose their own shifts.
        time_options.add(TimeOption.SELF_ROSTERING)
    rota_weeks = rng.choice([2, 4, 4, 6, 8]) if role.shift else None
    if TimeOption.PREDICTABLE_SHIFTS in time_options and rota_weeks is not None:
        rota_weeks = max(rota_weeks, 4)

    today = timezone.localdate()
    now = timezone.now()
    published_at = submitted_at = closed_at = None
    if status == Vacancy.Status.EXPIRED:
        published_at = now - datetime.timedelta(days=rng.randint(35, 70), hours=rng.randint(0, 9))
        closing_date = today - datetime.timedelta(days=rng.randint(1, 20))
        submitted_at = published_at - datetime.timedelta(days=1)
    elif status == Vacancy.Status.CLOSED:
        published_at = now - datetime.timedelta(days=rng.randint(15, 30), hours=rng.randint(0, 9))
        closing_date = today + datetime.timedelta(days=rng.randint(3, 20))
        submitted_at = published_at - datetime.timedelta(days=1)
        closed_at = now - datetime.timedelta(days=rng.randint(1, 10))
    elif status == Vacancy.Status.PUBLISHED:
        published_at = now - datetime.timedelta(days=rng.randint(0, 40), hours=rng.randint(0, 23))
        closing_date = today + datetime.timedelta(days=rng.randint(3, 45))
        submitted_at = published_at - datetime.timedelta(hours=rng.randint(2, 30))
    else:
        closing_date = today + datetime.timedelta(days=rng.randint(21, 50))
        if status == Vacancy.Status.IN_REVIEW:
            submitted_at = now - datetime.timedelta(hours=rng.randint(2, 40))
    start_date = (
        None if rng.random() < 0.5 else closing_date + datetime.timedelta(days=rng.randint(14, 45))
    )

    remote = place == Place.REMOTE
    vacancy = Vacancy(
        organisation=organisation,
        created_by=by,
        title=role.title,
        slug=slugify(role.title),
        sector=sector,
        contract_type=contract,
        hours_min=hours_min,
        hours_max=hours_max,
        work_pattern=_work_pattern(role, hours_max, zero_hours, rota_weeks)
        + ("" if zero_hours or hours_min == hours_max else ", or fewer hours if you prefer"),
        guaranteed_hours=guaranteed,
        zero_hours=zero_hours,
        is_shift_based=role.shift,
        rota_weeks_ahead=rota_weeks,
        pay_period=PayPeriod.HOUR,
        flexibility=flexibility,
        time_options=sorted(time_options),
        place=place,
        # A fully remote job has no workplace for a resident to travel to.
        address="" if remote else organisation.address,
        postcode="" if remote else organisation.postcode,
        ward="" if remote else organisation.ward,
        start_date=start_date,
        closing_date=closing_date,
        apply_url=f"https://jobs.example.org/{organisation.slug}/{n}",
        status=status,
        submitted_at=submitted_at,
        published_at=published_at,
        closed_at=closed_at,
        # Demo data is not sent as alerts.
        alerts_matched_at=published_at,
    )

    # Pay within the role's range, and never below the minimum wage the job will have to pay.
    floor = wage.for_vacancy(vacancy)
    low, high = (Decimal(p) for p in role.pay)
    low = max(low, floor)
    high = max(high, low)
    spread = (high - low) * Decimal(str(rng.uniform(0, 0.6)))
    hourly_min = max(_money(low + spread, "0.05", ROUND_FLOOR), low.quantize(Decimal("0.01")))
    hourly_max = None
    if rng.random() < 0.5 and hourly_min < high:
        hourly_max = _money(
            min(high, hourly_min + Decimal(str(rng.uniform(0.5, 2.5)))), "0.05", ROUND_FLOOR
        )
        hourly_max = max(hourly_max, hourly_min)
    if role.salaried and not zero_hours:
        # Salaries are advertised as the amount a year for the hours of the job.
        yearly_hours = 52 * hours_max
        vacancy.pay_period = PayPeriod.YEAR
        vacancy.pay_min = _money(hourly_min * yearly_hours, "100", ROUND_CEILING)
        vacancy.pay_max = (
            None if hourly_max is None
            else max(vacancy.pay_min, _money(hourly_max * yearly_hours, "100", ROUND_FLOOR))
        )
    else:
        vacancy.pay_min, vacancy.pay_max = hourly_min, hourly_max

    pay = pounds(vacancy.pay_min) + (f" to {pounds(vacancy.pay_max)}" if vacancy.pay_max else "")
    period = PayPeriod(vacancy.pay_period).label
    hours_phrase = (
        f"up to {hours_text(hours_max)} a week" if zero_hours
        else f"{hours_text(hours_max)} a week" if hours_min == hours_max
        else f"{number(hours_min)} to {hours_text(hours_max)} a week"
    )
    vacancy.summary = f"{role.title}, {role.duty}: {hours_phrase}, {pay} {period}."
    training = (
        "No experience is needed: we will train you, paid, from your first week."
        if rng.random() < 0.5
        else "Some experience helps, but we value how you work with people over your CV."
    )
    job = role.title[0].lower() + role.title[1:]
    article = "an" if job[0] in "aeiou" else "a"
    vacancy.description = (
        f"{organisation.name} is looking for {article} {job} {role.duty}.\n\n"
        f"What we offer:\n- {hours_phrase[0].upper()}{hours_phrase[1:]}. "
        f"{vacancy.work_pattern}.\n- {pay} {period}\n"
        "- a named manager who checks in with you every week\n"
        "- 28 days' holiday a year, including bank holidays (pro rata for part-time)\n\n"
        f"{_contract_sentence(contract, zero_hours, guaranteed)}\n\n{training}"
    )
    if flexibility != Flexibility.NO:
        vacancy.flexible_details = (
            "Tell us at interview what pattern works for you: we build rotas around school "
            "runs and caring."
            if role.shift
            else "Tell us at interview what works for you: many of our team work around school "
            "runs and caring."
        )
    return vacancy


def _save_vacancies(vacancies: list[Vacancy]) -> None:
    for vacancy in vacancies:
        # Every field and rule; the database itself holds the constraints (checked again when
        # the rows go in), and the related rows were read from it a moment ago.
        vacancy.full_clean(exclude=RELATED, validate_unique=False, validate_constraints=False)
    Vacancy.objects.bulk_create(vacancies)
    # The living-wage flag reads the hourly pay the database has just worked out.
    hourly = dict(
        Vacancy.objects.filter(pk__in=[v.pk for v in vacancies]).values_list("pk", "pay_hourly_min")
    )
    for vacancy in vacancies:
        vacancy.pay_hourly_min = hourly[vacancy.pk]
        if vacancy.published_at is not None:
            vacancy.pays_living_wage = pays_living_wage(
                vacancy=vacancy, on=timezone.localdate(vacancy.published_at)
            )
    Vacancy.objects.bulk_update(vacancies, ["pays_living_wage"])


def _load_organisations(rng: random.Random, employer_user: User) -> list[Organisation]:
    version = PledgeVersion.objects.get(is_current=True)
    organisations: list[Organisation] = []
    for index, (name, kind, size, ward, address, postcode) in enumerate(EMPLOYERS):
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is not None and postcode_problem(organisation.postcode, organisation.ward):
            # Seeded before demo addresses were checked against their wards.
            organisation.ward, organisation.address, organisation.postcode = ward, address, postcode
            organisation.full_clean()
            organisation.save(update_fields=["ward", "address", "postcode", "updated_at"])
        if organisation is None:
            organisation = Organisation(
                name=name,
                sector=KINDS[kind][0],
                size_band=size,
                ward=ward,
                address=address,
                postcode=postcode,
                website=f"https://www.{slugify(name)}.example.org",
                living_wage_accredited=rng.random() < 0.4,
                flexible_working_statement=(
                    "We talk about flexible working with every applicant and build rotas "
                    "around people's lives."
                ),
            )
            # The slug is made from the name when it is first saved.
            organisation.full_clean(exclude=["slug"])
            organisation.save()
        organisations.append(organisation)
        if index < DEMO_EMPLOYER_ORGANISATIONS:
            Membership.objects.get_or_create(
                organisation=organisation,
                user=employer_user,
                defaults={"role": Membership.Role.OWNER},
            )
        if index % 3 == 0 and not organisation.pledges.exists():
            # A pledge is signed in the portal by one of the organisation's owners.
            if index < DEMO_EMPLOYER_ORGANISATIONS:
                signed_by = employer_user
            else:
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                signed_by = _user(
                    f"{_mailbox(first, last)}@{organisation.slug}.example.org", first, last,
                    can_sign_in=False,
                )
                Membership.objects.get_or_create(
                    organisation=organisation, user=signed_by,
                    defaults={"role": Membership.Role.OWNER},
                )
            pledge = Pledge(
                organisation=organisation,
                version=version,
                signed_by=signed_by,
                signatory_name=signed_by.get_full_name(),
                signatory_role=rng.choice(
                    ["Chief executive", "Managing director", "Head of people", "Owner"]
                ),
                signed_on=timezone.localdate() - datetime.timedelta(days=rng.randint(10, 200)),
            )
            pledge.full_clean()
            pledge.save()
    return organisations


def _load_vacancies(
    rng: random.Random, organisations: list[Organisation], employer_user: User, target: int
) -> None:
    wage = _MinimumWage()
    kinds = {name: kind for name, kind, *_ in EMPLOYERS}
    new: list[Vacancy] = []
    # The demo employer's organisations show every state a vacancy can be in, once.
    for organisation in organisations[:DEMO_EMPLOYER_ORGANISATIONS]:
        if organisation.vacancies.exclude(status=Vacancy.Status.PUBLISHED).exists():
            continue
        for status in (
            Vacancy.Status.DRAFT, Vacancy.Status.IN_REVIEW, Vacancy.Status.CLOSED,
            Vacancy.Status.EXPIRED, Vacancy.Status.EXPIRED,
        ):
            new.append(_build_vacancy(
                rng, wage, organisation, kinds[organisation.name], len(new),
                status=status, by=employer_user,
            ))
    # Top up to the number of live vacancies asked for: older demo vacancies close as time passes.
    existing = Vacancy.objects.live().filter(organisation__in=organisations).count()
    for n in range(existing, target):
        organisation = organisations[n % len(organisations)]
        by = employer_user if n % len(organisations) < DEMO_EMPLOYER_ORGANISATIONS else None
        new.append(_build_vacancy(rng, wage, organisation, kinds[organisation.name], n, by=by))
    if new:
        _save_vacancies(new)


# -- Residents looking for work: profiles, shortlists, alerts --------------------------------


def _unique_names(
    rng: random.Random, count: int, taken: set[tuple[str, str]]
) -> list[tuple[str, str]]:
    names: list[tuple[str, str]] = []
    while len(names) < count:
        name = (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


def _mailbox(first: str, last: str) -> str:
    return f"{first}.{last}".lower().replace(" ", "").replace("'", "")


def _profile(rng: random.Random, ward: str, n: int) -> dict:
    part_time = rng.random() < 0.6
    hours_min = Decimal(rng.choice([12, 16, 20])) if part_time else Decimal(rng.choice([30, 35]))
    hours_max = hours_min + Decimal(rng.choice([0, 5, 9])) if part_time else Decimal("37.5")
    caring = rng.choice(list(Resident.Caring))
    needed = [TimeOption.TERM_TIME] if caring == Resident.Caring.CHILDREN and part_time else []
    return {
        "postcode": example_postcode(ward, n),
        "ward": ward,
        "hours_min": hours_min,
        "hours_max": min(hours_max, Decimal("37.5")),
        "days_available": sorted(rng.sample(list(Day.values), rng.randint(3, 5))),
        "times_available": sorted(rng.sample(list(Resident.DayPart.values)[:3], rng.randint(1, 3))),
        "time_options_needed": needed,
        "time_options_preferred": [TimeOption.PART_TIME] if part_time else [],
        "sectors": sorted(rng.sample(list(Sector.values), rng.randint(1, 3))),
        "pay_needed_hourly": Decimal(rng.choice(["12.71", "13.50", "14.80", "16.00"])),
        "caring": caring,
    }


def _camden_ward(rng: random.Random) -> str:
    # Most residents live in the borough; a few just over its edge.
    if rng.random() < 0.1:
        return Ward.ELSEWHERE_LONDON
    return rng.choice([w for w in Ward if w not in (Ward.ELSEWHERE_LONDON, Ward.OUTSIDE_LONDON)])


def _load_job_seekers(rng: random.Random, resident_user: User) -> None:
    """Residents with accounts who shortlist jobs and get alerts, so each vacancy's counts on
    the employer's dashboard are rows a resident made."""
    rita, _ = Resident.objects.get_or_create(
        user=resident_user,
        defaults={
            "first_name": resident_user.first_name, "last_name": resident_user.last_name,
            "email": resident_user.email,
        },
    )
    if rita.profile_completed_at is None or postcode_problem(rita.postcode, rita.ward):
        resident_profile_update(
            resident=rita,
            changes={
                "postcode": "NW5 4SD", "ward": Ward.GOSPEL_OAK,
                "hours_min": Decimal("16"), "hours_max": Decimal("25"),
                "days_available": ["mon", "tue", "wed", "thu", "fri"],
                "times_available": ["mornings", "afternoons"],
                "time_options_needed": [TimeOption.TERM_TIME],
                "time_options_preferred": [TimeOption.PART_TIME],
                "sectors": [Sector.EDUCATION, Sector.HEALTH_CARE],
                "pay_needed_hourly": Decimal("14.80"),
                "caring": Resident.Caring.CHILDREN,
            },
            completed=True,
        )
    if Resident.objects.filter(user__isnull=False).exclude(pk=rita.pk).exists():
        return
    taken = set(Resident.objects.values_list("first_name", "last_name"))
    seekers = [rita]
    for n, (first, last) in enumerate(_unique_names(rng, JOB_SEEKERS, taken)):
        user = _user(f"{_mailbox(first, last)}@example.net", first, last, can_sign_in=False)
        resident = Resident(user=user, first_name=first, last_name=last, email=user.email)
        resident.full_clean()
        resident.save()
        resident_profile_update(
            resident=resident, changes=_profile(rng, _camden_ward(rng), n), completed=True
        )
        seekers.append(resident)

    now = timezone.now()
    shown = list(
        Vacancy.objects.exclude(status__in=[Vacancy.Status.DRAFT, Vacancy.Status.IN_REVIEW])
        .order_by("id")
    )
    demo_orgs = {name for name, *_ in EMPLOYERS[:DEMO_EMPLOYER_ORGANISATIONS]}
    shortlists: list[Shortlist] = []
    for vacancy in shown:
        # The demo employer's jobs are well looked at; others get the odd save.
        busy = vacancy.organisation.name in demo_orgs
        savers = rng.sample(seekers, rng.randint(1, 6) if busy else rng.choice([0, 0, 0, 1, 2]))
        for resident in savers:
            saved_at = vacancy.published_at + datetime.timedelta(hours=rng.randint(1, 72))
            shortlists.append(Shortlist(
                resident=resident, vacancy=vacancy,
                applied_at=saved_at + datetime.timedelta(days=1) if rng.random() < 0.3 else None,
            ))
    for entry in shortlists:
        entry.full_clean(exclude=RELATED, validate_unique=False, validate_constraints=False)
    Shortlist.objects.bulk_create(shortlists)

    # Saved searches, confirmed, with the jobs each was sent.
    searches: list[SavedSearch] = []
    for n, resident in enumerate(seekers[1:9]):
        # Care work is what most people in the borough ask to hear about.
        sectors = [Sector.HEALTH_CARE] if n < 3 else resident.sectors[:1]
        search = SavedSearch(
            owner=resident.user,
            email=resident.email,
            name=f"{Sector(sectors[0]).label} jobs" if sectors else "Every new job",
            frequency=rng.choice(list(SavedSearch.Frequency)),
            confirmed_at=now - datetime.timedelta(days=rng.randint(30, 90)),
            sectors=sectors,
            time_options=(
                [TimeOption.PART_TIME]
                if n >= 3 and resident.hours_max is not None
                and resident.hours_max < FULL_TIME_HOURS
                else []
            ),
        )
        search.full_clean()
        search.save()
        searches.append(search)
    deliveries: list[AlertDelivery] = []
    for search in searches:
        matching = [
            v for v in shown
            if (not search.sectors or v.sector in search.sectors)
            and (not search.time_options or set(search.time_options) <= set(v.time_options))
        ]
        # Each was sent the demo employer's jobs it matches, and some of the others.
        ours = [v for v in matching if v.organisation.name in demo_orgs]
        others = [v for v in matching if v.organisation.name not in demo_orgs]
        for vacancy in ours + rng.sample(others, min(10, len(others))):
            deliveries.append(AlertDelivery(
                saved_search=search, vacancy=vacancy,
                sent_at=min(now, vacancy.published_at + datetime.timedelta(hours=2)),
                sent_by="demo data",
            ))
    for delivery in deliveries:
        delivery.full_clean(exclude=RELATED, validate_unique=False, validate_constraints=False)
    AlertDelivery.objects.bulk_create(deliveries)


def _record_views(rng: random.Random) -> None:
    """Views on every job residents could see: more than the people who saved it, since each
    of them opened it first, and more the longer it has been up."""
    now = timezone.now()
    vacancies = list(
        Vacancy.objects.filter(published_at__isnull=False, view_count=0).order_by("id")
    )
    saved = dict(
        Shortlist.objects.filter(vacancy__in=vacancies).values("vacancy")
        .annotate(n=Count("id")).values_list("vacancy", "n")
    )
    for vacancy in vacancies:
        days = max(1, (now - vacancy.published_at).days)
        vacancy.view_count = saved.get(vacancy.pk, 0) * 6 + days * rng.randint(2, 9) + 3
    Vacancy.objects.bulk_update(vacancies, ["view_count"])


# -- Caseloads -----------------------------------------------------------------------------


@dataclass(frozen=True)
class JobStart:
    weeks_ago: int
    hours: str
    hourly: str
    # What each check that is due found: "in_work", "left", or "" (due and not yet recorded).
    checks: dict[int, str]
    # Fewer hours than the resident wants: they are in work and still looking.
    wants_hours: str | None = None


@dataclass(frozen=True)
class Case:
    status: str
    referrals: tuple[str, ...] = ()
    start: JobStart | None = None
    barriers: tuple[str, ...] = ()
    shares_health: bool = False
    goals: str = ""


# Each coach's six residents, between them every status, every state of every check, the
# in-work poverty cases and every referral status.
CASES: list[list[Case]] = [
    [
        Case(CaseStatus.CLOSED, start=JobStart(60, "37.5", "15.20",
             {13: "in_work", 26: "in_work", 52: "in_work"}), barriers=("digital",),
             goals="A permanent job with regular hours."),
        Case(CaseStatus.IN_WORK_LOOKING, start=JobStart(30, "35", "12.80",
             {13: "in_work", 26: ""}), barriers=("childcare",),
             goals="Better-paid work that fits around the school run."),
        Case(CaseStatus.LOOKING, referrals=("suggested", "applied"),
             barriers=("english", "childcare"), goals="Part-time work in school hours."),
        Case(CaseStatus.LOOKING, referrals=("interview",), barriers=("health",),
             shares_health=True, goals="Steady work with breaks built into the day."),
        Case(CaseStatus.LOOKING, referrals=("unsuccessful", "suggested"),
             barriers=("transport",), goals="Work within walking distance of home."),
        Case(CaseStatus.PAUSED, barriers=("health", "housing"), shares_health=True,
             goals="Back to work once settled in the new flat."),
    ],
    [
        Case(CaseStatus.LOOKING, start=JobStart(58, "25", "13.40",
             {13: "in_work", 26: "left", 52: "left"}), referrals=("applied",),
             barriers=("caring",), goals="Work that fits around caring for my mum."),
        Case(CaseStatus.IN_WORK_LOOKING, start=JobStart(15, "16", "14.90", {13: ""},
             wants_hours="30"), barriers=("debt",), goals="Full-time hours."),
        Case(CaseStatus.LOOKING, referrals=("offer",), barriers=("convictions",),
             shares_health=True, goals="A fresh start in a trade."),
        Case(CaseStatus.LOOKING, referrals=("withdrawn", "interview"), barriers=("digital",),
             goals="An office job with training."),
        Case(CaseStatus.LOOKING, referrals=("suggested",), barriers=("childcare",),
             goals="Term-time work."),
        Case(CaseStatus.PAUSED, barriers=("caring",), goals="Looking again after the summer."),
    ],
    [
        Case(CaseStatus.IN_WORK, start=JobStart(55, "37.5", "16.10",
             {13: "in_work", 26: "in_work", 52: ""}), barriers=("english",),
             goals="Keep the job and improve my English."),
        Case(CaseStatus.IN_WORK, referrals=("started",), start=JobStart(0, "30", "14.80", {}),
             barriers=("transport",), goals="A job close to home."),
        Case(CaseStatus.LOOKING, referrals=("applied", "unsuccessful"), barriers=("housing",),
             goals="Any steady job while I sort out housing."),
        Case(CaseStatus.LOOKING, referrals=("interview", "suggested"), barriers=("health",),
             shares_health=True, goals="Work I can do sitting down."),
        Case(CaseStatus.LOOKING, referrals=("offer",), goals="A first job after college."),
        Case(CaseStatus.CLOSED, barriers=("digital",), goals="Moved out of the borough."),
    ],
    [
        Case(CaseStatus.LOOKING, start=JobStart(20, "20", "13.10", {13: "left"}),
             referrals=("suggested",), barriers=("childcare",),
             goals="A job that lasts, in school hours."),
        Case(CaseStatus.IN_WORK_LOOKING, start=JobStart(28, "20", "12.80",
             {13: "in_work", 26: "in_work"}, wants_hours="30"), barriers=("debt", "english"),
             goals="More hours, at the London Living Wage."),
        Case(CaseStatus.LOOKING, referrals=("withdrawn",), barriers=("health",),
             shares_health=True, goals="Part-time work while managing my health."),
        Case(CaseStatus.LOOKING, referrals=("applied", "interview"), barriers=("caring",),
             goals="Evening or weekend work."),
        Case(CaseStatus.IN_WORK, start=JobStart(9, "37.5", "15.50", {}),
             goals="Settle into the new job."),
        Case(CaseStatus.LOOKING, referrals=("unsuccessful",), barriers=("transport", "digital"),
             goals="Warehouse or driving work."),
    ],
]

NOTES: dict[str, list[tuple[str, str]]] = {
    "first": [
        ("in_person", "First meeting at the library. Talked through the work that has suited "
         "them before and what they need from the next job."),
        ("in_person", "First meeting at the community centre. Went through their CV together "
         "and agreed the kind of hours that would work."),
        ("phone", "First call. Explained how the service works and agreed to meet next week."),
    ],
    "looking": [
        ("phone", "Talked through the flexible-working letter; they will ask about term-time "
         "hours at interview."),
        ("email", "Sent three jobs with self-rostering that fit around their week."),
        ("video", "Practised interview questions; they feel more confident about explaining "
         "the gap on their CV."),
        ("text", "Reminded them of Thursday's jobs fair at the library."),
    ],
    "in_work": [
        ("phone", "Checked in after the first weeks in the job. Enjoying it; the rota arrives "
         "a month ahead, which makes childcare easy to plan."),
        ("phone", "Talked about asking for more hours now the probation period is over."),
    ],
    "paused": [
        ("phone", "Agreed to pause support for a few weeks. Will call again at the end of "
         "the month."),
    ],
    "closed": [
        ("in_person", "Closing support: they are settled and do not need us now. They know "
         "they can come back at any time."),
    ],
}
BARRIER_NOTES = {
    "health": "Has a long-term back condition: needs work with breaks and little lifting.",
    "convictions": "Spent conviction; wants advice on when to mention it.",
    "childcare": "Two children at primary school; needs to finish by 3pm.",
}
ACTIONS = [
    ("resident", "Update your CV with your volunteering"),
    ("resident", "Bring your passport and proof of address to the next meeting"),
    ("coach", "Find three term-time roles nearby"),
    ("coach", "Book a place on the library's digital skills course"),
    ("resident", "Apply for the jobs we looked at together"),
]
# The steps a referral goes through to reach each status.
REFERRAL_PATHS: dict[str, tuple[str, ...]] = {
    "suggested": (),
    "applied": ("applied",),
    "interview": ("applied", "interview"),
    "offer": ("applied", "interview", "offer"),
    "unsuccessful": ("applied", "unsuccessful"),
    "withdrawn": ("withdrawn",),
    "started": ("applied", "interview", "offer"),
}


def _backdate(entry: CaseloadEntry, started: datetime.datetime) -> None:
    """Support that began months ago began then: the entry and the consent it rests on."""
    CaseloadEntry.objects.filter(pk=entry.pk).update(started_at=started)
    Consent.objects.filter(resident=entry.resident, provider=entry.provider).update(
        given_at=started
    )


def _load_case(
    rng: random.Random,
    coach: Coach,
    case: Case,
    name: tuple[str, str],
    n: int,
    live: list[Vacancy],
) -> None:
    today = timezone.localdate()
    now = timezone.now()
    first, last = name
    ward = _camden_ward(rng)
    weeks_back = (case.start.weeks_ago + rng.randint(6, 12)) if case.start else rng.randint(3, 20)
    started = now - datetime.timedelta(weeks=weeks_back)
    entry = caseload.caseload_add_resident(
        coach=coach, first_name=first, last_name=last,
        email=f"{_mailbox(first, last)}@example.net",
        phone=f"07700 900{n:03d}", ward=ward, goals=case.goals,
        shares_health=case.shares_health,
    )
    resident = entry.resident
    _backdate(entry, started)
    profile = _profile(rng, ward, n)
    if case.start and case.start.wants_hours:
        profile["hours_min"] = profile["hours_max"] = Decimal(case.start.wants_hours)
    resident_profile_update(resident=resident, changes=profile)

    for kind in case.barriers:
        barrier = plan_services.barrier_record(
            resident=resident, coach=coach, kind=kind, identified_on=started.date(),
            note=BARRIER_NOTES.get(kind, ""),
        )
        if kind == "childcare" and case.start:
            plan_services.barrier_resolve(
                barrier=barrier, coach=coach,
                resolved_on=today - datetime.timedelta(weeks=case.start.weeks_ago + 1),
            )

    stages: dict[str, str] = {
        CaseStatus.CLOSED: "closed", CaseStatus.PAUSED: "paused", CaseStatus.IN_WORK: "in_work",
        CaseStatus.IN_WORK_LOOKING: "in_work",
    }
    stage = stages.get(case.status, "looking")
    notes = [rng.choice(NOTES["first"]), *rng.sample(NOTES["looking"], 2)]
    if stage != "looking":
        notes.append(rng.choice(NOTES[stage]))
    span = max(1, (today - started.date()).days)
    for i, (kind, text) in enumerate(notes):
        caseload.case_note_create(
            resident=resident, coach=coach,
            contact_on=started.date() + datetime.timedelta(days=span * i // len(notes)),
            contact_type=kind, text=text,
        )

    # An action done, one overdue and one still to come.
    done, overdue, upcoming = rng.sample(ACTIONS, 3)
    for (owner, description), due in (
        (done, today - datetime.timedelta(days=rng.randint(10, 30))),
        (overdue, today - datetime.timedelta(days=rng.randint(2, 9))),
        (upcoming, today + datetime.timedelta(days=rng.randint(3, 14))),
    ):
        action = plan_services.action_create(
            resident=resident, coach=coach, owner=owner, description=description, due_on=due
        )
        if (owner, description) == done:
            plan_services.action_complete(action=action, by=coach.user)

    referrals: dict[str, Referral] = {}
    wanted = [v for v in live if v.sector in resident.sectors] or live
    for status in case.referrals:
        vacancy = next(
            v for v in rng.sample(wanted, len(wanted)) + live
            if not Referral.objects.filter(resident=resident, vacancy=v).exists()
        )
        referral = referral_services.referral_create(
            resident=resident, coach=coach, vacancy=vacancy,
            message=f"The hours fit your week, and {vacancy.organisation.name} is close to home.",
        )
        for step in REFERRAL_PATHS[status]:
            referral = referral_services.referral_update_status(
                referral=referral, coach=coach, status=step
            )
        referrals[status] = referral

    if case.start:
        start = case.start
        hours, hourly = Decimal(start.hours), Decimal(start.hourly)
        started_from = referrals.get("started")
        if started_from is not None:
            # The job the coach suggested, at its advertised hours and pay.
            vacancy = started_from.vacancy
            employer, title = vacancy.organisation.name, vacancy.title
            contract, options = vacancy.contract_type, vacancy.time_options
            hours = vacancy.hours_max or hours
            vacancy.refresh_from_db(fields=["pay_hourly_min"])
            hourly = vacancy.pay_hourly_min or hourly
        else:
            # A job found without a referral, at pay that fits the role.
            employer, role = rng.choice([
                (name, role)
                for name, kind, *_ in EMPLOYERS
                for role in KINDS[kind][1]
                if not role.apprentice
                and Decimal(role.pay[0]) <= hourly <= Decimal(role.pay[1])
                and hours in role.hours
            ])
            title = role.title
            contract = ContractType.APPRENTICESHIP if role.apprentice else ContractType.PERMANENT
            options = [TimeOption.PART_TIME] if hours < FULL_TIME_HOURS else []
        outcome = outcome_services.job_outcome_record(
            resident=resident, coach=coach,
            start_date=today - datetime.timedelta(weeks=start.weeks_ago),
            employer_name=employer, job_title=title, hours_per_week=hours,
            hourly_pay=hourly, contract_type=contract,
            flexible_options=list(options), referral=started_from,
        )
        for check in outcome.sustainment_checks.order_by("weeks"):
            found = start.checks.get(check.weeks)
            if not found:
                continue
            outcome_services.sustainment_check_record(
                check=check, coach=coach, still_in_work=found == "in_work",
                hours_per_week=hours if found == "in_work" else None,
                hourly_pay=hourly if found == "in_work" else None,
            )
    entry.refresh_from_db()
    if entry.status != case.status:
        caseload.caseload_status_change(entry=entry, coach=coach, status=case.status)


def _load_caseloads(rng: random.Random, coaches: list[Coach]) -> None:
    """Residents on the demo coaches' caseloads, with notes, barriers, actions, referrals,
    job starts and the checks on whether the jobs lasted."""
    if CaseloadEntry.objects.exists():
        return
    live = list(
        Vacancy.objects.live()
        .filter(published_at__lte=timezone.now() - datetime.timedelta(days=3))
        .select_related("organisation").order_by("id")
    )
    taken = set(Resident.objects.values_list("first_name", "last_name"))
    names = _unique_names(rng, sum(len(cases) for cases in CASES), taken)
    n = 0
    for coach, cases in zip(coaches, CASES, strict=True):
        for case in cases:
            _load_case(rng, coach, case, names[n], n, live)
            n += 1


@transaction.atomic
def load_demo_data(
    *, vacancies: int = DEFAULT_VACANCIES, seed: int = DEMO_SEED
) -> dict[str, object]:
    def rng(part: str) -> random.Random:
        # One stream per part, so a part that is already loaded (and skipped) leaves the
        # others' data as it would otherwise be.
        return random.Random(f"{seed}:{part}")

    admin = _user(*ADMIN, is_staff=True, is_superuser=True)
    employer_user = _user(*EMPLOYER)
    resident_user = _user(*RESIDENT)

    organisations = _load_organisations(rng("organisations"), employer_user)
    _load_vacancies(rng("vacancies"), organisations, employer_user, vacancies)

    providers = []
    for name, kind, email, address in PROVIDERS:
        provider, _ = Provider.objects.get_or_create(
            name=name,
            defaults={"kind": kind, "email": email, "phone": "020 7974 4444", "address": address},
        )
        providers.append(provider)
    coaches = []
    for email, first, last, provider_index, manager in COACHES:
        user = _user(email, first, last)
        coach, _ = Coach.objects.get_or_create(
            user=user, provider=providers[provider_index],
            defaults={
                "is_manager": manager,
                "job_title": "Employment support manager" if manager else "Work coach",
            },
        )
        coaches.append(coach)

    _load_job_seekers(rng("job seekers"), resident_user)
    _load_caseloads(rng("caseloads"), coaches)
    _record_views(rng("views"))
    if not PledgeCheck.objects.exists():
        pledge_checks_run(triggered_by="demo data", on_commit=lambda send: None)
    for person in [admin, *(coach.user for coach in coaches)]:
        _ensure_demo_authenticator(person)
    return {
        "password": DEMO_PASSWORD,
        "logins": [
            ("Council admin", admin.email), ("Employer", employer_user.email),
            ("Work coach", COACHES[0][0]), ("Provider manager", COACHES[1][0]),
            ("Resident", resident_user.email),
        ],
        "vacancies": Vacancy.objects.live().count(),
        "organisations": Organisation.objects.count(),
    }

