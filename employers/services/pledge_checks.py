"""The nightly pledge check: does each pledged employer's advertising bear its pledge out?

Scope: every organisation with an active pledge, over its vacancies published in the last
12 months (live, closed early or expired). Each commitment is judged like this, and the
organisation's status is the worst of the five:

1. States its flexible options (each vacancy offers a concrete option or says "happy to talk").
   Met when every vacancy does; at risk when the vacancies that do not are no more than
   PledgeVersion.at_risk_margin per cent of the total; not met beyond that.
2. Share offering a concrete option (a time option, hybrid or remote) is at least
   PledgeVersion.min_flexible_share. Met at or above it; at risk within at_risk_margin
   percentage points below it; not met further below.
3. London Living Wage (Vacancy.pays_living_wage, fixed at publication). Any vacancy below it
   is not met: the pledge promises every vacancy, and pay is not a near miss.
4. No zero-hours contracts. Any is not met, for the same reason.
5. Rotas published at least PledgeVersion.min_rota_weeks ahead for shift-based vacancies.
   Met when all do; at risk when the late ones are no more than at_risk_margin per cent of
   the shift-based vacancies (a single late rota among many); not met beyond that.

An organisation with no vacancies in the period has nothing that falls short, so it is met.

Owners are emailed a result that matters (_worth_telling): the first check of their pledge,
whatever it finds; a change of status; and a result still at risk or not met in different
commitments from the last. One task per organisation sends it once the run has committed.

PERFORMANCE: the whole check is three statements whatever the number of employers: one
aggregate grouped by pledge (one active pledge per organisation), one listing the vacancies
that fall short of any commitment, and one INSERT ... ON CONFLICT on (organisation, run_on),
which is also what makes a rerun on the same day replace that day's results.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q
from django.urls import reverse
from django.utils import timezone

from employers.models import Membership, Pledge, PledgeCheck, PledgeCheckRun, PledgeVersion
from employers.services.email import email_send
from goodwork.core.relations import prefixed
from goodwork.core.siteurl import absolute_url
from goodwork.core.tasks import task_send_on_commit
from jobs.models import Vacancy
from jobs.querysets import HAPPY_TO_TALK, OFFERS_CONCRETE_FLEXIBILITY

CHECK_PERIOD = datetime.timedelta(days=365)
PLEDGE_CHECK_NOTIFY_TASK = "employers.tasks.pledge_check_notify_task"
SEVERITY = {PledgeCheck.Status.MET: 0, PledgeCheck.Status.AT_RISK: 1, PledgeCheck.Status.NOT_MET: 2}

REASON_NO_VACANCIES = "No vacancies were published in the last 12 months."
REASON_STATED_MET = (
    "Every vacancy says which flexible options it offers or that you are happy to talk."
)
REASON_STATED_SHORT = (
    "{count} of {total} vacancies do not offer flexible working or say you are happy to talk."
)
REASON_SHARE = (
    "{share}% of vacancies offer a concrete flexible option; "
    "the pledge asks for at least {threshold}%."
)
REASON_LLW_MET = (
    "Every vacancy pays at least the London Living Wage in force when it was published."
)
REASON_LLW_SHORT_ONE = (
    "1 vacancy pays less than the London Living Wage in force when it was published."
)
REASON_LLW_SHORT = (
    "{count} vacancies pay less than the London Living Wage in force when they were published."
)
REASON_ZERO_MET = "No vacancy is on a zero-hours contract."
REASON_ZERO_SHORT_ONE = "1 vacancy is on a zero-hours contract."
REASON_ZERO_SHORT = "{count} vacancies are on zero-hours contracts."
REASON_ROTA_MET = "Every shift-based vacancy publishes rotas at least {weeks} weeks ahead."
REASON_ROTA_NONE = "No shift-based vacancies."
REASON_ROTA_SHORT = (
    "{count} of {total} shift-based vacancies publish rotas less than {weeks} weeks ahead."
)


def _counted(count: int, one: str, many: str) -> str:
    return one if count == 1 else many.format(count=count)


def _in_scope(prefix: str, since: datetime.datetime) -> Q:
    return Q(
        **{
            f"{prefix}published_at__gte": since,
            f"{prefix}status__in": [
                Vacancy.Status.PUBLISHED, Vacancy.Status.CLOSED, Vacancy.Status.EXPIRED,
            ],
        }
    )


def _concrete(prefix: str) -> Q:
    return prefixed(OFFERS_CONCRETE_FLEXIBILITY, prefix)


def _unstated(prefix: str) -> Q:
    return ~_concrete(prefix) & ~prefixed(HAPPY_TO_TALK, prefix)


def _late_rota(prefix: str, weeks) -> Q:
    return Q(**{f"{prefix}is_shift_based": True}) & (
        Q(**{f"{prefix}rota_weeks_ahead__isnull": True})
        | Q(**{f"{prefix}rota_weeks_ahead__lt": weeks})
    )


@dataclass
class Tally:
    total: int
    unstated: int
    concrete: int
    below_llw: int
    zero_hours: int
    shift_based: int
    late_rota: int
    failing: dict[int, list[dict]] = field(default_factory=lambda: defaultdict(list))


def _commitment(number: int, status: str, reason: str, vacancies: list[dict]) -> dict:
    return {
        "commitment": number,
        "status": status,
        "reason": reason,
        "vacancy_ids": [v["id"] for v in vacancies],
        "vacancies": vacancies,
    }


def _share_status(short: int, total: int, margin: int) -> str:
    if short == 0:
        return PledgeCheck.Status.MET
    return (
        PledgeCheck.Status.AT_RISK if short * 100 <= margin * total else PledgeCheck.Status.NOT_MET
    )


def pledge_check_judge(*, tally: Tally, version: PledgeVersion) -> tuple[str, list[dict]]:
    """The five commitments' results for one organisation, and its overall status."""
    margin, f = version.at_risk_margin, tally.failing
    if tally.total == 0:
        met = PledgeCheck.Status.MET
        return met, [_commitment(n, met, REASON_NO_VACANCIES, []) for n in range(1, 6)]
    results = []

    status = _share_status(tally.unstated, tally.total, margin)
    results.append(
        _commitment(
            1,
            status,
            REASON_STATED_MET
            if status == "met"
            else REASON_STATED_SHORT.format(count=tally.unstated, total=tally.total),
            f[1],
        )
    )

    share = round(100 * tally.concrete / tally.total)
    if tally.concrete * 100 >= version.min_flexible_share * tally.total:
        status = PledgeCheck.Status.MET
    elif tally.concrete * 100 >= (version.min_flexible_share - margin) * tally.total:
        status = PledgeCheck.Status.AT_RISK
    else:
        status = PledgeCheck.Status.NOT_MET
    results.append(
        _commitment(
            2,
            status,
            REASON_SHARE.format(share=share, threshold=version.min_flexible_share),
            f[2] if status != "met" else [],
        )
    )

    status = PledgeCheck.Status.NOT_MET if tally.below_llw else PledgeCheck.Status.MET
    results.append(
        _commitment(
            3,
            status,
            _counted(tally.below_llw, REASON_LLW_SHORT_ONE, REASON_LLW_SHORT) if tally.below_llw
            else REASON_LLW_MET,
            f[3],
        )
    )

    status = PledgeCheck.Status.NOT_MET if tally.zero_hours else PledgeCheck.Status.MET
    results.append(
        _commitment(
            4,
            status,
            _counted(tally.zero_hours, REASON_ZERO_SHORT_ONE, REASON_ZERO_SHORT)
            if tally.zero_hours
            else REASON_ZERO_MET,
            f[4],
        )
    )

    weeks = version.min_rota_weeks
    if tally.shift_based == 0:
        status, reason = PledgeCheck.Status.MET, REASON_ROTA_NONE
    else:
        status = _share_status(tally.late_rota, tally.shift_based, margin)
        reason = (
            REASON_ROTA_MET.format(weeks=weeks)
            if status == "met"
            else REASON_ROTA_SHORT.format(
                count=tally.late_rota, total=tally.shift_based, weeks=weeks
            )
        )
    results.append(_commitment(5, status, reason, f[5]))

    overall = max((r["status"] for r in results), key=SEVERITY.__getitem__)
    return overall, results


