"""What a recruitment system sends for a vacancy, typed: the API's request body and a feed's
item are checked by the same schema, and then by the posting form's rules."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import ConfigDict, StrictBool, StrictFloat, StrictInt, StrictStr, WithJsonSchema

from jobs.choices import ContractType, Flexibility, PayPeriod, Place, Sector, TimeOption, Ward


def _choice(kind, description: str) -> Any:
    return WithJsonSchema({"type": "string", "enum": list(kind.values), "description": description})


Number = Annotated[StrictInt | StrictFloat, WithJsonSchema({"type": "number"})]
OptionalNumber = Annotated[
    StrictInt | StrictFloat | None, WithJsonSchema({"type": "number", "nullable": True})
]


class VacancyIn(Schema):
    """A whole vacancy, as the posting form's pages ask for it. Checked by the same rules as
    the form: the errors come back by field name."""

    model_config = ConfigDict(extra="forbid")

    title: StrictStr
    summary: Annotated[StrictStr, WithJsonSchema({"type": "string", "maxLength": 300})]
    description: StrictStr
    sector: Annotated[StrictStr, _choice(Sector, "The sector.")]
    contract_type: Annotated[StrictStr, _choice(ContractType, "The type of contract.")]
    hours_min: Number = Field(description="Fewest hours a week, 0.5 to 60.")
    hours_max: Number = Field(description="Most hours a week, 0.5 to 60.")
    work_pattern: StrictStr = ""
    guaranteed_hours: OptionalNumber = None
    zero_hours: StrictBool = False
    is_shift_based: StrictBool = False
    pay_min: Number = Field(description="Lowest pay, in pounds, for the pay period.")
    pay_max: OptionalNumber = None
    pay_period: Annotated[StrictStr, _choice(PayPeriod, "What the pay is for.")]
    flexibility: Annotated[StrictStr, _choice(Flexibility, "Can this role be done flexibly?")]
    time_options: Annotated[
        list[StrictStr],
        WithJsonSchema(
            {"type": "array", "items": {"type": "string", "enum": list(TimeOption.values)}}
        ),
    ] = []
    place: Annotated[StrictStr, _choice(Place, "Where the work is done.")] = Place.ON_SITE.value
    rota_weeks_ahead: Annotated[
        StrictInt | None, WithJsonSchema({"type": "integer", "nullable": True})
    ] = None
    flexible_details: StrictStr = ""
    address: StrictStr = ""
    postcode: StrictStr = ""
    ward: Annotated[StrictStr, _choice(Ward, "The Camden ward, or elsewhere.")] = ""
    closing_date: Annotated[StrictStr, WithJsonSchema({"type": "string", "format": "date"})]
    start_date: Annotated[
        StrictStr | None, WithJsonSchema({"type": "string", "format": "date", "nullable": True})
    ] = None
    apply_url: StrictStr = ""
    apply_email: StrictStr = ""


