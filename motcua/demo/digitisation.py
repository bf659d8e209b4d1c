"""Demo content of the digitisation area, through the real actions: the local test CA and
one certificate per unit (created here, never committed), delivered dossiers with signed
electronic results, and the demo citizen's second dossier reusing the CCCD digitised for
his first. Idempotent: nothing is added once the demo citizen's wallet exists."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.digitisation import actions, results, rules
from motcua.digitisation.models import WalletItem
from motcua.dossiers import actions as dossier_actions
from motcua.dossiers import intake
from motcua.integrations import signing
from motcua.org.models import Unit, User
from motcua.procedures.models import Procedure

WARD = "000.04.40.H56"
CITIZEN_ID = "056199000777"


def _scan(text: str, pages: int = 1) -> list[SimpleUploadedFile]:
    """Page images as a scanner would give them (generated: the demo ships no pictures)."""
    from PIL import Image, ImageDraw

    files = []
    for page in range(1, pages + 1):
        image = Image.new("RGB", (827, 1169), "white")
        draw = ImageDraw.Draw(image)
        draw.rectangle((40, 40, 787, 1129), outline="black", width=3)
        draw.text((80, 90), f"{text} - trang {page}", fill="black")
        out = io.BytesIO()
        image.save(out, "JPEG", quality=70)
        files.append(SimpleUploadedFile(f"trang-{page}.jpg", out.getvalue(), "image/jpeg"))
    return files


def ensure_certificates() -> int:
    signing.ensure_test_ca(organisation=settings.SITE_NAME)
    return sum(
        signing.ensure_unit_certificate(u.code, u.name, organisation=settings.SITE_NAME)
        for u in Unit.objects.order_by("code")
    )


def _procedure(ward: Unit) -> Procedure | None:
    """A ward procedure with an identity document, a unit head's step and a document
    result: the one the demo citizen files twice."""
    for procedure in (
        Procedure.objects.filter(units=ward, is_active=True, inter_agency=False)
        .exclude(result="")
        .prefetch_related("documents", "steps")
        .order_by("code")
    ):
        names = [d.name for d in procedure.documents.all()]
        roles = [s.role for s in procedure.steps.all()]
        if "unit_head" in roles and any(rules.document_kind(n) == "identity" for n in names):
            return procedure
    return None


def _receive(procedure: Procedure, ward: Unit, clerk: User, applicant: intake.Applicant):
    return intake.do_receive_dossier(
        procedure=procedure,
        unit=ward,
        actor=clerk,
        applicant=applicant,
        documents=[
            intake.ReceivedDocument(d.name, d.copy_kind)
            for d in procedure.documents.all()
            if d.mandatory
        ],
    )


def _digitise_all(dossier, clerk: User, skip_identity: bool = False) -> None:
    for required in dossier.procedure.documents.all():
        if skip_identity and rules.document_kind(required.name) == "identity":
            continue
        actions.do_digitise_document(
            dossier,
            actor=clerk,
            required_document=required,
            files=_scan(required.name[:60], 2 if rules.document_kind(required.name) else 1),
            issuer="Cục Cảnh sát QLHC về TTXH"
            if rules.document_kind(required.name) == "identity"
            else "",
        )


def _to_delivered(dossier, clerk: User, specialist: User, head: User) -> None:
    """Walk the dossier through its steps to the head's approval, sign, return."""
    steps = list(dossier.steps.order_by("order"))
    for _step in steps:
        dossier.refresh_from_db()
        current = dossier.current_step
        if current is None or current.role == "unit_head":
            break
        holder = clerk if current.role == "clerk" else specialist
        nxt = next((s for s in steps if s.order > current.order), None)
        to_user = {"clerk": clerk, "specialist": specialist, "unit_head": head}.get(
            nxt.role if nxt else "", None
        )
        dossier_actions.do_hand_on(dossier, actor=holder, to_user=to_user)
    dossier.refresh_from_db()
    results.do_sign_result(
        dossier, actor=head, result_summary=dossier.procedure.result[:500] or "Kết quả"
    )
    dossier.refresh_from_db()
    dossier_actions.do_return_result(dossier, actor=clerk, method="online")


def load() -> dict[str, int]:
    """The area's demo; ``created_signed_results``: results signed now."""
    ensure_certificates()
    if WalletItem.objects.filter(owner_id_number=CITIZEN_ID).exists():
        return {}
    ward = Unit.objects.filter(code=WARD).first()
    procedure = _procedure(ward) if ward else None
    if ward is None or procedure is None:
        return {}
    clerk = User.objects.get(username="mc.nhatrang")
    specialist = User.objects.get(username="cv.nhatrang")
    head = User.objects.get(username="ld.nhatrang")
    citizen = User.objects.get(username="congdan")
    applicant = intake.Applicant(
        citizen.full_name,
        id_number=CITIZEN_ID,
        phone="0905000111",
        email=citizen.email,
        user=citizen,
        address="12 Lý Tự Trọng, phường Nha Trang",
    )
    first = _receive(procedure, ward, clerk, applicant)
    _digitise_all(first, clerk)
    _to_delivered(first, clerk, specialist, head)
    # The second dossier: the CCCD comes from the wallet, not from the scanner.
    second = _receive(procedure, ward, clerk, applicant)
    identity = next(
        d for d in procedure.documents.all() if rules.document_kind(d.name) == "identity"
    )
    item = WalletItem.objects.filter(owner_id_number=CITIZEN_ID, kind="identity").first()
    if item is not None:
        actions.do_reuse_wallet_item(second, actor=clerk, item=item, required_document=identity)
    _digitise_all(second, clerk, skip_identity=True)
    # Another applicant's dossier, delivered with its signed result.
    other = _receive(
        procedure,
        ward,
        clerk,
        intake.Applicant("Phạm Thị Hoa", id_number="056185004321", phone="0914222333"),
    )
    _digitise_all(other, clerk)
    _to_delivered(other, clerk, specialist, head)
    return {"created_signed_results": 2}
