"""The deadline sweep: run by the background worker and by ``motcua sweep_deadlines`` for
cron. Each warning is sent once (a ``DeadlineWarning`` row with a unique key), so running
it again, or twice at the same time, changes nothing.

Set-based: for each kind of warning, one ``INSERT … SELECT … ON CONFLICT DO NOTHING
RETURNING`` records the warnings due and returns only those it inserted, so the time of a
sweep grows with the warnings to send, not with the open dossiers (no Python loop over
them, no insert that fails on a warning already sent). The SQL compares due times with
instants computed once per calendar: ``engine.overdue_before`` and
``engine.due_within_until`` agree exactly with the engine's working time left.

Two schedulers may start it at once: on PostgreSQL the second one finds the advisory lock
taken and skips its round; elsewhere (SQLite serialises writers) and in any case the
conflict clause keeps every warning single."""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.choices import DossierState
from motcua.dossiers.models import DeadlineWarning, Dossier, DossierStep
from motcua.dossiers.notify import StaffMessage, notify_staff_many
from motcua.org.choices import Role
from motcua.org.models import Membership, Unit, User
from motcua.workcalendar import engine
from motcua.workcalendar.models import WorkCalendar
from motcua.workcalendar.services import working_calendar_for

# The advisory-lock key of the sweep (PostgreSQL): one sweep at a time in the cluster.
LOCK_KEY = zlib.crc32(b"motcua.dossiers.sweep_deadlines")

# Dossiers whose warnings are read back per statement (SQLite allows 32,766 parameters).
_CHUNK = 5000


@dataclass
class SweepReport:
    checked: int = 0
    sent: Counter[str] = field(default_factory=Counter)
    # Another sweep held the lock: this one did nothing.
    skipped: bool = False

    def __str__(self) -> str:
        if self.skipped:
            return "Một lần quét khác đang chạy: bỏ qua lần này."
        parts = ", ".join(f"{kind}: {n}" for kind, n in sorted(self.sent.items())) or "—"
        return f"{self.checked} hồ sơ đã kiểm tra; cảnh báo mới: {parts}"


@dataclass
class _Bounds:
    """The instants of one calendar at ``now``: before ``overdue`` a due time is past;
    up to ``step_soon`` / ``apology`` the step / the dossier is within its warning time."""

    units: list[int] | None  # None: every unit not listed in another group
    overdue: datetime
    step_soon: datetime
    apology: datetime


def _fmt(value: datetime) -> str:
    return f"{timezone.localtime(value):%H:%M %d/%m/%Y}"


def _calendar_groups(now: datetime) -> list[_Bounds]:
    """One group per distinct calendar chain: the units at or below a unit with its own
    calendar, grouped by the calendars that apply to them; then every other unit, on the
    national calendar. A few groups, whatever the number of units."""
    warn = timedelta(hours=settings.DEADLINE_WARNING_HOURS)
    apology = timedelta(hours=settings.APOLOGY_REMINDER_HOURS)

    def bounds(units: list[int] | None, unit: Unit | None) -> _Bounds:
        calendar = working_calendar_for(unit)
        return _Bounds(
            units,
            engine.overdue_before(now, calendar),
            engine.due_within_until(now, warn, calendar),
            engine.due_within_until(now, apology, calendar),
        )

    own = set(WorkCalendar.objects.filter(unit__isnull=False).values_list("unit_id", flat=True))
    groups: dict[tuple[int, ...], list[Unit]] = {}
    if own:
        for unit in Unit.objects.subtree_of(Unit.objects.filter(pk__in=own)):
            chain = tuple(int(p) for p in unit.path.strip("/").split("/") if p and int(p) in own)
            groups.setdefault(chain, []).append(unit)
    result = [bounds([u.pk for u in units], units[0]) for units in groups.values()]
    result.append(bounds(None, None))
    return result


def _in_groups(groups: list[_Bounds], column: str, condition: Any) -> Q:
    """OR over the groups of ``condition(bounds)`` for rows whose ``column`` (a unit id)
    is in the group; the last group is every unit the others do not list."""
    listed = [pk for g in groups if g.units is not None for pk in g.units]
    result = Q(pk__in=[])
    for g in groups:
        where = (
            Q(**{f"{column}__in": g.units})
            if g.units is not None
            else ~Q(**{f"{column}__in": listed})
        )
        result |= where & condition(g)
    return result


def _record(candidates: QuerySet[Dossier], kind: str, with_step: bool, now: datetime) -> list[int]:
    """Insert the warnings of ``kind`` for ``candidates`` not yet warned, in one statement;
    the ids of the dossiers warned now (a row already there is skipped, not an error)."""
    already = DeadlineWarning.objects.filter(dossier=OuterRef("pk"), kind=kind)
    if with_step:
        already = already.filter(step=OuterRef("current_step"))
    rows = (
        candidates.filter(~Exists(already))
        .annotate(w_dossier=F("pk"), w_step=F("current_step_id"))
        .values_list("w_dossier", "w_step")
        .order_by()
    )
    select, params = rows.query.sql_with_params()
    table = connection.ops.quote_name(DeadlineWarning._meta.db_table)
    step = "sub.w_step" if with_step else "NULL"
    sql = (
        f"INSERT INTO {table} (dossier_id, step_id, kind, created_at) "
        f"SELECT sub.w_dossier, {step}, %s, %s FROM ({select}) sub WHERE 1 = 1 "
        "ON CONFLICT DO NOTHING RETURNING dossier_id"
    )
    with connection.cursor() as cursor:
        created = DeadlineWarning._meta.get_field("created_at").get_db_prep_value(now, connection)
        cursor.execute(sql, [kind, created, *params])
        return [row[0] for row in cursor.fetchall()]


