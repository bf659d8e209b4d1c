"""Lost points → remediation plan → tasks, and the plan document in the layout of seed
003 (Kế hoạch khắc phục những tồn tại, hạn chế ... và nhiệm vụ, giải pháp nâng cao các
Chỉ số CCHC): purpose, then per field the lost sub-criteria with their timeframe and the
lead unit, co-operating units and expected result, then the organisation of the work."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from motcua.core.models import record_audit
from motcua.directives import actions as directive_actions
from motcua.directives.choices import DirectiveKind
from motcua.directives.permissions import can_issue
from motcua.org.models import Unit
from motcua.parindex import results
from motcua.parindex.choices import RoundState
from motcua.parindex.models import Participant, RemediationItem, RemediationPlan, Score


@dataclass
class PlanItem:
    score: Score
    lead_unit: Unit
    deadline: date
    co_units: list[Unit] = field(default_factory=list)
    expected_result: str = ""
    timeframe: str = ""


DEFAULT_PURPOSE = (
    "Đề ra các giải pháp cụ thể để khắc phục khuyết điểm, hạn chế trong công tác cải cách hành "
    "chính; phân công nhiệm vụ cụ thể cho tập thể, cá nhân chịu trách nhiệm lãnh đạo, chỉ đạo "
    "triển khai thực hiện, bảo đảm khắc phục các tiêu chí, tiêu chí thành phần bị mất điểm."
)


@transaction.atomic
def do_make_remediation_plan(
    participant: Participant,
    *,
    actor: Any,
    number: str,
    issued_on: date,
    signer: str,
    items: Iterable[PlanItem],
    purpose: str = "",
) -> RemediationPlan:
    """A remediation plan of the unit (or made for it by the office) from a selection of
    its lost sub-criteria: one task each, in one directive of kind "remediation"."""
    participant = Participant.objects.select_related("round", "unit").get(pk=participant.pk)
    round_ = participant.round
    if not (can_issue(actor, participant.unit) or can_issue(actor, round_.office)):
        raise PermissionDenied(
            _("Chỉ lãnh đạo đơn vị hoặc cơ quan chủ trì lập kế hoạch khắc phục.")
        )
    if round_.state != RoundState.PUBLISHED:
        raise ValidationError(
            _("Chỉ lập kế hoạch khắc phục sau khi kết quả được công bố."), code="not_published"
        )
    items = list(items)
    lost = {entry["score"].pk: entry for entry in results.lost_points(participant)}
    if not items:
        raise ValidationError(_("Chọn ít nhất một tiêu chí bị mất điểm."), code="empty")
    for item in items:
        if item.score.pk not in lost:
            raise ValidationError(
                _("Tiêu chí %(n)s không bị mất điểm.") % {"n": item.score.criterion.number},
                code="not_lost",
            )
    next_year = round_.year + 1
    directive = directive_actions.do_create_directive(
        actor=actor,
        kind=DirectiveKind.REMEDIATION,
        number=number,
        issued_on=issued_on,
        signer=signer,
        issuer=participant.unit,
        title=_(
            "Khắc phục những tồn tại, hạn chế trong công tác cải cách hành chính năm %(year)s và "
            "nhiệm vụ, giải pháp nâng cao các Chỉ số CCHC năm %(next)s"
        )
        % {"year": round_.year, "next": next_year},
        summary=purpose or DEFAULT_PURPOSE,
    )
    plan = RemediationPlan.objects.create(
        participant=participant,
        directive=directive,
        purpose=purpose or DEFAULT_PURPOSE,
        created_by=actor,
    )
    for item in items:
        c = item.score.criterion
        entry = lost[item.score.pk]
        task = directive_actions.do_assign_task(
            directive,
            actor=actor,
            title=f"{c.number}. {c.name}",
            lead_unit=item.lead_unit,
            co_units=item.co_units,
            deadline=item.deadline,
            expected_result=item.expected_result,
            description=_("Mất %(lost)s điểm năm %(year)s. %(why)s")
            % {"lost": entry["lost"], "year": round_.year, "why": entry["reason"] or entry["rule"]},
        )
        RemediationItem.objects.create(
            plan=plan,
            score=item.score,
            number=c.number,
            name=c.name,
            lost_points=entry["lost"],
            task=task,
            timeframe=item.timeframe or _("Trước ngày %(d)s") % {"d": f"{item.deadline:%d/%m/%Y}"},
        )
    record_audit(actor, "par.remediation_plan", plan, f"{directive}: {len(items)} tiêu chí")
    return plan


def _field_names(participant: Participant) -> dict[str, str]:
    return {c.number: c.name for c in participant.tree.criteria.filter(parent__isnull=True)}


def plan_document(plan: RemediationPlan) -> bytes:
    participant = plan.participant
    directive = plan.directive
    unit = participant.unit
    round_ = participant.round
    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)

    def centered(text: str, bold: bool = False) -> None:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = bold

    def labelled(label: str, text: str) -> None:
        paragraph = document.add_paragraph("- ")
        paragraph.add_run(label).bold = True
        paragraph.add_run(" " + text)

    header = document.add_table(rows=1, cols=2)
    header.rows[0].cells[0].text = f"{unit.name.upper()}\n{_('Số')}: {directive.number}"
    header.rows[0].cells[1].text = (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        + _("ngày %(d)s tháng %(m)s năm %(y)s")
        % {
            "d": f"{directive.issued_on:%d}",
            "m": f"{directive.issued_on:%m}",
            "y": directive.issued_on.year,
        }
    )
    centered("KẾ HOẠCH", bold=True)
    centered(directive.title, bold=True)
    document.add_paragraph(
        _("Căn cứ kết quả Chỉ số cải cách hành chính năm %(year)s%(decision)s;")
        % {
            "year": round_.year,
            "decision": f" ({_('Quyết định số')} {round_.decision_number})"
            if round_.decision_number
            else "",
        }
    )
    document.add_paragraph(
        _("%(unit)s xây dựng kế hoạch khắc phục những tồn tại, hạn chế với nội dung như sau:")
        % {"unit": unit.name}
    )
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU").runs[0].bold = True
    document.add_paragraph(plan.purpose)
    document.add_paragraph("II. NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN").runs[0].bold = True
    fields = _field_names(participant)
    items = list(plan.items.select_related("task__lead_unit").prefetch_related("task__co_units"))
    by_field: dict[str, list[RemediationItem]] = {}
    for item in items:
        by_field.setdefault(item.number.split(".")[0], []).append(item)
    letters = "abcdefghiklmnopqrstuvxy"
    for index, (field_number, field_items) in enumerate(
        sorted(by_field.items(), key=lambda kv: int(kv[0])), start=1
    ):
        document.add_paragraph(
            f"{index}. {_('Lĩnh vực')} {fields.get(field_number, field_number)}"
        ).runs[0].bold = True
        for position, item in enumerate(field_items):
            task = item.task
            document.add_paragraph(
                f"{letters[position % len(letters)]}) {_('Tiêu chí thành phần')}: “{item.number}. {item.name}” "
                f"({_('mất %(p)s điểm') % {'p': item.lost_points}})"
            )
            labelled(_("Thời gian thực hiện:"), item.timeframe)
            co = "; ".join(u.name for u in task.co_units.all())
            who = task.lead_unit.name + " " + _("chủ trì")
            if co:
                who += ", " + _("phối hợp với %(co)s") % {"co": co}
            if task.expected_result:
                who += ": " + task.expected_result
            labelled(_("Cơ quan thực hiện:"), who + ".")
    document.add_paragraph("III. TỔ CHỨC THỰC HIỆN").runs[0].bold = True
    document.add_paragraph(
        _(
            "1. Thủ trưởng các cơ quan, đơn vị căn cứ nhiệm vụ được phân công triển khai thực hiện "
            "có hiệu quả các nội dung tại Kế hoạch này; báo cáo tiến độ trên hệ thống theo dõi nhiệm vụ."
        )
    )
    document.add_paragraph(
        _(
            "2. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc kịp thời báo cáo để xem xét, quyết định./."
        )
    )
    centered("TM. " + unit.name.upper().replace("UBND", "ỦY BAN NHÂN DÂN"), bold=True)
    centered(directive.signer, bold=True)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
