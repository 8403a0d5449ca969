#!/usr/bin/python3
"""End to end: what a guardian waits for when exporting a large log.

Builds guardianctl, makes the 10,000-question demo log once
(guardianctl demo --questions 10000 --evidence 20000 --seed 1, then the
guardian's year: two quarters, evidence requests and decisions; kept in
GUARDIAN_BENCH_DIR), then runs, alternating, RUNS times (default 5):

  - guardianctl export LOG paper.xlsx (the whole board paper)
  - guardianctl export LOG paper.xlsx --password-file F
  - XlsxWriter 3 with constant_memory, writing the same rows only
  - openpyxl 3 in write-only mode, writing the same rows only

each under /usr/bin/time, and reports the medians of wall time, CPU time
(user + system) and peak resident memory, the ratios to XlsxWriter, and
PASS or FAIL against the targets of issue 13: Guardian in at most half of
XlsxWriter's wall time, under 64 MiB (96 MiB with a password). The table
also goes into docs/performance.md between the bench:e2e markers.

Usage (from the repository root): /usr/bin/python3 bench/export_e2e.py
Needs python3-xlsxwriter and python3-openpyxl (make deps-test).
"""

import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile

RUNS = int(os.environ.get("RUNS", "5"))
GO = os.environ.get("GO", "go")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = os.path.join(ROOT, "docs", "performance.md")
BEGIN, END = "<!-- bench:e2e begin -->", "<!-- bench:e2e end -->"


def sh(*args, **kw):
    return subprocess.run(args, check=True, **kw)


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def cpu_name():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown processor"


def write_block(begin, end, table, heading):
    """Puts table between the markers begin and end in docs/performance.md,
    or at its end under heading if the markers are not there yet."""
    with open(DOC) as f:
        doc = f.read()
    block = f"{begin}\n{table}\n{end}"
    if begin in doc and end in doc:
        doc = doc[: doc.index(begin)] + block + doc[doc.index(end) + len(end):]
    else:
        doc += f"\n## {heading}\n\n{block}\n"
    with open(DOC, "w") as f:
        f.write(doc)


def timed(cmd):
    """Runs cmd under /usr/bin/time; returns wall s, CPU s, peak RSS MiB."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", t.name] + cmd, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall, user, sys_, rss = t.read().split()[-4:]
    return float(wall), float(user) + float(sys_), int(rss) / 1024


def dump_rows(paper, out):
    """The rows of the paper's table sheets, header row on, as JSON lines."""
    import openpyxl

    wb = openpyxl.load_workbook(paper, read_only=True)
    sheets = []
    for name in ["Questions", "Actions", "Evidence register", "Evidence requests", "Decisions checked", "Changes since last meeting"]:
        rows, started = [], False
        for row in wb[name].iter_rows(values_only=True):
            if not started:
                started = row[0] in ("Reference", "Question", "File name", "Decision")
                if not started:
                    continue
            rows.append([{"d": v.isoformat()} if isinstance(v, datetime.datetime) else v for v in row])
        sheets.append([name, rows])
    with open(out, "w") as f:
        for name, rows in sheets:
            for row in rows:
                f.write(json.dumps([name, row]) + "\n")
    return sum(len(r) for _, r in sheets)


def year(ctl, log):
    """Gives the demo log the guardian's year, so the paper has every sheet
    and column: two quarters (the first closed, the open questions carried
    into the second, so every question has a previous level and a trend),
    a guardian-function question, 50 evidence requests (20 overdue) and 20
    decisions."""
    quiet = dict(stdout=subprocess.DEVNULL)
    sh(ctl, "period", "start", log, "--from", "2026-04-01", **quiet)
    sh(ctl, "period", "close", log, "2026/27 Q1", **quiet)
    sh(ctl, "period", "start", log, "--from", "2026-07-01", **quiet)
    sh(ctl, "question", "add", log, "--framework", "health-and-wellbeing-guardian-function", "--area", "4.2",
       "--text", "Are the same questions asked each quarter?", "--status", "asked", **quiet)
    for i in range(50):
        due = "2026-09-30" if i < 20 else "2027-03-31"
        sh(ctl, "request", "add", log, f"Q-{i * 97 + 1:04d}", "--from", "Chief People Officer",
           "--what", f"Sickness absence report, staff group {i + 1}", "--kind", "Sickness absence report",
           "--requested", "2026-07-15", "--due", due, **quiet)
    for i in range(20):
        sh(ctl, "decision", "add", log, "--decision", f"Change to rotas in directorate {i + 1}", "--meeting", "Board",
           "--impact", ["yes", "partly", "no"][i % 3], **quiet)


