"""Reading import files: recognising CSV and XLSX by content, and streaming their rows.

CSV is read through a text wrapper and XLSX with openpyxl in read-only mode (which uses
defusedxml against entity expansion), so rows never sit in memory all at once. A workbook whose
archive would expand beyond `IMPORT_MAX_UNCOMPRESSED_BYTES` is refused before it is opened.
"""

import csv
import io
import zipfile
from collections.abc import Iterator

from django.conf import settings

CSV_SNIFF_BYTES = 64 * 1024


class ImportFileError(Exception):
    """The file cannot be imported at all."""


def detect_format(name: str, head: bytes) -> str:
    """`csv` or `xlsx`, judged by the content, not only the name; refuses anything else."""
    lowered = name.lower()
    if head.startswith(b"PK\x03\x04"):
        if not lowered.endswith((".xlsx", ".xlsm")):
            raise ImportFileError("The file is a zip archive but not named .xlsx.")
        return "xlsx"
    if lowered.endswith((".xlsx", ".xls", ".xlsm")):
        raise ImportFileError("The file is named like a spreadsheet but is not an XLSX file.")
    if b"\x00" in head:
        raise ImportFileError("The file is binary, not CSV text.")
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # The sniffed prefix may end inside a multi-byte character; only earlier errors count.
        if exc.start < len(head) - 4:
            raise ImportFileError("The CSV file is not UTF-8 text.") from exc
    return "csv"


def check_xlsx_archive(file) -> None:
    """Refuse archives that are not workbooks or that would expand beyond a sane size."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                raise ImportFileError("The archive is not an XLSX workbook.")
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ImportFileError("The XLSX file is damaged.") from exc
    finally:
        file.seek(0)
    if expanded > settings.IMPORT_MAX_UNCOMPRESSED_BYTES:
        raise ImportFileError(
            f"The workbook expands to {expanded} bytes; the limit is "
            f"{settings.IMPORT_MAX_UNCOMPRESSED_BYTES}."
        )


def iter_rows(file, file_format: str) -> Iterator[list]:
    """Every row of the file (the header first) as a list of cell values, streamed."""
    file.seek(0)
    if file_format == "csv":
        text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
        try:
            yield from csv.reader(text)
        except UnicodeDecodeError as exc:
            raise ImportFileError("The CSV file is not UTF-8 text.") from exc
        finally:
            text.detach()
        return

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise ImportFileError(f"The XLSX file cannot be read: {type(exc).__name__}") from exc
    try:
        for row in workbook.active.iter_rows(values_only=True):
            yield ["" if cell is None else cell for cell in row]
    finally:
        workbook.close()


def read_header(file, file_format: str) -> list[str]:
    for row in iter_rows(file, file_format):
        header = [str(cell).strip() for cell in row]
        if any(header):
            return header
        break
    raise ImportFileError("The file has no header row.")
