from django.contrib import admin

from motcua.directives.models import Directive, Initiative, InspectionPlan, Task


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "issued_on", "issuer", "title"]
    list_filter = ["kind"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "lead_unit", "deadline", "status"]
    list_filter = ["status"]


admin.site.register(InspectionPlan)
admin.site.register(Initiative)
