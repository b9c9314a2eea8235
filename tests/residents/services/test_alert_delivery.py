import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from employers.models import Organisation
from goodwork.core.models import SiteSettings
from jobs.choices import Sector, TimeOption
from jobs.models import Vacancy
from residents.models import AlertDelivery, SavedSearch
from residents.services import alert_delivery as delivery
from residents.services import alerts
from tests.jobs.factories import LiveVacancyFactory
from tests.residents.factories import SavedSearchFactory

pytestmark = pytest.mark.django_db


def publish_and_match(**kwargs):
    vacancy = LiveVacancyFactory(alerts_matched_at=None, **kwargs)
    delivery.alerts_match(vacancy_ids=[vacancy.id])
    return vacancy


def test_immediate_alert_is_one_email_per_search_with_unsubscribe_headers():
    retail = SavedSearchFactory(sectors=[Sector.RETAIL], email="shop@example.net")
    anything = SavedSearchFactory(email="any@example.net")
    SavedSearchFactory(sectors=[Sector.CONSTRUCTION], email="builder@example.net")
    vacancy = LiveVacancyFactory(
        alerts_matched_at=None,
        sector=Sector.RETAIL,
        title="Shop assistant",
        time_options=[TimeOption.TERM_TIME, TimeOption.JOB_SHARE],
    )
    assert delivery.alerts_match_vacancy(vacancy_id=vacancy.id) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["any@example.net", "shop@example.net"]
    message = next(m for m in mail.outbox if m.to == ["shop@example.net"])
    link = alerts.unsubscribe_url(retail)
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert "Shop assistant" in text
        assert "Term-time only, Job share" in text
        assert "£15 to £16.50 an hour" in text
        assert link in text
    assert message.subject == "One new job for your alert: " + retail.name
    assert alerts.unsubscribe_url(anything) != link
    assert AlertDelivery.objects.pending().count() == 0


def test_sending_again_sends_nothing():
    SavedSearchFactory()
    publish_and_match()
    assert delivery.alerts_send(frequencies=["immediate"]) == 1
    assert delivery.alerts_send(frequencies=["immediate"]) == 0
    assert len(mail.outbox) == 1


def test_immediate_sending_leaves_digests_alone():
    SavedSearchFactory(frequency="daily")
    SavedSearchFactory(frequency="weekly")
    publish_and_match()
    assert delivery.alerts_send(frequencies=["immediate"]) == 0
    assert AlertDelivery.objects.pending().count() == 2


@pytest.mark.parametrize(
    "frequency, send",
    [("daily", delivery.alerts_send_daily), ("weekly", delivery.alerts_send_weekly)],
)
def test_digest_is_one_email_capped_newest_first(frequency, send):
    settings_row = SiteSettings.load()
    settings_row.alert_digest_max_jobs = 3
    settings_row.save()
    search = SavedSearchFactory(frequency=frequency)
    now = timezone.now()
    for age in range(7):
        publish_and_match(
            title=f"Job published {age} hours ago", published_at=now - datetime.timedelta(hours=age)
        )
    assert send() == 1
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    titles = re.findall(r"Job published (\d) hours ago", body)
    assert titles == ["0", "1", "2"]
    assert "There are four more new jobs for this search" in body
    assert mail.outbox[0].subject == f"Three new jobs for your alert: {search.name}"
    assert not AlertDelivery.objects.pending().exists()
    assert send() == 0


def test_paused_search_gets_nothing_until_resumed():
    search = SavedSearchFactory(frequency="daily")
    publish_and_match()
    SavedSearch.objects.filter(id=search.id).update(paused=True)
    assert delivery.alerts_send_daily() == 0
    SavedSearch.objects.filter(id=search.id).update(paused=False)
    assert delivery.alerts_send_daily() == 1


def test_jobs_closed_before_the_digest_are_not_emailed():
    SavedSearchFactory(frequency="daily")
    vacancy = publish_and_match()
    vacancy.status = "closed"
    vacancy.closed_at = timezone.now()
    vacancy.save()
    assert delivery.alerts_send_daily() == 0
    assert not mail.outbox
    assert not AlertDelivery.objects.pending().exists()


def test_digest_leaves_out_jobs_past_their_closing_date_or_from_suspended_employers():
    SavedSearchFactory(frequency="daily")
    live = publish_and_match(title="Still open")
    past = publish_and_match(title="Past its closing date")
    suspended = publish_and_match(title="Employer suspended")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Vacancy.objects.filter(id=past.id).update(
        published_at=timezone.now() - datetime.timedelta(days=3), closing_date=yesterday
    )
    Organisation.objects.filter(id=suspended.organisation_id).update(suspended_at=timezone.now())
    assert delivery.alerts_send_daily() == 1
    body = mail.outbox[0].body
    assert live.title in body
    assert past.title not in body
    assert suspended.title not in body
    assert not AlertDelivery.objects.pending().exists()


def test_digest_is_one_email_to_each_search_in_a_fixed_number_of_queries():
    def digest():
        publish_and_match()
        with CaptureQueriesContext(connection) as queries:
            sent = delivery.alerts_send_daily()
        return sent, len(queries)

    SavedSearchFactory.create_batch(2, frequency="daily")
    two = digest()
    SavedSearchFactory.create_batch(3, frequency="daily")
    five = digest()
    assert (two[0], five[0]) == (2, 5)
    # Per email: a savepoint, the claim (rows, jobs and their liveness), marking them sent, release.
    assert five[1] - two[1] == 3 * 4
    assert len(mail.outbox) == 7
    assert len({m.to[0] for m in mail.outbox}) == 5
    assert not AlertDelivery.objects.pending().exists()


