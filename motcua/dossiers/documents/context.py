"""Plain-dict contexts of the dossier forms, built from the database.

Every value is a string, a number, a boolean or a list of such dicts, so that the same
context fills the HTML template (and through it the PDF) and the DOCX template, and an
administrator who writes a replacement template sees exactly the keys listed in
docs/forms.md.

Layout rules followed (Nghị định 30/2020/NĐ-CP, Phụ lục I, on the presentation of
administrative documents; the forms themselves: Thông tư 01/2018/TT-VPCP Mẫu 01–06,
replaced by Thông tư 03/2025/TT-VPCP): the superior body and the issuing unit in capitals
top left, the national motto top right, the number and the "place, date" line below, the
date written "ngày 05 tháng 3 năm 2024" (a zero before days under 10 and months under 3).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.inputs import display_phone
from motcua.core.siteurl import public_base_url
from motcua.dossiers.choices import Channel, DeliveryMethod, DossierState, FormKind
from motcua.dossiers.documents.frames import Frame, frame_on
from motcua.dossiers.models import Dossier, IssuedForm
from motcua.org.choices import Role, UnitKind
from motcua.org.models import Membership, Unit, memberships_of
from motcua.procedures.choices import CopyKind

# The register is not an issued form of one dossier, but it is rendered like one.
REGISTER = "register"
KINDS: tuple[str, ...] = (
    FormKind.RECEIPT,
    FormKind.SUPPLEMENT,
    FormKind.REFUSAL,
    FormKind.APOLOGY,
    FormKind.STOP,
    FormKind.CONTROL_SHEET,
    REGISTER,
)
# Page of each form: the receipt and the notices are handed to the applicant on A5; the
# control sheet travels with the file on A4; the register is a wide table.
PAGE = {
    FormKind.RECEIPT: "A5",
    FormKind.SUPPLEMENT: "A5",
    FormKind.REFUSAL: "A5",
    FormKind.APOLOGY: "A5",
    FormKind.STOP: "A5",
    FormKind.CONTROL_SHEET: "A4",
    REGISTER: "A4 landscape",
}
# Second half of the "Số: .../..." line of the issued forms: the abbreviation of the form's
# name; the first half is the form's id (a unit that numbers its papers differently
# replaces the template, see docs/forms.md). The control sheet and the register have none.
NUMBER_SUFFIX = {
    FormKind.RECEIPT: "TNHS",
    FormKind.SUPPLEMENT: "YCBS",
    FormKind.REFUSAL: "TCHS",
    FormKind.APOLOGY: "XLHS",
    FormKind.STOP: "DXLHS",
}
_UNIT_PREFIX = re.compile(r"^\s*(ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+", re.IGNORECASE)
_LEVEL_PREFIX = re.compile(
    r"^\s*(thành phố|tỉnh|huyện|quận|thị xã|thị trấn|xã|phường|đặc khu)\s+", re.IGNORECASE
)
_PLACE_KINDS = (UnitKind.COMMUNE, UnitKind.DISTRICT, UnitKind.PROVINCE)


# -- formatting ------------------------------------------------------------------------------


def as_local(value: datetime | str | None) -> datetime | None:
    """A datetime (or the ISO text the actions store in ``IssuedForm.data``) in local time."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return timezone.localtime(value)


def hour_date(value: datetime | str | None) -> str:
    """The way the forms write an appointment: "17 giờ 00 phút, ngày 12/03/2024"."""
    local = as_local(value)
    if local is None:
        return ""
    return _("%(h)s giờ %(m)s phút, ngày %(d)s") % {
        "h": f"{local:%H}",
        "m": f"{local:%M}",
        "d": f"{local:%d/%m/%Y}",
    }


def short(value: datetime | str | None) -> str:
    """Table cells: "08:00 05/03/2024"."""
    local = as_local(value)
    return f"{local:%H:%M %d/%m/%Y}" if local else ""


def day(value: datetime | str | date | None) -> str:
    if value is None or value == "":
        return ""
    if not isinstance(value, date) or isinstance(value, datetime):
        local = as_local(value)
        return f"{local:%d/%m/%Y}" if local else ""
    return f"{value:%d/%m/%Y}"


