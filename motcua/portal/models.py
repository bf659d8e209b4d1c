"""Online filing drafts (hồ sơ nháp): what a citizen has typed and uploaded for a procedure
before submitting it. Everything lives on the server, so a closed browser or a lost phone
loses nothing; the draft is deleted only once the dossier exists."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.querysets import RestrictedQuerySet
from motcua.core.text import fold
from motcua.core.uploads import CheckedUpload
from motcua.org.models import Unit
from motcua.procedures.models import Procedure, RequiredDocument

# The applicant fields kept in ``OnlineDraft.data`` (raw, as typed: a draft may be
# incomplete or even invalid; validation happens on submission).
VALUE_FIELDS = (
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "note",
)


def new_submission_key() -> str:
    return uuid.uuid4().hex


class OnlineDraftQuerySet(RestrictedQuerySet["OnlineDraft"]):
    pass


class OnlineDraft(models.Model):
    """Hồ sơ nháp: one per citizen and procedure. ``data`` holds the applicant fields and,
    under "reuse", the documents chosen among those the citizen already has, keyed by the
    required document's name (the catalogue import replaces RequiredDocument rows, names
    survive it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="online_drafts",
        verbose_name=_("người nộp"),
    )
    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="+", verbose_name=_("thủ tục")
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("nơi nộp hồ sơ"),
    )
    data = models.JSONField(default=dict, blank=True)
    # Carried by the filing form and stored on the dossier the draft becomes: a second
    # "Nộp hồ sơ" of the same form finds that dossier instead of making another.
    key = models.CharField(max_length=40, default=new_submission_key, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(_("lưu lần cuối"), auto_now=True)

    objects = OnlineDraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ nháp")
        verbose_name_plural = _("hồ sơ nháp")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "procedure"], name="online_draft_one_per_procedure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.procedure.code}"

    @classmethod
    def restrict_queryset(cls, qs: OnlineDraftQuerySet, user: Any, action: str) -> Any:
        """A draft is private to its author until it is submitted, whatever the action and
        whoever asks (staff included); the admin site is the support path."""
        if not getattr(user, "is_authenticated", False):
            return qs.none()
        return qs.filter(user=user)

    # -- values --------------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        return {key: str(self.data.get(key, "")) for key in VALUE_FIELDS}

    def reuse_choices(self) -> dict[str, str]:
        """Required-document name → reuse reference ("doc:12", "result:7")."""
        return dict(self.data.get("reuse") or {})

    def store_values(
        self, values: dict[str, str], reuse: dict[str, str], unit: Unit | None
    ) -> None:
        self.data = {
            **{key: values.get(key, "")[:2000] for key in VALUE_FIELDS},
            "reuse": {name: ref for name, ref in reuse.items() if ref},
        }
        self.unit = unit
        self.save()

    # -- files ---------------------------------------------------------------------------

    def add_file(
        self, document: RequiredDocument, upload: Any, checked: CheckedUpload
    ) -> DraftFile:
        """Store an accepted upload for ``document``. The file reaches the storage first;
        if the row cannot be written, the file is removed again."""
        draft_file = DraftFile(
            draft=self,
            required_document=document,
            document_name=document.name,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
        )
        upload.seek(0)
        draft_file.file.save(f"upload{checked.extension}", upload, save=False)
        try:
            with transaction.atomic():
                draft_file.save()
                self.save(update_fields=["updated_at"])
        except BaseException:
            draft_file.file.storage.delete(draft_file.file.name)
            raise
        return draft_file

    def files_by_document(
        self, documents: list[RequiredDocument]
    ) -> tuple[dict[int, list[DraftFile]], list[DraftFile]]:
        """The draft's files per required document (by the row, or by the name when the
        catalogue was re-imported since), and those that match no document any more."""
        by_pk = {d.pk: d for d in documents}
        by_name = {fold(d.name): d for d in documents}
        matched: dict[int, list[DraftFile]] = {d.pk: [] for d in documents}
        orphans: list[DraftFile] = []
        for draft_file in self.files.order_by("uploaded_at", "id"):
            document = by_pk.get(draft_file.required_document_id or 0) or by_name.get(
                fold(draft_file.document_name)
            )
            if document is None:
                orphans.append(draft_file)
            else:
                matched[document.pk].append(draft_file)
        return matched, orphans


def draft_upload_to(instance: DraftFile, filename: str) -> str:
    # A random name: the citizen's own file name (often their name and ID number) is kept
    # in the row, not in the storage path.
    extension = filename[filename.rfind(".") :] if "." in filename else ""
    return f"drafts/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension.lower()}"


class DraftFile(models.Model):
    """A file uploaded into a draft for one required document, already checked (type by
    content, size) when it was stored."""

    draft = models.ForeignKey(OnlineDraft, on_delete=models.CASCADE, related_name="files")
    required_document = models.ForeignKey(
        RequiredDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document_name = models.CharField(_("tên giấy tờ"), max_length=500)
    file = models.FileField(_("tệp"), upload_to=draft_upload_to, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tệp của hồ sơ nháp")
        verbose_name_plural = _("tệp của hồ sơ nháp")
        ordering = ["draft", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


@receiver(post_delete, sender=DraftFile)
def _remove_stored_file(sender: Any, instance: DraftFile, **kwargs: Any) -> None:
    """A deleted draft file (removed by the citizen, or its draft submitted or discarded)
    leaves the storage once the deletion is committed, never before: a rolled-back
    deletion keeps a file its row still points to."""
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))
