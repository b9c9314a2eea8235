import pytest
from django.core.management import call_command

from employers.models import Organisation, Pledge
from goodwork.core.models import User
from jobs.models import Vacancy
from residents.coaching.models import Coach, Provider


@pytest.mark.django_db
def test_demo_data_is_realistic_and_loading_it_again_changes_nothing(capsys):
    call_command("seed_demo")
    counts = (
        Organisation.objects.count(),
        Vacancy.objects.count(),
        User.objects.count(),
        Pledge.objects.count(),
    )
    assert counts[0] >= 40
    assert Vacancy.objects.live().count() >= 300
    assert Provider.objects.count() == 2
    assert Coach.objects.values("provider").distinct().count() == 2
    assert User.objects.filter(is_staff=True).exists()
    assert Vacancy.objects.values("sector").distinct().count() >= 10
    assert Vacancy.objects.values("ward").distinct().count() >= 8
    assert Vacancy.objects.filter(time_options__contains=["self_rostering"]).exists()
    assert Vacancy.objects.filter(pays_living_wage=False).exists()
    assert Vacancy.objects.filter(pays_living_wage=True).exists()
    from employers.models import PledgeCheck
    from residents.coaching.models import Action, CaseloadEntry, CaseNote, Referral

    # Every demo coach has a caseload with notes, actions and referrals; pledges are checked.
    assert set(CaseloadEntry.objects.values_list("coach", flat=True)) == set(
        Coach.objects.values_list("pk", flat=True)
    )
    assert CaseNote.objects.count() and Action.objects.count() and Referral.objects.count()
    assert PledgeCheck.objects.count() == Pledge.objects.active().count()
    output = capsys.readouterr().out
    assert "admin@example.com" in output and "coach@example.com" in output

    call_command("seed_demo")
    again = (
        Organisation.objects.count(),
        Vacancy.objects.count(),
        User.objects.count(),
        Pledge.objects.count(),
    )
    assert CaseloadEntry.objects.count() == 24
    assert again == counts


@pytest.mark.django_db
def test_demo_coach_and_admin_can_pass_two_factor_with_the_printed_code():
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from goodwork.demo import demo_code

    call_command("seed_demo", vacancies=5)
    for email in ("admin@example.com", "coach@example.com"):
        authenticator = Authenticator.objects.get(user__email=email, type=Authenticator.Type.TOTP)
        assert TOTP(authenticator).validate_code(demo_code())
    assert (
        not TOTP(
            Authenticator.objects.get(user__email="coach@example.com", type=Authenticator.Type.TOTP)
        ).validate_code("000000")
        or demo_code() == "000000"
    )
