"""Coaching's part in who may open a resident's record."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from goodwork.core.models import User
from residents.coaching.models import CaseloadEntry
from residents.querysets import resident_access_rule


@resident_access_rule
def on_a_caseload_they_can_see(user: User) -> Q:
    entries = CaseloadEntry.objects.visible_to(user).filter(resident=OuterRef("pk"))
    return Q(Exists(entries))
