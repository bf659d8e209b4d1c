"""Importing a catalogue file, all or nothing, whatever its format.

The layout is the spreadsheet's (docs/catalogue-xlsx.md): four sheets with their headers.
It comes as an XLSX workbook (the administrators' upload) or as a directory of four UTF-8
CSV files, one per sheet (the demo catalogue in ``motcua/demo/data/``). Both are read by
``motcua.procedures.xlsx.read_sheets`` and applied by ``do_import_catalogue``: the same
checks, the same single transaction.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from motcua.procedures.catalogue import (
    CatalogueRejected,
    ImportResult,
    ProcedureRecord,
    do_import_catalogue,
    find_problems,
)
from motcua.procedures.xlsx import (
    SHEET_DOCUMENTS,
    SHEET_FEES,
    SHEET_PROCEDURES,
    SHEET_STEPS,
    CatalogueFileError,
    CellError,
    locate_problems,
    read_catalogue,
    read_sheets,
)

# The CSV file holding each sheet.
CSV_FILES = {
    SHEET_PROCEDURES: "thu-tuc.csv",
    SHEET_FEES: "phi-le-phi.csv",
    SHEET_DOCUMENTS: "thanh-phan-ho-so.csv",
    SHEET_STEPS: "quy-trinh.csv",
}

Reader = Callable[[], tuple[list[ProcedureRecord], dict[str, int]]]


class CatalogueFileRejected(Exception):
    """Every problem of the file, located by sheet, row and column; nothing was written."""

    def __init__(self, errors: list[CellError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def read_catalogue_csv(directory: Path) -> tuple[list[ProcedureRecord], dict[str, int]]:
    """Parse the four CSV files of ``directory`` (see ``read_catalogue``). A missing file is
    reported as a missing sheet."""
    sheets = {}
    for sheet, filename in CSV_FILES.items():
        path = Path(directory) / filename
        if path.exists():
            with path.open(encoding="utf-8-sig", newline="") as handle:
                sheets[sheet] = list(csv.reader(handle))
    return read_sheets(sheets)


def import_catalogue_file(read: Reader, *, actor: Any = None) -> ImportResult:
    """Read a catalogue file with ``read``, check every cell and rule, and write it all in
    one transaction. Raises ``CatalogueFileRejected`` with every problem (unreadable cells
    and broken rules together) and writes nothing when there is any."""
    rows: dict[str, int] = {}
    try:
        records, rows = read()
        return do_import_catalogue(records, actor=actor)
    except CatalogueFileError as exc:
        # Report the rule violations of the readable rows too, in one pass.
        problems = locate_problems(find_problems(exc.records), exc.rows_by_code)
        raise CatalogueFileRejected([*exc.errors, *problems]) from None
    except CatalogueRejected as exc:
        raise CatalogueFileRejected(locate_problems(exc.problems, rows)) from None


def import_xlsx(stream: IO[bytes], *, actor: Any = None) -> ImportResult:
    """The administrators' import of an uploaded workbook."""
    return import_catalogue_file(lambda: read_catalogue(stream), actor=actor)


def import_csv(directory: Path, *, actor: Any = None) -> ImportResult:
    """The same import from a directory of CSV files."""
    return import_catalogue_file(lambda: read_catalogue_csv(directory), actor=actor)
