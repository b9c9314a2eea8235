"""Deleting a resident's account: the erasure a resident asks for under UK GDPR article 17.

What is erased:
- the resident's record: profile (including any health information), shortlist, consents,
  caseload entries and goals, case notes, barriers (health and convictions too), the action
  plan, referrals, flexible-working requests and their letters, and moves between providers;
- every saved search owned by them, or sent to the account's address or another address
  the account confirmed, with its signed links;
- their allauth email addresses, two-step sign-in methods and the user itself;
- from the audit log, everything that could name them: the free text of every row about
  their record (an action's wording, a job title, the address an invitation went to), of
  any row that mentions one of their addresses or their name (a search in the admin), and
  the label of each row they made. The trigger on the log allows exactly this (goodwork core
  migration 0004), and the database stamps each such row's redacted_at.

What stays, with nothing in it that leads back to the person:
- the audit events themselves: who (staff) did what kind of thing to which kind of record
  and when, with the detail replaced by goodwork.core.audit.AUDIT_REDACTED and the resident's
  id cleared (residents migration 0002);
- job outcomes (job title, employer, hours, pay, provider and coach) and their sustainment
  checks, with no resident (JobOutcome.resident is SET_NULL), so the provider's reports and
  the council's dashboard count the same job starts and the same jobs that lasted before and
  after;
- AlertDelivery rows, with saved_search NULL, so the council can still count how many alerts
  each vacancy produced.
"""

from __future__ import annotations

from urllib.parse import quote, quote_plus

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Q

from goodwork.core.audit import audit_redact
from goodwork.core.models import AuditEvent, User
from residents.models import Resident, SavedSearch

DELETED_ACTOR = "Deleted account"


def _ways_of_naming(user: User, resident: Resident | None) -> tuple[str, ...]:
    """The person's email addresses and names, also as a URL's query string spells them (an
    admin search was once logged as its query string)."""
    addresses = {
        user.email,
        *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
    }
    names = {user.get_full_name()}
    if resident is not None:
        addresses.add(resident.email)
        names.add(resident.full_name)
    plain = {text.strip() for text in addresses | names if text and text.strip()}
    encoded = {quote_plus(text) for text in plain} | {quote(text) for text in plain}
    return tuple(sorted(plain | encoded))


@transaction.atomic
def resident_account_delete(*, user: User) -> None:
    resident = Resident.objects.filter(user=user).first()
    naming = _ways_of_naming(user, resident)
    audit_redact(resident_id=resident.pk if resident is not None else None, mentioning=naming)
    # Alerts made without an account are theirs where sent to an address the account proved
    # it holds; the account's own address has always been taken as theirs here.
    proven = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    mine = Q(owner=user) | Q(email__iexact=user.email)
    for address in proven:
        mine |= Q(email__iexact=address)
    SavedSearch.objects.filter(mine).delete()
    AuditEvent.objects.filter(actor=user).update(actor=None, actor_label=DELETED_ACTOR)
    if resident is not None:
        resident.delete()
    user.delete()