def _try_lock() -> bool:
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
        return bool(cursor.fetchone()[0])


def sweep_deadlines(now: datetime | None = None) -> SweepReport:
    now = now or timezone.now()
    report = SweepReport()
    with transaction.atomic():
        if not _try_lock():
            report.skipped = True
            return report
        groups = _calendar_groups(now)
        base = Dossier.objects.filter(state__in=DossierState.OPEN, paused_since__isnull=True)
        report.checked = base.count()
        step_open = Q(current_step__due_at__isnull=False, current_step__finished_at__isnull=True)
        steps = base.filter(step_open)
        overdue_steps = steps.filter(
            _in_groups(
                groups, "current_step__unit_id", lambda g: Q(current_step__due_at__lt=g.overdue)
            )
        )
        soon_steps = steps.filter(
            _in_groups(
                groups,
                "current_step__unit_id",
                lambda g: Q(
                    current_step__due_at__gte=g.overdue, current_step__due_at__lte=g.step_soon
                ),
            )
        )
        overdue = base.filter(
            _in_groups(groups, "responsible_unit_id", lambda g: Q(due_at__lt=g.overdue))
        )
        apology = base.filter(apology_count=0).filter(
            _in_groups(
                groups,
                "responsible_unit_id",
                lambda g: Q(due_at__gte=g.overdue, due_at__lte=g.apology),
            )
        )
        # Unfinished past the due time: late, and it stays late (QĐ 766/QĐ-TTg).
        overdue.filter(is_late=False).update(is_late=True)
        messages: list[StaffMessage] = []
        recipients = _Recipients()
        for kind, candidates, with_step in (
            (DeadlineWarning.KIND_STEP_OVERDUE, overdue_steps, True),
            (DeadlineWarning.KIND_STEP_DUE_SOON, soon_steps, True),
            (DeadlineWarning.KIND_DOSSIER_OVERDUE, overdue, False),
            (DeadlineWarning.KIND_APOLOGY_NEEDED, apology, False),
        ):
            ids = _record(candidates, kind, with_step, now)
            if ids:
                report.sent[kind] = len(ids)
                messages.extend(_messages(kind, ids, recipients))
        notify_staff_many(messages)
    return report


class _Recipients:
    """Staff of a unit by role, read once per sweep."""

    def __init__(self) -> None:
        self._cache: dict[tuple[int, frozenset[str]], list[User]] = {}

    def of(self, unit_id: int, roles: frozenset[str]) -> list[User]:
        key = (unit_id, roles)
        if key not in self._cache:
            ids = Membership.objects.active().filter(unit_id=unit_id, role__in=roles)
            self._cache[key] = list(
                User.objects.filter(pk__in=ids.values("user_id")).order_by("pk")
            )
        return self._cache[key]


def _messages(kind: str, ids: list[int], recipients: _Recipients) -> list[StaffMessage]:
    """Who is told what, for the dossiers just warned of ``kind``: the step's handler (or
    everyone with the step's role in its unit) and the unit head for a step; the unit head
    of the responsible unit for the dossier."""
    heads = frozenset({Role.UNIT_HEAD})
    out: list[StaffMessage] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        dossiers = (
            Dossier.objects.filter(pk__in=chunk)
            .select_related("current_step__handler")
            .order_by("pk")
        )
        for dossier in dossiers:
            step: DossierStep | None = dossier.current_step
            if kind in (DeadlineWarning.KIND_STEP_OVERDUE, DeadlineWarning.KIND_STEP_DUE_SOON):
                assert step is not None and step.due_at is not None
                text = (
                    _("Bước “%(step)s” của hồ sơ %(code)s đã quá hạn (%(due)s).")
                    if kind == DeadlineWarning.KIND_STEP_OVERDUE
                    else _("Bước “%(step)s” của hồ sơ %(code)s sắp đến hạn (%(due)s).")
                ) % {"step": step.name, "code": dossier.code, "due": _fmt(step.due_at)}
                if step.handler is not None:
                    users = [step.handler, *recipients.of(step.unit_id, heads)]
                else:
                    users = recipients.of(step.unit_id, frozenset({step.role, Role.UNIT_HEAD}))
            else:
                assert dossier.due_at is not None
                if kind == DeadlineWarning.KIND_DOSSIER_OVERDUE:
                    text = _("Hồ sơ %(code)s đã quá hạn trả kết quả (%(due)s).") % {
                        "code": dossier.code,
                        "due": _fmt(dossier.due_at),
                    }
                else:
                    text = _(
                        "Hồ sơ %(code)s sắp đến hạn (%(due)s): nếu không kịp, phải ban hành phiếu "
                        "xin lỗi và hẹn lại chậm nhất một ngày làm việc trước hạn."
                    ) % {"code": dossier.code, "due": _fmt(dossier.due_at)}
                users = recipients.of(dossier.responsible_unit_id, heads)
            out.extend(StaffMessage(user, dossier, text) for user in users)
    return out
