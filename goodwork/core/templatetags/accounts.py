"""Account pages: what a person's account allows.

    {% load accounts %}
    {% if request.user|uses_authenticator %}...{% endif %}
"""

from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django import template

register = template.Library()


@register.filter
def uses_authenticator(user) -> bool:
    """True when the account signs in with a one-time code as well as a password."""
    return bool(getattr(user, "is_authenticated", False)) and is_mfa_enabled(user)
