"""The test client posts as a browser does: with the token of the form on the page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from residents.models import Shortlist
from tests.formclient import form_token
from tests.jobs.factories import LiveVacancyFactory

PAGE = """
<form method="get" action="/jobs/"><input name="q"></form>
<form method="post" action="/shortlist/7/remove/">
  <input type="hidden" name="csrfmiddlewaretoken" value="remove-token">
</form>
<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="own-token"></form>
<form method="post" action="/shortlist/8/applied/"></form>
"""


def test_a_form_is_found_by_its_action_and_method():
    token = form_token(PAGE, page_url="/shortlist/", post_url="/shortlist/7/remove/")
    assert token == "remove-token"


def test_a_form_without_an_action_posts_to_its_own_page():
    assert form_token(PAGE, page_url="/shortlist/", post_url="/shortlist/") == "own-token"


def test_a_form_rendered_without_its_token_gives_none():
    assert form_token(PAGE, page_url="/shortlist/", post_url="/shortlist/8/applied/") is None


def test_a_get_form_is_not_a_post_form():
    assert form_token(PAGE, page_url="/shortlist/", post_url="/jobs/") is None


@pytest.mark.django_db
def test_a_button_the_page_does_not_show_is_refused_as_a_browser_would_be(resident_client):
    vacancy = LiveVacancyFactory()
    url = reverse("residents:shortlist_add", kwargs={"vacancy_pk": vacancy.pk})
    # The shortlist page has no button to add a job: posting from it carries no token.
    assert resident_client.post(url, from_page=reverse("residents:shortlist")).status_code == 403
    assert not Shortlist.objects.exists()
    # The job page has one.
    assert resident_client.post(url, from_page=vacancy.get_absolute_url()).status_code == 302
    assert Shortlist.objects.filter(vacancy=vacancy).exists()


@pytest.mark.django_db
def test_after_a_redirect_the_next_form_comes_from_the_page_it_led_to(resident_client):
    vacancy = LiveVacancyFactory()
    resident_client.post(
        reverse("residents:shortlist_add", kwargs={"vacancy_pk": vacancy.pk}),
        {"next": reverse("residents:shortlist")},
        from_page=vacancy.get_absolute_url(),
    )
    entry = Shortlist.objects.get()
    # Back on the shortlist, where its "Remove" button is.
    response = resident_client.post(reverse("residents:shortlist_remove", kwargs={"pk": entry.pk}))
    assert response.status_code == 302
    assert not Shortlist.objects.exists()
