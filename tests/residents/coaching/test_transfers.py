"""Moving a resident: to a colleague at the same provider (the coach's decision), or to another
provider (the resident's, online or told to a coach there, who records how)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from residents.coaching import forms
from residents.coaching.models import (
    CaseloadEntry,
    CaseNote,
    Consent,
    ProviderTransfer,
)
from residents.coaching.services import transfers as transfer_services
from tests.residents.coaching.factories import CaseNoteFactory
from tests.residents.coaching.helpers import on_caseload
from tests.residents.factories import (
    CoachFactory,
    OfflineResidentFactory,
    ProviderFactory,
    ResidentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sending(db):
    return CoachFactory()


@pytest.fixture
def receiving(db):
    return CoachFactory(provider=ProviderFactory(name="Camden Learning"))


def _record(resident) -> str:
    return reverse("coaching:record", kwargs={"pk": resident.pk})


def _options(page: str, name: str) -> str:
    start = page.index(f'name="{name}"')
    return page[start : page.index("</select>", start)]


def test_transfer_form_offers_only_colleagues_at_the_same_provider(
    client, mfa_login, sending, receiving
):
    colleague = CoachFactory(provider=sending.provider)
    entry = on_caseload(sending)
    mfa_login(client, sending.user)
    page = client.get(reverse("coaching:transfer", kwargs={"pk": entry.resident_id}))
    options = _options(page.content.decode(), "to_coach")
    assert escape(colleague.user.display_name) in options
    assert escape(receiving.user.display_name) not in options
    # Posting another provider's coach anyway is refused, and nothing moves.
    response = client.post(
        reverse("coaching:transfer", kwargs={"pk": entry.resident_id}),
        {"to_coach": receiving.pk},
    )
    assert escape(forms.TRANSFER_COACH_MISSING) in response.content.decode()
    assert not Consent.objects.filter(provider=receiving.provider).exists()
    assert CaseloadEntry.objects.open().get(resident=entry.resident).coach == sending
    # A colleague is fine, and the record page says where the resident went.
    response = client.post(
        reverse("coaching:transfer", kwargs={"pk": entry.resident_id}),
        {"to_coach": colleague.pk, "reason": "Evening appointments"},
    )
    assert response.status_code == 302
    assert CaseloadEntry.objects.open().get(resident=entry.resident).coach == colleague


def _suggest(client, mfa_login, sending, receiving, resident):
    mfa_login(client, sending.user)
    client.get(_record(resident))
    client.get(reverse("coaching:transfer_propose", kwargs={"pk": resident.pk}))
    response = client.post(
        reverse("coaching:transfer_propose", kwargs={"pk": resident.pk}),
        {"to_provider": receiving.provider.pk, "reason": "It's closer to home"},
    )
    assert response.status_code == 302
    return ProviderTransfer.objects.pending().get(resident=resident)


def test_a_resident_agrees_online_and_the_sending_provider_loses_access(
    client, mfa_login, sending, receiving, django_capture_on_commit_callbacks
):
    resident = ResidentFactory()
    on_caseload(sending, resident)
    CaseNoteFactory(resident=resident, author=sending, text="The sending provider's note")
    with django_capture_on_commit_callbacks(execute=True):
        transfer = _suggest(client, mfa_login, sending, receiving, resident)
    # Until the resident agrees, nothing changes for either provider.
    assert client.get(_record(resident)).status_code == 200
    assert not Consent.objects.filter(provider=receiving.provider).exists()
    assert [m.to for m in mail.outbox] == [[resident.user.email]]
    assert "It's closer to home" in mail.outbox[0].body

    client.force_login(resident.user)
    plan = client.get(reverse("coaching:plan")).content.decode()
    answer = reverse("coaching:plan_transfer", kwargs={"transfer_pk": transfer.pk})
    assert answer in plan
    client.get(answer)
    # "Yes" without choosing what to share is an error shown on the form.
    response = client.post(answer, {"answer": "yes"})
    assert escape(forms.TRANSFER_SHARES_MISSING) in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(answer, {"answer": "yes", "shares": ["profile"]})
    assert response.status_code == 302
    told = mail.outbox[-1]  # the coach who takes them on
    assert told.to == [receiving.user.email]
    assert f"{resident.full_name} has agreed to move from {sending.provider}" in told.body

    consent = Consent.objects.current().get(resident=resident, provider=receiving.provider)
    assert (consent.given_by, consent.method) == (resident.user, Consent.Method.ONLINE)
    assert consent.shares_profile and not consent.shares_plan and not consent.shares_health
    assert not Consent.objects.current().filter(provider=sending.provider).exists()
    transfer.refresh_from_db()
    assert transfer.status == "agreed" and transfer.consent == consent
    # The sending coach can no longer open the record; its note stays, unseen by the new one.
    mfa_login(client, sending.user)
    assert client.get(_record(resident)).status_code == 404
    assert CaseNote.objects.filter(resident=resident, provider=sending.provider).exists()
    mfa_login(client, receiving.user)
    page = client.get(_record(resident)).content.decode()
    assert escape(resident.full_name) in page and "The sending provider" not in page


def test_the_receiving_coach_records_how_the_resident_agreed(
    client, mfa_login, sending, receiving
):
    resident = OfflineResidentFactory()
    on_caseload(sending, resident)
    transfer = _suggest(client, mfa_login, sending, receiving, resident)
    assert mail.outbox == []  # no account, so no email
    incoming = reverse("coaching:transfer_incoming", kwargs={"transfer_pk": transfer.pk})
    # A coach at a third provider cannot even see the move.
    mfa_login(client, CoachFactory().user)
    assert client.get(incoming).status_code == 404
    mfa_login(client, receiving.user)
    caseload = client.get(reverse("coaching:caseload")).content.decode()
    assert incoming in caseload and escape(resident.full_name) in caseload
    # Before the resident agrees the receiving provider cannot open the record.
    assert client.get(_record(resident)).status_code == 404
    client.get(incoming)
    response = client.post(incoming, {"shares": ["profile", "plan"], "method": "online"})
    assert escape(forms.CONSENT_METHOD_MISSING) in response.content.decode()
    response = client.post(incoming, {"shares": ["profile", "plan"], "method": "phone"})
    assert response["Location"] == _record(resident)
    consent = Consent.objects.current().get(resident=resident, provider=receiving.provider)
    assert (consent.given_by, consent.method) == (receiving.user, Consent.Method.PHONE)
    assert CaseloadEntry.objects.open().get(resident=resident).coach == receiving
    assert "phone" in client.get(_record(resident)).content.decode()


def test_a_declined_or_cancelled_move_changes_nothing(client, mfa_login, sending, receiving):
    resident = ResidentFactory()
    on_caseload(sending, resident)
    transfer = _suggest(client, mfa_login, sending, receiving, resident)
    client.force_login(resident.user)
    answer = reverse("coaching:plan_transfer", kwargs={"transfer_pk": transfer.pk})
    client.get(answer)
    assert client.post(answer, {"answer": "no"}).status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == "declined"
    assert Consent.objects.current().get(resident=resident).provider == sending.provider
    assert client.get(answer).status_code == 404  # decided: nothing left to answer

    again = _suggest(client, mfa_login, sending, receiving, resident)
    cancel = reverse(
        "coaching:transfer_cancel", kwargs={"pk": resident.pk, "transfer_pk": again.pk}
    )
    assert client.post(cancel, {}, from_page=_record(resident)).status_code == 302
    again.refresh_from_db()
    assert again.status == "cancelled"
    with pytest.raises(Exception, match=transfer_services.TRANSFER_NOT_PENDING):
        transfer_services.transfer_agree(
            transfer=again,
            by=resident.user,
            shares_profile=True,
            shares_health=False,
            shares_plan=True,
        )


def test_another_resident_cannot_answer_a_move(client, sending, receiving):
    resident = ResidentFactory()
    on_caseload(sending, resident)
    transfer = ProviderTransfer.objects.create(
        resident=resident,
        from_provider=sending.provider,
        from_coach=sending,
        to_provider=receiving.provider,
    )
    client.force_login(ResidentFactory().user)
    answer = reverse("coaching:plan_transfer", kwargs={"transfer_pk": transfer.pk})
    assert client.get(answer).status_code == 404
    response = client.post(answer, {"answer": "yes", "shares": ["plan"]}, forged=True)
    assert response.status_code == 404
    transfer.refresh_from_db()
    assert transfer.status == "pending"


def test_the_move_form_offers_other_providers_with_coaches(client, mfa_login, sending, receiving):
    empty = ProviderFactory(name="No coaches yet")
    entry = on_caseload(sending)
    mfa_login(client, sending.user)
    page = client.get(
        reverse("coaching:transfer_propose", kwargs={"pk": entry.resident_id})
    ).content.decode()
    assert escape(receiving.provider.name) in page
    assert escape(empty.name) not in page
    assert f'value="{sending.provider.pk}"' not in page
    # Sent with no provider chosen: the error, and no move.
    move = reverse("coaching:transfer_propose", kwargs={"pk": entry.resident_id})
    response = client.post(move, {"reason": "Closer to home"})
    assert escape(forms.TRANSFER_PROVIDER_MISSING) in response.content.decode()
    assert not ProviderTransfer.objects.exists()
