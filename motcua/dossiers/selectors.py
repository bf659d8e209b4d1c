"""Read side of the officer workspace: the queues per role, the search, and the time
figures shown beside each dossier. Plain typed functions over permission-scoped
querysets (``Dossier.objects.restrict(user, "view")``); no HTTP here.

Time left is office time on the responsible unit's calendar (``engine.working_time_left``);
a working day counts as 8 working hours when it is written out ("còn 2 ngày 3 giờ làm
việc"). Calendars are looked up once per unit and request (:class:`Calendars`), so a page
of 25 dossiers costs the same few queries as a page of one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.paging import Capped, capped_count
from motcua.dossiers.choices import Action, Actor, DossierState
from motcua.dossiers.models import PAUSED, PIPELINE, RESULTS, Dossier, DossierStep
from motcua.dossiers.transitions import actors_for, check_signing, holds_step
from motcua.dossiers.workflow import TransitionRefused, check
from motcua.org.choices import Role
from motcua.org.models import Membership, Unit, memberships_of
from motcua.workcalendar import engine
from motcua.workcalendar.services import working_calendar_for

S = DossierState

# A working day written out in the workspace (the default office hours: 4 h + 4 h).
DAY_HOURS = 8
# Results exist but were not handed back yet.
RESULT_STATES = RESULTS
# Still somewhere in the pipeline: not yet closed for the applicant.
PIPELINE_STATES = PIPELINE
# States whose clock is stopped while waiting for the applicant.
PAUSED_STATES = PAUSED

QUEUE_RELATED = (
    "procedure",
    "receiving_unit",
    "responsible_unit",
    "current_step__unit",
    "current_step__handler",
)


# -- who the user is at the desk -----------------------------------------------------------


def units_by_role(user: Any) -> dict[str, list[Unit]]:
    """The units in which ``user`` holds each role (active memberships only)."""
    result: dict[str, list[Unit]] = {}
    if not getattr(user, "is_authenticated", False):
        return result
    for m in memberships_of(user):  # the request's pinned list when there is one
        result.setdefault(m.role, []).append(m.unit)
    return result


# -- the queues ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Queue:
    key: str
    label: Any
    description: Any
    roles: frozenset[str]


ONLINE = "online"
MY_STEP = "my_step"
WAITING = "waiting"
RESULTS = "results"
UNIT_LATE = "unit_late"
LATE = "late"

QUEUES: tuple[Queue, ...] = (
    Queue(
        ONLINE,
        gettext_lazy("Trực tuyến chờ tiếp nhận"),
        gettext_lazy("Hồ sơ nộp trực tuyến chưa được tiếp nhận, chờ lâu nhất trước."),
        frozenset({Role.CLERK}),
    ),
    Queue(
        MY_STEP,
        gettext_lazy("Ở bước của tôi"),
        gettext_lazy(
            "Hồ sơ đang ở bước xử lý của bạn (giao cho bạn hoặc chưa giao cho ai), ít thời "
            "gian còn lại nhất trước; hồ sơ tạm dừng tính thời gian ở cuối."
        ),
        frozenset({Role.CLERK, Role.SPECIALIST, Role.UNIT_HEAD}),
    ),
    Queue(
        WAITING,
        gettext_lazy("Chờ bổ sung, chờ nộp phí"),
        gettext_lazy(
            "Hồ sơ đang chờ người nộp bổ sung giấy tờ hoặc thực hiện nghĩa vụ tài chính: thời "
            "gian chờ không tính vào thời hạn giải quyết."
        ),
        frozenset({Role.CLERK}),
    ),
    Queue(
        RESULTS,
        gettext_lazy("Kết quả chờ trả"),
        gettext_lazy("Hồ sơ đã có kết quả (hoặc văn bản từ chối), chờ trả cho người nộp."),
        frozenset({Role.CLERK}),
    ),
    Queue(
        UNIT_LATE,
        gettext_lazy("Trễ hạn của đơn vị"),
        gettext_lazy("Hồ sơ của đơn vị đã quá hạn hoặc đã bị tính trễ hạn, chưa trả kết quả."),
        frozenset({Role.UNIT_HEAD}),
    ),
    Queue(
        LATE,
        gettext_lazy("Trễ hạn trong phạm vi theo dõi"),
        gettext_lazy(
            "Mọi hồ sơ trễ hạn chưa trả kết quả của các đơn vị trực thuộc, và ai đang giữ hồ sơ."
        ),
        frozenset({Role.MONITOR, Role.ADMIN}),
    ),
)
QUEUES_BY_KEY = {q.key: q for q in QUEUES}


def available_queues(user: Any, roles: dict[str, list[Unit]] | None = None) -> list[Queue]:
    """The queues of the roles ``user`` holds, in a fixed order."""
    roles = units_by_role(user) if roles is None else roles
    if getattr(user, "is_superuser", False) and not roles:
        return [QUEUES_BY_KEY[LATE]]
    return [q for q in QUEUES if q.roles & set(roles)]


def late_q(now: datetime) -> Q:
    """Late: marked late for good (apology, second supplement, completed after the legal
    due time: QĐ 766/QĐ-TTg keeps them late), or past due now with the clock running."""
    overdue = Q(state__in=S.OPEN, paused_since__isnull=True, due_at__lt=now)
    return Q(is_late=True) | overdue


def late_in_pipeline_q(now: datetime) -> Q:
    """``late_q`` among the dossiers still in the pipeline, written as two arms that are
    exactly the predicates of two partial indexes (``dossier_late_pipeline``,
    ``dossier_running_due``): a bitmap OR of two small index scans, however long the
    history (the open states are all pipeline states)."""
    return Q(is_late=True, state__in=sorted(PIPELINE_STATES)) | Q(
        state__in=sorted(S.OPEN), paused_since__isnull=True, due_at__lt=now
    )


def _ids(units: Iterable[Unit]) -> list[int]:
    return [u.pk for u in units]


def _held_elsewhere(unit_ids: list[int]) -> list[int]:
    """The current steps held by ``unit_ids`` in dossiers another unit is answerable for
    (inter-agency): a short list, so that "answerable or holding" is two index scans of the
    dossier table instead of a join over every step."""
    if not unit_ids:
        return []
    return list(
        DossierStep.objects.filter(
            unit_id__in=unit_ids, finished_at__isnull=True, started_at__isnull=False
        )
        .exclude(dossier__responsible_unit_id__in=unit_ids)
        .order_by()  # ids only: no sort
        .values_list("pk", flat=True)
    )


def queue_condition(key: str, user: Any, roles: dict[str, list[Unit]], now: datetime) -> Q:
    """The filter of one queue for ``user`` holding ``roles``."""
    clerk_units = _ids(roles.get(Role.CLERK, []))
    if key == ONLINE:
        return Q(state=S.NEW, receiving_unit_id__in=clerk_units)
    if key == WAITING:
        return Q(state__in=PAUSED_STATES, receiving_unit_id__in=clerk_units)
    if key == RESULTS:
        return Q(state__in=RESULT_STATES, receiving_unit_id__in=clerk_units)
    if key == MY_STEP:
        # The steps I may hold, first (a few per open dossier of my units, through the
        # partial index of unfinished steps per unit and role), then their dossiers by
        # ``current_step``: the queue never reads the dossiers whose step is elsewhere.
        # A current step is started and not finished (finishing a step moves the dossier on).
        at_step = Q(pk__in=[])
        for role in (Role.CLERK, Role.SPECIALIST, Role.UNIT_HEAD):
            if roles.get(role):
                at_step |= Q(role=role, unit_id__in=_ids(roles[role]))
        steps = DossierStep.objects.filter(
            at_step,
            Q(handler=user) | Q(handler__isnull=True),
            finished_at__isnull=True,
            started_at__isnull=False,
        )
        held = list(steps.order_by().values_list("pk", flat=True))  # ids only: no sort
        return Q(current_step_id__in=held, state__in=S.OPEN)
    if key == UNIT_LATE:
        heads = _ids(roles.get(Role.UNIT_HEAD, []))
        unit = Q(responsible_unit_id__in=heads) | Q(current_step_id__in=_held_elsewhere(heads))
        return unit & late_in_pipeline_q(now)
    if key == LATE:
        if getattr(user, "is_superuser", False):
            subtree = Q()
        else:
            subtree = Q(pk__in=[])
            for role in QUEUES_BY_KEY[LATE].roles:
                for unit in roles.get(role, []):
                    subtree |= Q(responsible_unit__path__startswith=unit.path)
        return subtree & late_in_pipeline_q(now)
    raise KeyError(key)


def _ordered(qs: QuerySet[Dossier], key: str) -> QuerySet[Dossier]:
    if key == ONLINE:
        return qs.order_by("submitted_at", "id")
    if key == WAITING:
        return qs.order_by("paused_since", "id")
    if key == RESULTS:
        return qs.order_by("completed_at", "id")
    # Time left: on one calendar it grows with the due time, so the database orders the
    # queue and the page is paginated there; dossiers whose clock is stopped come last.
    return qs.annotate(
        _paused=Case(
            When(paused_since__isnull=False, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    ).order_by("_paused", F("due_at").asc(nulls_last=True), "id")


class QueueReader:
    """The reads of one queue page: the user's dossier scope and each queue's condition
    are computed once (each may cost a query: the steps my units hold, the steps held by
    me) and shared by the tabs' figures and the page itself."""

    def __init__(
        self, user: Any, now: datetime, roles: dict[str, list[Unit]] | None = None
    ) -> None:
        self.user, self.now = user, now
        self.roles = units_by_role(user) if roles is None else roles
        self.scope = Dossier.objects.restrict(user, "view")
        self._conditions: dict[str, Q] = {}

    def condition(self, key: str) -> Q:
        if key not in self._conditions:
            self._conditions[key] = queue_condition(key, self.user, self.roles, self.now)
        return self._conditions[key]

    def figures(self) -> dict[str, Capped]:
        """The tabs' figures: each queue counted up to ``COUNT_CAP`` ("1.000+")."""
        return {
            q.key: capped_count(self.scope.filter(self.condition(q.key)))
            for q in available_queues(self.user, self.roles)
        }

    def dossiers(self, key: str) -> QuerySet[Dossier]:
        """The dossiers of queue ``key``, in queue order, ready for :func:`rows_for`."""
        base = self.scope.select_related(*QUEUE_RELATED)
        return _ordered(base.filter(self.condition(key)), key)


