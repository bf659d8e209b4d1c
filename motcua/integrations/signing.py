"""Digital signatures on PDF files (chữ ký số): PAdES signing with pyHanko, validation
against the configured trust roots, and a local test certificate authority for the demo
and the tests. Knows no app of the project: callers pass bytes, names and paths.

Keys and certificates live in ``settings.SIGNING_DIR`` (one pair per unit, named by the
unit's electronic ID code) or on a PKCS#11 token (``SIGNING_PKCS11_MODULE``); they are
never committed. Layout of the directory::

    ca.cert.pem                 the CA that issued the unit certificates (trusted)
    ca.key.pem                  only for the local test CA (``motcua create_signing_ca``)
    units/<code>.cert.pem       the unit's certificate
    units/<code>.key.pem        its private key (PKCS#8 PEM, unencrypted or with a
                                passphrase in SIGNING_KEY_PASSPHRASE)

Legal frame: Luật Giao dịch điện tử 2023 (chữ ký số has the legal value of a signature
and seal), Nghị định 130/2018/NĐ-CP as replaced by Nghị định 23/2025/NĐ-CP (signature
services; certificates of state bodies); the PDF signature format is PAdES
(ETSI EN 319 142-1), profile B-B, which poppler's ``pdfsig`` and Adobe Reader check.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings

CA_CERT = "ca.cert.pem"
CA_KEY = "ca.key.pem"
UNITS = "units"
# Recorded in the signature dictionary (/Reason): the verifier reads the dossier code back.
REASON_PREFIX = "Kết quả giải quyết hồ sơ "
REASON_PATTERN = re.compile(re.escape(REASON_PREFIX) + r"(\S+)")


class SigningUnavailable(Exception):
    """No key or certificate for the unit: nothing can be signed."""


def signing_dir() -> Path:
    return Path(settings.SIGNING_DIR)


def _safe_code(code: str) -> str:
    if not re.fullmatch(r"[0-9A-Za-z.\-]{1,40}", code):
        raise SigningUnavailable(f"invalid unit code {code!r}")
    return code


def unit_paths(code: str, base: Path | None = None) -> tuple[Path, Path]:
    folder = (base or signing_dir()) / UNITS
    safe = _safe_code(code)
    return folder / f"{safe}.key.pem", folder / f"{safe}.cert.pem"


# -- the local test CA ---------------------------------------------------------------------


def _clip(text: str, limit: int = 64) -> str:
    """X.520 upper bound of a name attribute (64), counted as the library counts it."""
    while len(text.encode()) > limit:
        text = text[:-1]
    return text.strip() or "-"


def _name(common_name: str, organisation: str, unit_code: str = "") -> x509.Name:
    parts = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, _clip(organisation)),
        x509.NameAttribute(NameOID.COMMON_NAME, _clip(common_name)),
    ]
    if unit_code:
        parts.insert(2, x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit_code))
    return x509.Name(parts)


def _write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.touch(mode=0o600, exist_ok=True)
    path.write_bytes(data)


def _write_cert(path: Path, cert: x509.Certificate) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def ensure_test_ca(base: Path | None = None, *, organisation: str = "motcua") -> bool:
    """Create the local test CA in ``base`` unless it exists; True when created. For the
    demo and the tests only: a production deployment uses the certificates its
    certification authority issued."""
    base = base or signing_dir()
    if (base / CA_CERT).exists() and (base / CA_KEY).exists():
        return False
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name("CA thử nghiệm motcua (không dùng thật)", organisation)
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_key(base / CA_KEY, key)
    _write_cert(base / CA_CERT, cert)
    return True


def ensure_unit_certificate(
    code: str, unit_name: str, base: Path | None = None, *, organisation: str = "motcua"
) -> bool:
    """Issue a certificate for the unit ``code`` from the local test CA unless the unit
    already has one; True when issued."""
    base = base or signing_dir()
    key_path, cert_path = unit_paths(code, base)
    if key_path.exists() and cert_path.exists():
        return False
    ca_key = serialization.load_pem_private_key((base / CA_KEY).read_bytes(), None)
    ca_cert = x509.load_pem_x509_certificate((base / CA_CERT).read_bytes())
    assert isinstance(ca_key, ec.EllipticCurvePrivateKey)
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(unit_name, organisation, code))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1825))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    _write_key(key_path, key)
    _write_cert(cert_path, cert)
    return True


# -- signing -------------------------------------------------------------------------------


def trust_root_paths() -> list[Path]:
    """The CA certificates a signature must chain to: the signing directory's CA and any
    listed in ``SIGNING_TRUST_ROOTS`` (e.g. the national root CA of the Government
    certification authority)."""
    paths = [Path(p) for p in settings.SIGNING_TRUST_ROOTS]
    ca = signing_dir() / CA_CERT
    if ca.exists():
        paths.append(ca)
    return paths


@contextmanager
def _signer(unit_code: str) -> Iterator[Any]:
    """The unit's signer: its key pair in ``SIGNING_DIR``, or its key on the PKCS#11
    token when ``SIGNING_PKCS11_MODULE`` is set (the session is closed afterwards)."""
    from pyhanko.sign import signers

    if settings.SIGNING_PKCS11_MODULE:
        with _pkcs11_signer(unit_code) as signer:
            yield signer
        return
    key_path, cert_path = unit_paths(unit_code)
    if not (key_path.exists() and cert_path.exists()):
        raise SigningUnavailable(unit_code)
    ca = signing_dir() / CA_CERT
    passphrase = settings.SIGNING_KEY_PASSPHRASE.encode() or None
    signer = signers.SimpleSigner.load(
        str(key_path),
        str(cert_path),
        ca_chain_files=(str(ca),) if ca.exists() else (),
        key_passphrase=passphrase,
    )
    if signer is None:
        raise SigningUnavailable(unit_code)
    yield signer


def _load_certificate(path: Path) -> Any:
    from asn1crypto import pem as asn1_pem
    from asn1crypto import x509 as asn1_x509

    raw = path.read_bytes()
    if asn1_pem.detect(raw):
        _kind, _headers, raw = asn1_pem.unarmor(raw)
    return asn1_x509.Certificate.load(raw)


@contextmanager
def _pkcs11_signer(unit_code: str) -> Iterator[Any]:
    """The unit's key on a PKCS#11 token (an HSM, a USB token, SoftHSM2): the token of
    label ``SIGNING_PKCS11_TOKEN`` in the library ``SIGNING_PKCS11_MODULE``, logged in
    with ``SIGNING_PKCS11_PIN``; the private key and the certificate labelled with the
    unit's code, unless ``SIGNING_PKCS11_KEY_LABEL`` names one key for all. The CA
    certificate of ``SIGNING_DIR`` (if any) is embedded as the chain; without it, every
    certificate on the token is offered. The digest is computed here and signed on the
    token with the raw mechanism. A missing library, token, PIN or key is
    ``SigningUnavailable``."""
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11

    label = settings.SIGNING_PKCS11_KEY_LABEL or _safe_code(unit_code)
    try:
        session = pkcs11.open_pkcs11_session(
            settings.SIGNING_PKCS11_MODULE,
            token_criteria=TokenCriteria(label=settings.SIGNING_PKCS11_TOKEN or None),
            user_pin=settings.SIGNING_PKCS11_PIN or None,
        )
    except Exception as exc:  # the library's and pyHanko's errors alike
        raise SigningUnavailable(f"PKCS#11: {exc}") from exc
    try:
        ca = signing_dir() / CA_CERT
        chain = {"ca_chain": [_load_certificate(ca)]} if ca.exists() else {}
        signer = pkcs11.PKCS11Signer(
            session,
            cert_label=label,
            key_label=label,
            other_certs_to_pull=() if chain else None,
            # Hash here, sign the digest on the token (CKM_ECDSA, CKM_RSA_PKCS): the base
            # mechanisms every token has (SoftHSM2 has no CKM_ECDSA_SHA256).
            use_raw_mechanism=True,
            **chain,
        )
        try:
            signer.signing_cert  # noqa: B018 -- loads the key and certificate now
        except Exception as exc:
            raise SigningUnavailable(f"PKCS#11 {label}: {exc}") from exc
        yield signer
    finally:
        session.close()


def can_sign(unit_code: str) -> bool:
    if settings.SIGNING_PKCS11_MODULE:
        return True
    key_path, cert_path = unit_paths(unit_code)
    return key_path.exists() and cert_path.exists()


def sign_pdf(pdf: bytes, *, unit_code: str, dossier_code: str, location: str = "") -> bytes:
    """The PDF with a PAdES B-B signature of the unit's certificate, covering the whole
    file; the dossier code is recorded in the signature's reason."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name="KetQua",
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=f"{REASON_PREFIX}{dossier_code}",
        location=location or None,
    )
    out = io.BytesIO()
    with _signer(unit_code) as signer:
        signers.PdfSigner(meta, signer=signer).sign_pdf(writer, output=out)
    return out.getvalue()


