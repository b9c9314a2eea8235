"""The admin's date-and-time boxes and its lists of groups and permissions: each box has a
label of its own, and what an officer saves is what the form shows when it is opened again."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from tests.employers.factories import PledgeFactory
from tests.formclient import FormClient
from tests.goodwork.core.factories import UserFactory
from tests.pageforms import as_post, form_values
from tests.residents.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def officer(council_admin, mfa_login) -> FormClient:
    client = FormClient()
    mfa_login(client, council_admin)
    return client


def test_a_pledge_withdrawn_at_a_date_and_time_is_shown_as_saved(council_admin, mfa_login):
    client = officer(council_admin, mfa_login)
    pledge = PledgeFactory()
    url = f"/admin/employers/pledge/{pledge.pk}/change/"
    html = client.get(url).content.decode()
    assert '<label for="id_withdrawn_at_0">Date:</label>' in html
    assert '<label for="id_withdrawn_at_1">Time:</label>' in html
    values = as_post(form_values(html))
    values.update({"withdrawn_at_0": "04/03/2026", "withdrawn_at_1": "10:05:00", "_save": "Save"})
    assert client.post(url, values).status_code == 302

    pledge.refresh_from_db()
    assert timezone.localtime(pledge.withdrawn_at).replace(tzinfo=None) == datetime.datetime(
        2026, 3, 4, 10, 5
    )
    shown = form_values(client.get(url).content.decode())
    assert shown["withdrawn_at_0"] == ["04/03/2026"]
    assert shown["withdrawn_at_1"] == ["10:05:00"]


def test_a_resident_date_and_time_boxes_are_labelled(council_admin, mfa_login):
    resident = ResidentFactory()
    html = officer(council_admin, mfa_login).get(
        f"/admin/residents/resident/{resident.pk}/change/"
    ).content.decode()
    for field in ("health_consent_at", "profile_completed_at"):
        assert f'<label for="id_{field}_0">Date:</label>' in html
        assert f'<label for="id_{field}_1">Time:</label>' in html


def test_a_groups_permissions_are_ticked_boxes_and_shown_as_saved(council_admin, mfa_login):
    client = officer(council_admin, mfa_login)
    group = Group.objects.create(name="Procurement officers")
    chosen = list(Permission.objects.filter(codename__in=["view_pledge", "view_organisation"]))
    url = f"/admin/auth/group/{group.pk}/change/"
    html = client.get(url).content.decode()
    assert 'type="checkbox" name="permissions"' in html
    assert 'id="id_permissions_from"' not in html  # not the two-column chooser
    values = as_post(form_values(html))
    values.update({"permissions": [str(p.pk) for p in chosen], "_save": "Save"})
    assert client.post(url, values).status_code == 302

    assert set(group.permissions.all()) == set(chosen)
    shown = form_values(client.get(url).content.decode())
    assert sorted(shown["permissions"]) == sorted(str(p.pk) for p in chosen)


def test_a_users_groups_are_ticked_boxes_and_shown_as_saved(council_admin, mfa_login):
    client = officer(council_admin, mfa_login)
    group = Group.objects.create(name="Procurement officers")
    Group.objects.create(name="Moderators")
    person = UserFactory()
    url = f"/admin/goodwork/user/{person.pk}/change/"
    html = client.get(url).content.decode()
    assert re.search(r'<input type="checkbox" name="groups" value="\d+"', html)
    values = as_post(form_values(html))
    values.update({"groups": str(group.pk), "_save": "Save"})
    assert client.post(url, values).status_code == 302

    assert list(person.groups.all()) == [group]
    shown = form_values(client.get(url).content.decode())
    assert shown["groups"] == [str(group.pk)]
