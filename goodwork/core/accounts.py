"""The sign-in library's links, on the portal's own address, and where each role lands."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.urls import reverse

from goodwork.core.roles import roles_for
from goodwork.core.siteurl import absolute_url

# The links in allauth's emails that it builds from the request.
ON_SITE_LINKS = ("activate_url", "password_reset_url", "signup_url")


def _on_site(url: str) -> str:
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))


class AccountAdapter(DefaultAccountAdapter):
    """Password-reset and email-confirmation links are built by allauth from the request's Host
    and scheme, which whoever sends the request chooses: a forged Host would put a link to
    another site, carrying the reset key, in a real person's inbox. They go to SITE_URL."""

    # allauth's form errors in the portal's words. "too_many_login_attempts" keeps allauth's.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": "This account is closed.",
        "cannot_remove_primary_email": "You cannot remove your main email address.",
        "duplicate_email": "This email address is already on your account.",
        "email_password_mismatch": (
            "The email address or password is not right. Check them and try again."
        ),
        "email_taken": "There is already an account with this email address.",
        "enter_current_password": "Enter your current password.",
        "incorrect_code": "The code is not right. Check it and try again.",
        "incorrect_password": "The password is not right. Check it and try again.",
        "invalid_or_expired_key": "This link has expired or is not valid.",
        "invalid_login": "We could not sign you in. Check your details and try again.",
        "invalid_password_reset": "This link to reset your password has expired or is not valid.",
        "max_email_addresses": "You cannot add more than %d email addresses.",
        "unknown_email": "There is no account with this email address.",
        "unverified_primary_email": "Confirm your main email address first.",
        "select_only_one": "Choose only one.",
        "same_as_current": "Enter a different one from the one you have now.",
        "rate_limited": "You have tried this too many times. Wait a few minutes and try again.",
    }

    def get_reauthentication_methods(self, user) -> list[dict]:
        methods = super().get_reauthentication_methods(user)
        for method in methods:
            if method["id"] == "mfa_reauthenticate":
                method["description"] = (
                    "Use a code from your authenticator app or a recovery code"
                )
        return methods

    def get_reset_password_from_key_url(self, key: str) -> str:
        return _on_site(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return _on_site(super().get_email_confirmation_url(request, emailconfirmation))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Every account email names the portal and links to it (templates/account/email/);
        the sign-up and reset links allauth builds from the request go to SITE_URL too."""
        links = {
            key: _on_site(context[key]) for key in ON_SITE_LINKS if context.get(key)
        }
        super().send_mail(
            template_prefix,
            email,
            {
                "portal_url": absolute_url(reverse("home")),
                "login_url": absolute_url(reverse("account_login")),
                "reset_password_url": absolute_url(reverse("account_reset_password")),
                "confirmation_days": allauth_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS,
                **context,
                **links,
            },
        )

    def get_login_redirect_url(self, request) -> str:
        """Where each role starts after signing in, unless a safe ?next= says otherwise
        (allauth reads that first and asks here only without one). Someone with two roles
        starts at the work they sign in to do most: a caseload before the admin, the admin
        before an employer's dashboard, that before a resident's own."""
        roles = roles_for(request.user)
        if roles.is_coach:
            return reverse("coaching:caseload")
        if roles.is_council_admin:
            return reverse("admin:index")
        if roles.is_employer_member:
            # The dashboard opens on the member's first organisation.
            return reverse("employers:dashboard")
        # A resident, or someone who has just made an account to look for work: the dashboard
        # starts their answers when there are none yet.
        return reverse("residents:dashboard")


class MFAAdapter(DefaultMFAAdapter):
    """Two-factor form errors in the portal's words."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "add_email_blocked": (
            "Your account is protected by an authenticator app, so you cannot add an email "
            "address."
        ),
        "cannot_delete_authenticator": "You cannot remove your authenticator app.",
        "cannot_generate_recovery_codes": (
            "Set up an authenticator app before you get recovery codes."
        ),
        "incorrect_code": AccountAdapter.error_messages["incorrect_code"],
        "unverified_email": (
            "Confirm your email address before you set up an authenticator app."
        ),
    }
