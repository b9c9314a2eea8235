"""UK postcodes, and where they lie in Camden: which ward, elsewhere in London, or outside it.

Everything here is a table in the code, so a form can check a postcode without a web look-up.

The form of a postcode follows BS 7666 (the pattern in the government's data standards
catalogue): an outward code (``NW1``, ``N1C``, ``WC2H``), a space, and an inward code of a digit
and two letters (``2DB``), plus the one special code ``GIR 0AA``.

Where a postcode lies is judged by its *sector*: the outward code and the first digit of the
inward code (``NW1 2``). The wards are Camden's 20 wards as redrawn by the Local Government
Boundary Commission for England, in force from the elections of May 2022; the sectors each can
hold were read from the ONS Postcode Directory (which places every postcode in a ward) and the
ward maps Camden publishes. London is the 32 boroughs and the City: the postcode areas wholly
inside it (E, EC, N, NW, SE, SW, W, WC) and the outer districts that are (BR1, HA3, TW9 ...).

What a sector-level check can and cannot say:

- a sector holds a few thousand addresses and often crosses a ward or borough boundary, so
  a sector is listed under every ward it reaches into: any postcode in it is accepted for any
  of those wards. A postcode in a sector that never reaches a ward is always refused for it;
- a district that crosses the Greater London boundary (EN5, RM14, TN16 ...) is accepted both
  as "Elsewhere in London" and as "Outside London", and a Camden sector that crosses into a
  neighbouring borough (NW2 2, N6 5, WC2H 9 ...) both for its Camden wards and as "Elsewhere
  in London";
- a postcode that has the right form but was never issued (``NW1 9ZZ``) passes: only the
  Royal Mail's address file knows every issued postcode;
- boundaries and postcodes change: the tables need checking against the ONS Postcode
  Directory when Camden's wards are next redrawn.

Ward values are the codes of ``jobs.choices.Ward`` (the core imports no app, so the codes and
names are written out here; a test keeps the two lists the same).
"""

from __future__ import annotations

import re

ELSEWHERE_LONDON = "elsewhere_london"
OUTSIDE_LONDON = "outside_london"

CAMDEN_WARD_NAMES: dict[str, str] = {
    "belsize": "Belsize",
    "bloomsbury": "Bloomsbury",
    "camden_square": "Camden Square",
    "camden_town": "Camden Town",
    "fortune_green": "Fortune Green",
    "frognal": "Frognal",
    "gospel_oak": "Gospel Oak",
    "hampstead_town": "Hampstead Town",
    "haverstock": "Haverstock",
    "highgate": "Highgate",
    "holborn_covent_garden": "Holborn and Covent Garden",
    "kentish_town_north": "Kentish Town North",
    "kentish_town_south": "Kentish Town South",
    "kilburn": "Kilburn",
    "kings_cross": "King's Cross",
    "primrose_hill": "Primrose Hill",
    "regents_park": "Regent's Park",
    "south_hampstead": "South Hampstead",
    "st_pancras_somers_town": "St Pancras and Somers Town",
    "west_hampstead": "West Hampstead",
}

POSTCODE_INVALID = "Enter a real postcode, like NW5 1SN."
POSTCODE_NOT_IN_WARD = (
    "{postcode} is not in {ward}. Check the postcode, or choose the ward it is in."
)
POSTCODE_NOT_IN_CAMDEN = "{postcode} is not in Camden. Check the postcode, or choose {place}."
POSTCODE_IN_CAMDEN = "{postcode} is in Camden. Check the postcode, or choose the ward it is in."
POSTCODE_IN_LONDON = "{postcode} is in London. Check the postcode, or choose Elsewhere in London."

