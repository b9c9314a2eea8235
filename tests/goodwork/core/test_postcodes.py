import pytest

from goodwork.core import postcodes
from goodwork.core.postcodes import (
    example_postcode,
    normalise_postcode,
    postcode_problem,
    sectors_for_ward,
)
from jobs.choices import CAMDEN_WARDS, Ward


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nw12db", "NW1 2DB"),
        ("NW1 2DB", "NW1 2DB"),
        ("  nw1   2db ", "NW1 2DB"),
        ("n1c4ag", "N1C 4AG"),
        ("wc2h 9jq", "WC2H 9JQ"),
        ("W1T 3JH", "W1T 3JH"),
        ("e16an", "E1 6AN"),
        ("SW1A 2AA", "SW1A 2AA"),
        ("cm20 1ya", "CM20 1YA"),
        ("gir0aa", "GIR 0AA"),
        ("GIR 0AA", "GIR 0AA"),
    ],
)
def test_normalise_postcode_fixes_case_and_spacing(text, expected):
    assert normalise_postcode(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "NOPE",
        "",
        "   ",
        "NW1",
        "NW1 2D",
        "NW1 2DBX",
        "12345",
        "NW1 2CB",  # C is never in an inward code
        "QW1 2DB",  # no area starts with Q
        "NWW1 2DB",
        "N1 2D3",
        "GIR 0AB",
        "NW1\u00a02DB-",
    ],
)
def test_normalise_postcode_refuses_what_is_not_a_postcode(text):
    assert normalise_postcode(text) is None


def test_ward_codes_and_names_match_the_wards_vacancies_and_residents_use():
    assert {ward.value: ward.label for ward in CAMDEN_WARDS} == postcodes.CAMDEN_WARD_NAMES
    assert postcodes.ELSEWHERE_LONDON == Ward.ELSEWHERE_LONDON
    assert postcodes.OUTSIDE_LONDON == Ward.OUTSIDE_LONDON
    assert set(postcodes.WARD_SECTORS) == set(postcodes.CAMDEN_WARD_NAMES)
    assert set(postcodes.EXAMPLE_POSTCODES) == {ward.value for ward in Ward}


@pytest.mark.parametrize("ward", CAMDEN_WARDS)
def test_each_camden_ward_accepts_its_own_sectors(ward):
    sectors = sectors_for_ward(ward)
    assert sectors
    for sector in sectors:
        assert postcode_problem(f"{sector}AB", ward) is None


@pytest.mark.parametrize("ward", CAMDEN_WARDS)
def test_each_camden_ward_refuses_another_districts_sector(ward):
    # Kentish Town is in NW5 and Bloomsbury in WC1: each ward has a Camden sector it never
    # reaches, besides every sector outside Camden.
    districts = {sector.split(" ")[0] for sector in sectors_for_ward(ward)}
    foreign = next(s for s in sorted(postcodes.CAMDEN_SECTORS) if s.split(" ")[0] not in districts)
    message = postcode_problem(f"{foreign}AB", ward)
    assert message == postcodes.POSTCODE_NOT_IN_WARD.format(
        postcode=f"{foreign}AB", ward=Ward(ward).label
    )
    assert postcode_problem("SE1 7PB", ward) == (
        "SE1 7PB is not in Camden. Check the postcode, or choose Elsewhere in London."
    )
    assert postcode_problem("M1 1AE", ward) == (
        "M1 1AE is not in Camden. Check the postcode, or choose Outside London."
    )


@pytest.mark.parametrize("ward", list(Ward))
def test_example_postcodes_are_real_postcodes_in_their_ward(ward):
    examples = postcodes.example_postcodes(ward)
    assert len(set(examples)) == len(examples) >= 3
    for example in examples:
        assert normalise_postcode(example) == example
        assert postcode_problem(example, ward) is None
    assert example_postcode(ward) == examples[0]
    assert example_postcode(ward, len(examples) + 1) == examples[1]


def test_a_sector_in_only_some_wards_is_refused_by_the_others():
    assert postcode_problem("NW3 2QG", Ward.KENTISH_TOWN_SOUTH) == (
        "NW3 2QG is not in Kentish Town South. Check the postcode, or choose the ward it is in."
    )
    assert postcode_problem("NW3 2QG", Ward.HAMPSTEAD_TOWN) is None
    # NW3 2 straddles Belsize, Gospel Oak, Hampstead Town and Haverstock.
    for ward in (Ward.BELSIZE, Ward.GOSPEL_OAK, Ward.HAVERSTOCK):
        assert postcode_problem("nw32qg", ward) is None
    assert postcode_problem("NW1 2DB", Ward.ST_PANCRAS_SOMERS_TOWN) is None
    assert postcode_problem("NW1 2DB", Ward.HIGHGATE) is not None
    assert postcode_problem("N6 6PJ", Ward.HIGHGATE) is None
    assert postcode_problem("N6 6PJ", Ward.KILBURN) is not None


