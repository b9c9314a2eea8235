"""The reading vocabulary for residents' records, including who may open which."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from goodwork.core.models import User

# Who besides the resident may open a resident's record is decided by the parts of the portal
# above this one (a work coach's caseload). Each registers a rule here: the rule takes the
# user asking and returns the condition on residents it grants. No rule, no access.
ResidentAccessRule = Callable[["User"], Q]
RESIDENT_ACCESS_RULES: list[ResidentAccessRule] = []


def resident_access_rule(rule: ResidentAccessRule) -> ResidentAccessRule:
    RESIDENT_ACCESS_RULES.append(rule)
    return rule


class ResidentQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> ResidentQuerySet:
        """``Resident.objects.visible_to(user)``: the one place staff access is decided."""
        if not user.is_authenticated or not RESIDENT_ACCESS_RULES:
            return self.none()
        condition = Q()
        for rule in RESIDENT_ACCESS_RULES:
            condition |= rule(user)
        return self.filter(condition)
