"""Calendars changed → every process's cache of built calendars is out of date: a new
stamp (``CalendarStamp``) for the other processes, and this process forgets at once."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from motcua.workcalendar.models import CalendarOverride, WorkCalendar
from motcua.workcalendar.services import calendars_changed


def _changed(sender: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        calendars_changed()


def connect() -> None:
    for model in (WorkCalendar, CalendarOverride):
        post_save.connect(_changed, sender=model, dispatch_uid=f"calendar-stamp-save-{model}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"calendar-stamp-del-{model}")
