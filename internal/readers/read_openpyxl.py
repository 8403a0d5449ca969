"""Opens a workbook with openpyxl and prints, as JSON, the non-empty cells
on each sheet and the document properties (see read.js). Debian's openpyxl
is for /usr/bin/python3.

    /usr/bin/python3 read_openpyxl.py FILE.xlsx
"""
import json
import sys
import warnings

import openpyxl

# Any warning openpyxl gives about the file is an error here.
warnings.simplefilter("error")


def iso(d):
    return d.strftime("%Y-%m-%dT%H:%M:%SZ") if d else ""


wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
sheets = []
for ws in wb.worksheets:
    cells = 0
    for row in ws.iter_rows(values_only=True):
        cells += sum(1 for v in row if v is not None and v != "")
    sheets.append({"name": ws.title, "cells": cells})
p = wb.properties
print(json.dumps({"sheets": sheets, "props": {"title": p.title, "subject": p.subject, "creator": p.creator,
                                               "created": iso(p.created), "modified": iso(p.modified)}}))
