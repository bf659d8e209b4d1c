"""Permission-scoped reads: ``Model.objects.restrict(user, "view")`` (NetBox style).

Each model that is read through the UI or the API defines a classmethod
``restrict_queryset(queryset, user, action)`` stating what a user may see or change;
views never fetch a bare ``Model.objects.get``.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.http import Http404

_M = TypeVar("_M", bound=models.Model)


class RestrictedQuerySet(models.QuerySet[_M]):
    def restrict(self, user: Any, action: str = "view") -> RestrictedQuerySet[_M]:
        policy = getattr(self.model, "restrict_queryset", None)
        if policy is None:
            raise TypeError(f"{self.model.__name__} has no restrict_queryset policy")
        result: RestrictedQuerySet[_M] = policy(self, user, action)
        return result


def get_restricted_or_404(
    queryset: RestrictedQuerySet[_M], user: Any, action: str = "view", **lookup: Any
) -> _M:
    """The permission-scoped ``get_object_or_404``: an object outside the user's scope is
    indistinguishable from one that does not exist."""
    try:
        return queryset.restrict(user, action).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
