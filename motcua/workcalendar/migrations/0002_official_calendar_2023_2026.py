"""Ship the civil-service calendars 2023–2026 as editable overrides of the national
calendar (sources cited per day in motcua/workcalendar/official.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from motcua.workcalendar.official import OFFICIAL_DAYS

    WorkCalendar = apps.get_model("workcalendar", "WorkCalendar")
    CalendarOverride = apps.get_model("workcalendar", "CalendarOverride")
    national, _created = WorkCalendar.objects.get_or_create(unit=None)
    for day in OFFICIAL_DAYS:
        CalendarOverride.objects.get_or_create(
            calendar=national, day=day.day,
            defaults={"kind": day.kind, "name": day.name[:255], "source": day.source[:255]},
        )


def unseed(apps, schema_editor):
    from motcua.workcalendar.official import OFFICIAL_DAYS

    CalendarOverride = apps.get_model("workcalendar", "CalendarOverride")
    CalendarOverride.objects.filter(
        calendar__unit__isnull=True, day__in=[d.day for d in OFFICIAL_DAYS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
