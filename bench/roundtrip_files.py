#!/usr/bin/python3
"""Files for bench/roundtrip.sh.

  roundtrip_files.py workbook OUT.xlsx N
      A log of N questions as a Guardian keeps one by hand: a title row, a
      blank row, headings, then one row per question with date cells, level
      words, a response on two rows in three, each of those with an action.
  roundtrip_files.py answer PAPER.xlsx OUT.xlsx N
      The board paper as a committee returns it: N questions (every tenth
      row) with a new response and a different assurance level, saved by
      openpyxl (which drops the custom document properties, so Guardian
      finds its stamp in the hidden cells of the title row).
"""

import datetime
import json
import os
import sys


def workbook(out, n):
    import xlsxwriter

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    fw = json.load(open(os.path.join(root, "assets", "frameworks", "growing-ohwb-together.json")))["frameworks"][0]
    areas = [a for d in fw["drivers"] for a in d["areas"]]
    levels = ["Substantial", "Reasonable", "Limited", "No assurance"]
    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    ws = wb.add_worksheet("Log")
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, ["Wellbeing Guardian log"])
    ws.write_row(2, 0, ["Ref", "Area", "Question", "Asked of", "Date raised", "Due date", "Response",
                        "Date of response", "Assurance", "Status", "Comment", "Actions"])
    raised = datetime.date(2024, 1, 1)
    for i in range(n):
        a = areas[i % len(areas)]
        r = raised + datetime.timedelta(days=i % 700)
        row = 3 + i
        ws.write_string(row, 0, "GL-%05d" % (i + 1))
        ws.write_string(row, 1, a["id"] + " " + a["short_title"])
        ws.write_string(row, 2, "Question %d: how does the trust know that %s is working for staff in every directorate?"
                        % (i + 1, a["short_title"].lower()))
        ws.write_string(row, 3, "Chief People Officer")
        ws.write_datetime(row, 4, datetime.datetime.combine(r, datetime.time()), date)
        ws.write_datetime(row, 5, datetime.datetime.combine(r + datetime.timedelta(days=42), datetime.time()), date)
        if i % 3 == 0:
            ws.write_string(row, 9, "Open")
        else:
            ws.write_string(row, 6, "The committee received a report setting out the measures, with quarterly figures and a plan for the gaps.")
            ws.write_datetime(row, 7, datetime.datetime.combine(r + datetime.timedelta(days=30), datetime.time()), date)
            ws.write_string(row, 8, levels[i % len(levels)])
            ws.write_string(row, 9, "Answered")
            ws.write_string(row, 10, "Follow up at the next meeting.")
            ws.write_string(row, 11, "Report back to committee")
    wb.close()


def answer(paper, out, n):
    import openpyxl

    wb = openpyxl.load_workbook(paper)
    ws = wb["Questions"]
    heads = [c.value for c in ws[2]]
    resp, level = heads.index("Response") + 1, heads.index("Assurance level") + 1
    words = ["Substantial", "Reasonable", "Limited"]
    done = 0
    for row in range(3, ws.max_row + 1, 10):
        if done == n:
            break
        old = ws.cell(row, level).value
        ws.cell(row, resp).value = "Answered by the committee on 1 December: see the minutes, item %d." % row
        ws.cell(row, level).value = next(w for w in words if w != old)
        done += 1
    wb.save(out)
    print(done)


if __name__ == "__main__":
    if sys.argv[1] == "workbook":
        workbook(sys.argv[2], int(sys.argv[3]))
    else:
        answer(sys.argv[2], sys.argv[3], int(sys.argv[4]))
