"""Signing through PKCS#11, for real: a SoftHSM2 token made in a temporary folder holds
the unit's key and certificate from the test CA command; the result is signed on the
token (the key file is gone from SIGNING_DIR), and pyHanko and pdfsig both say valid.

Skipped only where softhsm2 is not installed (``make test`` installs it)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from motcua.digitisation import results
from motcua.dossiers.choices import DossierState
from motcua.integrations import signing, storage

from .conftest import api_verify, pdfsig

MODULES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
MODULE = next((m for m in MODULES if Path(m).exists()), "")
TOKEN, PIN, SO_PIN = "motcua-thu-nghiem", "123456", "654321"
UNIT = "000.01.40.H99"

pytestmark = pytest.mark.skipif(
    not (MODULE and shutil.which("softhsm2-util")), reason="softhsm2 is not installed"
)


@pytest.fixture
def token(db, commune, tmp_path, monkeypatch, settings):
    """A SoftHSM2 token holding the commune's key and certificate, issued by the test CA
    command in a fresh SIGNING_DIR from which the key file is then removed."""
    import pkcs11
    from pkcs11.util.x509 import decode_x509_certificate

    conf = tmp_path / "softhsm2.conf"
    (tmp_path / "tokens").mkdir()
    conf.write_text(f"directories.tokendir = {tmp_path / 'tokens'}\nobjectstore.backend = file\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    base = tmp_path / "signing"
    call_command("create_signing_ca", dir=str(base), unit=[UNIT])
    key_path, cert_path = signing.unit_paths(UNIT, base)

    def util(*args: str) -> None:
        subprocess.run(["softhsm2-util", *args], check=True, capture_output=True)

    util("--init-token", "--free", "--label", TOKEN, "--pin", PIN, "--so-pin", SO_PIN)
    util("--import", str(key_path), "--token", TOKEN, "--label", UNIT, "--id", "01", "--pin", PIN)
    library = pkcs11.lib(MODULE)
    with library.get_token(token_label=TOKEN).open(user_pin=PIN, rw=True) as session:
        der = signing._load_certificate(cert_path).dump()
        attributes = decode_x509_certificate(der)
        attributes.update({pkcs11.Attribute.LABEL: UNIT, pkcs11.Attribute.ID: b"\x01"})
        attributes[pkcs11.Attribute.TOKEN] = True
        session.create_object(attributes)
    key_path.unlink()
    settings.SIGNING_DIR = str(base)
    settings.SIGNING_TRUST_ROOTS = []
    settings.SIGNING_PKCS11_MODULE = MODULE
    settings.SIGNING_PKCS11_TOKEN = TOKEN
    settings.SIGNING_PKCS11_PIN = PIN
    settings.SIGNING_PKCS11_KEY_LABEL = ""
    yield base
    pkcs11.unload(MODULE)  # the next token is read from its own configuration


def test_a_result_signed_on_a_pkcs11_token_verifies_here_and_in_pdfsig(
    token, settings, commune, receive, at_approval, leader, tmp_path
):
    assert not signing.unit_paths(UNIT, token)[0].exists()  # no key file to fall back on
    dossier = at_approval(receive())
    result = results.do_sign_result(dossier, actor=leader, result_summary="Giấy chứng nhận")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.PROCESSED and dossier.electronic_result is True
    assert (result.signer, result.signer_unit_code) == (
        f"UBND xã An Bình ({settings.SITE_NAME})",
        UNIT,
    )
    data = storage.read_blob(result.file)
    answer = api_verify(Client(), data).json()
    assert (answer["valid"], answer["modified"]) == (True, False)
    assert answer["dossier_code"] == dossier.code and answer["issued_here"] is True
    signed_file = tmp_path / "ket-qua.pdf"
    signed_file.write_bytes(data)
    report = pdfsig(signed_file, token, tmp_path / "pdfsig")
    assert "Signature Validation: Signature is Valid." in report
    assert "Certificate Validation: Certificate is Trusted." in report


def test_a_key_label_missing_on_the_token_or_a_wrong_pin_is_a_clear_refusal(
    token, settings, commune, receive, at_approval, leader
):
    from django.core.exceptions import ValidationError

    dossier = at_approval(receive())
    settings.SIGNING_PKCS11_KEY_LABEL = "khong-co"
    with pytest.raises(ValidationError, match="chưa có chứng thư số") as refused:
        results.do_sign_result(dossier, actor=leader, result_summary="Giấy chứng nhận")
    assert refused.value.code == "no_certificate"
    settings.SIGNING_PKCS11_KEY_LABEL = UNIT
    settings.SIGNING_PKCS11_PIN = "000000"
    with pytest.raises(ValidationError, match="chưa có chứng thư số"):
        results.do_sign_result(dossier, actor=leader, result_summary="Giấy chứng nhận")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.IN_PROCESS and not dossier.result_file
