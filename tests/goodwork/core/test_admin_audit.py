"""Council officers' looks at personal data in the admin, and their edits of it, are written to
the audit log, and each resident sees them on their "who has viewed your record" page."""

from __future__ import annotations

import datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import models
from django.forms import inlineformset_factory
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape

from goodwork.core.admin_audit import AuditedAdminMixin
from goodwork.core.models import AuditEvent
from jobs.choices import ContractType, TimeOption
from residents.coaching.models import JobOutcome, Referral
from residents.models import Resident, SavedSearch, Shortlist
from tests.conftest import _add_totp
from tests.formclient import FormClient
from tests.goodwork.core.factories import CouncilAdminFactory
from tests.jobs.factories import LiveVacancyFactory
from tests.residents.coaching.helpers import on_caseload
from tests.residents.factories import (
    AlertDeliveryFactory,
    CoachFactory,
    OwnedSavedSearchFactory,
    ResidentFactory,
    ShortlistFactory,
)

pytestmark = pytest.mark.django_db

OFFICER = "Priya Shah, Camden Council"

# Registered models whose admin pages show no one's personal data, so need no audit.
NOT_PERSONAL = {
    "auth.group",  # permission groups: names of roles, no people
    "sites.site",
    "goodwork.sitesettings",
    # Employers' organisations and their vacancies, pledges and pledge checks. A pledge names
    # who signed it, and an organisation lists its members' work addresses, in their work role
    # for the organisation, as a provider lists its coaches.
    "jobs.vacancy",
    "jobs.livingwagerate",
    "jobs.minimumwagerate",
    "jobs.flexiblejobssnapshot",
    "employers.organisation",
    "employers.pledgeversion",
    "employers.pledge",
    "employers.pledgecheck",
    "employers.pledgecheckrun",
    "residents.provider",
}


def registered() -> dict[str, admin.ModelAdmin]:
    return {model._meta.label_lower: ma for model, ma in admin.site._registry.items()}


# -- Which admins are audited -----------------------------------------------------------------


def test_every_admin_of_personal_data_writes_to_the_audit_log():
    unaudited = [
        label
        for label, model_admin in registered().items()
        if label not in NOT_PERSONAL and not isinstance(model_admin, AuditedAdminMixin)
    ]
    assert unaudited == []


def test_the_models_said_to_hold_no_personal_data_are_all_registered():
    assert NOT_PERSONAL - set(registered()) == set()


def _points_at_a_resident(model: type[models.Model]) -> bool:
    return model is Resident or any(
        field.related_model is Resident and (field.many_to_one or field.one_to_one)
        for field in model._meta.get_fields()
        if field.concrete
    )


def test_every_audited_admin_finds_the_resident_of_its_rows():
    for label, model_admin in registered().items():
        if not isinstance(model_admin, AuditedAdminMixin):
            continue
        path = model_admin.audit_resident_path
        if _points_at_a_resident(model_admin.model):
            assert path is not None, label
        if path is not None:  # a lookup the database can follow
            str(model_admin.model._default_manager.values_list("pk", path).query)


# -- People and records --------------------------------------------------------------------


@pytest.fixture
def officer(db):
    return CouncilAdminFactory(first_name="Priya", last_name="Shah")


@pytest.fixture
def officer_client(client, officer, mfa_login):
    return mfa_login(client, officer)


@pytest.fixture
def ada(db):
    return ResidentFactory(user__first_name="Ada", user__last_name="Okafor", phone="020 7974 4444")


@pytest.fixture
def records(ada, provider):
    """One of each record the admin shows about Ada, as the portal writes them."""
    coach = CoachFactory(provider=provider)
    entry = on_caseload(coach, ada)  # the consent is written with its audit row
    saved_search = OwnedSavedSearchFactory(owner=ada.user)
    _add_totp(ada.user)
    return {
        "residents.resident": ada,
        "goodwork.user": ada.user,
        "account.emailaddress": EmailAddress.objects.get(user=ada.user),
        "mfa.authenticator": Authenticator.objects.get(user=ada.user),
        "residents.savedsearch": saved_search,
        "residents.alertdelivery": AlertDeliveryFactory(saved_search=saved_search),
        "goodwork.auditevent": AuditEvent.objects.get(resident_id=ada.pk),
        "residents.caseloadentry": entry,
        "residents.consent": ada.consents.get(),
        "residents.referral": Referral.objects.create(
            resident=ada, vacancy=LiveVacancyFactory(), provider=provider, coach=coach
        ),
        "residents.joboutcome": JobOutcome.objects.create(
            resident=ada,
            provider=provider,
            coach=coach,
            start_date=datetime.date(2026, 3, 2),
            employer_name="Camden Care",
            job_title="Care assistant",
            hours_per_week=Decimal("24"),
            hourly_pay=Decimal("15.20"),
            contract_type=ContractType.PERMANENT,
            flexible_options=[TimeOption.PART_TIME],
            living_wage_rate=Decimal("14.80"),
        ),
        "residents.coach": coach,
    }


