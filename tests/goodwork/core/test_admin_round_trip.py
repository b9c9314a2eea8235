"""Every admin change page an officer can save is a round trip: opened and saved as it stands,
it saves, and the row holds what it held."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.urls import reverse

from tests.formclient import FormClient
from tests.goodwork.core.test_admin_walk import _factories
from tests.pageforms import as_post, form_values

pytestmark = pytest.mark.django_db


def _changeable() -> list[str]:
    return sorted(model._meta.label_lower for model in admin.site._registry)


@pytest.mark.parametrize("label", _changeable())
def test_a_change_page_saved_as_it_stands_keeps_the_row(label, council_admin, mfa_login):
    model = next(m for m in admin.site._registry if m._meta.label_lower == label)
    maker = _factories().get(label)
    obj = maker() if maker is not None else model._default_manager.first()
    if obj is None:
        pytest.skip(f"{label}: no factory and no row")
    client = FormClient()
    mfa_login(client, council_admin)
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200, url
    html = page.content.decode()
    if 'name="_save"' not in html:
        return  # a read-only page: nothing to save
    before = model_to_dict(model._default_manager.get(pk=obj.pk))
    response = client.post(url, {**as_post(form_values(html)), "_save": "Save"})
    assert response.status_code == 302, (
        f"{label}: saving the page unchanged was refused:\n"
        + "\n".join(line for line in response.content.decode().splitlines() if "errorlist" in line)
    )
    after = model_to_dict(model._default_manager.get(pk=obj.pk))
    assert after == before