# -- validation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What a signature check found. ``valid``: signed, intact, by a trusted certificate
    and nothing added after signing. ``problem`` is one of "", "unreadable", "unsigned",
    "altered", "untrusted", "added_after_signing"."""

    valid: bool
    modified: bool
    problem: str
    signer: str = ""
    signer_unit_code: str = ""
    signed_at: dt.datetime | None = None
    dossier_code: str = ""


def _subject(cert: Any) -> tuple[str, str]:
    """(readable signer, unit code) from an asn1crypto certificate."""
    native = cert.subject.native
    name = native.get("common_name", "")
    org = native.get("organization_name", "")
    unit = native.get("organizational_unit_name", "")
    if isinstance(unit, list):
        unit = unit[0] if unit else ""
    return (f"{name} ({org})" if org else str(name)), str(unit)


def verify_pdf(data: bytes) -> Verification:
    """Check the last signature of ``data`` against the trust roots. Never raises for a
    bad file: an unreadable, unsigned, tampered or foreign file is a ``Verification``
    with ``valid=False``."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:
        return Verification(False, False, "unreadable")
    if not signatures:
        return Verification(False, False, "unsigned")
    embedded = signatures[-1]
    roots = [_load_certificate(path) for path in trust_root_paths()]
    reason = ""
    try:
        reason = str(embedded.sig_object.get("/Reason", ""))
    except Exception:
        reason = ""
    match = REASON_PATTERN.search(reason)
    code = match.group(1) if match else ""
    try:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        status = validate_pdf_signature(embedded, context)
    except Exception:
        return Verification(False, True, "altered", dossier_code=code)
    signer, unit_code = _subject(status.signing_cert) if status.signing_cert else ("", "")
    signed_at = status.signer_reported_dt
    base = {
        "signer": signer,
        "signer_unit_code": unit_code,
        "signed_at": signed_at,
        "dossier_code": code,
    }
    if not (status.intact and status.valid):
        return Verification(False, True, "altered", **base)
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        harmless = status.modification_level in (None, ModificationLevel.NONE)
        return Verification(False, not harmless, "added_after_signing", **base)
    if not status.trusted:
        return Verification(False, False, "untrusted", **base)
    return Verification(True, False, "", **base)
