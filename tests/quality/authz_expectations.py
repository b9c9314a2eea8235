"""Who may open which page: one entry per named URL, checked for every role.

tests/quality/test_authorisation_matrix.py walks every named URL in the URL configuration
(namespaces included) and requests it as each role in ROLES. A URL with no entry here fails
that test, naming the URL, so a new page cannot ship without someone deciding who may see it.

How to add an entry
-------------------
Add a line to EXPECTATIONS, keyed by the URL's full name ("namespace:name"):

    "jobs:vacancy_list": Entry(get=public()),

    # only signed-in residents; anyone else signed in gets 403, visitors go to sign in
    "residents:dashboard": Entry(get=only("resident", "other_resident")),

    # an object the "resident" fixture owns: the other resident must not reach it (404)
    "residents:saved_search_detail": Entry(
        kwargs=lambda fx: {"pk": SavedSearchFactory(resident=fx("resident")).pk},
        get=only("resident", otherwise=403, other_resident=404),
    ),

    # a POST-only view: GET answers 405, the POST is checked with `data`
    "residents:alert_create": Entry(
        get=everyone(405, anonymous=LOGIN),
        post=only("resident", "other_resident", ok=200),
        data=lambda fx: {"email": ""},
    ),

- ``kwargs(fx)`` builds the URL's arguments. ``fx("name")`` returns a pytest fixture by name
  (the role fixtures in tests/conftest.py: resident, other_resident, organisation,
  employer_member, other_employer_member, provider, coach, other_provider_coach,
  council_admin, and ``live_vacancy`` from tests/quality/conftest.py); call factories inside
  the lambda for anything else. ``fx("coach")`` is the coach's User: the Coach row is
  ``fx("coach").coach_roles.get()``, and the resident's User is ``fx("resident").user``.
  The builders below (``_record``, ``_org_vacancy``...) make the usual objects: a resident on the
  coach's caseload with consent, a vacancy of the employer_member's organisation.
  kwargs is called once per test, so objects it creates are shared by every role.
  Objects that belong to someone should belong to the *first* role of that kind (resident,
  employer_member's organisation, coach's provider) so that the "other" role shows that
  object scope is enforced.
- ``get`` / ``post`` map each role to what it must get: a status code (200, 403, 404, 405...),
  ``LOGIN`` (a redirect to the sign-in page) or ``Redirect("url_name_or_path")`` (a redirect
  to that page, whatever its query string). Leave ``post`` out if the view takes no POST
  worth checking.
- Build these maps with ``public()``, ``everyone()``, ``only()`` or ``signed_in_land()``;
  keyword arguments override single roles.
- ``query`` is appended to the URL (e.g. "?page=2").
- The roles in TWO_FACTOR_ROLES (coaches, council admins) are signed in with two factors, as
  they really are; the refusal of a coach without them is tested in
  tests/residents/coaching/test_querysets.py.

A URL that must not be walked (third-party internals) goes in EXCLUDED with the reason.
Django admin change lists are generated (see admin_changelist_entry): a council admin gets
200, visitors are sent to the portal's sign-in page and other signed-in people to the admin's.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from residents.coaching.services import caseload as caseload_services
from residents.coaching.services import outcomes as outcome_services
from residents.coaching.services import plan as plan_services
from residents.coaching.services import referrals as referral_services

ROLES: tuple[str, ...] = (
    "anonymous",
    "resident",
    "other_resident",
    "employer_member",
    "other_employer_member",
    "coach",
    "other_provider_coach",
    "council_admin",
)
SIGNED_IN = ROLES[1:]
# Work coaches and council admins sign in with a password and a one-time code (allauth MFA):
# the walk signs these roles in the same way (tests/conftest.py's mfa_login), so the pages that
# demand a two-factor session are checked behind that check, not stopped by it.
TWO_FACTOR_ROLES: tuple[str, ...] = ("coach", "other_provider_coach", "council_admin")


@dataclass(frozen=True)
class Redirect:
    """A 301/302 to this URL name (reversed) or path; the query string is not compared."""

    to: str

    def __str__(self) -> str:
        return f"redirect to {self.to}"


LOGIN = Redirect("account_login")
ADMIN_LOGIN = Redirect("admin:login")
REAUTHENTICATE = Redirect("account_reauthenticate")
Expected = int | Redirect
Fixtures = Callable[[str], Any]


def everyone(answer: Expected, **roles: Expected) -> dict[str, Expected]:
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    return {role: roles.get(role, answer) for role in ROLES}


def public(status: int = 200) -> dict[str, Expected]:
    return everyone(status)


def only(*allowed: str, ok: Expected = 200, otherwise: Expected = 403,
         anonymous: Expected = LOGIN, **roles: Expected) -> dict[str, Expected]:
    """Roles in `allowed` get `ok`; other signed-in roles `otherwise`; visitors sign in."""
    unknown = set(allowed) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    answers = {role: ok if role in allowed else otherwise for role in SIGNED_IN}
    return everyone(0, anonymous=anonymous, **{**answers, **roles})


# Where each role lands after signing in, and where a signed-in person asking for a sign-in page
# is sent.
LANDING: dict[str, Expected] = {
    "resident": Redirect("residents:dashboard"),
    "other_resident": Redirect("residents:dashboard"),
    "employer_member": Redirect("employers:dashboard"),
    "other_employer_member": Redirect("employers:dashboard"),
    "coach": Redirect("coaching:caseload"),
    "other_provider_coach": Redirect("coaching:caseload"),
    "council_admin": Redirect("admin:index"),
}


def signed_in_land(anonymous: Expected) -> dict[str, Expected]:
    return {"anonymous": anonymous, **LANDING}


@dataclass(frozen=True)
class Entry:
    get: Mapping[str, Expected] | None = None
    post: Mapping[str, Expected] | None = None
    kwargs: Callable[[Fixtures], dict[str, Any]] | None = None
    data: Callable[[Fixtures], dict[str, Any]] | None = None
    query: str = ""
    methods: dict[str, Mapping[str, Expected]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        pairs = (("GET", self.get), ("POST", self.post))
        methods = {name: answers for name, answers in pairs if answers}
        if not methods:
            raise ValueError("An entry needs `get` or `post` answers")
        for answers in methods.values():
            missing = set(ROLES) - set(answers)
            if missing:
                raise ValueError(f"Answers missing for roles {sorted(missing)}")
        object.__setattr__(self, "methods", methods)


def _bad_token(**names: str) -> Callable[[Fixtures], dict[str, str]]:
    return lambda fx: dict(names)


# -- Objects the entries need, built when a URL is walked ---------------------------------------
# Each belongs to the first role of its kind: the resident, the coach's provider, the
# employer_member's organisation. The factories are imported here, not at the top, so that
# reading the table costs nothing.


def _coach_post(fx: Fixtures):
    return fx("coach").coach_roles.get()


def _entry(fx: Fixtures, resident=None):
    """A caseload entry of the coach's, with the resident's consent (sharing the plan): a new
    resident added by the coach, or the given one (put on the caseload once)."""
    from residents.coaching.models import CaseloadEntry
    from tests.residents.coaching.helpers import on_caseload

    post = _coach_post(fx)
    if resident is not None:
        entry = CaseloadEntry.objects.open().filter(resident=resident, coach=post).first()
        if entry is not None:
            return entry
    return on_caseload(post, resident)


def _record(fx: Fixtures, **extra: Any) -> dict[str, Any]:
    return {"pk": _entry(fx).resident_id, **extra}


def _shared_record(fx: Fixtures, shares_plan: bool):
    """The coach's resident, on the other provider's caseload too: other_provider_coach may open
    the record, so their answer shows the narrower rule (the provider's own things, the plan)."""
    from tests.residents.coaching.helpers import on_caseload

    entry = _entry(fx)
    on_caseload(fx("other_provider_coach").coach_roles.get(), entry.resident,
                shares_plan=shares_plan)
    return entry


def _record_with(make: Callable[[Fixtures, Any], dict[str, Any]], shares_plan: bool = True):
    """kwargs for a page about something the coach's provider recorded for their resident.

    The other provider has the resident's consent too, so other_provider_coach's 404 shows that
    the thing is kept to the provider that recorded it.
    """

    def kwargs(fx: Fixtures) -> dict[str, Any]:
        entry = _shared_record(fx, shares_plan)
        return {"pk": entry.resident_id, **make(fx, entry)}

    return kwargs


def _record_without_plan(fx: Fixtures) -> dict[str, Any]:
    """The other provider's consent does not share the plan: its plan pages are refused (403)."""
    return {"pk": _shared_record(fx, shares_plan=False).resident_id}


def _action(fx: Fixtures, entry, owner: str = "coach"):
    import datetime

    from django.utils import timezone


    return plan_services.action_create(resident=entry.resident, coach=_coach_post(fx),
                                  description="Update your CV", owner=owner,
                                  due_on=timezone.localdate() + datetime.timedelta(days=7))


def _barrier(fx: Fixtures, entry):
    return plan_services.barrier_record(
        resident=entry.resident, coach=_coach_post(fx), kind="childcare"
    )


def _referral(fx: Fixtures, entry):
    from tests.jobs.factories import LiveVacancyFactory

    return referral_services.referral_create(resident=entry.resident, coach=_coach_post(fx),
                                    vacancy=LiveVacancyFactory())


def _sustainment_check(fx: Fixtures, entry):
    import datetime
    from decimal import Decimal

    from django.utils import timezone


    outcome = outcome_services.job_outcome_record(
        resident=entry.resident, coach=_coach_post(fx),
        start_date=timezone.localdate() - datetime.timedelta(weeks=14),
        employer_name="Camden Care", job_title="Care assistant", hours_per_week=Decimal("20"),
        hourly_pay=Decimal("15.00"), contract_type="permanent", flexible_options=[],
    )
    return outcome.sustainment_checks.order_by("weeks").first()


def _flexible_request(fx: Fixtures, entry):
    import datetime

    from django.utils import timezone


    data = {"full_name": entry.resident.full_name, "employer_name": "Camden Care",
            "start_date": timezone.localdate() + datetime.timedelta(days=60)}
    return plan_services.flexible_working_request_create(
        resident=entry.resident, coach=_coach_post(fx), data=data, letter="Dear manager,")


def _move_out(fx: Fixtures, entry):
    """A move the coach suggested for their resident, to a provider of its own."""
    from residents.coaching.models import ProviderTransfer
    from tests.residents.factories import CoachFactory

    return ProviderTransfer.objects.create(
        resident=entry.resident,
        from_provider=entry.provider,
        from_coach=entry.coach,
        to_provider=CoachFactory().provider,
    )


def _move_in(fx: Fixtures) -> dict[str, Any]:
    """A move suggested by a third provider's coach to the coach's provider, not yet agreed."""
    from residents.coaching.models import ProviderTransfer
    from tests.residents.coaching.helpers import on_caseload
    from tests.residents.factories import CoachFactory

    sender = CoachFactory()
    entry = on_caseload(sender)
    transfer = ProviderTransfer.objects.create(
        resident=entry.resident,
        from_provider=sender.provider,
        from_coach=sender,
        to_provider=_coach_post(fx).provider,
    )
    return {"transfer_pk": transfer.pk}


def _plan_item(make: Callable[[Fixtures, Any], Any], name: str):
    """kwargs for the resident's own plan: an item on the resident's record at the coach's."""

    def kwargs(fx: Fixtures) -> dict[str, Any]:
        return {name: make(fx, _entry(fx, fx("resident"))).pk}

    return kwargs


def _invite_token(fx: Fixtures) -> dict[str, str]:
    return {"token": caseload_services.invite_token(_entry(fx).resident)}


def _shortlisted(fx: Fixtures) -> dict[str, int]:
    from residents.services import profile as services

    entry = services.shortlist_add(resident=fx("resident"), vacancy=fx("live_vacancy"))
    return {"pk": entry.pk}


def _manage_token(fx: Fixtures) -> dict[str, str]:
    from residents.services.alerts import manage_token
    from tests.residents.factories import SavedSearchFactory

    return {"token": manage_token(SavedSearchFactory().email)}


def _manage_alert(fx: Fixtures) -> dict[str, Any]:
    from residents.services.alerts import manage_token
    from tests.residents.factories import SavedSearchFactory

    search = SavedSearchFactory()
    return {"token": manage_token(search.email), "pk": search.pk}


def _alert(fx: Fixtures) -> dict[str, int]:
    from tests.residents.factories import SavedSearchFactory

    user = fx("resident").user
    return {"pk": SavedSearchFactory(owner=user, email=user.email).pk}


def _alert_token(kind: str) -> Callable[[Fixtures], dict[str, str]]:
    def kwargs(fx: Fixtures) -> dict[str, str]:
        from residents.services import alerts as services
        from tests.residents.factories import SavedSearchFactory, UnconfirmedSavedSearchFactory

        if kind == "confirm":
            return {"token": services.confirm_token(UnconfirmedSavedSearchFactory())}
        return {"token": getattr(services, f"{kind}_token")(SavedSearchFactory())}

    return kwargs


def _org(fx: Fixtures, **extra: Any) -> dict[str, Any]:
    return {"org": fx("organisation").pk, **extra}


def _api_key(fx: Fixtures):
    """A key of the employer_member's organisation."""
    from tests.employers.factories import ApiKeyFactory

    return ApiKeyFactory(organisation=fx("organisation"))


def _colleague(fx: Fixtures) -> dict[str, int]:
    """Another member of the employer_member's organisation."""
    from tests.employers.factories import MembershipFactory

    return _org(fx, pk=MembershipFactory(organisation=fx("organisation")).pk)


def _pledged(fx: Fixtures) -> dict[str, int]:
    from tests.employers.factories import PledgeFactory

    PledgeFactory(organisation=fx("organisation"))
    return _org(fx)


def _invitation(fx: Fixtures) -> dict[str, str]:
    """An invitation to the employer_member's organisation, for an address nobody here has."""
    from employers.services.organisations import invitation_token
    from tests.employers.factories import InvitationFactory

    return {"token": invitation_token(InvitationFactory(organisation=fx("organisation")))}


def _draft(fx: Fixtures, **extra: Any) -> dict[str, Any]:
    from tests.jobs.factories import DraftVacancyFactory

    return {"pk": DraftVacancyFactory(organisation=fx("organisation")).pk, **extra}


def _live(fx: Fixtures) -> dict[str, int]:
    return {"pk": fx("live_vacancy").pk}


def _empty(fx: Fixtures) -> dict[str, Any]:
    """A form sent with nothing filled in: shown again with its errors."""
    return {}


# Who gets what, by kind of page.
RESIDENT_ONLY = only("resident", "other_resident")
# A resident's own page: anyone signed in without a resident profile is asked to start one.
PROFILE = only("resident", "other_resident", otherwise=Redirect("residents:profile_start"))
# Coaches' lists: each coach sees their own caseload.
COACHES = only("coach", "other_provider_coach")
# A resident on the coach's caseload: the coach from another provider gets 404.
ON_CASELOAD = only("coach", other_provider_coach=404)
# A button on the record page (POST only): GET is 405 for the coach who may press it.
CASELOAD_BUTTON_GET = only("coach", ok=405, other_provider_coach=404)
CASELOAD_BUTTON_POST = only("coach", ok=302, other_provider_coach=404)
# The same for a button about one thing on a record both providers may open (_record_with).
SHARED_RECORD_BUTTON_GET = only("coach", "other_provider_coach", ok=405)
# A plan page of a record both providers may open, the other without consent to the plan.
PLAN_ON_SHARED_RECORD = only("coach", other_provider_coach=403)
# The employer_member's organisation or its vacancies: anyone else gets 404.
OWN_ORGANISATION = only("employer_member", otherwise=404)
OWN_ORGANISATION_BUTTON_GET = only("employer_member", ok=405, otherwise=404)
OWN_ORGANISATION_BUTTON_POST = only("employer_member", ok=302, otherwise=404)
# The Django admin.
ADMIN_ONLY = only("council_admin", otherwise=ADMIN_LOGIN)


EXPECTATIONS: dict[str, Entry] = {
    # -- The portal's own pages ----------------------------------------------------------------
    "home": Entry(get=public()),
    "healthz": Entry(get=public(), post=public(405)),
    "accessibility": Entry(get=public()),
    "privacy": Entry(get=public()),
    "jobs:vacancy_list": Entry(get=public()),
    "jobs:vacancy_detail": Entry(
        kwargs=lambda fx: {"pk": fx("live_vacancy").pk, "slug": fx("live_vacancy").slug},
        get=public(),
    ),
    "jobs:flexible_working": Entry(get=public()),
    "jobs:vacancy_feed": Entry(get=public()),
    "jobs:sitemap": Entry(get=public()),
    "jobs:robots_txt": Entry(get=public(), post=public(405)),
    # -- Insights: the flexible jobs index, public -------------------------------------------------
    "insights:index": Entry(get=public()),
    "insights:csv": Entry(kwargs=lambda fx: {"table": "headline"}, get=public()),
    # The council dashboard counts residents' coaching records: council admins only.
    "insights:council_dashboard": Entry(get=only("council_admin")),
    "insights:council_csv": Entry(kwargs=lambda fx: {"table": "providers"},
                                  get=only("council_admin")),
    # -- Residents: alerts (an alert may belong to anyone with an account) -------------------------
    "residents:alert_list": Entry(get=everyone(200, anonymous=LOGIN)),
    "residents:alert_create": Entry(get=public(), post=public(), data=_empty),
    "residents:alert_check_email": Entry(get=public()),
    "residents:alert_update": Entry(kwargs=_alert, get=only("resident", otherwise=404),
                                    post=only("resident", otherwise=404), data=_empty),
    "residents:alert_delete": Entry(
        kwargs=_alert, get=only("resident", otherwise=404),
        post=only("resident", ok=Redirect("residents:alert_list"), otherwise=404),
    ),
    # Signed links from an email: the token is the proof, so no sign-in is needed.
    "residents:alert_confirm": Entry(kwargs=_alert_token("confirm"), get=public()),
    "residents:alert_unsubscribe": Entry(kwargs=_alert_token("unsubscribe"), get=public()),
    "residents:alert_keep": Entry(kwargs=_alert_token("keep"), get=public()),
    "residents:alert_manage": Entry(kwargs=_manage_token, get=public()),
    "residents:alert_manage_stop_all": Entry(kwargs=_manage_token, get=public()),
    "residents:alert_manage_update": Entry(kwargs=_manage_alert, get=public()),
    # -- Residents: profile, shortlist, your data --------------------------------------------------
    "residents:dashboard": Entry(get=PROFILE),
    "residents:profile_summary": Entry(get=PROFILE),
    "residents:profile_start": Entry(
        get=only("resident", "other_resident", ok=Redirect("residents:dashboard"),
                 otherwise=200),
    ),
    "residents:profile_step": Entry(kwargs=lambda fx: {"step": "where"}, get=PROFILE),
    "residents:shortlist": Entry(get=PROFILE),
    "residents:shortlist_add": Entry(
        kwargs=lambda fx: {"vacancy_pk": fx("live_vacancy").pk},
        get=only("resident", "other_resident", ok=405,
                 otherwise=Redirect("residents:profile_start")),
        post=only("resident", "other_resident", ok=Redirect("residents:shortlist"),
                  otherwise=Redirect("residents:profile_start")),
    ),
    "residents:shortlist_remove": Entry(
        kwargs=_shortlisted,
        get=only("resident", ok=405, otherwise=Redirect("residents:profile_start"),
                 other_resident=405),
        post=only("resident", ok=Redirect("residents:shortlist"), other_resident=404,
                  otherwise=Redirect("residents:profile_start")),
    ),
    "residents:shortlist_applied": Entry(
        kwargs=_shortlisted,
        get=only("resident", ok=405, otherwise=Redirect("residents:profile_start"),
                 other_resident=405),
        post=only("resident", ok=Redirect("residents:shortlist"), other_resident=404,
                  otherwise=Redirect("residents:profile_start")),
    ),
    "residents:your_data": Entry(get=PROFILE),
    "residents:your_data_download": Entry(get=PROFILE),
    "residents:account_delete": Entry(get=PROFILE, post=PROFILE, data=_empty),
    # -- Work coaching: coaches' pages (two factors; residents on their caseload with consent) -----
    "coaching:caseload": Entry(get=COACHES),
    "coaching:caseload_export": Entry(get=COACHES),
    "coaching:resident_add": Entry(get=COACHES, post=COACHES, data=_empty),
    # Provider managers only; neither coach here manages a provider.
    "coaching:report": Entry(get=only()),
    "coaching:report_export": Entry(get=only()),
    "coaching:record": Entry(kwargs=_record, get=ON_CASELOAD),
    "coaching:note_add": Entry(kwargs=_record, get=ON_CASELOAD, post=ON_CASELOAD, data=_empty),
    "coaching:action_add": Entry(kwargs=_record, get=ON_CASELOAD, post=ON_CASELOAD,
                                  data=_empty),
    "coaching:barrier_add": Entry(kwargs=_record, get=ON_CASELOAD, post=ON_CASELOAD,
                                   data=_empty),
    "coaching:status_change": Entry(kwargs=_record, get=ON_CASELOAD, post=ON_CASELOAD,
                                     data=_empty),
    "coaching:referral_add": Entry(kwargs=_record_without_plan, get=PLAN_ON_SHARED_RECORD,
                                    post=PLAN_ON_SHARED_RECORD, data=_empty),
    "coaching:transfer": Entry(kwargs=_record, get=ON_CASELOAD, post=ON_CASELOAD, data=_empty),
    "coaching:outcome_add": Entry(kwargs=_record_without_plan, get=PLAN_ON_SHARED_RECORD,
                                   post=PLAN_ON_SHARED_RECORD, data=_empty),
    "coaching:flexible_request_add": Entry(
        kwargs=_record_without_plan, get=PLAN_ON_SHARED_RECORD, post=PLAN_ON_SHARED_RECORD,
        data=_empty,
    ),
    "coaching:sustainment_record": Entry(
        kwargs=_record_with(lambda fx, entry: {"check_pk": _sustainment_check(fx, entry).pk}),
        get=ON_CASELOAD, post=ON_CASELOAD, data=_empty,
    ),
    "coaching:flexible_request": Entry(
        # The provider's own, under consent to the plan: another provider never finds it.
        kwargs=_record_with(lambda fx, entry: {"request_pk": _flexible_request(fx, entry).pk},
                            shares_plan=False),
        get=ON_CASELOAD,
    ),
    "coaching:action_edit": Entry(
        kwargs=_record_with(lambda fx, entry: {"action_pk": _action(fx, entry).pk}),
        get=ON_CASELOAD, post=ON_CASELOAD, data=_empty,
    ),
    "coaching:outcome_edit": Entry(
        kwargs=_record_with(
            lambda fx, entry: {"outcome_pk": _sustainment_check(fx, entry).job_outcome_id}),
        get=ON_CASELOAD, post=ON_CASELOAD, data=_empty,
    ),
    "coaching:action_done": Entry(
        kwargs=_record_with(lambda fx, entry: {"action_pk": _action(fx, entry).pk}),
        get=SHARED_RECORD_BUTTON_GET, post=CASELOAD_BUTTON_POST,
    ),
    "coaching:barrier_resolve": Entry(
        # A barrier is the recording provider's: another provider on the record never finds it.
        kwargs=_record_with(lambda fx, entry: {"barrier_pk": _barrier(fx, entry).pk}),
        get=SHARED_RECORD_BUTTON_GET, post=CASELOAD_BUTTON_POST,
    ),
    "coaching:transfer_propose": Entry(kwargs=_record, get=ON_CASELOAD, post=ON_CASELOAD,
                                        data=_empty),
    "coaching:transfer_cancel": Entry(
        kwargs=_record_with(lambda fx, entry: {"transfer_pk": _move_out(fx, entry).pk}),
        get=SHARED_RECORD_BUTTON_GET, post=CASELOAD_BUTTON_POST,
    ),
    # A move waiting to come to the coach's provider: only its coaches see it.
    "coaching:transfer_incoming": Entry(kwargs=_move_in, get=ON_CASELOAD, post=ON_CASELOAD,
                                         data=_empty),
    "coaching:referral_status": Entry(
        kwargs=_record_with(lambda fx, entry: {"referral_pk": _referral(fx, entry).pk}),
        get=SHARED_RECORD_BUTTON_GET, post=CASELOAD_BUTTON_POST,
        data=lambda fx: {"status": "applied"},
    ),
    "coaching:invite": Entry(kwargs=_record, get=CASELOAD_BUTTON_GET,
                              post=CASELOAD_BUTTON_POST),
    "coaching:consent_withdraw_by_coach": Entry(
        kwargs=_record, get=CASELOAD_BUTTON_GET,
        post=only("coach", ok=Redirect("coaching:caseload"), other_provider_coach=404),
    ),
    # -- Work coaching: the resident's own plan ----------------------------------------------------
    "coaching:plan": Entry(get=RESIDENT_ONLY),
    "coaching:record_views": Entry(get=RESIDENT_ONLY),
    "coaching:support_request": Entry(get=RESIDENT_ONLY, post=RESIDENT_ONLY, data=_empty),
    "coaching:plan_action_done": Entry(
        kwargs=_plan_item(lambda fx, entry: _action(fx, entry, owner="resident"), "action_pk"),
        get=only("resident", "other_resident", ok=405),
        post=only("resident", ok=Redirect("coaching:plan"), other_resident=404),
    ),
    "coaching:plan_referral_respond": Entry(
        kwargs=_plan_item(_referral, "referral_pk"),
        get=only("resident", "other_resident", ok=405),
        post=only("resident", ok=Redirect("coaching:plan"), other_resident=404),
        data=lambda fx: {"response": "interested"},
    ),
    "coaching:plan_transfer": Entry(
        kwargs=_plan_item(_move_out, "transfer_pk"),
        get=only("resident", other_resident=404),
        post=only("resident", other_resident=404),
        data=_empty,
    ),
    "coaching:consent_withdraw": Entry(
        kwargs=_plan_item(lambda fx, entry: entry.resident.consents.get(), "consent_pk"),
        get=only("resident", "other_resident", ok=405),
        post=only("resident", ok=Redirect("coaching:plan"), other_resident=404),
    ),
    # An invitation to link a record a coach made to an account: the signed link is the proof,
    # and a person who already has a resident record is told so.
    "coaching:claim": Entry(kwargs=_invite_token, get=everyone(200, anonymous=LOGIN)),
    # -- Employers ---------------------------------------------------------------------------------
    # Anyone signed in may register an organisation; without one, the dashboard sends them there.
    "employers:dashboard": Entry(
        get=only("employer_member", "other_employer_member",
                 otherwise=Redirect("employers:organisation_create")),
    ),
    "employers:organisation_create": Entry(get=everyone(200, anonymous=LOGIN),
                                           post=everyone(200, anonymous=LOGIN), data=_empty),
    "employers:organisation_edit": Entry(kwargs=_org, get=OWN_ORGANISATION,
                                         post=OWN_ORGANISATION, data=_empty),
    "employers:members": Entry(kwargs=_org, get=OWN_ORGANISATION, post=OWN_ORGANISATION,
                               data=_empty),
    "employers:member_remove": Entry(kwargs=_colleague, get=OWN_ORGANISATION_BUTTON_GET,
                                     post=OWN_ORGANISATION_BUTTON_POST),
    "employers:member_make_owner": Entry(kwargs=_colleague, get=OWN_ORGANISATION_BUTTON_GET,
                                         post=OWN_ORGANISATION_BUTTON_POST),
    "employers:member_make_member": Entry(kwargs=_colleague, get=OWN_ORGANISATION_BUTTON_GET,
                                          post=OWN_ORGANISATION_BUTTON_POST),
    # The invitation is for someone else's address: nobody here may accept it.
    "employers:invitation_accept": Entry(kwargs=_invitation, get=everyone(200, anonymous=LOGIN),
                                         post=everyone(400, anonymous=LOGIN)),
    "employers:vacancy_create": Entry(kwargs=_org, get=OWN_ORGANISATION, post=OWN_ORGANISATION,
                                      data=_empty),
    "employers:vacancy_step": Entry(kwargs=lambda fx: _draft(fx, step="title"),
                                    get=OWN_ORGANISATION, post=OWN_ORGANISATION, data=_empty),
    "employers:vacancy_check": Entry(kwargs=_draft, get=OWN_ORGANISATION,
                                     post=OWN_ORGANISATION_BUTTON_POST),
    "employers:vacancy_preview": Entry(kwargs=_draft, get=OWN_ORGANISATION),
    "employers:vacancy_close": Entry(
        kwargs=_live, get=OWN_ORGANISATION,
        post=only("employer_member", ok=Redirect("employers:dashboard"), otherwise=404),
    ),
    "employers:vacancy_extend": Entry(kwargs=_live, get=OWN_ORGANISATION, post=OWN_ORGANISATION,
                                      data=_empty),
    "employers:vacancy_copy": Entry(kwargs=_live, get=OWN_ORGANISATION_BUTTON_GET,
                                    post=OWN_ORGANISATION_BUTTON_POST),
    "employers:pledge": Entry(kwargs=_org, get=OWN_ORGANISATION, post=OWN_ORGANISATION,
                              data=_empty),
    "employers:pledge_withdraw": Entry(kwargs=_pledged, get=OWN_ORGANISATION_BUTTON_GET,
                                       post=OWN_ORGANISATION_BUTTON_POST),
    # The council's export of every pledged organisation's checks.
    "employers:procurement_export": Entry(get=only("council_admin")),
    "employers:pledge_list": Entry(get=public()),
    # An organisation's keys for its recruitment systems: its owners only.
    "employers:api_keys": Entry(kwargs=_org, get=OWN_ORGANISATION, post=OWN_ORGANISATION,
                                data=_empty),
    "employers:vacancy_feed": Entry(kwargs=_org, get=OWN_ORGANISATION, post=OWN_ORGANISATION,
                                    data=_empty),
    "employers:api_key_revoke": Entry(
        kwargs=lambda fx: _org(fx, pk=_api_key(fx).pk), get=OWN_ORGANISATION_BUTTON_GET,
        post=only("employer_member", ok=302, otherwise=404),
    ),
    # -- The API: public reads, and a key for everything else (no session is ever enough) -------
    "api_docs": Entry(get=public()),
    "api_v1:openapi-json": Entry(get=public()),
    "api_v1:api-root": Entry(get=public(404)),
    "api_v1:vacancy_list": Entry(get=public(), post=public(405)),
    "api_v1:vacancy_detail": Entry(
        kwargs=lambda fx: {"vacancy_id": fx("live_vacancy").pk}, get=public(),
    ),
    "api_v1:organisation_vacancy_list": Entry(get=public(401), post=public(405)),
    "api_v1:organisation_vacancy_detail": Entry(
        kwargs=lambda fx: {"reference": "REQ-1"}, get=public(401), post=public(405),
    ),
    "api_v1:organisation_vacancy_put": Entry(
        kwargs=lambda fx: {"reference": "REQ-1"}, get=public(401), post=public(405),
    ),
    "api_v1:organisation_vacancy_close": Entry(
        kwargs=lambda fx: {"reference": "REQ-1"}, get=public(405), post=public(401),
    ),
    "employers:organisation_public": Entry(
        kwargs=lambda fx: {"slug": fx("organisation").slug}, get=public(),
    ),
    # -- Accounts (allauth) ----------------------------------------------------------------------
    "account_login": Entry(get=signed_in_land(200), post=signed_in_land(200)),
    "account_signup": Entry(get=signed_in_land(200), post=signed_in_land(200)),
    "account_logout": Entry(get=everyone(200, anonymous=Redirect("home")),
                            post=everyone(Redirect("home"))),
    "account_inactive": Entry(get=public()),
    "account_reauthenticate": Entry(get=everyone(200, anonymous=LOGIN)),
    "account_email": Entry(get=everyone(200, anonymous=LOGIN)),
    "account_email_verification_sent": Entry(get=public()),
    "account_change_password": Entry(get=everyone(200, anonymous=LOGIN)),
    # Everyone here has a password, so allauth sends them to change it instead.
    "account_set_password": Entry(
        get=everyone(Redirect("account_change_password"), anonymous=LOGIN),
    ),
    "account_reset_password": Entry(get=public(), post=public()),
    "account_reset_password_done": Entry(get=public()),
    "account_reset_password_from_key": Entry(
        kwargs=_bad_token(uidb36="zz", key="not-a-real-key"), get=public(),
    ),
    "account_reset_password_from_key_done": Entry(get=public()),
    # An unknown key shows the "link has expired or is not valid" page.
    "account_confirm_email": Entry(kwargs=_bad_token(key="not-a-real-key"), get=public()),
    # Both only make sense in the middle of a sign-in; outside one allauth sends people on.
    "account_confirm_login_code": Entry(get=signed_in_land(LOGIN)),
    "mfa_authenticate": Entry(get=signed_in_land(LOGIN)),
    "mfa_index": Entry(get=everyone(200, anonymous=LOGIN)),
    # Changing two-factor settings asks for the password again (a test sign-in is not recent).
    # Coaches and council admins have an authenticator app, so allauth asks them for a code.
    "mfa_reauthenticate": Entry(get=everyone(REAUTHENTICATE, anonymous=LOGIN,
                                             **dict.fromkeys(TWO_FACTOR_ROLES, 200))),
    "mfa_activate_totp": Entry(get=everyone(REAUTHENTICATE, anonymous=LOGIN)),
    "mfa_generate_recovery_codes": Entry(get=everyone(REAUTHENTICATE, anonymous=LOGIN)),
    # Only coaches and council admins have an authenticator app to turn off.
    "mfa_deactivate_totp": Entry(get=everyone(404, anonymous=LOGIN,
                                              **dict.fromkeys(TWO_FACTOR_ROLES, REAUTHENTICATE))),
    "mfa_view_recovery_codes": Entry(get=everyone(404, anonymous=LOGIN)),
    "mfa_download_recovery_codes": Entry(get=everyone(404, anonymous=LOGIN)),
    # -- The Django admin: council admins only, signed in with two factors ------------------------
    # The admin signs in through allauth (goodwork.core.mfa.AdminMFAMiddleware): visitors and its
    # own sign-in page go to the portal's; signed-in people who are not staff get the admin's
    # refusal.
    "admin:index": Entry(get=ADMIN_ONLY),
    "admin:login": Entry(get=everyone(LOGIN)),
    "admin:logout": Entry(
        get=everyone(Redirect("admin:index"), council_admin=405, anonymous=LOGIN),
        post=everyone(Redirect("admin:index"), council_admin=200, anonymous=LOGIN),
    ),
    "admin:jsi18n": Entry(get=ADMIN_ONLY),
    # Site settings is a single row: its change list opens that row's page.
    "admin:goodwork_sitesettings_changelist": Entry(
        get=only("council_admin", ok=302, otherwise=ADMIN_LOGIN),
    ),
    "admin:autocomplete": Entry(get=only("council_admin", ok=403, otherwise=ADMIN_LOGIN)),
    # "Export all as CSV" and "Run the pledge check now": buttons on a change list, POST only.
    **{
        f"admin:{model}_export": Entry(
            get=only("council_admin", ok=405, otherwise=ADMIN_LOGIN),
            post=only("council_admin", otherwise=ADMIN_LOGIN),
        )
        for model in ("jobs_vacancy", "goodwork_user", "residents_joboutcome",
                      "employers_pledgecheck")
    },
    **{
        f"admin:{model}_run_pledge_check": Entry(
            get=only("council_admin", ok=405, otherwise=ADMIN_LOGIN),
            post=only("council_admin", ok=Redirect(f"admin:{model}_changelist"),
                      otherwise=ADMIN_LOGIN),
        )
        for model in ("employers_pledge", "employers_pledgecheck", "employers_pledgecheckrun")
    },
}

# Third-party URLs not walked, with the reason. Patterns use shell-style wildcards.
EXCLUDED: dict[str, str] = {
    "admin:*_add": "Django admin: same admin_view guard as the change list, which is walked",
    "admin:*_change": "Django admin: needs an object of each model; guarded like the change list",
    "admin:*_delete": "Django admin: needs an object of each model; guarded like the change list",
    "admin:*_history": "Django admin: needs an object of each model; guarded like the change list",
    "admin:*_password_change": "Django admin: needs a user id; guarded like the change list",
    "admin:app_list": "Django admin: one page per app label, guarded like admin:index",
    "admin:view_on_site": "Django admin: a redirect to the object's own public page",
    "admin:password_change": "Django admin: the council uses allauth's password pages instead",
    "admin:password_change_done": "Django admin: the council uses allauth's password pages instead",
}


def admin_changelist_entry() -> Entry:
    return Entry(get=ADMIN_ONLY)


def entry_for(url_name: str) -> Entry | None:
    if url_name in EXPECTATIONS:
        return EXPECTATIONS[url_name]
    if url_name.startswith("admin:") and url_name.endswith("_changelist"):
        return admin_changelist_entry()
    return None


def exclusion_reason(url_name: str) -> str | None:
    for pattern, reason in EXCLUDED.items():
        if fnmatch.fnmatchcase(url_name, pattern):
            return reason
    return None
