"""Deleting a resident's account.

What is erased: the resident's profile (including any health information), their shortlist,
every saved search owned by them or sent to their address (with its email address and
signed links), their allauth email addresses and the user itself; audit entries they made
keep the event but lose the name.

What stays, anonymised: AlertDelivery rows (saved_search becomes NULL), so the council can
still count how many alerts each vacancy produced. Nothing left links back to the person.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from goodwork.core.models import AuditEvent, User
from residents.models import Resident, SavedSearch

DELETED_ACTOR = "Deleted account"


@transaction.atomic
def resident_account_delete(*, user: User) -> None:
    SavedSearch.objects.filter(Q(owner=user) | Q(email__iexact=user.email)).delete()
    AuditEvent.objects.filter(actor=user).update(actor=None, actor_label=DELETED_ACTOR)
    Resident.objects.filter(user=user).delete()
    user.delete()