def home_counts(membership: Membership, now: datetime) -> dict[str, int]:
    """The queue figures of one home-page section (one role in one unit)."""
    roles = {membership.role: [membership.unit]}
    user = membership.user
    base = Dossier.objects.restrict(user, "view")
    keys = [q.key for q in QUEUES if membership.role in q.roles]
    counts = {key: base.filter(queue_condition(key, user, roles, now)).count() for key in keys}
    if MY_STEP in counts:
        counts["my_step_overdue"] = (
            base.filter(queue_condition(MY_STEP, user, roles, now))
            .filter(paused_since__isnull=True, due_at__lt=now)
            .count()
        )
    if ONLINE in counts:
        calendars = Calendars()
        waiting = base.filter(queue_condition(ONLINE, user, roles, now))
        counts["online_too_long"] = sum(
            1
            for d in waiting.select_related("receiving_unit")
            if _waited_too_long(calendars.waited_hours(d, now))
        )
    return counts


# -- time figures ----------------------------------------------------------------------------


def format_duration(value: timedelta, day_hours: int = DAY_HOURS) -> str:
    """Office time written out: "2 ngày 3 giờ", "3 giờ 15 phút", "40 phút" (a day is
    ``day_hours`` working hours; minutes are dropped once there are whole days)."""
    minutes_total = int(abs(value).total_seconds()) // 60
    days, rest = divmod(minutes_total, day_hours * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(_("%(n)d ngày") % {"n": days})
    if hours:
        parts.append(_("%(n)d giờ") % {"n": hours})
    if minutes and not days:
        parts.append(_("%(n)d phút") % {"n": minutes})
    return " ".join(parts) if parts else _("dưới 1 phút")


def format_working_time(left: timedelta, *, overdue: bool | None = None) -> str:
    """ "còn 2 ngày 3 giờ làm việc" / "quá hạn 5 giờ làm việc" (negative ``left``, or
    ``overdue`` forced when the due time passed outside office hours)."""
    is_overdue = left < timedelta(0) if overdue is None else overdue
    if is_overdue:
        if abs(left) < timedelta(minutes=1):
            return _("quá hạn")
        return _("quá hạn %(time)s làm việc") % {"time": format_duration(left)}
    return _("còn %(time)s làm việc") % {"time": format_duration(left)}


def format_hours(hours: float) -> str:
    """9.5 → "9,5" (Vietnamese decimal comma)."""
    text = f"{hours:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _waited_too_long(hours: float | None) -> bool:
    return hours is not None and hours > settings.ONLINE_RECEPTION_LIMIT_HOURS


class Calendars:
    """Working calendars looked up once per unit for the life of one request."""

    def __init__(self) -> None:
        self._by_unit: dict[int | None, engine.WorkingCalendar] = {}

    def of(self, unit: Unit | None) -> engine.WorkingCalendar:
        key = unit.pk if unit is not None else None
        if key not in self._by_unit:
            self._by_unit[key] = working_calendar_for(unit)
        return self._by_unit[key]

    def time_left(self, dossier: Dossier, now: datetime) -> timedelta | None:
        # = deadlines.working_time_left, with the calendar from this cache.
        if dossier.due_at is None:
            return None
        return engine.working_time_left(dossier.due_at, now, self.of(dossier.responsible_unit))

    def waited_hours(self, dossier: Dossier, now: datetime) -> float:
        # = deadlines.working_hours_between(submitted_at, now, receiving_unit).
        between = engine.working_time_between(
            dossier.submitted_at, now, self.of(dossier.receiving_unit)
        )
        return between.total_seconds() / 3600


# Markers of a row, also used as CSS hooks and in tests.
MARK_OVERDUE = "overdue"
MARK_DUE_SOON = "due_soon"
MARK_ON_TRACK = "on_track"
MARK_PAUSED = "paused"
MARK_WAITING = "waiting"
MARK_WAITING_TOO_LONG = "waiting_too_long"
MARK_RESULT = "result"
MARK_CLOSED = "closed"


@dataclass
class DossierRow:
    """One dossier in a list, with what the officer needs to see at a glance."""

    dossier: Dossier
    mark: str
    text: str
    time_left: timedelta | None = None
    waited_hours: float | None = None
    holder: str = ""
    step_due_at: datetime | None = None
    step_overdue: bool = False

    @property
    def state_colour(self) -> str:
        return DossierState.color(self.dossier.state)

    @property
    def colour(self) -> str:
        return {
            MARK_OVERDUE: "red",
            MARK_DUE_SOON: "orange",
            MARK_ON_TRACK: "green",
            MARK_PAUSED: "secondary",
            MARK_WAITING: "azure",
            MARK_WAITING_TOO_LONG: "red",
            MARK_RESULT: "teal",
        }.get(self.mark, "secondary")


def holder_of(dossier: Dossier) -> str:
    """Who holds the dossier now: the handler of the current step, or the step's role and
    unit when it was handed to the whole unit."""
    step = dossier.current_step
    if step is None:
        if dossier.state == S.NEW:
            return _("Bộ phận Một cửa — %(unit)s") % {"unit": dossier.receiving_unit.name}
        return ""
    if step.handler is not None:
        return _("%(person)s (%(unit)s)") % {
            "person": step.handler.display_name,
            "unit": step.unit.name,
        }
    return _("%(role)s — %(unit)s") % {"role": Role.label(step.role), "unit": step.unit.name}


def row_for(dossier: Dossier, now: datetime, calendars: Calendars) -> DossierRow:
    holder = holder_of(dossier)
    step_due = dossier.current_step.due_at if dossier.current_step else None
    if dossier.state == S.NEW:
        waited = calendars.waited_hours(dossier, now)
        mark = MARK_WAITING_TOO_LONG if _waited_too_long(waited) else MARK_WAITING
        text = _("đã chờ %(hours)s giờ làm việc") % {"hours": format_hours(waited)}
        return DossierRow(dossier, mark, text, waited_hours=waited, holder=holder)
    if dossier.state in RESULT_STATES:
        return DossierRow(dossier, MARK_RESULT, _("đã có kết quả, chờ trả"), holder=holder)
    if dossier.state not in S.OPEN:
        return DossierRow(dossier, MARK_CLOSED, DossierState.label(dossier.state), holder=holder)
    if dossier.paused_since is not None:
        return DossierRow(
            dossier, MARK_PAUSED, _("tạm dừng tính thời gian"), holder=holder, step_due_at=step_due
        )
    left = calendars.time_left(dossier, now)
    if left is None:
        return DossierRow(dossier, MARK_ON_TRACK, "", holder=holder, step_due_at=step_due)
    overdue = dossier.is_overdue(now)
    if overdue:
        mark = MARK_OVERDUE
    elif left < timedelta(hours=settings.DEADLINE_WARNING_HOURS):
        mark = MARK_DUE_SOON
    else:
        mark = MARK_ON_TRACK
    return DossierRow(
        dossier,
        mark,
        format_working_time(left, overdue=overdue),
        time_left=left,
        holder=holder,
        step_due_at=step_due,
        step_overdue=step_due is not None and now > step_due,
    )


def rows_for(dossiers: Iterable[Dossier], now: datetime) -> list[DossierRow]:
    calendars = Calendars()
    return [row_for(d, now, calendars) for d in dossiers]


# -- the dossier page ------------------------------------------------------------------------


@dataclass
class StepRow:
    """A processing step with the office time it used and, for the current one, what is
    left of its budget."""

    step: DossierStep
    is_current: bool
    used: timedelta | None = None
    used_text: str = ""
    left_text: str = ""
    mark: str = ""


def step_rows(
    dossier: Dossier,
    steps: Sequence[DossierStep],
    pauses: Sequence[engine.Pause],
    now: datetime,
    calendars: Calendars | None = None,
) -> list[StepRow]:
    calendars = calendars or Calendars()
    rows: list[StepRow] = []
    for step in steps:
        is_current = step.pk == dossier.current_step_id
        row = StepRow(step, is_current)
        if step.started_at is not None:
            calendar = calendars.of(step.unit)
            end = step.finished_at or now
            used = engine.working_time_between(step.started_at, end, calendar, pauses)
            row.used = used
            row.used_text = format_duration(used)
            if step.finished_at is not None:
                row.mark = MARK_ON_TRACK if step.on_time is not False else MARK_OVERDUE
                row.left_text = _("đúng hạn") if step.on_time is not False else _("trễ hạn")
            elif dossier.paused_since is not None:
                row.mark = MARK_PAUSED
                row.left_text = _("tạm dừng tính thời gian")
            elif step.due_at is not None:
                left = engine.working_time_left(step.due_at, now, calendar)
                overdue = now > step.due_at
                row.left_text = format_working_time(left, overdue=overdue)
                if overdue:
                    row.mark = MARK_OVERDUE
                elif left < timedelta(hours=settings.DEADLINE_WARNING_HOURS):
                    row.mark = MARK_DUE_SOON
                else:
                    row.mark = MARK_ON_TRACK
        rows.append(row)
    return rows


# -- what the user may do now ------------------------------------------------------------------

# The order in which the action forms appear: the usual next move first, the rare and
# irreversible ones last.
ACTION_ORDER: tuple[str, ...] = (
    Action.ACCEPT,
    Action.HAND_ON,
    Action.ANSWER_SUPPLEMENT,
    Action.COMPLETE,
    Action.RETURN_RESULT,
    Action.REQUEST_SUPPLEMENT,
    Action.REQUIRE_PAYMENT,
    Action.APOLOGISE,
    Action.REFUSE,
    Action.NOT_ACCEPT,
    Action.STOP,
    Action.WITHDRAW,
)


def next_step(dossier: Dossier, steps: Sequence[DossierStep]) -> DossierStep | None:
    """The step a hand-over would lead to (``do_hand_on`` picks the same one)."""
    current = dossier.current_step
    later = [s for s in steps if current is None or s.order > current.order]
    return later[0] if later else None


def holds_current_step(user: Any, dossier: Dossier, roles: dict[str, list[Unit]]) -> bool:
    """The holder of the current step, as ``do_hand_on`` checks (``transitions.holds_step``:
    its handler, or anyone with its role in its unit while nobody is assigned)."""
    return holds_step(user, dossier.current_step)


def may_sign(user: Any, dossier: Dossier) -> bool:
    try:
        check_signing(user, dossier)
    except TransitionRefused:
        return False
    return True


def allowed_actions(
    user: Any,
    dossier: Dossier,
    steps: Sequence[DossierStep],
    roles: dict[str, list[Unit]] | None = None,
) -> list[str]:
    """The actions the workflow table lets ``user`` perform on ``dossier`` now, minus the
    ones the action function would refuse for a reason already known here (handing on a
    step one does not hold or past the last step, signing anywhere but at the final
    approval step by its holder, a second supplement request by anyone but the unit head,
    a second apology, returning a result whose fee is still due)."""
    roles = units_by_role(user) if roles is None else roles
    actors = actors_for(user, dossier)
    allowed: list[str] = []
    for action in ACTION_ORDER:
        try:
            check(action, dossier.state, actors)
        except TransitionRefused:
            continue
        if action == Action.HAND_ON and (
            not holds_current_step(user, dossier, roles) or next_step(dossier, steps) is None
        ):
            continue
        if (
            action == Action.REQUEST_SUPPLEMENT
            and dossier.supplement_count >= 1
            and Actor.UNIT_HEAD not in actors
        ):
            continue
        if action == Action.APOLOGISE and dossier.apology_count >= 1:
            continue
        if action == Action.COMPLETE and not may_sign(user, dossier):
            continue
        if action == Action.RETURN_RESULT and dossier.fee_still_due():
            # The fees panel says why: the fee is taken first (payments.desk).
            continue
        allowed.append(action)
    return allowed


# -- for other areas -------------------------------------------------------------------------


def delivered_between(unit_ids: Iterable[int], start: date, end: date) -> QuerySet[Dossier]:
    """Dossiers of ``unit_ids`` (responsible unit) whose result was handed back from
    ``start`` to ``end`` (local days, both included) and that are still delivered: the
    frame the SIPAS sample is drawn from (``motcua.surveys``)."""
    tz = timezone.get_current_timezone()
    return Dossier.objects.filter(
        responsible_unit_id__in=list(unit_ids),
        state=S.DELIVERED,
        delivered_at__gte=datetime.combine(start, time.min, tzinfo=tz),
        delivered_at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )
