"""Fixtures of the digitisation tests: files in a temporary media folder (or in a local
S3-protocol server, moto's, started here), a local test CA with a certificate for the
test commune, and a procedure whose documents include a kept CCCD copy and a document
that is only shown."""

from __future__ import annotations

import io
import socket
import subprocess
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from motcua.dossiers import actions
from motcua.dossiers.intake import Applicant, ReceivedDocument, do_receive_dossier
from motcua.integrations import signing

ID_NUMBER = "056090001234"
FORM = "Tờ khai đăng ký kết hôn"
CCCD = "Bản sao Căn cước công dân của hai bên"
SHOWN = "Giấy tờ tùy thân của các bên (xuất trình)"
CERTIFICATE = "Giấy xác nhận tình trạng hôn nhân"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def s3_server():
    """moto's standalone S3-protocol server on a free local port, for the whole run."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(params=["disk", "s3"])
def backend(request, settings):
    """Run the test on local disk and on an S3-compatible store alike."""
    if request.param == "s3":
        import uuid

        import boto3

        endpoint = request.getfixturevalue("s3_server")
        bucket = f"motcua-{uuid.uuid4().hex[:12]}"
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id="thu-nghiem",
            aws_secret_access_key="thu-nghiem",
            region_name="us-east-1",
        ).create_bucket(Bucket=bucket)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": bucket,
                    "endpoint_url": endpoint,
                    "access_key": "thu-nghiem",
                    "secret_key": "thu-nghiem",
                    "region_name": "us-east-1",
                    "addressing_style": "path",
                    "default_acl": None,
                    "file_overwrite": False,
                },
            },
        }
    return request.param


@pytest.fixture(scope="session")
def _test_ca(tmp_path_factory):
    base = tmp_path_factory.mktemp("signing")
    signing.ensure_test_ca(base, organisation="UBND tỉnh Thử Nghiệm")
    signing.ensure_unit_certificate("000.01.40.H99", "UBND xã An Bình", base)
    return base


@pytest.fixture
def signing_dir(settings, _test_ca):
    settings.SIGNING_DIR = str(_test_ca)
    settings.SIGNING_TRUST_ROOTS = []
    settings.SIGNING_PKCS11_MODULE = ""
    return _test_ca


@pytest.fixture
def procedure(commune):
    from motcua.procedures.catalogue import (
        DocumentRecord,
        ProcedureRecord,
        StepRecord,
        do_import_catalogue,
    )
    from motcua.procedures.models import Procedure

    do_import_catalogue(
        [
            ProcedureRecord(
                code="1.000894",
                name="Thủ tục đăng ký kết hôn",
                field_code="HT",
                field_name="Hộ tịch",
                levels=["commune"],
                time_limit=5,
                time_unit="working_days",
                online_level="full",
                result="Giấy chứng nhận kết hôn",
                unit_codes=[commune.code],
                documents=[
                    DocumentRecord(FORM, "original"),
                    DocumentRecord(CCCD, "certified_copy"),
                    DocumentRecord(SHOWN, "original"),
                    DocumentRecord(CERTIFICATE, "original", mandatory=False),
                ],
                steps=[
                    StepRecord("Tiếp nhận, kiểm tra hồ sơ", "clerk", Decimal("0.5")),
                    StepRecord("Thẩm định, xác minh", "specialist", Decimal("3")),
                    StepRecord("Phê duyệt, ký giấy chứng nhận", "unit_head", Decimal("1")),
                    StepRecord("Trả kết quả", "clerk", Decimal("0.5")),
                ],
            )
        ]
    )
    return Procedure.objects.get(code="1.000894")


@pytest.fixture
def receive(procedure, commune, clerk):
    def _receive(id_number: str = ID_NUMBER, user=None, name: str = "Trần Văn Bình"):
        return do_receive_dossier(
            procedure=procedure,
            unit=commune,
            applicant=Applicant(name, id_number=id_number, phone="0905123456", user=user),
            documents=[
                ReceivedDocument(d.name, d.copy_kind)
                for d in procedure.documents.all()
                if d.mandatory
            ],
            actor=clerk,
        )

    return _receive


@pytest.fixture
def at_approval(clerk, specialist, leader):
    """Walk a received dossier to the unit head's approval step."""

    def _walk(dossier):
        actions.do_hand_on(dossier, actor=clerk, to_user=specialist)
        actions.do_hand_on(dossier, actor=specialist, to_user=leader)
        dossier.refresh_from_db()
        return dossier

    return _walk


def required(procedure, name):
    return procedure.documents.get(name=name)


def jpeg(colour: str = "red", size=(120, 80), exif: bool = True, orientation: int = 1) -> bytes:
    image = Image.new("RGB", size, colour)
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x0110] = "Camera Thu Nghiem"  # Model
        data[0x0112] = orientation  # Orientation
        image.save(out, "JPEG", exif=data.tobytes())
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def png(colour: str = "blue") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 90), colour).save(out, "PNG")
    return out.getvalue()


def real_pdf(pages: int = 1, text: str = "") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if text:
        writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def api_verify(client: Client, data: bytes, name: str = "ket-qua.pdf"):
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post("/api/v1/verify", {"file": upload})


def pdfsig(path, signing_dir, tmp_path) -> str:
    """pdfsig's report, with the demo/test CA in an NSS trust store of its own."""
    nss = tmp_path / "nss"
    nss.mkdir(parents=True)
    subprocess.run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True)
    subprocess.run(
        [
            "certutil",
            "-A",
            "-d",
            f"sql:{nss}",
            "-n",
            "motcua-ca",
            "-t",
            "C,C,C",
            "-i",
            str(signing_dir / signing.CA_CERT),
        ],
        check=True,
    )
    done = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss}", str(path)], capture_output=True, text=True
    )
    return done.stdout + done.stderr