def date_line(place: str, when: date) -> str:
    """The date line, "An Bình, ngày 05 tháng 3 năm 2024" (Nghị định 30/2020/NĐ-CP,
    Phụ lục I: a zero before days below 10 and months below 3)."""
    day_text = f"{when.day:02d}"
    month_text = f"{when.month:02d}" if when.month < 3 else str(when.month)
    text = _("ngày %(d)s tháng %(m)s năm %(y)s") % {"d": day_text, "m": month_text, "y": when.year}
    return f"{place}, {text}" if place else text


def place_name(unit: Unit) -> str:
    """The place name of the date line: the commune, district or province the unit sits in
    ("UBND phường Nha Trang" → "Nha Trang"; a department → its province)."""
    chain = [unit, *reversed(list(unit.ancestors()))]
    for candidate in chain:
        if candidate.kind in _PLACE_KINDS:
            name = _UNIT_PREFIX.sub("", candidate.name)
            return _LEVEL_PREFIX.sub("", name).strip()
    return _UNIT_PREFIX.sub("", unit.name).strip()


def lookup_url(code: str, base_url: str = "", key: str = "") -> str:
    """The public lookup page of a dossier: what the receipt's QR code encodes, on
    ``PUBLIC_BASE_URL`` or else the address the request came in on (``base_url``)."""
    url = f"{(base_url or public_base_url()).rstrip('/')}/lookup/{quote(code, safe='')}/"
    return f"{url}?key={quote(key, safe='')}" if key else url


def lookup_home(base_url: str = "") -> str:
    return f"{(base_url or public_base_url()).rstrip('/')}/lookup/"


# -- the legal frame of the forms --------------------------------------------------------------


def switch_date() -> date:
    """From this reception date on, the forms of Thông tư 03/2025/TT-VPCP."""
    try:
        return date.fromisoformat(str(settings.FORM_FRAME_2025_FROM))
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"FORM_FRAME_2025_FROM must be a date (YYYY-MM-DD): {exc}"
        ) from exc


def frame_for(day: date) -> Frame:
    return frame_on(day, switch_date())


def dossier_frame(dossier: Dossier) -> Frame:
    """The frame in force when the dossier was received (submitted, if not yet received)."""
    when = dossier.received_at or dossier.submitted_at
    return frame_for(timezone.localtime(when).date())


def person(user: Any) -> str:
    return str(user) if user is not None else ""


# -- shared blocks ---------------------------------------------------------------------------


def unit_header(unit: Unit) -> dict[str, Any]:
    """Left column of the header: the superior body (plain capitals) and the unit (bold
    capitals, underlined)."""
    parent = unit.parent
    return {
        "superior_name": parent.name.upper() if parent is not None else "",
        "unit_name": unit.name.upper(),
        "unit_name_plain": unit.name,
        "unit_code": unit.code,
        "unit_address": unit.address,
        "unit_phone": unit.phone,
        "place": place_name(unit),
    }


def _frame(
    kind: str,
    unit: Unit,
    when: datetime,
    number: str,
    frame: Frame,
    base_url: str = "",
) -> dict[str, Any]:
    local = as_local(when) or timezone.localtime()
    header = unit_header(unit)
    form_number = frame.number(kind)
    return {
        "kind": kind,
        "frame": frame.key,
        "circular": frame.circular,
        "form_number": form_number,
        "form_label": _("Mẫu số %(n)s") % {"n": form_number} if form_number else "",
        "title": frame.title(kind).upper(),
        "page": PAGE[kind],
        **header,
        "number": number,
        "date_line": date_line(header["place"], local.date()),
        "issued_on": day(local),
        "issued_at": hour_date(local),
        "lookup_home": lookup_home(base_url),
        "site_name": settings.SITE_NAME,
        "signature_hint": _("(Ký, ghi rõ họ tên)"),
    }


def dossier_block(dossier: Dossier) -> dict[str, Any]:
    procedure = dossier.procedure
    return {
        "code": dossier.code,
        "procedure_code": procedure.code,
        "procedure_name": procedure.name,
        "time_limit": procedure.time_limit_label,
        "applicant_name": dossier.applicant_name,
        "applicant_id_number": dossier.applicant_id_number,
        "applicant_phone": display_phone(dossier.applicant_phone),
        "applicant_email": dossier.applicant_email,
        "applicant_address": dossier.applicant_address,
        "sets": dossier.sets,
        "channel": Channel.label(dossier.channel),
        "state": DossierState.label(dossier.state),
        "national_state": dossier.national_state,
        "submitted_at": hour_date(dossier.submitted_at),
        "received_at": hour_date(dossier.received_at),
        "due_at": hour_date(dossier.due_at),
        "legal_due_at": hour_date(dossier.legal_due_at),
        "receiving_unit": dossier.receiving_unit.name,
        "responsible_unit": dossier.responsible_unit.name,
    }


