"""Online submission with documents: uploaded and reused files, all-or-nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from motcua.dossiers import actions, intake
from motcua.dossiers.models import Dossier, DossierDocument

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def files(marriage):
    docs = list(marriage.documents.filter(mandatory=True))
    return [
        intake.SubmittedDocument(
            d.name,
            d.copy_kind,
            d,
            ContentFile(PDF, name=f"{i}.pdf"),
            f"giay-to-{i}.pdf",
            "application/pdf",
        )
        for i, d in enumerate(docs)
    ]


def test_submission_stores_the_files_and_reuse_copies_them_into_the_new_dossier(
    marriage, commune, citizen, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    first = intake.do_submit_online(
        procedure=marriage,
        unit=commune,
        applicant=intake.Applicant("Lê Thị Cúc", user=citizen),
        documents=files(marriage),
    )
    stored = list(first.documents.all())
    assert [d.original_name for d in stored] == ["giay-to-0.pdf", "giay-to-1.pdf"]
    assert all(d.size == len(PDF) and len(d.sha256) == 64 for d in stored)
    assert stored[0].file.read() == PDF
    reused = [
        intake.SubmittedDocument(d.name, d.copy_kind, d.required_document, reuse_of=d)
        for d in stored
    ]
    second = intake.do_submit_online(
        procedure=marriage,
        unit=commune,
        applicant=intake.Applicant("Lê Thị Cúc", user=citizen),
        documents=reused,
    )
    again = list(second.documents.all())
    assert [d.source for d in again] == ["reuse", "reuse"]
    # Content-addressed in each dossier's own folder: the same bytes, never the other
    # dossier's file (issue 9).
    assert [d.sha256 for d in again] == [d.sha256 for d in stored]
    assert [d.file.name for d in again] == [
        f"dossiers/{second.code}/{d.sha256}.pdf" for d in stored
    ]
    assert all(d.file.read() == PDF for d in again)


def test_missing_mandatory_document_refuses_and_leaves_no_file(
    marriage, commune, citizen, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as exc:
        intake.do_submit_online(
            procedure=marriage,
            unit=commune,
            applicant=intake.Applicant("Lê Thị Cúc", user=citizen),
            documents=files(marriage)[:1],
        )
    assert exc.value.code == "documents_missing"
    assert not Dossier.objects.exists()
    assert not any(tmp_path.rglob("*.pdf"))


def test_failure_after_files_were_written_removes_them(
    marriage, commune, citizen, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    calls = {"n": 0}
    original = DossierDocument.save

    def failing_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("đĩa đầy")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(DossierDocument, "save", failing_save)
    with pytest.raises(RuntimeError):
        intake.do_submit_online(
            procedure=marriage,
            unit=commune,
            applicant=intake.Applicant("Lê Thị Cúc", user=citizen),
            documents=files(marriage),
        )
    assert not Dossier.objects.exists()
    assert not any(tmp_path.rglob("*.pdf"))


def test_applicant_may_stop_their_own_dossier_online(marriage, commune, citizen, clerk):
    dossier = intake.do_submit_online(
        procedure=marriage, unit=commune, applicant=intake.Applicant("Lê Thị Cúc", user=citizen)
    )
    intake.do_accept_online(dossier, actor=clerk)
    actions.do_stop(dossier, actor=citizen, reason="Tôi không cần nữa")
    assert dossier.state == "stopped"
    assert dossier.forms.filter(kind="stop").exists()
