"""The portal's shared vocabulary: sectors, areas, contract types and flexible options.

Stored as short codes so saved searches, resident profiles and vacancies can be compared
in SQL (array overlap, equality) without joins.
"""

from django.db import models


class Sector(models.TextChoices):
    HEALTH_CARE = "health_care", "Health and social care"
    HOSPITALITY = "hospitality", "Hospitality and catering"
    RETAIL = "retail", "Retail"
    EDUCATION = "education", "Education and childcare"
    PUBLIC_SECTOR = "public_sector", "Local government and public services"
    CHARITY = "charity", "Charity and community"
    CONSTRUCTION = "construction", "Construction and trades"
    TRANSPORT = "transport", "Transport and logistics"
    FACILITIES = "facilities", "Cleaning, security and facilities"
    DIGITAL = "digital", "Technology and digital"
    FINANCE = "finance", "Finance and professional services"
    CREATIVE = "creative", "Creative, arts and media"
    SCIENCE = "science", "Science and research"
    ADMIN = "admin", "Office and administration"


class ContractType(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    FIXED_TERM = "fixed_term", "Fixed term"
    TEMPORARY = "temporary", "Temporary"
    CASUAL = "casual", "Casual"
    APPRENTICESHIP = "apprenticeship", "Apprenticeship"


class Ward(models.TextChoices):
    """Camden's 20 wards (boundaries from May 2022), and places outside the borough."""

    BELSIZE = "belsize", "Belsize"
    BLOOMSBURY = "bloomsbury", "Bloomsbury"
    CAMDEN_SQUARE = "camden_square", "Camden Square"
    CAMDEN_TOWN = "camden_town", "Camden Town"
    FORTUNE_GREEN = "fortune_green", "Fortune Green"
    FROGNAL = "frognal", "Frognal"
    GOSPEL_OAK = "gospel_oak", "Gospel Oak"
    HAMPSTEAD_TOWN = "hampstead_town", "Hampstead Town"
    HAVERSTOCK = "haverstock", "Haverstock"
    HIGHGATE = "highgate", "Highgate"
    HOLBORN_COVENT_GARDEN = "holborn_covent_garden", "Holborn and Covent Garden"
    KENTISH_TOWN_NORTH = "kentish_town_north", "Kentish Town North"
    KENTISH_TOWN_SOUTH = "kentish_town_south", "Kentish Town South"
    KILBURN = "kilburn", "Kilburn"
    KINGS_CROSS = "kings_cross", "King's Cross"
    PRIMROSE_HILL = "primrose_hill", "Primrose Hill"
    REGENTS_PARK = "regents_park", "Regent's Park"
    SOUTH_HAMPSTEAD = "south_hampstead", "South Hampstead"
    ST_PANCRAS_SOMERS_TOWN = "st_pancras_somers_town", "St Pancras and Somers Town"
    WEST_HAMPSTEAD = "west_hampstead", "West Hampstead"
    ELSEWHERE_LONDON = "elsewhere_london", "Elsewhere in London"
    OUTSIDE_LONDON = "outside_london", "Outside London"


CAMDEN_WARDS = [ward for ward in Ward if ward not in (Ward.ELSEWHERE_LONDON, Ward.OUTSIDE_LONDON)]


class TimeOption(models.TextChoices):
    """Flexibility in when and how much people work."""

    PART_TIME = "part_time", "Part-time"
    JOB_SHARE = "job_share", "Job share"
    FLEXITIME = "flexitime", "Flexitime"
    COMPRESSED_HOURS = "compressed_hours", "Compressed hours"
    ANNUALISED_HOURS = "annualised_hours", "Annualised hours"
    TERM_TIME = "term_time", "Term-time only"
    SELF_ROSTERING = "self_rostering", "Self-rostering"
    SHIFT_SWAPPING = "shift_swapping", "Shift swapping"
    PREDICTABLE_SHIFTS = "predictable_shifts", "Predictable shifts"


class Place(models.TextChoices):
    """Flexibility in where people work."""

    ON_SITE = "on_site", "On-site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Fully remote"


# Place options that count as flexible working (on-site alone does not).
FLEXIBLE_PLACES = [Place.HYBRID, Place.REMOTE]


class Flexibility(models.TextChoices):
    """The employer's answer to "Can this role be done flexibly?"."""

    YES = "yes", "Yes"
    NO = "no", "No"
    TALK = "talk", "Happy to talk about flexible working"


class PayPeriod(models.TextChoices):
    HOUR = "hour", "an hour"
    WEEK = "week", "a week"
    MONTH = "month", "a month"
    YEAR = "year", "a year"


class Day(models.TextChoices):
    MONDAY = "mon", "Monday"
    TUESDAY = "tue", "Tuesday"
    WEDNESDAY = "wed", "Wednesday"
    THURSDAY = "thu", "Thursday"
    FRIDAY = "fri", "Friday"
    SATURDAY = "sat", "Saturday"
    SUNDAY = "sun", "Sunday"