def test_wards_for_postcode_lists_every_ward_a_sector_reaches():
    assert postcodes.wards_for_postcode("NW3 2QG") == (
        "belsize", "gospel_oak", "hampstead_town", "haverstock",
    )
    assert postcodes.wards_for_postcode("N1C 4AG") == ("kings_cross", "st_pancras_somers_town")
    assert postcodes.wards_for_postcode("E1 6AN") == ()


@pytest.mark.parametrize(
    "postcode",
    ["E1 6AN", "EC2V 7HH", "N1 1AA", "NW11 7AA", "NW9 6LR", "SE18 6HQ", "SW19 5AE", "W12 7RJ",
     "WC2N 5DN", "BR1 1AA", "CR0 2RH", "DA7 4AA", "EN1 3XA", "HA9 0WS", "IG11 7LU", "KT1 1EU",
     "RM1 3BB", "SM1 1EA", "TW9 3AB", "UB8 1UW"],
)
def test_a_london_postcode_outside_camden_is_elsewhere_in_london(postcode):
    assert postcode_problem(postcode, Ward.ELSEWHERE_LONDON) is None
    assert postcode_problem(postcode, Ward.OUTSIDE_LONDON) == (
        f"{postcode} is in London. Check the postcode, or choose Elsewhere in London."
    )


@pytest.mark.parametrize(
    "postcode", ["SL4 1NJ", "AL1 3JE", "M1 1AE", "GIR 0AA", "CM20 1YA", "BR8 7AA", "TW18 4XX",
                 "IG10 1HP", "KT10 9AA", "WD17 1HP", "RM16 6AA", "EN8 7AA", "DA11 0AA", "CR3 5AA"],
)
def test_a_postcode_beyond_greater_london_is_outside_london(postcode):
    assert postcode_problem(postcode, Ward.OUTSIDE_LONDON) is None
    if postcode != "BR8 7AA":  # Swanley's district reaches into Bromley
        assert postcode_problem(postcode, Ward.ELSEWHERE_LONDON) == (
            f"{postcode} is not in Camden. Check the postcode, or choose Outside London."
        )


@pytest.mark.parametrize("postcode", ["EN5 4QX", "RM14 2AA", "TN16 3AA", "UB9 6AA", "KT8 9AU"])
def test_a_district_across_the_london_boundary_is_accepted_either_side(postcode):
    assert postcode_problem(postcode, Ward.ELSEWHERE_LONDON) is None
    assert postcode_problem(postcode, Ward.OUTSIDE_LONDON) is None


def test_a_postcode_wholly_in_camden_is_not_elsewhere_or_outside_london():
    for place in (Ward.ELSEWHERE_LONDON, Ward.OUTSIDE_LONDON):
        assert postcode_problem("NW5 1TL", place) == (
            "NW5 1TL is in Camden. Check the postcode, or choose the ward it is in."
        )
    # WC2H 9 reaches into Westminster: Seven Dials is Camden, Leicester Square is not.
    assert postcode_problem("WC2H 9JQ", Ward.ELSEWHERE_LONDON) is None
    assert postcode_problem("WC2H 9JQ", Ward.HOLBORN_COVENT_GARDEN) is None


def test_postcode_problem_spots_a_postcode_that_is_not_one():
    assert postcode_problem("NOPE", Ward.CAMDEN_TOWN) == "Enter a real postcode, like NW5 1SN."
    assert postcode_problem("NOPE", Ward.OUTSIDE_LONDON) == "Enter a real postcode, like NW5 1SN."


def test_postcode_problem_has_nothing_to_say_when_either_is_blank():
    assert postcode_problem("", Ward.CAMDEN_TOWN) is None
    assert postcode_problem("NW5 1TL", "") is None


def test_postcode_problem_refuses_an_unknown_ward():
    with pytest.raises(ValueError, match="camden_central"):
        postcode_problem("NW5 1TL", "camden_central")


def test_places_outside_the_borough_have_no_camden_sectors():
    assert sectors_for_ward(Ward.ELSEWHERE_LONDON) == ()
    assert sectors_for_ward(Ward.OUTSIDE_LONDON) == ()


def test_the_borough_edge_sectors_are_camden_sectors():
    assert postcodes.BOROUGH_EDGE_SECTORS <= postcodes.CAMDEN_SECTORS
    assert not postcodes.LONDON_DISTRICTS & postcodes.LONDON_EDGE_DISTRICTS
