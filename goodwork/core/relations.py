"""Reaching a model through the relations of another."""

from __future__ import annotations

import copy

from django.db import models
from django.db.models import Q


def related_model(model: type[models.Model], path: str) -> type[models.Model]:
    """The model at the end of a relation path (``"organisation__pledges"``).

    A QuerySet that reads another model uses this instead of importing it where the import
    would run against the dependency order (jobs sits below employers) or back into the
    models module that imports the QuerySet (a cycle).
    """
    for name in path.split("__"):
        related = model._meta.get_field(name).related_model
        if related is None or isinstance(related, str):
            raise LookupError(f"{model.__name__}.{name} is not a loaded relation")
        model = related
    return model


def prefixed(condition: Q, prefix: str) -> Q:
    """The same condition on a related model, every lookup read through ``prefix``.

    ``prefixed(Q(place="remote"), "vacancies__")`` is ``Q(vacancies__place="remote")``, so a
    rule written once as a Q on its own model can filter or count from another. Only the
    lookups' names change: expressions among the values (F(), OuterRef()) are left as given.
    """
    if not prefix:
        return condition
    result = copy.copy(condition)
    result.children = [
        prefixed(child, prefix) if isinstance(child, Q) else (f"{prefix}{child[0]}", child[1])
        for child in condition.children
    ]
    return result
