"""Warnings before a step's limit passes, and the late mark once it has: one pass over the
open steps, run by the background worker (``motcua run_scheduler`` enqueues it through
``motcua.core.periodic``) and by ``motcua sweep_feedback``. Each warning is sent once (a
``FeedbackWarning`` row with a unique key), so running it again changes nothing."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.feedback.choices import StepKind
from motcua.feedback.models import Feedback, FeedbackStep, FeedbackWarning
from motcua.feedback.notify import notify_officers
from motcua.feedback.selectors import SCORED_OPEN
from motcua.workcalendar import engine
from motcua.workcalendar.services import working_calendar_for

DUE_SOON = "due_soon"
OVERDUE = "overdue"


def _once(step: FeedbackStep, kind: str) -> bool:
    try:
        with transaction.atomic():
            FeedbackWarning.objects.create(step=step, kind=kind)
    except IntegrityError:
        return False
    return True


def _fmt(value: datetime) -> str:
    return f"{timezone.localtime(value):%H:%M %d/%m/%Y}"


def sweep_feedback(now: datetime | None = None) -> Counter[str]:
    """Warn ``FEEDBACK_WARNING_HOURS`` working hours before a step is due, and when it is
    overdue; a scored step (handling, publication) past its due time makes the item late
    (it stays late)."""
    now = now or timezone.now()
    within = timedelta(hours=settings.FEEDBACK_WARNING_HOURS)
    sent: Counter[str] = Counter()
    steps = FeedbackStep.objects.filter(
        finished_at__isnull=True, cancelled=False, feedback__paused_since__isnull=True
    ).select_related("feedback__unit", "feedback__handler")
    for step in steps.iterator(chunk_size=500):
        item = step.feedback
        left = engine.working_time_left(step.due_at, now, working_calendar_for(item.unit))
        label = StepKind.label(step.kind)
        if left < timedelta(0):
            if step.kind in SCORED_OPEN and not item.is_late:
                Feedback.objects.filter(pk=item.pk).update(is_late=True)
            if _once(step, OVERDUE):
                sent[OVERDUE] += 1
                with transaction.atomic():
                    notify_officers(
                        item,
                        _("Phản ánh, kiến nghị %(code)s: bước “%(step)s” đã quá hạn (%(due)s).")
                        % {"code": item.code, "step": label, "due": _fmt(step.due_at)},
                    )
        elif left <= within and _once(step, DUE_SOON):
            sent[DUE_SOON] += 1
            with transaction.atomic():
                notify_officers(
                    item,
                    _("Phản ánh, kiến nghị %(code)s: bước “%(step)s” sắp đến hạn (%(due)s).")
                    % {"code": item.code, "step": label, "due": _fmt(step.due_at)},
                )
    return sent
