"""Vietnamese number formatting: 1.200.000 đ (dot as thousands separator)."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def vnd(value: int | None) -> str:
    if value is None:
        return ""
    return f"{int(value):,}".replace(",", ".") + " đ"


@register.filter
def normalize(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


@register.filter
def phone(value: str | None) -> str:
    """+84905123456 → 0905123456, the national form people read on paper and on screen."""
    from motcua.core.inputs import display_phone

    return display_phone(value or "")