# BS 7666: the letters each position of a postcode may hold. The inward code never uses
# C, I, K, M, O or V (they are too easily misread in handwriting).
_OUTWARD = (
    r"(?:[A-PR-UWYZ][0-9][0-9]?"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"
    r"|[A-PR-UWYZ][0-9][A-HJKPS-UW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRV-Y])"
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
POSTCODE = re.compile(rf"^(?:GIR 0AA|{_OUTWARD} {_INWARD})$")
_AREA = re.compile(r"^[A-Z]+")

# The sectors each ward reaches into, from the ONS Postcode Directory and Camden's ward maps
# (May 2022 boundaries).
WARD_SECTORS: dict[str, tuple[str, ...]] = {
    "belsize": ("NW3 2", "NW3 3", "NW3 4", "NW3 5", "NW3 6"),
    "bloomsbury": (
        "NW1 2", "W1T 1", "W1T 2", "W1T 3", "W1T 4", "W1T 5", "W1T 6", "W1T 7", "WC1A 1",
        "WC1A 2", "WC1B 3", "WC1B 4", "WC1B 5", "WC1E 6", "WC1E 7", "WC1H 0", "WC1H 9",
        "WC1N 1",
    ),
    "camden_square": ("N7 0", "N7 9", "NW1 0", "NW1 9"),
    "camden_town": ("NW1 0", "NW1 7", "NW1 8", "NW1 9"),
    "fortune_green": ("NW2 2", "NW2 3", "NW6 1"),
    "frognal": ("NW3 5", "NW3 6", "NW3 7"),
    "gospel_oak": ("NW3 2", "NW5 1", "NW5 3", "NW5 4"),
    "hampstead_town": ("NW3 1", "NW3 2", "NW3 6", "NW3 7"),
    "haverstock": ("NW1 8", "NW3 2", "NW3 4", "NW5 3", "NW5 4"),
    "highgate": ("N19 5", "N6 4", "N6 5", "N6 6", "NW5 1"),
    "holborn_covent_garden": (
        "EC1N 2", "EC1N 6", "EC1N 7", "EC1N 8", "EC1R 5", "WC1A 1", "WC1A 2", "WC1B 4",
        "WC1N 1", "WC1N 2", "WC1N 3", "WC1R 4", "WC1R 5", "WC1V 6", "WC1V 7", "WC1X 8",
        "WC2A 1", "WC2A 2", "WC2A 3", "WC2B 4", "WC2B 5", "WC2B 6", "WC2E 7", "WC2E 8",
        "WC2E 9", "WC2H 8", "WC2H 9",
    ),
    "kentish_town_north": ("N19 5", "NW5 1", "NW5 2", "NW5 3"),
    "kentish_town_south": ("NW1 8", "NW1 9", "NW5 1", "NW5 2", "NW5 3", "NW5 4"),
    "kilburn": ("NW6 2", "NW6 3", "NW6 4", "NW8 0"),
    "kings_cross": (
        "EC1R 5", "N1 9", "N1C 4", "NW1 2", "WC1H 8", "WC1H 9", "WC1N 1", "WC1N 2", "WC1X 0",
        "WC1X 8", "WC1X 9",
    ),
    "primrose_hill": ("NW1 7", "NW1 8", "NW3 3"),
    "regents_park": ("NW1 1", "NW1 2", "NW1 3", "NW1 4", "NW1 7"),
    "south_hampstead": ("NW3 3", "NW3 5", "NW6 3", "NW6 4", "NW8 0"),
    "st_pancras_somers_town": ("N1C 4", "NW1 0", "NW1 1", "NW1 2", "NW1 9"),
    "west_hampstead": ("NW6 1", "NW6 2", "NW6 3"),
}

CAMDEN_SECTORS: frozenset[str] = frozenset(
    sector for sectors in WARD_SECTORS.values() for sector in sectors
)

# Camden sectors that reach into a neighbouring borough (Barnet, Brent, Haringey, Islington,
# Westminster, the City): a postcode in one may be "Elsewhere in London" too.
BOROUGH_EDGE_SECTORS: frozenset[str] = frozenset({
    "EC1N 2", "EC1N 6", "EC1N 7", "EC1N 8", "EC1R 5", "N1 9", "N19 5", "N6 4", "N6 5", "N6 6",
    "N7 0", "N7 9", "NW1 3", "NW1 4", "NW2 2", "NW2 3", "NW3 7", "NW6 1", "NW6 2", "NW6 4",
    "NW8 0", "W1T 1", "W1T 2", "W1T 3", "W1T 4", "W1T 5", "W1T 6", "W1T 7", "WC1V 6",
    "WC1V 7", "WC1X 0", "WC1X 8", "WC1X 9", "WC2A 1", "WC2A 2", "WC2B 4", "WC2B 5", "WC2B 6",
    "WC2E 7", "WC2E 8", "WC2E 9", "WC2H 8", "WC2H 9",
})

# Postcode areas wholly inside Greater London.
LONDON_AREAS = frozenset({"E", "EC", "N", "NW", "SE", "SW", "W", "WC"})

# Outer districts wholly (or all but a few fields) inside Greater London.
LONDON_DISTRICTS = frozenset({
    "BR1", "BR2", "BR3", "BR4", "BR5", "BR6", "BR7",
    "CR0", "CR2", "CR4", "CR7", "CR8", "CR9", "CR44", "CR90",
    "DA5", "DA6", "DA7", "DA8", "DA14", "DA15", "DA16", "DA17", "DA18",
    "EN1", "EN2", "EN3",
    "HA0", "HA1", "HA2", "HA3", "HA4", "HA5", "HA7", "HA8", "HA9",
    "IG1", "IG2", "IG3", "IG4", "IG5", "IG6", "IG8", "IG11",
    "KT1", "KT2", "KT3", "KT5", "KT6", "KT9",
    "RM1", "RM2", "RM3", "RM5", "RM6", "RM7", "RM8", "RM9", "RM10", "RM11", "RM12", "RM13",
    "SM1", "SM2", "SM3", "SM4", "SM5", "SM6",
    "TW1", "TW2", "TW3", "TW4", "TW5", "TW6", "TW7", "TW8", "TW9", "TW10", "TW11", "TW12",
    "TW13", "TW14",
    "UB1", "UB2", "UB3", "UB4", "UB5", "UB6", "UB7", "UB8", "UB10", "UB11", "UB18",
})

# Districts the Greater London boundary runs through: Crayford and Dartford (DA1), Barnet and
# Hertsmere (EN4, EN5), Northwood and Moor Park (HA6), Hainault and Chigwell (IG7), Worcester
# Park (KT4), Hampton Court and East Molesey (KT8), Havering-atte-Bower (RM4), Upminster and
# the Essex villages (RM14), Coulsdon and Chipstead (CR5), Swanley (BR8), Knockholt (TN14),
# Biggin Hill and Westerham (TN16), Harefield and Denham (UB9), and Watford's edge with
# Harrow (WD3, WD19, WD23).
LONDON_EDGE_DISTRICTS = frozenset({
    "BR8", "CR5", "DA1", "EN4", "EN5", "HA6", "IG7", "KT4", "KT8", "RM4", "RM14", "TN14",
    "TN16", "UB9", "WD3", "WD19", "WD23",
})

# Real postcodes in each ward (public buildings, estates, high streets), for demo data and test
# factories. Each lies in one of its ward's sectors; the tests check it.
EXAMPLE_POSTCODES: dict[str, tuple[str, ...]] = {
    "belsize": ("NW3 4QG", "NW3 5SU", "NW3 4HP"),
    "bloomsbury": ("WC1B 3DG", "WC1E 6BT", "WC1H 0AL"),
    "camden_square": ("NW1 9NL", "NW1 9RD", "N7 0JS"),
    "camden_town": ("NW1 7JR", "NW1 8AF", "NW1 0NE"),
    "fortune_green": ("NW6 1DN", "NW2 2HT", "NW6 1UJ"),
    "frognal": ("NW3 6XB", "NW3 7ST", "NW3 6UR"),
    "gospel_oak": ("NW5 4SD", "NW3 2LT", "NW5 4RL"),
    "hampstead_town": ("NW3 2QG", "NW3 1RE", "NW3 1QE"),
    "haverstock": ("NW5 3EG", "NW1 8LD", "NW5 4AX"),
    "highgate": ("N6 6PJ", "NW5 1JY", "N6 5HR"),
    "holborn_covent_garden": ("WC2A 3BP", "WC2H 9JQ", "WC1V 7HP"),
    "kentish_town_north": ("NW5 1TL", "NW5 2HX", "NW5 1LG"),
    "kentish_town_south": ("NW5 2AA", "NW1 9EX", "NW5 3HR"),
    "kilburn": ("NW6 4DJ", "NW6 2LT", "NW6 4EL"),
    "kings_cross": ("N1C 4AG", "WC1H 8JS", "WC1X 8LT"),
    "primrose_hill": ("NW1 8NH", "NW3 3AU", "NW1 7BY"),
    "regents_park": ("NW1 3ET", "NW1 2DS", "NW1 4LL"),
    "south_hampstead": ("NW3 3HA", "NW6 3PE", "NW6 4HJ"),
    "st_pancras_somers_town": ("NW1 2DB", "NW1 1HJ", "NW1 1DF"),
    "west_hampstead": ("NW6 1QH", "NW6 2LJ", "NW6 1TS"),
    ELSEWHERE_LONDON: ("E1 6AN", "SE1 7PB", "N1 1AA", "SW1A 2AA", "HA9 0WS", "TW9 3AB"),
    OUTSIDE_LONDON: ("SL4 1NJ", "AL1 3JE", "M1 1AE", "B1 1BB", "LU1 2LJ", "CM20 1YA"),
}


def normalise_postcode(text: str) -> str | None:
    """The postcode in its standard form ("nw12db" becomes "NW1 2DB"), or None if ``text`` is
    not a UK postcode."""
    compact = "".join(text.upper().split())
    if not 5 <= len(compact) <= 7:
        return None
    postcode = f"{compact[:-3]} {compact[-3:]}"
    return postcode if POSTCODE.match(postcode) else None


def _sector(postcode: str) -> str:
    return postcode[:-2]


def _district(postcode: str) -> str:
    return postcode.split(" ")[0]


def is_in_camden(postcode: str) -> bool:
    """Whether a (normalised) postcode is in a sector that reaches into Camden."""
    return _sector(postcode) in CAMDEN_SECTORS


def is_in_london(postcode: str) -> bool:
    """Whether a (normalised) postcode can be in Greater London."""
    district = _district(postcode)
    area = _AREA.match(district)
    return (
        (area is not None and area.group() in LONDON_AREAS)
        or district in LONDON_DISTRICTS
        or district in LONDON_EDGE_DISTRICTS
    )


def _is_outside_london(postcode: str) -> bool:
    return not is_in_london(postcode) or _district(postcode) in LONDON_EDGE_DISTRICTS


def _is_elsewhere_in_london(postcode: str) -> bool:
    sector = _sector(postcode)
    if sector in CAMDEN_SECTORS:
        return sector in BOROUGH_EDGE_SECTORS
    return is_in_london(postcode)


def wards_for_postcode(postcode: str) -> tuple[str, ...]:
    """The Camden wards a (normalised) postcode's sector reaches into, in the wards' order."""
    sector = _sector(postcode)
    return tuple(ward for ward, sectors in WARD_SECTORS.items() if sector in sectors)


def postcode_problem(postcode: str, ward: str) -> str | None:
    """What is wrong with saying ``postcode`` lies in ``ward`` (a ``jobs.choices.Ward`` value),
    as a message for the form; None when it can lie there.

    Either left blank is nothing to contradict (both are optional on most forms), so None.
    """
    if not postcode.strip() or not ward:
        return None
    normalised = normalise_postcode(postcode)
    if normalised is None:
        return POSTCODE_INVALID
    if ward == ELSEWHERE_LONDON:
        if _is_elsewhere_in_london(normalised):
            return None
        if is_in_camden(normalised):
            return POSTCODE_IN_CAMDEN.format(postcode=normalised)
        return POSTCODE_NOT_IN_CAMDEN.format(postcode=normalised, place="Outside London")
    if ward == OUTSIDE_LONDON:
        if _is_outside_london(normalised):
            return None
        if is_in_camden(normalised):
            return POSTCODE_IN_CAMDEN.format(postcode=normalised)
        return POSTCODE_IN_LONDON.format(postcode=normalised)
    if ward not in WARD_SECTORS:
        raise ValueError(f"{ward!r} is not a Camden ward or area")
    if _sector(normalised) in WARD_SECTORS[ward]:
        return None
    if is_in_camden(normalised):
        return POSTCODE_NOT_IN_WARD.format(postcode=normalised, ward=CAMDEN_WARD_NAMES[ward])
    place = "Elsewhere in London" if is_in_london(normalised) else "Outside London"
    return POSTCODE_NOT_IN_CAMDEN.format(postcode=normalised, place=place)


def sectors_for_ward(ward: str) -> tuple[str, ...]:
    """The postcode sectors ("NW5 1") a Camden ward reaches into; none for the places outside
    the borough, which are not made of Camden's sectors."""
    if ward in (ELSEWHERE_LONDON, OUTSIDE_LONDON):
        return ()
    return WARD_SECTORS[ward]


def example_postcodes(ward: str) -> tuple[str, ...]:
    """Real postcodes in ``ward`` (or elsewhere in London, or outside it)."""
    return EXAMPLE_POSTCODES[ward]


def example_postcode(ward: str, n: int = 0) -> str:
    """A real postcode in ``ward``; ``n`` picks among several, for variety."""
    examples = EXAMPLE_POSTCODES[ward]
    return examples[n % len(examples)]
