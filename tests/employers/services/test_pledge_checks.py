"""The pledge check's rules on crafted data, its idempotency and its emails."""

import dataclasses
import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from employers.models import PledgeCheck, PledgeCheckRun, PledgeVersion
from employers.services import pledge_checks as pc
from jobs.choices import Flexibility, Place
from jobs.models import Vacancy
from tests.employers.factories import MembershipFactory, OwnerMembershipFactory, PledgeFactory
from tests.jobs.factories import DraftVacancyFactory, ExpiredVacancyFactory, LiveVacancyFactory

pytestmark = pytest.mark.django_db

MET, AT_RISK, NOT_MET = "met", "at_risk", "not_met"


@pytest.fixture
def pledged():
    owner = OwnerMembershipFactory()
    PledgeFactory(organisation=owner.organisation)
    return owner.organisation


def run(**kwargs):
    pc.pledge_checks_run(on_commit=lambda fn: fn(), **kwargs)


def result_for(organisation):
    check = PledgeCheck.objects.get(organisation=organisation, run_on=timezone.localdate())
    return check, {r["commitment"]: r for r in check.results}


def flexible(org, n=1, **kwargs):
    return LiveVacancyFactory.create_batch(n, organisation=org, **kwargs)


def rigid(org, n=1, **kwargs):
    return LiveVacancyFactory.create_batch(
        n,
        organisation=org,
        flexibility=Flexibility.NO,
        time_options=[],
        place=Place.ON_SITE,
        **kwargs,
    )


def test_all_commitments_met(pledged):
    flexible(pledged, 3)
    flexible(pledged, is_shift_based=True, rota_weeks_ahead=6)
    run()
    check, results = result_for(pledged)
    assert check.status == MET and check.vacancies_checked == 4
    assert [r["status"] for r in results.values()] == [MET] * 5
    assert all(r["vacancy_ids"] == [] for r in results.values())


def test_no_vacancies_is_met(pledged):
    run()
    check, results = result_for(pledged)
    assert check.status == MET and results[1]["reason"] == pc.REASON_NO_VACANCIES


def test_happy_to_talk_states_flexibility_but_is_not_a_concrete_option(pledged):
    flexible(pledged, 1)
    talk = LiveVacancyFactory(organisation=pledged, flexibility=Flexibility.TALK, time_options=[])
    run()
    check, results = result_for(pledged)
    assert results[1]["status"] == MET
    assert results[2]["status"] == MET  # 1 of 2 = 50%, the threshold
    LiveVacancyFactory(organisation=pledged, flexibility=Flexibility.TALK, time_options=[])
    run()
    check, results = result_for(pledged)
    assert results[2]["status"] == NOT_MET  # 33% is more than 10 points below 50%
    assert talk.pk in results[2]["vacancy_ids"]


def test_one_vacancy_without_flexibility_among_many_is_at_risk(pledged):
    flexible(pledged, 9)
    [bad] = rigid(pledged, 1, title="Warehouse operative")
    run()
    check, results = result_for(pledged)
    assert results[1]["status"] == AT_RISK and check.status == AT_RISK
    assert results[1]["vacancy_ids"] == [bad.pk]
    assert results[1]["vacancies"] == [{"id": bad.pk, "title": "Warehouse operative"}]
    assert "1 of 10 vacancies" in results[1]["reason"]


def test_many_vacancies_without_flexibility_is_not_met(pledged):
    flexible(pledged, 4)
    rigid(pledged, 1)
    run()
    _, results = result_for(pledged)
    assert results[1]["status"] == NOT_MET  # 20% is beyond the 10% margin


def test_share_just_below_the_threshold_is_at_risk(pledged):
    flexible(pledged, 9)
    LiveVacancyFactory.create_batch(
        11, organisation=pledged, flexibility=Flexibility.TALK, time_options=[]
    )
    run()
    check, results = result_for(pledged)
    assert results[1]["status"] == MET and results[2]["status"] == AT_RISK  # 45%, within 10 points
    assert "45%" in results[2]["reason"] and len(results[2]["vacancy_ids"]) == 11


