"""Mail in development: one readable .eml file per message under .local/outbox/."""

import email
import os
import subprocess
import sys
from email import policy

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives

from goodwork import devserver
from goodwork.devmail import OutboxEmailBackend
from tests.conftest import ROOT


def _outbox(path):
    return sorted(path.glob("*.eml"))


def _parse(path):
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def test_each_message_sent_over_one_connection_is_its_own_file(tmp_path):
    backend = OutboxEmailBackend(file_path=tmp_path)
    messages = [
        EmailMessage("New jobs for your alert", "3 new jobs match “school hours”: £12.60 an hour.",
                     "Good Work Camden <goodwork@camden.gov.uk>", ["amina@example.com"],
                     cc=["coach@example.com"]),
        EmailMessage("Confirm your email address", "Follow this link to confirm.",
                     "goodwork@camden.gov.uk", ["ben@example.com"], bcc=["audit@example.com"]),
    ]

    assert backend.send_messages(messages) == 2

    files = _outbox(tmp_path)
    assert len(files) == 2
    by_subject = {_parse(path)["Subject"]: (path, _parse(path)) for path in files}
    path, alert = by_subject["New jobs for your alert"]
    assert alert["To"] == "amina@example.com"
    assert alert["Cc"] == "coach@example.com"
    assert alert.get_content().strip() == "3 new jobs match “school hours”: £12.60 an hour."
    # Readable as it is, in a text editor: headers and the body in plain UTF-8.
    text = path.read_text(encoding="utf-8")
    assert "Subject: New jobs for your alert" in text and "£12.60 an hour" in text
    assert "new-jobs-for-your-alert" in path.name
    _, confirm = by_subject["Confirm your email address"]
    assert confirm["To"] == "ben@example.com"
    assert confirm["Bcc"] == "audit@example.com"
    # Nothing half-written is left behind.
    assert [p.name for p in tmp_path.iterdir() if p.suffix != ".eml"] == []


def test_html_mail_stays_one_file_with_both_parts(tmp_path):
    message = EmailMultiAlternatives("Your shortlist", "Two jobs on your shortlist.",
                                     "goodwork@camden.gov.uk", ["amina@example.com"])
    message.attach_alternative("<p>Two jobs on your <b>shortlist</b>.</p>", "text/html")

    OutboxEmailBackend(file_path=tmp_path / "new" / "outbox").send_messages([message])

    [path] = _outbox(tmp_path / "new" / "outbox")
    parsed = _parse(path)
    assert parsed.get_content_type() == "multipart/alternative"
    assert parsed.get_body(("plain",)).get_content().strip() == "Two jobs on your shortlist."
    assert "<b>shortlist</b>" in parsed.get_body(("html",)).get_content()


def test_messages_without_recipients_are_not_written(tmp_path):
    backend = OutboxEmailBackend(file_path=tmp_path)
    nobody = EmailMessage("Nobody", "body", "goodwork@camden.gov.uk", [])
    assert backend.send_messages([nobody]) == 0
    assert _outbox(tmp_path) == []


def test_send_mail_writes_to_the_configured_outbox(tmp_path, settings):
    settings.EMAIL_BACKEND = "goodwork.devmail.OutboxEmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)

    mail.send_mail("Reminder: your action plan", "Update your CV.", None, ["amina@example.com"])
    mail.send_mail("Reminder: your referral", "The hours fit the school run.", None,
                   ["ben@example.com"])

    subjects = sorted(_parse(path)["Subject"] for path in _outbox(tmp_path))
    assert subjects == ["Reminder: your action plan", "Reminder: your referral"]


def test_an_unwritable_outbox_fails_loudly_unless_told_to_be_silent(tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the directory should be")
    message = EmailMessage("Hello", "body", "goodwork@camden.gov.uk", ["amina@example.com"])
    with pytest.raises(Exception):  # noqa: B017 - any error, as long as it is not swallowed
        OutboxEmailBackend(file_path=blocked / "outbox").send_messages([message])
    silent = OutboxEmailBackend(file_path=blocked / "outbox", fail_silently=True)
    assert silent.send_messages([message]) == 0


def test_tests_keep_sending_to_memory():
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"


def _email_settings(**overrides):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "EMAIL_"))}
    env["DJANGO_SETTINGS_MODULE"] = "goodwork.settings"
    env.setdefault("DATABASE_URL", "postgresql://settings-check/none")
    env.setdefault("REDIS_URL", "redis://settings-check:6379/0")
    env.update(overrides)
    code = ("from django.conf import settings; "
            "print(settings.EMAIL_BACKEND); print(settings.EMAIL_FILE_PATH)")
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_development_mail_goes_to_the_outbox():
    backend, path = _email_settings(DJANGO_DEBUG="true")
    assert backend == "goodwork.devmail.OutboxEmailBackend"
    assert path == str(ROOT / ".local" / "outbox")


def test_the_environment_still_chooses_the_backend():
    backend, _ = _email_settings(DJANGO_DEBUG="true",
                                 EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
    assert backend == "django.core.mail.backends.console.EmailBackend"


def test_production_sends_by_smtp():
    backend, _ = _email_settings(
        DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="goodwork.example",
        DJANGO_SECRET_KEY="0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP",
    )
    assert backend == "django.core.mail.backends.smtp.EmailBackend"


def test_make_run_ends_with_the_log_ins_the_outbox_and_the_code():
    demo = ("Demo data ready: 40 employers, 320 live vacancies.\n"
            "Demo log-ins (password for all: pw):\n  council admin      admin@example.com\n")
    welcome = devserver._welcome("http://127.0.0.1:8000/", demo, {}, ready=True)
    lines = welcome.strip().splitlines()

    assert "http://127.0.0.1:8000/" in lines[1]
    assert "admin@example.com" in welcome
    assert ".local/outbox" in welcome
    assert "make demo-code" in welcome
    assert welcome.index("admin@example.com") < welcome.index(".local/outbox")
    assert "has not answered" not in welcome
    assert "has not answered" in devserver._welcome("http://x/", demo, {}, ready=False)
    other = devserver._welcome("http://x/", demo,
                               {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"},
                               ready=True)
    assert "console.EmailBackend" in other and ".local/outbox" not in other


def test_make_run_keeps_the_worker_and_beat_quiet():
    for command in (devserver._celery("worker"), devserver._celery("beat")):
        assert "--quiet" in command
        assert command[command.index("--loglevel") + 1] == "WARNING"