AUDITED = [
    "residents.resident",
    "goodwork.user",
    "account.emailaddress",
    "mfa.authenticator",
    "residents.savedsearch",
    "residents.alertdelivery",
    "goodwork.auditevent",
    "residents.caseloadentry",
    "residents.consent",
    "residents.referral",
    "residents.joboutcome",
    "residents.coach",
]
ABOUT_NO_RESIDENT = {"residents.coach"}


def admin_url(label: str, view: str, *args) -> str:
    return reverse(f"admin:{label.replace('.', '_')}_{view}", args=args)


class NewEvents:
    """The audit rows written since it was made."""

    def __init__(self) -> None:
        self.before = list(AuditEvent.objects.values_list("pk", flat=True))

    def __call__(self) -> list[AuditEvent]:
        return list(AuditEvent.objects.exclude(pk__in=self.before).order_by("pk"))


def test_every_audited_admin_is_opened_here(records):
    audited = {label for label, ma in registered().items() if isinstance(ma, AuditedAdminMixin)}
    assert audited == set(AUDITED) == set(records)


@pytest.mark.parametrize("label", AUDITED)
def test_opening_a_record_writes_one_view_row_naming_the_officer_and_the_resident(
    officer_client, officer, records, ada, label
):
    obj = records[label]
    new = NewEvents()
    response = officer_client.get(admin_url(label, "change", obj.pk))
    assert response.status_code == 200
    assert [
        (e.actor, e.actor_label, e.action, e.subject_type, e.subject_id, e.resident_id, e.detail)
        for e in new()
    ] == [
        (
            officer,
            OFFICER,
            AuditEvent.Action.VIEW,
            label,
            str(obj.pk),
            None if label in ABOUT_NO_RESIDENT else ada.pk,
            "Opened in the admin",
        )
    ]


@pytest.mark.parametrize("label", AUDITED)
def test_a_list_writes_how_many_were_shown_and_a_row_for_each_resident_on_it(
    officer_client, officer, records, ada, label
):
    model = registered()[label].model
    count = model._default_manager.count()
    new = NewEvents()
    response = officer_client.get(admin_url(label, "changelist"))
    assert response.status_code == 200
    events = new()
    assert {(e.actor, e.actor_label, e.action, e.subject_type, e.subject_id) for e in events} == {
        (officer, OFFICER, AuditEvent.Action.VIEW, label, "list")
    }
    names = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
    summary = f"Listed {count} {names} in the admin, of {count} found"
    expected = [(None, summary)]
    if label not in ABOUT_NO_RESIDENT:
        expected.append(
            (ada.pk, f"Shown in the admin's list of {model._meta.verbose_name_plural}")
        )
    assert [(e.resident_id, e.detail) for e in events] == expected


def test_a_search_is_counted_but_its_words_are_not_written(officer_client, ada):
    ResidentFactory.create_batch(2)
    new = NewEvents()
    response = officer_client.get(admin_url("residents.resident", "changelist"), {"q": "Okafor"})
    assert [r.pk for r in response.context["cl"].result_list] == [ada.pk]
    events = new()
    assert [(e.resident_id, e.detail) for e in events] == [
        (None, "Listed 1 resident in the admin, of 1 found"),
        (ada.pk, "Shown in the admin's list of residents"),
    ]
    assert all("Okafor" not in e.detail and "q=" not in e.detail for e in events)


def test_only_the_residents_on_the_page_shown_get_a_row(officer_client, monkeypatch):
    residents = [ResidentFactory(user__last_name=name) for name in ["Adams", "Brown", "Clarke"]]
    monkeypatch.setattr(registered()["residents.resident"], "list_per_page", 2)
    new = NewEvents()
    officer_client.get(admin_url("residents.resident", "changelist"), {"p": "2"})
    assert [(e.resident_id, e.detail) for e in new()] == [
        (None, "Listed 1 resident in the admin, of 3 found"),
        (residents[2].pk, "Shown in the admin's list of residents"),
    ]


def test_a_record_that_does_not_exist_writes_nothing(officer_client):
    new = NewEvents()
    response = officer_client.get(admin_url("residents.resident", "change", 987654))
    assert response.status_code == 302
    assert new() == []


# -- Edits ---------------------------------------------------------------------------------


