"""ChoiceSet: status values with a label and a colour, the NetBox way."""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.functional import Promise


class ChoiceSet:
    """Subclasses list ``CHOICES = ((value, label, colour), ...)`` and name each value as a
    class attribute. ``choices()`` feeds model fields, ``label()`` and ``color()`` the
    templates (colours are Tabler/Bootstrap names)."""

    CHOICES: ClassVar[tuple[tuple[str, str | Promise, str], ...]] = ()

    @classmethod
    def choices(cls) -> list[tuple[str, Any]]:
        return [(value, label) for value, label, _ in cls.CHOICES]

    @classmethod
    def values(cls) -> list[str]:
        return [value for value, _, _ in cls.CHOICES]

    @classmethod
    def label(cls, value: str) -> str:
        for v, label, _ in cls.CHOICES:
            if v == value:
                return str(label)
        return value

    @classmethod
    def color(cls, value: str) -> str:
        for v, _, colour in cls.CHOICES:
            if v == value:
                return colour
        return "secondary"
