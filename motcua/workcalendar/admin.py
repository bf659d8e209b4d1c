from django.contrib import admin

from motcua.workcalendar.models import CalendarOverride, WorkCalendar


class OverrideInline(admin.TabularInline):
    model = CalendarOverride
    extra = 0


@admin.register(WorkCalendar)
class WorkCalendarAdmin(admin.ModelAdmin):
    list_display = ["__str__", "weekdays", "morning_start", "afternoon_end", "paper_cutoff"]
    inlines = [OverrideInline]
