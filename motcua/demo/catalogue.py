"""The demo catalogue of administrative procedures, from the CSV files in
``data/catalogue/`` (the catalogue spreadsheet's layout, one file per sheet; provenance
notes in ``data/README.md`` and in the procedures file's last column), loaded through the
same all-or-nothing import administrators use for an XLSX workbook."""

from __future__ import annotations

import csv
from pathlib import Path

from motcua.procedures.catalogue_files import CSV_FILES, import_csv
from motcua.procedures.models import Procedure
from motcua.procedures.xlsx import SHEET_PROCEDURES

CATALOGUE_DIR = Path(__file__).resolve().parent / "data" / "catalogue"


def codes(directory: Path = CATALOGUE_DIR) -> set[str]:
    """The procedure codes of the demo catalogue (first column of its procedures file)."""
    with (directory / CSV_FILES[SHEET_PROCEDURES]).open(encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f)
        next(rows, None)
        return {row[0].strip() for row in rows if row and row[0].strip()}


def load(directory: Path = CATALOGUE_DIR) -> dict[str, int]:
    """Import the demo catalogue unless every procedure of it is there already (the import
    needs the demo units: run after ``motcua.demo.org``)."""
    wanted = codes(directory)
    if Procedure.objects.filter(code__in=wanted).count() == len(wanted):
        return {"created_procedures": 0}
    return {"created_procedures": import_csv(directory).created}
