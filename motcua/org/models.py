"""Units in a tree of any depth, staff users and their roles in units."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.querysets import RestrictedQuerySet
from motcua.org.choices import Role, UnitKind
from motcua.org.validators import validate_electronic_id


class UnitQuerySet(RestrictedQuerySet["Unit"]):
    def active_on(self, day: date | None = None) -> UnitQuerySet:
        day = day or timezone.localdate()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def subtree_of(self, units: Any) -> UnitQuerySet:
        """Units at or below any of ``units`` (materialized-path prefix match)."""
        condition = Q(pk__in=[])
        for unit in units:
            condition |= Q(path__startswith=unit.path)
        return self.filter(condition)


class Unit(models.Model):
    """Cơ quan, đơn vị: a node of the administrative tree (province → department/commune → …).

    ``path`` is a materialized path ("/1/4/17/") so that a subtree is one indexed prefix
    query on SQLite and PostgreSQL alike. Units are never deleted: a unit that merged into
    another gets ``valid_to`` and stays for history (dossiers keep the unit that received
    them).
    """

    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind.choices())
    code = models.CharField(
        _("mã định danh điện tử"),
        max_length=20,
        unique=True,
        validators=[validate_electronic_id],
        help_text=_("Theo Quyết định 20/2020/QĐ-TTg, ví dụ 000.00.06.H56."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self",
        verbose_name=_("đơn vị tiền thân"),
        symmetrical=False,
        blank=True,
        related_name="successors",
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    # -- tree ---------------------------------------------------------------------------

    def save(self, *args: Any, **kwargs: Any) -> None:
        creating = self.pk is None
        super().save(*args, **kwargs)
        expected = self._computed_path()
        if creating or expected != self.path:
            self._rewrite_paths(expected)

    def _computed_path(self) -> str:
        prefix = self.parent.path if self.parent_id and self.parent else "/"
        return f"{prefix}{self.pk}/"

    def _rewrite_paths(self, new_path: str) -> None:
        """Set this unit's path and rebase every descendant (after a move)."""
        old_path = self.path
        Unit.objects.filter(pk=self.pk).update(path=new_path, depth=new_path.count("/") - 2)
        if old_path and old_path != new_path:
            for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                child_path = new_path + child.path[len(old_path) :]
                Unit.objects.filter(pk=child.pk).update(
                    path=child_path, depth=child_path.count("/") - 2
                )
        self.path = new_path
        self.depth = new_path.count("/") - 2

    def ancestors(self) -> UnitQuerySet:
        ids = [int(part) for part in self.path.strip("/").split("/") if part]
        return Unit.objects.filter(pk__in=ids[:-1]).order_by("depth")

    def descendants(self, include_self: bool = False) -> UnitQuerySet:
        qs = Unit.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    def is_active_on(self, day: date | None = None) -> bool:
        day = day or timezone.localdate()
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def is_active(self) -> bool:
        return self.is_active_on()

    def lineage_ids(self) -> set[int]:
        """This unit and every unit it succeeded, transitively: statistics of a merged unit
        include those of its predecessors."""
        seen: set[int] = {self.pk}
        frontier = [self.pk]
        while frontier:
            rows = Unit.predecessors.through.objects.filter(from_unit_id__in=frontier)
            frontier = [r.to_unit_id for r in rows if r.to_unit_id not in seen]
            seen.update(frontier)
        return seen

    # -- permissions --------------------------------------------------------------------

    @classmethod
    def restrict_queryset(cls, qs: UnitQuerySet, user: Any, action: str) -> UnitQuerySet:
        """view: superusers everything; admins, monitors and reform officers their units'
        subtrees; other staff their own units; citizens nothing. change: superusers, and
        admins within their subtree. public: the directory facts everybody may read (name,
        code, address: where to file a dossier)."""
        if action == "public":
            return qs
        if not getattr(user, "is_authenticated", False):
            return qs.none()
        if user.is_superuser:
            return qs
        memberships = memberships_of(user)
        if action == "view":
            subtree_units = [m.unit for m in memberships if m.role in Role.SUBTREE_ROLES]
            own_ids = [m.unit_id for m in memberships]
            return qs.filter(Q(pk__in=own_ids) | Q(pk__in=Unit.objects.subtree_of(subtree_units)))
        admin_units = [m.unit for m in memberships if m.role == Role.ADMIN]
        return qs.filter(pk__in=Unit.objects.subtree_of(admin_units))


class UserQuerySet(RestrictedQuerySet["User"]):
    pass


class StaffUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    """Django's user manager with ``restrict()``."""