def test_threshold_comes_from_the_pledge_version(pledged):
    PledgeVersion.objects.filter(is_current=True).update(min_flexible_share=80, at_risk_margin=0)
    flexible(pledged, 3)
    LiveVacancyFactory(organisation=pledged, flexibility=Flexibility.TALK, time_options=[])
    run()
    _, results = result_for(pledged)
    assert results[2]["status"] == NOT_MET


def test_any_vacancy_below_living_wage_is_not_met(pledged):
    flexible(pledged, 19)
    [low] = flexible(pledged, 1, pays_living_wage=False, title="Kitchen porter")
    run()
    check, results = result_for(pledged)
    assert results[3]["status"] == NOT_MET and check.status == NOT_MET
    assert results[3]["vacancies"] == [{"id": low.pk, "title": "Kitchen porter"}]


def test_any_zero_hours_contract_is_not_met(pledged):
    flexible(pledged, 19)
    [zero] = flexible(pledged, 1, zero_hours=True, guaranteed_hours=None)
    run()
    check, results = result_for(pledged)
    assert results[4]["status"] == NOT_MET and results[4]["vacancy_ids"] == [zero.pk]


def test_a_single_late_rota_among_many_is_at_risk(pledged):
    flexible(pledged, 9, is_shift_based=True, rota_weeks_ahead=4)
    [late] = flexible(pledged, 1, is_shift_based=True, rota_weeks_ahead=2)
    run()
    check, results = result_for(pledged)
    assert results[5]["status"] == AT_RISK and results[5]["vacancy_ids"] == [late.pk]
    assert check.status == AT_RISK


def test_late_rotas_in_a_few_shift_roles_is_not_met(pledged):
    flexible(pledged, 1, is_shift_based=True, rota_weeks_ahead=6)
    flexible(pledged, 1, is_shift_based=True, rota_weeks_ahead=None)
    run()
    _, results = result_for(pledged)
    assert results[5]["status"] == NOT_MET


def test_only_published_vacancies_of_the_last_twelve_months_count(pledged):
    flexible(pledged, 1)
    DraftVacancyFactory(organisation=pledged, zero_hours=True, guaranteed_hours=None)
    ExpiredVacancyFactory(
        organisation=pledged,
        zero_hours=True,
        guaranteed_hours=None,
        published_at=timezone.now() - datetime.timedelta(days=400),
        closing_date=timezone.localdate() - datetime.timedelta(days=380),
    )
    [recent_expired] = [ExpiredVacancyFactory(organisation=pledged)]
    run()
    check, results = result_for(pledged)
    assert check.vacancies_checked == 2 and check.status == MET
    assert recent_expired.pk not in results[4]["vacancy_ids"]


def test_organisations_without_an_active_pledge_are_not_checked(pledged):
    other = OwnerMembershipFactory().organisation
    PledgeFactory(organisation=other, withdrawn_at=timezone.now())
    rigid(other, 2)
    run()
    assert not PledgeCheck.objects.filter(organisation=other).exists()
    assert PledgeCheck.objects.filter(organisation=pledged).exists()


def test_an_earlier_withdrawn_pledge_does_not_double_count(pledged):
    PledgeFactory(
        organisation=pledged, withdrawn_at=timezone.now(), signed_on=datetime.date(2025, 1, 1)
    )
    flexible(pledged, 2)
    [bad] = rigid(pledged, 1)
    run()
    check, results = result_for(pledged)
    assert check.vacancies_checked == 3 and results[1]["vacancy_ids"] == [bad.pk]


def test_rerunning_the_same_day_replaces_that_days_result(pledged):
    flexible(pledged, 2)
    run()
    first = PledgeCheck.objects.get(organisation=pledged)
    assert first.status == MET
    rigid(pledged, 3)
    run(triggered_by="admin: someone@example.com")
    assert PledgeCheck.objects.filter(organisation=pledged).count() == 1
    again = PledgeCheck.objects.get(organisation=pledged)
    assert again.pk == first.pk and again.status == NOT_MET and again.vacancies_checked == 5
    ledger = PledgeCheckRun.objects.get()
    assert (
        ledger.organisations_checked == 1
        and ledger.finished_at
        and ledger.triggered_by.startswith("admin")
    )


