"""The dossier forms and documents, in two versioned sets (Thông tư 01/2018/TT-VPCP Mẫu
01–06 and Thông tư 03/2025/TT-VPCP Mẫu 01–07, ``frames``): contexts built from the database (``context``) and their rendering as
HTML, PDF and DOCX from replaceable, versioned templates (``render``). See docs/forms.md."""

from motcua.dossiers.documents.context import (
    KINDS,
    REGISTER,
    dossier_frame,
    form_context,
    frame_for,
    lookup_url,
    register_context,
)
from motcua.dossiers.documents.control_sheet import control_sheet_context
from motcua.dossiers.documents.frames import FRAMES, TT01_2018, TT03_2025, Frame
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
    "FRAMES",
    "KINDS",
    "TT01_2018",
    "TT03_2025",
    "Frame",
    "dossier_frame",
    "frame_for",
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
