from django.utils.translation import gettext_lazy as _

from motcua.core.choices import ChoiceSet


class OverrideKind(ChoiceSet):
    """Ngày điều chỉnh trên lịch làm việc."""

    DAY_OFF = "day_off"
    WORKING_DAY = "working_day"

    CHOICES = (
        (DAY_OFF, _("Ngày nghỉ"), "red"),
        (WORKING_DAY, _("Ngày làm việc (làm bù)"), "green"),
    )