def _failing_vacancies(
    since: datetime.datetime, pledge_ids: list[int]
) -> dict[int, dict[int, list[dict]]]:
    """organisation id -> commitment number -> the vacancies that fall short of it."""
    weeks = F("organisation__pledges__version__min_rota_weeks")
    rows = (
        Vacancy.objects.filter(_in_scope("", since), organisation__pledges__in=pledge_ids)
        .annotate(
            **{
                f"fails_{number}": ExpressionWrapper(condition, output_field=BooleanField())
                for number, condition in enumerate(
                    [
                        _unstated(""),
                        ~_concrete(""),
                        Q(pays_living_wage=False),
                        Q(zero_hours=True),
                        _late_rota("", weeks),
                    ],
                    start=1,
                )
            }
        )
        .filter(
            Q(fails_1=True) | Q(fails_2=True) | Q(fails_3=True) | Q(fails_4=True) | Q(fails_5=True)
        )
        .order_by("organisation_id", "published_at", "id")
        .values(
            "id", "title", "organisation_id", "fails_1", "fails_2", "fails_3", "fails_4", "fails_5"
        )
    )
    failing: dict[int, dict[int, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        for number in range(1, 6):
            if row[f"fails_{number}"]:
                failing[row["organisation_id"]][number].append(
                    {"id": row["id"], "title": row["title"]}
                )
    return failing


# What the result says, after "Your organisation" and "At the last check, it".
STATUS_PHRASES = {
    PledgeCheck.Status.MET: ("meets the pledge", "met the pledge"),
    PledgeCheck.Status.AT_RISK: (
        "is at risk of not meeting the pledge", "was at risk of not meeting the pledge"
    ),
    PledgeCheck.Status.NOT_MET: ("does not meet the pledge", "did not meet the pledge"),
}


def _short_commitments(results: list[dict]) -> set[tuple[int, str]]:
    return {(r["commitment"], r["status"]) for r in results if r["status"] != "met"}


def _worth_telling(previous: tuple[int, str, list[dict]] | None, pledge_id: int, status: str,
                   results: list[dict]) -> bool:
    """Whether owners hear about a check: its pledge's first result, whatever it is; a change of
    status; or a result still short of the pledge in other commitments than before. The same
    result night after night is on the pledge page, not in an inbox."""
    if previous is None or previous[0] != pledge_id:
        return True
    _, was, was_results = previous
    return was != status or (
        status != PledgeCheck.Status.MET
        and _short_commitments(was_results) != _short_commitments(results)
    )


def pledge_check_notify(*, organisation_id: int, run_on: datetime.date, previous: str = "") -> int:
    """Email an organisation's owners the result of its pledge check on `run_on`, and the result
    before it (`previous`, a PledgeCheck.Status; empty for the pledge's first). Returns how many
    were sent."""
    check = (
        PledgeCheck.objects.select_related("organisation")
        .filter(organisation_id=organisation_id, run_on=run_on)
        .first()
    )
    if check is None:
        return 0
    owners = list(
        Membership.objects.filter(
            organisation_id=organisation_id, role=Membership.Role.OWNER, user__is_active=True
        )
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )
    status = PledgeCheck.Status(check.status)
    results = [
        {**result, "status_label": PledgeCheck.Status(result["status"]).label}
        for result in check.results
    ]
    email_send(
        template="employers/email/pledge_check_result",
        context={
            "check": check,
            "organisation": check.organisation,
            "status": status,
            "result": STATUS_PHRASES[status][0],
            "previous": STATUS_PHRASES[PledgeCheck.Status(previous)][1] if previous else "",
            "results": results,
            "pledge_url": absolute_url(
                reverse("employers:pledge", kwargs={"org": organisation_id})
            ),
        },
        to=owners,
    )
    return len(owners)


def _notify(notices: list[tuple[int, str]], run_on: datetime.date) -> None:
    # One task per organisation: a mail relay that fails for one is retried without emailing
    # the others twice.
    for organisation_id, previous in notices:
        task_send_on_commit(PLEDGE_CHECK_NOTIFY_TASK, organisation_id, run_on.isoformat(), previous)


@transaction.atomic
def pledge_checks_run(
    *,
    triggered_by: str = "schedule",
    on_commit: Callable[[Callable[[], None]], None] = transaction.on_commit,
) -> int:
    """Check every pledged organisation; returns how many were checked."""
    now = timezone.now()
    today = timezone.localdate(now)
    since = now - CHECK_PERIOD
    PledgeCheckRun.objects.update_or_create(
        run_on=today,
        defaults={"started_at": now, "finished_at": None, "triggered_by": triggered_by[:100]},
    )
    scope = _in_scope("organisation__vacancies__", since)
    prefix = "organisation__vacancies__"
    pledges = list(
        Pledge.objects.active()
        .select_related("version")
        .annotate(
            total=Count(f"{prefix}id", filter=scope),
            unstated=Count(f"{prefix}id", filter=scope & _unstated(prefix)),
            concrete=Count(f"{prefix}id", filter=scope & _concrete(prefix)),
            below_llw=Count(
                f"{prefix}id", filter=scope & Q(**{f"{prefix}pays_living_wage": False})
            ),
            zero_hours=Count(f"{prefix}id", filter=scope & Q(**{f"{prefix}zero_hours": True})),
            shift_based=Count(f"{prefix}id", filter=scope & Q(**{f"{prefix}is_shift_based": True})),
            late_rota=Count(
                f"{prefix}id", filter=scope & _late_rota(prefix, F("version__min_rota_weeks"))
            ),
        )
    )
    failing = _failing_vacancies(since, [p.pk for p in pledges])
    previous = {
        organisation_id: (pledge_id, status, results)
        for organisation_id, pledge_id, status, results in (
            PledgeCheck.objects.latest_per_organisation().values_list(
                "organisation_id", "pledge_id", "status", "results"
            )
        )
    }
    checks, notices = [], []
    for pledge in pledges:
        tally = Tally(
            total=pledge.total,
            unstated=pledge.unstated,
            concrete=pledge.concrete,
            below_llw=pledge.below_llw,
            zero_hours=pledge.zero_hours,
            shift_based=pledge.shift_based,
            late_rota=pledge.late_rota,
            failing=failing[pledge.organisation_id],
        )
        status, results = pledge_check_judge(tally=tally, version=pledge.version)
        checks.append(
            PledgeCheck(
                organisation_id=pledge.organisation_id,
                pledge=pledge,
                run_on=today,
                status=status,
                vacancies_checked=tally.total,
                results=results,
            )
        )
        before = previous.get(pledge.organisation_id)
        if _worth_telling(before, pledge.pk, status, results):
            # A rerun the same day compares with the day's earlier result, so it tells no one
            # twice.
            was = before[1] if before is not None and before[0] == pledge.pk else ""
            notices.append((pledge.organisation_id, was))
    PledgeCheck.objects.bulk_create(
        checks,
        update_conflicts=True,
        unique_fields=["organisation", "run_on"],
        update_fields=["pledge", "status", "vacancies_checked", "results", "checked_at"],
    )
    PledgeCheckRun.objects.filter(run_on=today).update(
        finished_at=timezone.now(), organisations_checked=len(checks)
    )
    on_commit(lambda: _notify(notices, today))
    return len(checks)
