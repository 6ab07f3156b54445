"""Usage files as the analytics operations send them: CSV or xls sheets, one per month, in a zip archive.

The xls flavour is the XML Spreadsheet 2003 format (a `.xls` file spreadsheet programs open), written with
the standard library only; the archive is built with `zipfile`, with fixed timestamps so that the same
data gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

Row = Sequence[object]


def csv_bytes(header: Row, rows: Sequence[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _cell(value: object) -> str:
    kind = "Number" if isinstance(value, int | float) and not isinstance(value, bool) else "String"
    return f'<Cell><Data ss:Type="{kind}">{escape(str(value))}</Data></Cell>'


def xls_bytes(sheet: str, header: Row, rows: Sequence[Row]) -> bytes:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?mso-application progid="Excel.Sheet"?>',
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"'
        ' xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">',
        f'<Worksheet ss:Name="{escape(sheet[:31])}"><Table>',
    ]
    for row in (header, *rows):
        lines.append("<Row>" + "".join(_cell(v) for v in row) + "</Row>")
    lines.append("</Table></Worksheet></Workbook>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def zip_bytes(files: Sequence[tuple[str, tuple[int, int, int], bytes]]) -> bytes:
    """A zip archive of (name, (year, month, day), content) entries, deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, (year, month, day), content in files:
            info = zipfile.ZipInfo(name, date_time=(year, month, day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return out.getvalue()
