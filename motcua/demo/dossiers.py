"""Demo dossiers at the Nha Trang ward desk, created through the real actions."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from motcua.dossiers import actions, intake
from motcua.dossiers.models import Dossier
from motcua.dossiers.sweeps import sweep_deadlines
from motcua.org.models import Unit, User
from motcua.procedures.models import Procedure

DEMO_APPLICANTS = [
    ("Trần Văn Bình", "056090001234", "0905123456", "12 Lý Tự Trọng, phường Nha Trang"),
    ("Phạm Thị Hoa", "056185004321", "0914222333", "45 Yersin, phường Nha Trang"),
    ("Võ Minh Khang", "056200009876", "0935777888", "8 Hùng Vương, phường Nha Trang"),
    ("Lê Thị Thu", "056195003210", "0988111222", "21 Trần Phú, phường Nha Trang"),
]


def load() -> dict[str, int]:
    """A handful of dossiers at the Nha Trang ward desk, in the states every queue shows:
    at the desk, at the specialist, waiting for a supplement, late, waiting online, and one
    delivered to the demo citizen. Created through the real actions; only on an empty
    register."""
    if Dossier.objects.exists():
        return {"created_dossiers": 0}
    ward = Unit.objects.get(code="000.04.40.H56")
    clerk = User.objects.get(username="mc.nhatrang")
    specialist = User.objects.get(username="cv.nhatrang")
    head = User.objects.get(username="ld.nhatrang")
    citizen = User.objects.get(username="congdan")
    procedures = list(
        Procedure.objects.filter(
            units=ward, time_unit="working_days", inter_agency=False, time_limit__gte=3
        ).order_by("code")[:6]
    )
    now = timezone.now()

    def paper(index: int, procedure: Procedure, received_at: object = None) -> object:
        name, id_number, phone, address = DEMO_APPLICANTS[index % len(DEMO_APPLICANTS)]
        return intake.do_receive_dossier(
            procedure=procedure,
            unit=ward,
            actor=clerk,
            received_at=received_at,
            applicant=intake.Applicant(name, id_number=id_number, phone=phone, address=address),
            documents=[
                intake.ReceivedDocument(d.name, d.copy_kind) for d in procedure.documents.all()
            ],
        )

    paper(0, procedures[0])  # at the desk's reception step
    at_specialist = paper(1, procedures[1])
    actions.do_hand_on(at_specialist, actor=clerk, to_user=specialist)
    waiting = paper(2, procedures[2])
    actions.do_hand_on(waiting, actor=clerk, to_user=specialist)
    actions.do_request_supplement(
        waiting, actor=specialist, reason="Bổ sung bản sao giấy tờ nhân thân có chứng thực."
    )
    # Received three weeks ago and still open: late once the sweep has run.
    late = paper(3, procedures[3], received_at=now - timedelta(days=21))
    actions.do_hand_on(late, actor=clerk, to_user=specialist)
    citizen_applicant = intake.Applicant(
        citizen.full_name, phone="0905000111", email=citizen.email, user=citizen
    )
    intake.do_submit_online(procedure=procedures[4], unit=ward, applicant=citizen_applicant)
    done = intake.do_submit_online(procedure=procedures[5], unit=ward, applicant=citizen_applicant)
    intake.do_accept_online(done, actor=clerk)
    actions.do_hand_on(done, actor=clerk)
    actions.do_hand_on(done, actor=specialist)
    actions.do_complete(done, actor=head, result_summary="Kết quả giải quyết (bản điện tử)")
    actions.do_return_result(done, actor=clerk, method="online")
    sweep_deadlines()
    return {"created_dossiers": Dossier.objects.count()}