def test_earlier_days_are_kept_as_history(pledged):
    PledgeCheck.objects.create(
        organisation=pledged,
        pledge=pledged.pledges.get(),
        status=MET,
        run_on=timezone.localdate() - datetime.timedelta(days=1),
        results=[],
    )
    run()
    assert PledgeCheck.objects.filter(organisation=pledged).count() == 2


@pytest.fixture
def run_and_send(tasks_here, django_capture_on_commit_callbacks):
    """The nightly check, with the emails it asks for sent once it has committed."""

    def run_it():
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            pc.pledge_checks_run()
        return mail.outbox

    return run_it


def test_owners_hear_the_first_result_of_their_pledge_whatever_it_is(pledged, run_and_send):
    MembershipFactory(organisation=pledged)  # a member who is not an owner is not told
    flexible(pledged, 2)
    [message] = run_and_send()
    owner = pledged.memberships.get(role="owner").user
    assert message.to == [owner.email]
    assert message.subject == (
        f"Fair Flexible Work pledge check: {pledged.name} meets the pledge"
    )
    today = f"{timezone.localdate():%-d %B %Y}"
    assert message.body.startswith(
        f"On {today} the council checked the vacancies {pledged.name} published in the last "
        "12 months (2 vacancies) against the Fair Flexible Work pledge.\n\n"
        "Your organisation meets the pledge.\n"
    )
    assert "At the check before" not in message.body and "To meet the pledge" not in message.body
    pledge_url = f"{settings.SITE_URL}{reverse('employers:pledge', kwargs={'org': pledged.pk})}"
    assert message.body.endswith(f"See the details:\n{pledge_url}\n")
    assert f'href="{pledge_url}"' in message.alternatives[0][0]


def test_the_same_result_again_is_not_sent_again(pledged, run_and_send):
    flexible(pledged, 2)
    run_and_send()
    assert run_and_send() == []
    rigid(pledged, 1, zero_hours=True, guaranteed_hours=None)
    assert len(run_and_send()) == 1
    # Still not met for the same commitments, with one more vacancy short of them.
    flexible(pledged, 1, zero_hours=True, guaranteed_hours=None)
    assert run_and_send() == []


def test_owners_hear_when_the_status_changes_and_what_it_was(pledged, run_and_send):
    flexible(pledged, 2)
    run_and_send()
    flexible(pledged, 1, zero_hours=True, guaranteed_hours=None, title="Bar staff")
    [message] = run_and_send()
    assert message.subject.endswith(f"{pledged.name} does not meet the pledge")
    assert (
        "Your organisation does not meet the pledge. At the check before, it met the pledge."
        in message.body
    )
    assert "4. Not met: 1 vacancy is on a zero-hours contract.\n   - Bar staff\n" in message.body
    assert "1. Met: " in message.body
    assert "To meet the pledge, change the vacancies listed or close them" in message.body
    html = message.alternatives[0][0]
    assert "<li>Bar staff</li>" in html and "<strong>does not meet the pledge</strong>" in html


def test_owners_hear_when_a_pledge_falls_short_in_other_commitments(pledged, run_and_send):
    [zero] = flexible(pledged, 1, zero_hours=True, guaranteed_hours=None)
    flexible(pledged, 1)
    run_and_send()
    Vacancy.objects.filter(pk=zero.pk).update(zero_hours=False, pays_living_wage=False)
    [message] = run_and_send()
    assert "does not meet the pledge. At the check before, it did not meet the pledge." in (
        message.body
    )
    assert "3. Not met: 1 vacancy pays less than the London Living Wage" in message.body
    assert "4. Met: No vacancy is on a zero-hours contract." in message.body


def test_at_risk_is_told_in_its_own_words(pledged, run_and_send):
    flexible(pledged, 9, is_shift_based=True, rota_weeks_ahead=4)
    flexible(pledged, 1, is_shift_based=True, rota_weeks_ahead=2, title="Night porter")
    [message] = run_and_send()
    assert message.subject.endswith("is at risk of not meeting the pledge")
    assert "5. At risk: 1 of 10 shift-based vacancies" in message.body
    assert "   - Night porter" in message.body


