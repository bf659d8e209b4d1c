"""The dossier forms and documents (Thông tư 01/2018/TT-VPCP Mẫu 01–06, now Thông tư
03/2025/TT-VPCP): contexts built from the database (``context``) and their rendering as
HTML, PDF and DOCX from replaceable, versioned templates (``render``). See docs/forms.md."""

from motcua.dossiers.documents.context import (
    KINDS,
    REGISTER,
    control_sheet_context,
    form_context,
    lookup_url,
    register_context,
)
from motcua.dossiers.documents.render import (
    VERSION,
    FormTemplate,
    PdfUnavailable,
    UnknownForm,
    find_template,
    qr_svg,
    render_docx,
    render_html,
    render_pdf,
    render_xlsx,
)

__all__ = [
    "KINDS",
    "REGISTER",
    "VERSION",
    "FormTemplate",
    "PdfUnavailable",
    "UnknownForm",
    "control_sheet_context",
    "find_template",
    "form_context",
    "lookup_url",
    "qr_svg",
    "register_context",
    "render_docx",
    "render_html",
    "render_pdf",
    "render_xlsx",
]
