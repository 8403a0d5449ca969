#!/usr/bin/python3
"""Compare Guardian's Excel export with openpyxl writing the same rows.

Runs the Go benchmark BenchmarkExport10k (10,000 questions, 5,000 actions,
20,000 evidence rows: the full board paper, with cover, chart, area sheet
and changes sheet besides), which also dumps its rows as JSON; then writes
exactly those rows with openpyxl in write-only mode (its fastest mode) and
prints the two times side by side.

Usage (from the repository root):  /usr/bin/python3 bench/openpyxl_compare.py
Needs Debian's python3-openpyxl, which is installed for /usr/bin/python3.
"""

import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import time

try:
    import openpyxl
except ImportError:
    sys.exit("openpyxl is missing: apt-get install python3-openpyxl (and run with /usr/bin/python3)")

RUNS = int(os.environ.get("RUNS", "3"))


def go_benchmark(rows_path):
    env = dict(os.environ, GUARDIAN_BENCH_ROWS=rows_path)
    cmd = ["go", "test", "-run", "^$", "-bench", "BenchmarkExport10k$", "-benchtime", f"{RUNS}x", "./export/"]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("BenchmarkExport10k"))
    wall = float(re.search(r"([\d.]+) ns/op", line).group(1)) / 1e9
    cpu = re.search(r"([\d.]+) cpu-s/op", line)
    heap = re.search(r"([\d.]+) peak-heap-MiB", line)
    return wall, float(cpu.group(1)) if cpu else None, float(heap.group(1)) if heap else None, " ".join(cmd)


def as_date(s):
    return datetime.date.fromisoformat(s) if s else None


def write_openpyxl(rows, path):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Questions")
    ws.append(["Reference", "Action area", "Question", "Asked of", "Raised", "Raised at meeting", "Due", "Status",
               "Overdue", "Response", "Responded", "Assurance level", "Guardian's comment", "Open actions", "Evidence items"])
    for r in rows["questions"]:
        r = list(r)
        for i in (4, 6, 10):
            r[i] = as_date(r[i])
        ws.append(r)
    ws = wb.create_sheet("Actions")
    ws.append(["Question", "Action area", "Action", "Owner", "Due", "Done", "State", "Question asked"])
    for r in rows["actions"]:
        r = list(r)
        r[4] = as_date(r[4])
        ws.append(r)
    ws = wb.create_sheet("Evidence register")
    ws.append(["File name", "Question", "Description", "Type", "Size (bytes)", "Date added", "Added by", "SHA-256 fingerprint"])
    for r in rows["evidence"]:
        r = list(r)
        r[5] = datetime.datetime.fromisoformat(r[5]).replace(tzinfo=None)
        ws.append(r)
    wb.save(path)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        rows_path = os.path.join(tmp, "rows.json")
        go_wall, go_cpu, go_heap, cmd = go_benchmark(rows_path)
        with open(rows_path) as f:
            rows = json.load(f)
        walls, cpus = [], []
        for i in range(RUNS):
            w0, c0 = time.perf_counter(), time.process_time()
            write_openpyxl(rows, os.path.join(tmp, f"openpyxl{i}.xlsx"))
            walls.append(time.perf_counter() - w0)
            cpus.append(time.process_time() - c0)
    py_wall, py_cpu = sum(walls) / RUNS, sum(cpus) / RUNS
    n = (len(rows["questions"]), len(rows["actions"]), len(rows["evidence"]))
    print(f"Rows: {n[0]:,} questions, {n[1]:,} actions, {n[2]:,} evidence; mean of {RUNS} runs each")
    print(f"Go: {cmd}")
    print(f"{'':34}{'wall s':>9}{'CPU s':>9}")
    print(f"{'Guardian (full board paper)':34}{go_wall:9.2f}{go_cpu or 0:9.2f}   peak heap {go_heap or 0:.0f} MiB")
    print(f"{'openpyxl ' + openpyxl.__version__ + ' write-only (rows)':34}{py_wall:9.2f}{py_cpu:9.2f}")
    print(f"Guardian is {py_wall / go_wall:.1f}x faster by wall time, {py_cpu / go_cpu:.1f}x by CPU time" if go_cpu else
          f"Guardian is {py_wall / go_wall:.1f}x faster by wall time")


if __name__ == "__main__":
    main()