class _FormFields(HTMLParser):
    """What a browser would send for one form on a page, as it stands."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        name = a.get("name")
        kind = a.get("type", "text")
        if tag == "input" and name and kind not in ("submit", "button", "file"):
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value") or "on"))
            else:
                self.fields.append((name, a.get("value") or ""))
        elif tag == "input" and name == "_save":
            self.fields.append((name, a.get("value", "")))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = name
            self.fields.append((name, ""))

    def handle_data(self, data):
        if self._textarea:
            name, text = self.fields[-1]
            self.fields[-1] = (name, text + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_fields(html: str, form_id: str) -> dict[str, str | list[str]]:
    parser = _FormFields(form_id)
    parser.feed(html)
    fields: dict[str, str | list[str]] = {}
    for name, value in parser.fields:
        if name in fields:
            previous = fields[name]
            fields[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            fields[name] = value.removeprefix("\n") if isinstance(value, str) else value
    return fields


def test_an_edit_writes_the_names_of_the_fields_changed_and_none_of_their_values(
    officer_client, officer, ada
):
    url = admin_url("residents.resident", "change", ada.pk)
    before = form_fields(officer_client.get(url).text, "resident_form")
    assert before["last_name"] == "Okafor" and before["phone"] == "020 7974 4444"
    new = NewEvents()
    response = officer_client.post(
        url, {**before, "last_name": "Okafor-Mensah", "phone": "07700 900123"}
    )
    assert response.status_code == 302
    (event,) = new()
    assert (event.actor, event.actor_label, event.action) == (
        officer,
        OFFICER,
        AuditEvent.Action.CHANGE,
    )
    assert (event.subject_type, event.subject_id, event.resident_id) == (
        "residents.resident",
        str(ada.pk),
        ada.pk,
    )
    assert event.detail == "Edited in the admin: last_name, phone"
    assert "Okafor" not in event.detail and "07700" not in event.detail
    after = form_fields(officer_client.get(url).text, "resident_form")
    assert (after["last_name"], after["phone"]) == ("Okafor-Mensah", "07700 900123")
    unchanged = (before.keys() | after.keys()) - {"last_name", "phone", "csrfmiddlewaretoken"}
    assert {k: after.get(k) for k in unchanged} == {k: before.get(k) for k in unchanged}


def test_saving_a_record_unchanged_writes_no_change(officer_client, ada):
    url = admin_url("residents.resident", "change", ada.pk)
    fields = form_fields(officer_client.get(url).text, "resident_form")
    new = NewEvents()
    assert officer_client.post(url, fields).status_code == 302
    assert new() == []


def test_a_form_sent_back_with_errors_is_a_view(officer_client, ada):
    url = admin_url("residents.resident", "change", ada.pk)
    fields = form_fields(officer_client.get(url).text, "resident_form")
    new = NewEvents()
    response = officer_client.post(url, {**fields, "first_name": ""})
    assert response.status_code == 200
    assert [(e.action, e.resident_id, e.detail) for e in new()] == [
        (AuditEvent.Action.VIEW, ada.pk, "Opened in the admin")
    ]
    ada.refresh_from_db()
    assert ada.first_name == "Ada"


def test_adding_a_resident_writes_a_create_row_with_the_fields_given(officer_client):
    url = reverse("admin:residents_resident_add")
    fields = form_fields(officer_client.get(url).text, "resident_form")
    new = NewEvents()
    response = officer_client.post(url, {**fields, "first_name": "Bea", "last_name": "Lund"})
    assert response.status_code == 302
    resident = Resident.objects.get(last_name="Lund")
    assert [(e.action, e.subject_id, e.resident_id, e.detail) for e in new()] == [
        (AuditEvent.Action.CREATE, str(resident.pk), resident.pk,
         "Added in the admin: first_name, last_name"),
    ]


def test_setting_a_residents_password_is_written_without_the_password(officer_client, ada):
    url = reverse("admin:auth_user_password_change", args=[ada.user.pk])
    fields = form_fields(officer_client.get(url).text, "user_form")
    new = NewEvents()
    response = officer_client.post(
        url, {**fields, "password1": "An0ther-long-passw0rd", "password2": "An0ther-long-passw0rd"}
    )
    assert response.status_code == 302
    assert [(e.action, e.subject_id, e.resident_id, e.detail) for e in new()] == [
        (AuditEvent.Action.CHANGE, str(ada.user.pk), ada.pk, "Edited in the admin: password"),
    ]


def test_deleting_a_record_writes_a_view_of_the_confirmation_then_a_delete(officer_client, ada):
    search = OwnedSavedSearchFactory(owner=ada.user)
    url = admin_url("residents.savedsearch", "delete", search.pk)
    new = NewEvents()
    assert officer_client.get(url).status_code == 200
    assert officer_client.post(url, {"post": "yes"}).status_code == 302
    assert not SavedSearch.objects.filter(pk=search.pk).exists()
    assert [(e.actor_label, e.action, e.subject_id, e.resident_id, e.detail) for e in new()] == [
        (OFFICER, AuditEvent.Action.VIEW, str(search.pk), ada.pk,
         "Opened in the admin, to delete it"),
        (OFFICER, AuditEvent.Action.DELETE, str(search.pk), ada.pk, "Removed in the admin"),
    ]


def test_deleting_selected_records_writes_one_delete_row_each(officer_client, ada):
    searches = OwnedSavedSearchFactory.create_batch(2, owner=ada.user)
    url = admin_url("residents.savedsearch", "changelist")
    picked = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [s.pk for s in searches]}
    officer_client.get(url)
    new = NewEvents()
    confirm = officer_client.post(url, picked)
    assert confirm.status_code == 200 and SavedSearch.objects.count() == 2
    confirming = "Shown in the admin, to confirm an action on it"
    assert sorted((e.action, e.subject_id, e.resident_id, e.detail) for e in new()) == sorted(
        (AuditEvent.Action.VIEW, str(s.pk), ada.pk, confirming) for s in searches
    )
    new = NewEvents()
    done = officer_client.post(url, {**picked, "post": "yes"})
    assert done.status_code == 302 and not SavedSearch.objects.exists()
    assert sorted((e.action, e.subject_id, e.resident_id, e.detail) for e in new()) == sorted(
        (AuditEvent.Action.DELETE, str(s.pk), ada.pk, "Removed in the admin") for s in searches
    )


def test_an_admin_action_writes_the_fields_it_changed(officer_client, ada):
    address = EmailAddress.objects.get(user=ada.user)
    EmailAddress.objects.filter(pk=address.pk).update(verified=False)
    officer_client.get(admin_url("account.emailaddress", "changelist"))
    new = NewEvents()
    response = officer_client.post(
        admin_url("account.emailaddress", "changelist"),
        {"action": "make_verified", ACTION_CHECKBOX_NAME: [address.pk]},
    )
    assert response.status_code == 302
    address.refresh_from_db()
    assert address.verified
    assert [(e.action, e.subject_id, e.resident_id, e.detail) for e in new()] == [
        (AuditEvent.Action.CHANGE, str(address.pk), ada.pk,
         "Edited in the admin by the action make_verified: verified"),
    ]


def test_inline_rows_added_changed_and_removed_are_written_for_the_parents_resident(
    officer, ada
):
    kept, dropped = ShortlistFactory(resident=ada), ShortlistFactory(resident=ada)
    vacancy = LiveVacancyFactory()
    Formset = inlineformset_factory(Resident, Shortlist, fields=["vacancy", "applied_at"], extra=1)
    data = {
        "shortlist-TOTAL_FORMS": "3",
        "shortlist-INITIAL_FORMS": "2",
        "shortlist-0-id": str(kept.pk),
        "shortlist-0-vacancy": str(kept.vacancy_id),
        "shortlist-0-applied_at": "2026-03-02 10:00",
        "shortlist-1-id": str(dropped.pk),
        "shortlist-1-vacancy": str(dropped.vacancy_id),
        "shortlist-1-DELETE": "on",
        "shortlist-2-vacancy": str(vacancy.pk),
    }
    formset = Formset(data, instance=ada, prefix="shortlist")
    assert formset.is_valid(), formset.errors
    request = RequestFactory().post("/")
    request.user = officer

    class Parent:
        instance = ada

    new = NewEvents()
    registered()["residents.resident"].save_formset(request, Parent, formset, change=True)
    added = Shortlist.objects.get(vacancy=vacancy)
    events = new()
    assert {e.subject_type for e in events} == {"residents.shortlist"}
    assert sorted((e.action, e.subject_id, e.resident_id, e.detail) for e in events) == sorted(
        [
            (AuditEvent.Action.CREATE, str(added.pk), ada.pk, "Added in the admin: vacancy"),
            (AuditEvent.Action.CHANGE, str(kept.pk), ada.pk, "Edited in the admin: applied_at"),
            (AuditEvent.Action.DELETE, str(dropped.pk), ada.pk, "Removed in the admin"),
        ]
    )


# -- What the resident sees ------------------------------------------------------------------


def test_the_resident_sees_the_officer_by_name_and_council_among_who_viewed_their_record(
    officer_client, ada
):
    officer_client.get(admin_url("residents.resident", "changelist"))
    officer_client.get(admin_url("residents.resident", "change", ada.pk))
    resident_client = FormClient()
    resident_client.force_login(ada.user)
    page = resident_client.get(reverse("coaching:record_views"))
    assert page.status_code == 200
    rows = [(e.actor_label, e.detail) for e in page.context["events"]]
    assert rows == [
        (OFFICER, "Opened in the admin"),
        (OFFICER, "Shown in the admin's list of residents"),
    ]
    assert escape(OFFICER) in page.text
    assert "Viewed: Opened in the admin" in page.text