def _is_unit_head(user: Any, unit: Unit) -> bool:
    if user is None:
        return False
    return Membership.objects.active().filter(user=user, unit=unit, role=Role.UNIT_HEAD).exists()


def _return_place(dossier: Dossier) -> str:
    unit = dossier.receiving_unit
    if dossier.delivery_method == DeliveryMethod.ONLINE:
        return str(DeliveryMethod.label(DeliveryMethod.ONLINE))
    if dossier.delivery_method == DeliveryMethod.POST:
        return str(DeliveryMethod.label(DeliveryMethod.POST))
    place = _("Bộ phận tiếp nhận và trả kết quả, %(unit)s") % {"unit": unit.name}
    return f"{place} ({unit.address})" if unit.address else place


def _documents(data: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for item in data.get("documents") or []:
        if not item.get("provided", True):
            continue
        rows.append(
            {
                "index": len(rows) + 1,
                "name": item.get("name", ""),
                "copy_kind": CopyKind.label(item.get("copy_kind", "")),
                "quantity": item.get("quantity", 1),
            }
        )
    return rows


# -- the issued forms ------------------------------------------------------------------------


def form_context(form: IssuedForm, base_url: str = "") -> dict[str, Any]:
    """The context of one issued form, from the snapshot the action wrote (so that a
    reprint months later says what the original said) and the dossier, in the frame of
    the dossier's reception date. ``base_url``: the address links and the QR code use
    when ``PUBLIC_BASE_URL`` is not set (the request's)."""
    from motcua.dossiers.documents.control_sheet import control_sheet_context

    if form.kind == FormKind.CONTROL_SHEET:
        return control_sheet_context(form.dossier, base_url)
    dossier = form.dossier
    data = form.data or {}
    desk_refusal = form.kind == FormKind.REFUSAL and dossier.received_at is None
    unit = (
        dossier.receiving_unit
        if form.kind == FormKind.RECEIPT or desk_refusal
        else dossier.responsible_unit
    )
    context = _frame(
        form.kind,
        unit,
        form.issued_at,
        f"{form.pk}/{NUMBER_SUFFIX[form.kind]}",
        dossier_frame(dossier),
        base_url,
    )
    context["base_url"] = base_url
    issuer = form.issued_by
    context.update(
        {
            "form_id": form.pk,
            "dossier": dossier_block(dossier),
            "code": dossier.code,
            "signer_name": person(issuer),
            "reason": data.get("reason", ""),
        }
    )
    builder = _BUILDERS[form.kind]
    builder(context, form, dossier, data)
    if _is_unit_head(issuer, unit) and form.kind != FormKind.RECEIPT:
        context["signer_title"] = _("LÃNH ĐẠO ĐƠN VỊ")
    if desk_refusal:
        context["signer_title"] = _("NGƯỜI TIẾP NHẬN HỒ SƠ")
    return context


def _receipt(context: dict[str, Any], form: IssuedForm, dossier: Dossier, data: dict) -> None:
    received = data.get("received_at") or dossier.received_at
    due = data.get("due_at") or dossier.due_at
    url = lookup_url(dossier.code, context.get("base_url", ""), dossier.lookup_key)
    context.update(
        {
            "documents": _documents(data),
            "online": dossier.channel == Channel.ONLINE,
            "sets": data.get("sets", dossier.sets),
            "received_at": hour_date(received),
            "due_at": hour_date(due),
            "received_text": _("Thời gian nhận hồ sơ: %(at)s") % {"at": hour_date(received)},
            "appointment_text": _("Ngày hẹn trả kết quả: %(at)s") % {"at": hour_date(due)},
            "return_place": _return_place(dossier),
            "lookup_url": url,
            "lookup_key": dossier.lookup_key,
            "lookup_text": _(
                "Tra cứu tình trạng hồ sơ tại %(url)s bằng mã hồ sơ và mã tra cứu "
                "%(key)s, hoặc quét mã QR."
            )
            % {"url": lookup_home(context.get("base_url", "")), "key": dossier.lookup_key},
            "signer_title": _("NGƯỜI TIẾP NHẬN HỒ SƠ"),
            "applicant_signer_title": _("NGƯỜI NỘP HỒ SƠ"),
        }
    )


def _supplement(context: dict[str, Any], form: IssuedForm, dossier: Dossier, data: dict) -> None:
    unit = dossier.responsible_unit
    context.update(
        {
            "requested_at": hour_date(data.get("requested_at") or form.issued_at),
            "contact": ", ".join(
                part for part in (unit.name, unit.phone and _("điện thoại ") + unit.phone) if part
            ),
            "signer_title": _("NGƯỜI HƯỚNG DẪN"),
        }
    )


def _refusal(context: dict[str, Any], form: IssuedForm, dossier: Dossier, data: dict) -> None:
    context.update(
        {
            "received_at": hour_date(dossier.received_at or dossier.submitted_at),
            "signer_title": _("LÃNH ĐẠO ĐƠN VỊ"),
        }
    )


def _apology(context: dict[str, Any], form: IssuedForm, dossier: Dossier, data: dict) -> None:
    context.update(
        {
            "received_at": hour_date(dossier.received_at),
            "received_on": date_line("", _local_date(dossier.received_at or form.issued_at)),
            "previous_due_at": hour_date(data.get("previous_due_at")),
            "new_due_at": hour_date(data.get("new_due_at")),
            "issued_late": bool(data.get("issued_late")),
            "signer_title": _("LÃNH ĐẠO ĐƠN VỊ"),
        }
    )


def _local_date(value: datetime) -> date:
    return timezone.localtime(value).date()


def _stop(context: dict[str, Any], form: IssuedForm, dossier: Dossier, data: dict) -> None:
    context.update(
        {
            "received_at": hour_date(dossier.received_at),
            "stopped_at": hour_date(data.get("stopped_at") or form.issued_at),
            "signer_title": _("NGƯỜI TIẾP NHẬN HỒ SƠ"),
        }
    )


_BUILDERS = {
    FormKind.RECEIPT: _receipt,
    FormKind.SUPPLEMENT: _supplement,
    FormKind.REFUSAL: _refusal,
    FormKind.APOLOGY: _apology,
    FormKind.STOP: _stop,
}


# -- the dossier register (Mẫu 06 / 07) -----------------------------------------------------------


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) in local time."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


