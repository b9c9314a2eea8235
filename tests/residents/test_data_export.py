"""'Download your data' holds every kind of personal data the portal keeps about a resident,
as JSON and on the page, and nobody else's."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from goodwork.core.models import User
from residents.coaching.models import Consent
from residents.coaching.services.caseload import resident_record_view
from residents.models import Resident
from residents.selectors.export import EMAIL_NOT_VERIFIED, EXPORT_SECTIONS, NOT_IN_EXPORT
from tests.goodwork.core.factories import PASSWORD, AuditEventFactory, CouncilAdminFactory
from tests.jobs.factories import LiveVacancyFactory
from tests.residents.coaching.factories import (
    BarrierFactory,
    CaseloadEntryFactory,
    CaseNoteFactory,
    ConsentFactory,
    ConvictionsBarrierFactory,
    DoneActionFactory,
    FlexibleWorkingRequestFactory,
    HealthBarrierFactory,
    JobOutcome13WeeksRecordedFactory,
    ProviderTransferFactory,
    ReferralFactory,
    WithdrawnConsentFactory,
)
from tests.residents.factories import (
    CoachFactory,
    OwnedSavedSearchFactory,
    ProviderFactory,
    ResidentFactory,
    SavedSearchFactory,
    SentAlertDeliveryFactory,
    ShortlistFactory,
)

pytestmark = pytest.mark.django_db

TOTP_SECRET = "JBSWY3DPEHPK3PXPSECRET"


@dataclass
class Everything:
    resident: Resident
    # Per section key: texts that must appear in it, in the JSON and on the page.
    expected: dict[str, list[str]]
    letter: str


def _everything(tag: str) -> Everything:
    """A resident with a record of every kind, each text carrying ``tag``."""
    name = tag.title()
    resident = ResidentFactory(
        user__first_name=name,
        user__last_name=f"{name}son",
        user__email=f"{tag}@example.org",
        phone="020 7974 0000",
        postcode="NW5 1SN",
        health_consent_at=timezone.now(),
        health_condition=f"Health condition {tag}",
    )
    user = resident.user
    EmailAddress.objects.create(user=user, email=f"{tag}.old@example.org", verified=False)

    ShortlistFactory(resident=resident, vacancy=LiveVacancyFactory(title=f"Shortlisted job {tag}"))
    owned = OwnedSavedSearchFactory(owner=user, name=f"Owned alert {tag}")
    # Made before the person had an account, to the same address (in other letters' case).
    signed_out = SavedSearchFactory(
        owner=None, email=user.email.upper(), name=f"Signed-out alert {tag}"
    )
    SentAlertDeliveryFactory(saved_search=owned, vacancy=LiveVacancyFactory(title=f"Alerted {tag}"))
    SentAlertDeliveryFactory(
        saved_search=signed_out, vacancy=LiveVacancyFactory(title=f"Signed-out alerted {tag}")
    )

    provider = ProviderFactory(name=f"{name} Employment Support")
    coach = CoachFactory(
        provider=provider, user__first_name="Coach", user__last_name=f"{name}worth"
    )
    ConsentFactory(
        resident=resident,
        provider=provider,
        shares_health=True,
        given_by=coach.user,
        method=Consent.Method.PHONE,
    )
    left = ProviderFactory(name=f"{name} Former Provider")
    WithdrawnConsentFactory(
        resident=resident, provider=left, given_by=user, method=Consent.Method.ONLINE,
        withdrawn_by=user,
    )
    CaseloadEntryFactory(resident=resident, coach=coach, goals=f"Goals {tag}")
    CaseNoteFactory(resident=resident, author=coach, text=f"Case note {tag}")
    BarrierFactory(resident=resident, recorded_by=coach, note=f"Childcare barrier {tag}")
    HealthBarrierFactory(resident=resident, recorded_by=coach, note=f"Health barrier {tag}")
    ConvictionsBarrierFactory(
        resident=resident, recorded_by=coach, note=f"Convictions barrier {tag}"
    )
    DoneActionFactory(resident=resident, created_by=coach, description=f"Action {tag}")
    ReferralFactory(
        resident=resident,
        coach=coach,
        vacancy=LiveVacancyFactory(title=f"Referred job {tag}"),
        message=f"Referral reason {tag}",
    )
    JobOutcome13WeeksRecordedFactory(
        resident=resident, coach=coach, employer_name=f"Employer {tag}", job_title=f"Job {tag}"
    )
    request = FlexibleWorkingRequestFactory(
        resident=resident, prepared_by=coach, employer_name=f"Flexible employer {tag}"
    )
    ProviderTransferFactory(
        resident=resident,
        from_coach=coach,
        to_provider=ProviderFactory(name=f"{name} Receiving Provider"),
        reason=f"Move reason {tag}",
        on_caseload=False,
    )
    resident_record_view(resident=resident, viewer=coach.user)
    officer = CouncilAdminFactory(first_name="Officer", last_name=f"{name}ham")
    AuditEventFactory(resident=resident, actor=officer, detail="Opened in the admin")

    return Everything(
        resident=resident,
        letter=request.letter,
        expected={
            "account": [user.email, f"{tag}.old@example.org", "TOTP Authenticator", name],
            "profile": [f"Health condition {tag}", "NW5 1SN"],
            "shortlist": [f"Shortlisted job {tag}"],
            "saved_searches": [f"Owned alert {tag}", f"Signed-out alert {tag}"],
            "alerts_sent": [f"Alerted {tag}", f"Signed-out alerted {tag}"],
            "consents": [
                provider.name,
                "By phone, to a work coach",
                left.name,
                "Given online by the resident",
            ],
            "caseload": [f"Goals {tag}", f"Coach {name}worth"],
            "case_notes": [f"Case note {tag}"],
            "barriers": [
                f"Childcare barrier {tag}",
                f"Health barrier {tag}",
                f"Convictions barrier {tag}",
                "Health or disability",
                "Convictions",
            ],
            "actions": [f"Action {tag}"],
            "referrals": [f"Referred job {tag}", f"Referral reason {tag}"],
            "job_outcomes": [f"Job {tag}", f"Employer {tag}", "13 weeks"],
            "flexible_working_requests": [f"Flexible employer {tag}"],
            "provider_transfers": [f"Move reason {tag}", f"{name} Receiving Provider"],
            "record_views": [
                f"Coach {name}worth",
                provider.name,
                "Opened the resident record",
                f"Officer {name}ham",
                "Camden Council",
            ],
        },
    )


def _sign_in(client, user: User) -> None:
    client.get(reverse("account_login"))
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def _download(client) -> tuple[dict, str]:
    page = client.get(reverse("residents:your_data"))
    assert page.status_code == 200
    html = page.content.decode()
    link = reverse("residents:your_data_download")
    assert f'href="{link}"' in html
    response = client.get(link)
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content), html


@pytest.fixture
def mine() -> Everything:
    return _everything("kestrel")


@pytest.fixture
def theirs() -> Everything:
    return _everything("osprey")


def test_the_download_holds_every_kind_of_personal_data_and_nobody_elses(client, mine, theirs):
    _sign_in(client, mine.resident.user)
    # Set up once signed in: with it, signing in asks for a code.
    Authenticator.objects.create(
        user=mine.resident.user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
    )
    data, html = _download(client)
    sections = data["sections"]

    assert set(sections) == {section.key for section in EXPORT_SECTIONS} == set(mine.expected)
    for key, texts in mine.expected.items():
        section = json.dumps(sections[key], ensure_ascii=False)
        for text in texts:
            assert text in section, (key, text)
            assert escape(text) in html, (key, text)
    assert [r["letter"] for r in sections["flexible_working_requests"]] == [mine.letter]
    assert escape(mine.letter) in html
    assert data["not_included"] == []

    everything = json.dumps(data, ensure_ascii=False)
    assert TOTP_SECRET not in everything and TOTP_SECRET not in html
    for text in ("osprey", theirs.resident.user.email, theirs.resident.full_name):
        assert text.lower() not in everything.lower(), text
        assert text.lower() not in html.lower(), text


def test_health_and_convictions_barriers_are_the_residents_own_whatever_the_consent(
    client, mine
):
    Consent.objects.filter(resident=mine.resident).update(shares_health=False)
    _sign_in(client, mine.resident.user)
    data, _ = _download(client)
    kinds = {barrier["barrier"] for barrier in data["sections"]["barriers"]}
    assert {"Health or disability", "Convictions", "Childcare"} <= kinds


def test_consents_say_how_they_were_given_and_withdrawn(client, mine):
    _sign_in(client, mine.resident.user)
    data, _ = _download(client)
    by_provider = {c["provider"]: c for c in data["sections"]["consents"]}
    current = by_provider["Kestrel Employment Support"]
    assert current["how_it_was_given"] == "By phone, to a work coach"
    assert current["recorded_by"] == "Coach Kestrelworth"
    assert current["shares_health_disability_and_convictions"] is True
    assert current["withdrawn"] is None
    withdrawn = by_provider["Kestrel Former Provider"]
    assert withdrawn["recorded_by"] == withdrawn["withdrawn_by"] == "You"
    assert withdrawn["withdrawn"] is not None


def test_viewers_are_named_with_their_provider_and_the_residents_own_views_are_not(
    client, mine
):
    AuditEventFactory(resident=mine.resident, actor=mine.resident.user, detail="Own view")
    _sign_in(client, mine.resident.user)
    data, _ = _download(client)
    views = {(v["who"], v["provider"], v["what"]) for v in data["sections"]["record_views"]}
    assert views == {
        ("Coach Kestrelworth", "Kestrel Employment Support", "Opened the resident record"),
        ("Officer Kestrelham", "Camden Council", "Opened in the admin"),
    }


def test_alerts_made_signed_out_wait_for_the_address_to_be_confirmed(client, mine):
    user = mine.resident.user
    EmailAddress.objects.filter(user=user, email=user.email).update(verified=False)
    # Signing in needs a confirmed address; this person confirmed it, then it was changed.
    client.force_login(user)
    data, html = _download(client)
    names = {s["name"] for s in data["sections"]["saved_searches"]}
    assert names == {"Owned alert kestrel"}
    assert "Signed-out alerted kestrel" not in json.dumps(data)
    note = EMAIL_NOT_VERIFIED.format(email=user.email)
    assert data["not_included"] == [note]
    assert escape(note) in html

    EmailAddress.objects.filter(user=user, email=user.email).update(verified=True)
    data, html = _download(client)
    names = {s["name"] for s in data["sections"]["saved_searches"]}
    assert names == {"Owned alert kestrel", "Signed-out alert kestrel"}
    assert data["not_included"] == [] and escape(note) not in html


def test_alerts_to_an_address_the_account_never_proved_are_not_shown(client, mine):
    user = mine.resident.user
    SavedSearchFactory(owner=None, email="kestrel.old@example.org", name="Old address alert")
    _sign_in(client, user)
    data, _ = _download(client)
    assert "Old address alert" not in {s["name"] for s in data["sections"]["saved_searches"]}
    EmailAddress.objects.filter(user=user, email="kestrel.old@example.org").update(verified=True)
    data, _ = _download(client)
    assert "Old address alert" in {s["name"] for s in data["sections"]["saved_searches"]}


def test_every_model_about_a_resident_or_an_account_is_exported_or_excluded_with_a_reason():
    covered = {model._meta.label for section in EXPORT_SECTIONS for model in section.covers}
    missing = []
    for model in apps.get_models():
        points_at_a_person = any(
            field.concrete and field.is_relation and field.related_model in (Resident, User)
            for field in model._meta.get_fields()
        )
        label = model._meta.label
        if points_at_a_person and label not in covered and label not in NOT_IN_EXPORT:
            missing.append(label)
    assert missing == [], f"Export these, or say in NOT_IN_EXPORT why not: {missing}"
    assert not covered & set(NOT_IN_EXPORT)
    for label, reason in NOT_IN_EXPORT.items():
        apps.get_model(label)
        assert len(reason) > 20, label


def test_the_page_reads_as_many_queries_however_much_there_is(client, mine):
    _sign_in(client, mine.resident.user)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("residents:your_data")).status_code == 200

    # A second record of every kind, moved to the same resident; more alerts and more viewers.
    more = _everything("merlin")
    for model in {model for section in EXPORT_SECTIONS for model in section.covers}:
        if any(f.name == "resident" and f.related_model is Resident for f in model._meta.fields):
            model.objects.filter(resident=more.resident).update(resident=mine.resident)
    for _ in range(2):
        search = OwnedSavedSearchFactory(owner=mine.resident.user)
        SentAlertDeliveryFactory(saved_search=search)
        resident_record_view(resident=mine.resident, viewer=CoachFactory().user)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("residents:your_data"))
    assert "Goals merlin" in page.content.decode()
    assert len(many) == len(few)