def test_a_failing_send_leaves_the_deliveries_pending(monkeypatch):
    SavedSearchFactory()
    publish_and_match()

    def broken(self, fail_silently=False):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken)
    with pytest.raises(OSError):
        delivery.alerts_send(frequencies=["immediate"])
    assert AlertDelivery.objects.pending().count() == 1
    monkeypatch.undo()
    assert delivery.alerts_send(frequencies=["immediate"]) == 1


def test_unconfirmed_alert_created_by_anyone_sends_a_confirmation_only(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        search = alerts.saved_search_create(
            criteria={"sectors": [Sector.RETAIL]},
            name="Shops",
            frequency="immediate",
            email="Someone@Example.net",
            owner=None,
        )
    assert search.confirmed_at is None
    assert search.email == "someone@example.net"
    assert [m.subject for m in mail.outbox] == ["Confirm your job alert: Shops"]
    assert alerts.confirm_token(search) in mail.outbox[0].body
    publish_and_match(sector=Sector.RETAIL)
    assert delivery.alerts_send(frequencies=["immediate"]) == 0


def test_signed_in_resident_with_verified_email_is_confirmed_at_once(resident):
    search = alerts.saved_search_create(
        criteria={},
        name="Anything",
        frequency="daily",
        email=resident.user.email,
        owner=resident.user,
    )
    assert search.confirmed_at is not None


def test_hours_criteria_must_be_in_order():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        alerts.saved_search_create(
            criteria={"hours_min": Decimal("30"), "hours_max": Decimal("20")},
            name="x",
            frequency="daily",
            email="a@example.net",
            owner=None,
        )


def test_unused_searches_are_asked_then_removed_without_an_answer():
    now = timezone.now()
    stale = SavedSearchFactory(last_used_at=now - datetime.timedelta(days=400))
    fresh = SavedSearchFactory(last_used_at=now - datetime.timedelta(days=10))
    assert delivery.alerts_ask_to_keep(now=now) == 1
    assert delivery.alerts_ask_to_keep(now=now) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [stale.email]
    # The link carries the time it was made, so it is read back rather than made again.
    keep_link = re.search(r"/alerts/keep/([^/\s]+)/", mail.outbox[0].body)
    assert keep_link and alerts.saved_search_from_keep_token(keep_link[1]) == stale
    assert delivery.alerts_remove_unanswered(now=now + datetime.timedelta(days=29)) == 0
    assert delivery.alerts_remove_unanswered(now=now + datetime.timedelta(days=31)) == 1
    assert list(SavedSearch.objects.values_list("id", flat=True)) == [fresh.id]


def test_answering_keep_saves_the_search():
    now = timezone.now()
    search = SavedSearchFactory(last_used_at=now - datetime.timedelta(days=400))
    delivery.alerts_ask_to_keep(now=now)
    alerts.saved_search_keep(saved_search=SavedSearch.objects.get(id=search.id))
    assert delivery.alerts_remove_unanswered(now=timezone.now() + datetime.timedelta(days=40)) == 0
    assert SavedSearch.objects.filter(id=search.id).exists()


def test_tokens_only_open_their_own_alert_and_purpose():
    from django.core.exceptions import ValidationError

    mine, other = SavedSearchFactory(), SavedSearchFactory()
    token = alerts.unsubscribe_token(mine)
    assert alerts.saved_search_from_unsubscribe_token(token) == mine
    with pytest.raises(ValidationError):
        alerts.saved_search_from_confirm_token(token)
    with pytest.raises(ValidationError):
        alerts.saved_search_from_unsubscribe_token(token[:-2] + "xx")
    assert alerts.saved_search_from_unsubscribe_token(alerts.unsubscribe_token(other)) == other


def test_alert_names_are_not_html_escaped_in_plain_text():
    SavedSearchFactory(name="Cafés & shops <evenings>")
    publish_and_match()
    delivery.alerts_send(frequencies=["immediate"])
    message = mail.outbox[0]
    assert message.subject.endswith("Cafés & shops <evenings>")
    assert '"Cafés & shops <evenings>"' in message.body
    assert "Cafés &amp; shops &lt;evenings&gt;" in message.alternatives[0][0]


def test_a_refused_address_pauses_its_alert_and_does_not_block_the_others(monkeypatch):
    from smtplib import SMTPRecipientsRefused

    from django.core.mail import EmailMultiAlternatives

    bad = SavedSearchFactory(email="gone@example.net")
    good = SavedSearchFactory(email="fine@example.net")
    publish_and_match()
    real_send = EmailMultiAlternatives.send

    def send(self, fail_silently=False):
        if self.to == ["gone@example.net"]:
            raise SMTPRecipientsRefused({"gone@example.net": (550, b"No such user")})
        return real_send(self, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    assert delivery.alerts_send(frequencies=["immediate"]) == 1
    assert [m.to for m in mail.outbox] == [["fine@example.net"]]
    assert SavedSearch.objects.get(pk=bad.pk).paused
    assert AlertDelivery.objects.pending().get().saved_search_id == bad.pk
    assert not SavedSearch.objects.get(pk=good.pk).paused