OUTCOME_LABELS = {
    "early": gettext_lazy("Trước hạn"),
    "on_time": gettext_lazy("Đúng hạn"),
    "late": gettext_lazy("Trễ hạn"),
    "open": gettext_lazy("Trong hạn"),
    "": "",
}


def settlement_outcome(dossier: Dossier, now: datetime) -> str:
    """One of "early", "on_time", "late", "open" (being settled, not yet due) or "" (ended
    without a result: withdrawn, stopped, not accepted). QĐ 766/QĐ-TTg: a late dossier
    stays late; an open dossier past its due time counts as late."""
    if dossier.is_late or dossier.is_overdue(now):
        return "late"
    finished = dossier.completed_at
    if finished is not None and dossier.state in (
        DossierState.PROCESSED,
        DossierState.REFUSED,
        DossierState.DELIVERED,
    ):
        due = as_local(dossier.due_at)
        if due is not None and _local_date(finished) < due.date():
            return "early"
        return "on_time"
    if dossier.is_open:
        return "open"
    return ""


def _sees_subtree(user: Any, unit: Unit) -> bool:
    """Whether ``user`` watches ``unit`` with its subtree (a subtree role at it or above)."""
    if getattr(user, "is_superuser", False):
        return True
    return any(
        m.role in Role.SUBTREE_ROLES and unit.path.startswith(m.unit.path)
        for m in memberships_of(user)  # the request's pinned memberships (no query)
    )


def register_queryset(unit: Unit, start: date, end: date, user: Any) -> QuerySet[Dossier]:
    """The register's dossiers, in its order: received by ``unit`` (or that it settles) in
    the period, among those ``user`` may see. Read through the (unit, reception time)
    indexes, one per side of the "or"."""
    low, high = period_bounds(start, end)
    if _sees_subtree(user, unit):
        # A monitor's (or administrator's) register of a unit covers its whole subtree:
        # the province's register lists what its communes and departments received.
        where = Q(receiving_unit__path__startswith=unit.path) | Q(
            responsible_unit__path__startswith=unit.path
        )
    else:
        where = Q(receiving_unit=unit) | Q(responsible_unit=unit)
    return (
        Dossier.objects.restrict(user, "view")
        .filter(received_at__gte=low, received_at__lt=high)
        .filter(where)
        .select_related("procedure")
        .order_by("received_at", "code")
    )


