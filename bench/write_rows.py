#!/usr/bin/python3
"""Write the rows of a Guardian board paper with a Python writer, for the
end-to-end comparison in bench/export_e2e.py.

    /usr/bin/python3 bench/write_rows.py xlsxwriter|openpyxl ROWS.jsonl OUT.xlsx

ROWS.jsonl holds each table sheet's header and rows as Guardian wrote them,
one row a line (read back by export_e2e.py before any timing). Reading it is
part of the timed work, as reading the log is part of Guardian's. Only the
rows are written: no cover, chart, styles, tables or page setup.
"""

import datetime
import json
import sys


def cells(row):
    out = []
    for v in row:
        if isinstance(v, dict):  # {"d": "2026-10-01T00:00:00"}: a date or moment
            v = datetime.datetime.fromisoformat(v["d"])
        out.append(v)
    return out


def rows_of(path):
    """Yields (sheet name, row) from ROWS.jsonl, one line at a time, so the
    writer holds one row at a time as Guardian does."""
    with open(path) as f:
        for line in f:
            name, row = json.loads(line)
            yield name, cells(row)


def write_xlsxwriter(path, out):
    import xlsxwriter

    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws, name, r = None, None, 0
    for sheet, row in rows_of(path):
        if sheet != name:
            ws, name, r = wb.add_worksheet(sheet), sheet, 0
        for c, v in enumerate(row):
            if isinstance(v, datetime.datetime):
                ws.write_datetime(r, c, v, date)
            elif v is not None:
                ws.write(r, c, v)
        r += 1
    wb.close()


def write_openpyxl(path, out):
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws, name = None, None
    for sheet, row in rows_of(path):
        if sheet != name:
            ws, name = wb.create_sheet(sheet), sheet
        ws.append(row)
    wb.save(out)


def main():
    writer, rows_path, out = sys.argv[1:4]
    {"xlsxwriter": write_xlsxwriter, "openpyxl": write_openpyxl}[writer](rows_path, out)


if __name__ == "__main__":
    main()