def test_a_new_pledge_after_a_withdrawal_has_its_own_first_result(pledged, run_and_send):
    flexible(pledged, 1)
    run_and_send()
    pledge = pledged.pledges.get()
    pledge.withdrawn_at = timezone.now()
    pledge.save()
    PledgeFactory(organisation=pledged)
    PledgeCheck.objects.update(run_on=timezone.localdate() - datetime.timedelta(days=1))
    [message] = run_and_send()
    assert "Your organisation meets the pledge.\n" in message.body


def test_one_task_per_organisation_is_sent_after_the_run_commits(run_and_send, tasks_here):
    for _ in range(2):
        owner = OwnerMembershipFactory()
        PledgeFactory(organisation=owner.organisation)
    assert len(run_and_send()) == 2
    assert tasks_here.names() == [pc.PLEDGE_CHECK_NOTIFY_TASK] * 2


def test_the_check_runs_in_a_fixed_number_of_queries():
    for _ in range(2):
        owner = OwnerMembershipFactory()
        PledgeFactory(organisation=owner.organisation)
        flexible(owner.organisation, 2)
        rigid(owner.organisation, 1)
    run()  # today's ledger row now exists, as it does for every rerun
    with CaptureQueriesContext(connection) as few:
        run()
    for _ in range(4):
        owner = OwnerMembershipFactory()
        PledgeFactory(organisation=owner.organisation)
        flexible(owner.organisation, 3)
        rigid(owner.organisation, 2)
    with CaptureQueriesContext(connection) as many:
        run()
    assert len(few) == len(many)
    assert PledgeCheck.objects.count() == 6


# -- The judging rules as properties --------------------------------------------------------


@st.composite
def tallies(draw):
    total = draw(st.integers(min_value=0, max_value=200))
    shift_based = draw(st.integers(min_value=0, max_value=total))
    return pc.Tally(
        total=total,
        unstated=draw(st.integers(min_value=0, max_value=total)),
        concrete=draw(st.integers(min_value=0, max_value=total)),
        below_llw=draw(st.integers(min_value=0, max_value=total)),
        zero_hours=draw(st.integers(min_value=0, max_value=total)),
        shift_based=shift_based,
        late_rota=draw(st.integers(min_value=0, max_value=shift_based)),
    )


VERSION = PledgeVersion(number=99, min_flexible_share=50, at_risk_margin=10, min_rota_weeks=4)


@given(tallies())
def test_overall_status_is_the_worst_commitment(tally):
    status, results = pc.pledge_check_judge(tally=tally, version=VERSION)
    assert [r["commitment"] for r in results] == [1, 2, 3, 4, 5]
    assert status == max((r["status"] for r in results), key=pc.SEVERITY.__getitem__)
    if tally.total and (tally.below_llw or tally.zero_hours):
        assert status == NOT_MET


@given(tallies(), st.integers(min_value=1, max_value=20))
def test_more_flexible_vacancies_never_make_the_result_worse(tally, extra):
    better = dataclasses.replace(tally, total=tally.total + extra, concrete=tally.concrete + extra)
    _, before = pc.pledge_check_judge(tally=tally, version=VERSION)
    _, after = pc.pledge_check_judge(tally=better, version=VERSION)
    if tally.total:
        assert pc.SEVERITY[after[1]["status"]] <= pc.SEVERITY[before[1]["status"]]
        assert pc.SEVERITY[after[0]["status"]] <= pc.SEVERITY[before[0]["status"]]


@pytest.mark.parametrize("count, llw, zero", [
    (1, "1 vacancy pays less than the London Living Wage in force when it was published.",
     "1 vacancy is on a zero-hours contract."),
    (3, "3 vacancies pay less than the London Living Wage in force when they were published.",
     "3 vacancies are on zero-hours contracts."),
])
def test_reasons_count_vacancies_in_plain_english(count, llw, zero):
    tally = pc.Tally(total=10, unstated=0, concrete=10, below_llw=count, zero_hours=count,
                     shift_based=0, late_rota=0)
    _, results = pc.pledge_check_judge(tally=tally, version=VERSION)
    assert (results[2]["reason"], results[3]["reason"]) == (llw, zero)
