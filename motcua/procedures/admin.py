from django.contrib import admin

from motcua.procedures.models import (
    Fee,
    Field,
    Procedure,
    ProcedureLevel,
    ProcessingStep,
    RequiredDocument,
)


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class LevelInline(admin.TabularInline):
    model = ProcedureLevel
    extra = 0


class FeeInline(admin.TabularInline):
    model = Fee
    extra = 0


class DocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0


class StepInline(admin.TabularInline):
    model = ProcessingStep
    extra = 0


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "field", "time_limit", "time_unit", "online_level"]
    list_filter = ["field", "online_level", "inter_agency"]
    search_fields = ["code", "name"]
    filter_horizontal = ["units"]
    inlines = [LevelInline, FeeInline, DocumentInline, StepInline]