class User(AbstractUser):
    """Người dùng: a staff member (cán bộ, công chức) when they hold a membership in a unit,
    a citizen or business otherwise."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)

    objects = StaffUserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)

    def roles(self) -> set[str]:
        return {m.role for m in memberships_of(self)}

    def has_role(self, role: str, unit: Unit | None = None) -> bool:
        """Whether the user holds ``role`` in ``unit`` (directly, or above it for the
        subtree roles); any unit when ``unit`` is None."""
        for m in memberships_of(self):
            if m.role != role:
                continue
            if unit is None or m.unit_id == unit.pk:
                return True
            if role in Role.SUBTREE_ROLES and unit.path.startswith(m.unit.path):
                return True
        return False

    @property
    def is_staff_member(self) -> bool:
        if self.is_superuser:
            return True
        pinned = self.__dict__.get(PINNED_MEMBERSHIPS)
        if pinned is not None:
            return bool(pinned)
        return Membership.objects.active().filter(user=self).exists()

    @classmethod
    def restrict_queryset(
        cls, qs: models.QuerySet[User], user: Any, action: str
    ) -> models.QuerySet[User]:
        """Staff lists: a user sees the staff of the units they may view; citizens only
        themselves."""
        if not getattr(user, "is_authenticated", False):
            return qs.none()
        if user.is_superuser:
            return qs
        visible_units = Unit.objects.restrict(user, "view" if action == "view" else action)
        return qs.filter(
            Q(pk=user.pk) | Q(memberships__unit__in=visible_units, memberships__is_active=True)
        ).distinct()


class MembershipQuerySet(RestrictedQuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True)


class Membership(models.Model):
    """Vai trò của một cán bộ trong một đơn vị. A person may hold several roles, in several
    units (a clerk of the commune desk who is also its reform officer)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("cán bộ")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("đơn vị")
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices())
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    since = models.DateField(_("từ ngày"), default=timezone.localdate)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công vai trò")
        verbose_name_plural = _("phân công vai trò")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=Q(is_active=True),
                name="membership_unique_active_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {Role.label(self.role)} — {self.unit}"

    @classmethod
    def restrict_queryset(
        cls, qs: MembershipQuerySet, user: Any, action: str
    ) -> MembershipQuerySet:
        return qs.filter(unit__in=Unit.objects.restrict(user, action))


# Where one request keeps the user's active memberships once read (``pin_memberships``).
PINNED_MEMBERSHIPS = "_pinned_memberships"


def pin_memberships(user: Any) -> list[Membership]:
    """Read ``user``'s active memberships (with their units) once and keep them on this
    user object: the API's authentication does it, so that the staff check, the unit and
    dossier scopes and the workflow's actor check of one request share one query instead
    of running one each. The object lives for one request, so a change of roles is seen by
    the next request."""
    pinned = getattr(user, PINNED_MEMBERSHIPS, None)
    if pinned is not None:  # pinned earlier in this request (the middleware)
        return list(pinned)
    memberships = _read_memberships(user)
    setattr(user, PINNED_MEMBERSHIPS, memberships)
    return memberships


def _read_memberships(user: Any) -> list[Membership]:
    memberships = list(Membership.objects.active().filter(user=user).select_related("unit"))
    for m in memberships:
        # This very user, not a copy loaded again on ``m.user`` (a query, and a user with
        # nothing pinned: the home page's sections counted through it).
        m.user = user
    return memberships


def memberships_of(user: Any) -> list[Membership]:
    """``user``'s active memberships with their units: the pinned list when the request
    pinned one, else a query."""
    pinned = getattr(user, PINNED_MEMBERSHIPS, None)
    if pinned is not None:
        return list(pinned)
    return _read_memberships(user)


def pinned_unit(user: Any, code: str) -> Unit | None:
    """The unit ``code`` when it is one of ``user``'s own units in the memberships this
    request has already read (``pin_memberships``), else None. Own units are always in the
    view scope (``Unit.restrict_queryset``), so the desk's intake into its own unit needs
    no query for it; any other unit goes through the scoped query as usual."""
    for membership in getattr(user, PINNED_MEMBERSHIPS, None) or ():
        if membership.unit.code == code:
            return membership.unit
    return None


class ApiToken(models.Model):
    """Khóa truy cập API của một cán bộ. Only a SHA-256 digest is stored; the token itself
    is shown once, when it is created (``motcua create_token``)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên khóa"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")

    def __str__(self) -> str:
        return f"{self.user} — {self.name} ({self.prefix}…)"