def register_row(index: int, d: Dossier, now: datetime) -> dict[str, Any]:
    outcome = settlement_outcome(d, now)
    return {
        "index": index,
        "code": d.code,
        "procedure_name": d.procedure.name,
        "sets": d.sets,
        "applicant_name": d.applicant_name,
        "applicant_contact": ", ".join(
            p for p in (d.applicant_address, display_phone(d.applicant_phone)) if p
        ),
        "received_at": short(d.received_at),
        "due_at": short(d.due_at),
        "completed_at": short(d.completed_at),
        "delivered_at": short(d.delivered_at),
        "outcome": str(OUTCOME_LABELS[outcome]),
        "outcome_key": outcome,
        "state": DossierState.label(d.state),
    }


def register_counts(qs: QuerySet[Dossier], now: datetime) -> dict[str, int]:
    """``settlement_outcome`` counted by the database (one grouped query, the same rules in
    the same order): the register's totals without reading its rows."""
    tz = timezone.get_current_timezone()
    finished = Q(
        completed_at__isnull=False,
        state__in=[DossierState.PROCESSED, DossierState.REFUSED, DossierState.DELIVERED],
    )
    late = Q(is_late=True) | Q(
        state__in=DossierState.OPEN,
        due_at__isnull=False,
        paused_since__isnull=True,
        due_at__lt=now,
    )
    outcome = Case(
        When(late, then=Value("late")),
        When(finished & Q(due_at__isnull=False, _done_day__lt=F("_due_day")), then=Value("early")),
        When(finished, then=Value("on_time")),
        When(state__in=DossierState.OPEN, then=Value("open")),
        default=Value(""),
        output_field=CharField(),
    )
    grouped = (
        qs.order_by()
        .annotate(
            _done_day=TruncDate("completed_at", tzinfo=tz), _due_day=TruncDate("due_at", tzinfo=tz)
        )
        .annotate(_outcome=outcome)
        .values("_outcome")
        .annotate(n=Count("pk"))
    )
    counts = {"early": 0, "on_time": 0, "late": 0, "open": 0}
    total = 0
    for row in grouped:
        total += row["n"]
        if row["_outcome"]:
            counts[row["_outcome"]] += row["n"]
    return {"total": total, **counts}


def register_context(
    unit: Unit, start: date, end: date, user: Any, *, page: Any = None, size: int = 0
) -> dict[str, Any]:
    """Sổ theo dõi hồ sơ (TT 01/2018 Mẫu 06, TT 03/2025 Mẫu 07): the dossiers received by ``unit`` (or that it settles)
    in the period, among those ``user`` may see. With ``size``: one page of rows (the
    screen) and the totals counted by the database; without: every row (the downloads)."""
    from motcua.core.paging import window

    qs = register_queryset(unit, start, end, user)
    now = timezone.now()
    if size:
        shown = window(qs, page, size)
        first = shown.start_index() or 1
        rows = [register_row(first + i, d, now) for i, d in enumerate(shown.object_list)]
        totals = register_counts(qs, now)
    else:
        shown = None
        rows = [register_row(i, d, now) for i, d in enumerate(qs, start=1)]
        totals = {"early": 0, "on_time": 0, "late": 0, "open": 0}
        for r in rows:
            if r["outcome_key"]:
                totals[r["outcome_key"]] += 1
        totals["total"] = len(rows)
    context = register_header(unit, start, end, user, now)
    context.update({"rows": rows, **totals, "page": shown})
    return context


def register_header(unit: Unit, start: date, end: date, user: Any, now: datetime) -> dict[str, Any]:
    """Everything of the register but its rows and totals."""
    # A register is a book, not a numbered paper; its form is the frame in force at the
    # start of the period.
    context = _frame(REGISTER, unit, now, "", frame_for(start))
    context.update(
        {
            "start": day(start),
            "end": day(end),
            "period": _("Từ ngày %(start)s đến ngày %(end)s")
            % {"start": day(start), "end": day(end)},
            "signer_title": _("NGƯỜI LẬP SỔ"),
            "signer_name": person(user) if getattr(user, "is_authenticated", False) else "",
            "generated_at": hour_date(now),
        }
    )
    return context
