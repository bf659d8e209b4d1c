"""Remediation plans (kế hoạch khắc phục, seed 003): the sub-criteria that lost points,
each turned into a task of a directive of kind "remediation"."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.parindex.models.rounds import Participant, Score


class RemediationPlan(models.Model):
    """The plan of one unit for the points it lost in a round; its items are tasks of
    ``directive`` (so deadlines, progress and extensions work as for any task)."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="plans")
    directive = models.OneToOneField(
        "directives.Directive", on_delete=models.PROTECT, related_name="remediation_plan"
    )
    purpose = models.TextField(_("mục đích, yêu cầu"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kế hoạch khắc phục")
        verbose_name_plural = _("kế hoạch khắc phục")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.directive)


class RemediationItem(models.Model):
    """One lost sub-criterion of the plan and the task that wins it back."""

    plan = models.ForeignKey(RemediationPlan, on_delete=models.CASCADE, related_name="items")
    score = models.ForeignKey(Score, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(max_length=30)
    name = models.CharField(max_length=500)
    lost_points = models.DecimalField(max_digits=6, decimal_places=2)
    task = models.OneToOneField("directives.Task", on_delete=models.PROTECT, related_name="+")
    timeframe = models.CharField(_("thời gian thực hiện"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"
