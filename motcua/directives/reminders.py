"""Reminders before and after a task's deadline, through the notification channels that
exist (in-app and e-mail): "due soon" when the deadline is within ``TASK_DUE_SOON_DAYS``
days, "overdue" the day after it passed. Each is sent once per task and deadline (a
``TaskReminder`` row with a unique key), so the sweep may run any number of times; an
approved extension gives a new deadline and so new reminders."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.directives.actions import lead_people
from motcua.directives.models import Task, TaskReminder
from motcua.dossiers.notify import notify_user


def _once(task: Task, kind: str) -> bool:
    try:
        with transaction.atomic():
            TaskReminder.objects.create(task=task, kind=kind, deadline=task.deadline)
    except IntegrityError:
        return False
    return True


def remind_tasks(today: date | None = None) -> Counter[str]:
    today = today or timezone.localdate()
    sent: Counter[str] = Counter()
    for kind, tasks in (
        ("overdue", Task.objects.overdue(today)),
        ("due_soon", Task.objects.due_soon(today)),
    ):
        for task in tasks.select_related("lead_unit", "directive"):
            with transaction.atomic():
                if not _once(task, kind):
                    continue
                values = {
                    "title": task.title,
                    "directive": task.directive,
                    "day": f"{task.deadline:%d/%m/%Y}",
                }
                if kind == "overdue":
                    text = _("Nhiệm vụ quá hạn (%(directive)s): %(title)s — hạn %(day)s.")
                else:
                    text = _("Nhiệm vụ sắp đến hạn (%(directive)s): %(title)s — hạn %(day)s.")
                for user in lead_people(task.lead_unit):
                    notify_user(user, None, text % values)
                sent[kind] += 1
    return sent