def demo_log():
    """Builds guardianctl into GUARDIAN_BENCH_DIR and makes the demo log there
    once; returns the folder, guardianctl and the log."""
    work = os.environ.get("GUARDIAN_BENCH_DIR") or os.path.join(tempfile.gettempdir(), "guardian-bench")
    os.makedirs(work, exist_ok=True)
    ctl = os.path.join(work, "guardianctl")
    sh(GO, "build", "-trimpath", "-o", ctl, "./cmd/guardianctl", cwd=ROOT, env=dict(os.environ, CGO_ENABLED="0"))
    log = os.path.join(work, "demo-10k-year.guardian")
    if not os.path.exists(log):
        print("Making the 10,000-question demo log (about a minute)...", file=sys.stderr)
        make = os.path.join(work, "making.guardian")
        sh(ctl, "demo", "--questions", "10000", "--evidence", "20000", "--seed", "1", make, stdout=subprocess.DEVNULL)
        year(ctl, make)
        os.rename(make, log)
    return work, ctl, log


def main():
    work, ctl, log = demo_log()
    pw = os.path.join(work, "password.txt")
    with open(pw, "w") as f:
        f.write("bench password\n")
    paper = os.path.join(work, "paper.xlsx")
    sh(ctl, "export", log, paper, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows_json = os.path.join(work, "rows.jsonl")
    nrows = dump_rows(paper, rows_json)

    here = os.path.dirname(os.path.abspath(__file__))
    commands = {
        "guardian": [ctl, "export", log, paper],
        "guardian+password": [ctl, "export", log, os.path.join(work, "locked.xlsx"), "--password-file", pw],
        "xlsxwriter": ["/usr/bin/python3", os.path.join(here, "write_rows.py"), "xlsxwriter", rows_json, os.path.join(work, "xw.xlsx")],
        "openpyxl": ["/usr/bin/python3", os.path.join(here, "write_rows.py"), "openpyxl", rows_json, os.path.join(work, "op.xlsx")],
    }
    load_before = load()
    results = {k: [] for k in commands}
    for i in range(RUNS):
        for name, cmd in commands.items():
            results[name].append(timed(cmd))
        print(f"round {i + 1} of {RUNS} done", file=sys.stderr)
    load_after = load()

    med = {k: tuple(statistics.median(r[j] for r in v) for j in range(3)) for k, v in results.items()}
    xw = med["xlsxwriter"]
    labels = {
        "guardian": "`guardianctl export` (the whole board paper)",
        "guardian+password": "`guardianctl export --password-file` (encrypted)",
        "xlsxwriter": "XlsxWriter, constant_memory, the same rows only",
        "openpyxl": "openpyxl write-only, the same rows only",
    }
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    cpu = cpu_name()
    lines = [
        f"{when}, {os.cpu_count()} cores ({cpu}), load average {load_before} before and {load_after} after "
        f"(1, 5, 15 minutes). Medians of {RUNS} alternating runs; the 10,000-question demo log with two quarters, "
        f"50 evidence requests and 20 decisions (every sheet and period column); {nrows:,} rows "
        f"for the Python writers. Figures under load are not the idle machine's: re-measure idle.",
        "",
        "| Command | Wall s | CPU s | Peak RSS MiB | Wall vs XlsxWriter |",
        "| --- | --- | --- | --- | --- |",
    ]
    for k in commands:
        w, c, m = med[k]
        lines.append(f"| {labels[k]} | {w:.2f} | {c:.2f} | {m:.0f} | {w / xw[0]:.2f}x |")
    g, gp = med["guardian"], med["guardian+password"]
    checks = [
        (f"wall time at most half of XlsxWriter's ({g[0]:.2f} s against {xw[0] / 2:.2f} s)", g[0] <= xw[0] / 2),
        (f"peak RSS under 64 MiB ({g[2]:.0f} MiB)", g[2] < 64),
        (f"peak RSS with a password under 96 MiB ({gp[2]:.0f} MiB)", gp[2] < 96),
    ]
    lines.append("")
    for text, ok in checks:
        lines.append(f"- {'PASS' if ok else 'FAIL'}: {text}")
    table = "\n".join(lines)
    print(table)

    write_block(BEGIN, END, table, "End to end: `guardianctl export` against XlsxWriter and openpyxl")


if __name__ == "__main__":
    main()
