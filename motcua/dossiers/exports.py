"""Xuất toàn bộ sổ theo dõi hồ sơ as a background job: the request writes a
``RegisterExport`` row and enqueues the task (Django's tasks API, after the commit); the task
reads the register in chunks, moving the row's progress after each, renders the XLSX
(``documents.render_xlsx``, the same sheet as the direct download) and stores it; the page
that waits for it polls the row and offers the file when done. Only the requester sees the
job and its file (docs/performance.md, "Register")."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.models import record_audit
from motcua.dossiers.models import RegisterExport
from motcua.org.models import Unit

# Rows read between two progress updates.
CHUNK = 500


def do_request_register_export(*, user: Any, unit: Unit, start: date, end: date) -> RegisterExport:
    """Queue the export of ``unit``'s register for [start, end] (the filter the screen
    checked: a unit the user may view, a bounded period)."""
    from motcua.dossiers.tasks import export_register_task

    with transaction.atomic():
        export = RegisterExport.objects.create(user=user, unit=unit, start=start, end=end)
        record_audit(
            user,
            "register_export",
            export,
            _("Xuất sổ theo dõi hồ sơ %(unit)s từ %(start)s đến %(end)s")
            % {"unit": unit.code, "start": start.isoformat(), "end": end.isoformat()},
        )
        transaction.on_commit(lambda: export_register_task.enqueue(export.pk))
    return export


def run_register_export(export_id: int) -> int:
    """The task's work; returns the number of rows written. A failure is kept on the row
    (status "failed", the message) for the page to show."""
    from motcua.dossiers.documents.context import (
        register_header,
        register_queryset,
        register_row,
    )
    from motcua.dossiers.documents.render import render_xlsx

    export = RegisterExport.objects.select_related("unit", "user").get(pk=export_id)
    rows: list[dict[str, Any]] = []
    try:
        now = timezone.now()
        qs = register_queryset(export.unit, export.start, export.end, export.user)
        total = qs.count()
        RegisterExport.objects.filter(pk=export.pk).update(
            status=RegisterExport.RUNNING, total=total, done=0
        )
        totals = {"early": 0, "on_time": 0, "late": 0, "open": 0}
        for dossier in qs.iterator(chunk_size=CHUNK):
            row = register_row(len(rows) + 1, dossier, now)
            rows.append(row)
            if row["outcome_key"]:
                totals[row["outcome_key"]] += 1
            if len(rows) % CHUNK == 0:
                RegisterExport.objects.filter(pk=export.pk).update(done=len(rows))
        context = register_header(export.unit, export.start, export.end, export.user, now)
        context.update({"rows": rows, "total": len(rows), **totals})
        content = render_xlsx(context)
        name = f"so-theo-doi-{export.unit.code}-{export.start:%Y%m%d}-{export.end:%Y%m%d}.xlsx"
        export.file.save(name, ContentFile(content), save=False)
    except Exception as exc:  # noqa: BLE001 - kept on the row for the user, then re-raised
        RegisterExport.objects.filter(pk=export.pk).update(
            status=RegisterExport.FAILED, error=str(exc)[:500], finished_at=timezone.now()
        )
        raise
    RegisterExport.objects.filter(pk=export.pk).update(
        status=RegisterExport.DONE,
        done=len(rows),
        total=len(rows),
        file=export.file.name,
        finished_at=timezone.now(),
    )
    return len(rows)
