"""Demo content of the feedback area, through the real actions: items of ``data/
feedback.csv`` sent to the Nha Trang ward from the portal, the desk and the hotline, and
walked to every state (waiting for classification, forwarded, routed as a complaint, not
accepted, assigned, waiting for the sender, answered, published, reopened after the
sender's "not resolved", closed) — and one simplification proposal. Idempotent: nothing
is added once the file's first item exists."""

from __future__ import annotations

import csv
from pathlib import Path

from motcua.dossiers.models import Dossier
from motcua.feedback import actions, intake, proposals
from motcua.feedback.models import Feedback
from motcua.org.models import Unit, User
from motcua.procedures.models import Procedure

DATA = Path(__file__).parent / "data" / "feedback.csv"
WARD = "000.04.40.H56"


def load() -> dict[str, int]:
    rows = list(csv.DictReader(DATA.open(encoding="utf-8", newline="")))
    ward = Unit.objects.filter(code=WARD).first()
    if not rows or ward is None or Feedback.objects.filter(title=rows[0]["title"]).exists():
        return {}
    clerk = User.objects.get(username="mc.nhatrang")
    specialist = User.objects.get(username="cv.nhatrang")
    head = User.objects.get(username="ld.nhatrang")
    citizen = User.objects.filter(username="congdan").first()
    dossier = Dossier.objects.filter(responsible_unit=ward).order_by("pk").first()
    procedure = Procedure.objects.filter(units=ward, is_active=True).order_by("code").first()
    made = 0
    for row in rows:
        channel = row["channel"]
        actor = clerk if channel != "portal" else (citizen if row["link"] == "dossier" else None)
        item, _secret = intake.do_receive_feedback(
            title=row["title"],
            content=row["content"],
            name=row["name"],
            phone=row["phone"],
            email=row["email"],
            unit=ward,
            channel=channel,
            actor=actor,
            dossier=dossier if row["link"] == "dossier" else None,
            procedure=procedure if row["link"] == "procedure" else None,
            publish_consent=row["consent"] == "1",
        )
        _walk(item, row["scenario"], specialist, head)
        if row["link"] == "procedure" and procedure is not None:
            proposals.do_propose_simplification(
                procedure=procedure,
                unit=ward,
                feedback=item,
                kind="time",
                summary="Rút ngắn thời hạn giải quyết theo phản ánh của người dân.",
                actor=specialist,
                days_after=max(procedure.time_limit - 1, 0),
            )
        made += 1
    return {"created_feedback": made}


def _walk(item: Feedback, scenario: str, specialist: User, head: User) -> None:
    s = specialist
    if scenario == "received":
        return
    if scenario == "forwarded":
        actions.do_forward(item, actor=s, forwarded_to="Công ty Điện lực Khánh Hòa")
        return
    if scenario == "routed":
        actions.do_route(
            item,
            actor=s,
            reason="Nội dung là khiếu nại: đề nghị thực hiện theo Luật Khiếu nại 2011.",
        )
        return
    if scenario == "not_accepted":
        actions.do_not_accept(item, actor=s, reason="Không có nội dung phản ánh, kiến nghị cụ thể.")
        return
    actions.do_accept(item, actor=s)
    if scenario == "assigned":
        actions.do_assign(item, actor=head, handler=s)
        return
    if scenario == "waiting_sender":
        actions.do_ask_more(item, actor=s, question="Đề nghị cho biết mã hồ sơ đã nộp.")
        return
    actions.do_answer(item, actor=s, answer=ANSWERS.get(scenario, "UBND phường đã tiếp thu."))
    if scenario == "answered":
        return
    if scenario in ("published", "reopened"):
        actions.do_publish(item, actor=head)
    if scenario == "reopened":
        actions.do_reopen(item, actor=actions.SENDER, reason="Đến nay vẫn chưa nhận được tin nhắn.")
        return
    if scenario == "closed":
        actions.do_rate(item, actor=actions.SENDER, satisfied=True)
        actions.do_close(item, actor=s)


ANSWERS = {
    "published": (
        "Theo quy định hiện hành, khi dữ liệu tình trạng hôn nhân đã có trên cơ sở dữ liệu "
        "hộ tịch điện tử, cơ quan đăng ký tự khai thác và người dân không phải nộp giấy xác "
        "nhận. UBND phường đã chấn chỉnh việc hướng dẫn tại Bộ phận Một cửa."
    ),
    "reopened": "Hệ thống đã gửi lại tin nhắn hẹn trả kết quả.",
    "closed": "UBND phường đã bố trí thêm khu vực để xe phía sau trụ sở.",
}
