#!/usr/bin/env bash
# Issue 12's two benchmarks, end to end through guardianctl, each command
# under /usr/bin/time (wall, CPU = user + system, peak RSS):
#
#   import         guardianctl import of a 10,000-row workbook kept by hand
#                  (bench/roundtrip_files.py workbook) into a new log
#   export         guardianctl export of the 10,000-question demo log's board
#                  paper (the paper the committee is sent)
#   import-answers guardianctl import-answers of that paper with 1,000
#                  questions answered (a new response and level each, saved
#                  by openpyxl: bench/roundtrip_files.py answer) into a copy
#                  of the log it was exported from
#
# RUNS (default 3) runs of each, alternating; medians, with PASS/FAIL against
# the target of under 2 s wall and 200 MiB each. The table is also written
# into docs/performance.md between the bench:roundtrip markers, labelled with
# the load average.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
runs=${RUNS:-3}
dir=$(mktemp -d "${TMPDIR:-/tmp}/guardian-roundtrip.XXXXXX")
trap 'rm -rf "$dir"' EXIT
bin=$dir/guardianctl
$GO build -o "$bin" ./cmd/guardianctl

echo "Making the files (not timed)..." >&2
/usr/bin/python3 bench/roundtrip_files.py workbook "$dir/kept by hand.xlsx" 10000
"$bin" demo "$dir/base.guardian" --questions 10000 --evidence 0 --seed 1 >/dev/null
"$bin" export "$dir/base.guardian" "$dir/paper.xlsx" >/dev/null
edited=$(/usr/bin/python3 bench/roundtrip_files.py answer "$dir/paper.xlsx" "$dir/answered.xlsx" 1000)
echo "$edited questions answered in the paper" >&2

# timed NAME CMD...: appends "NAME wall-s cpu-s peak-MiB" to $dir/times.
timed() {
	local name=$1
	shift
	/usr/bin/time -f "%e %U %S %M" -o "$dir/time" "$@" >"$dir/out" 2>"$dir/err" || {
		cat "$dir/out" "$dir/err" >&2
		exit 1
	}
	awk -v name="$name" '{ printf "%s %.2f %.2f %.0f\n", name, $1, $2 + $3, $4 / 1024 }' "$dir/time" | tee -a "$dir/times" >&2
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq "$runs"); do
	rm -f "$dir/imported.guardian"
	"$bin" init "$dir/imported.guardian" >/dev/null
	timed import "$bin" import "$dir/imported.guardian" "$dir/kept by hand.xlsx"
	grep -q "^Imported 10000 questions" "$dir/out" || { grep -v '^  ' "$dir/out" >&2; exit 1; }
	timed export "$bin" export "$dir/base.guardian" "$dir/paper-again.xlsx"
	cp "$dir/base.guardian" "$dir/answered.guardian"
	timed import-answers "$bin" import-answers "$dir/answered.guardian" "$dir/answered.xlsx"
	grep -q "^Applied [0-9]* changes" "$dir/out" || { cat "$dir/out" >&2; exit 1; }
	applied=$(sed -n 's/^Applied \([0-9]*\) changes.*/\1/p' "$dir/out")
	rm -f "$dir/answered.guardian"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

table=$dir/table
{
	echo "$(date -u '+%-d %b %Y %H:%M UTC'), $(nproc) cores, load average $load_before before and $load_after after;"
	echo "\`RUNS=$runs bench/roundtrip.sh\`, medians of $runs alternating runs ($applied changes applied from $edited answered questions):"
	echo
	echo "| guardianctl | wall s | CPU s | peak RSS | under 2 s and 200 MiB |"
	echo "| --- | --- | --- | --- | --- |"
	for name in import export import-answers; do
		awk -v name="$name" '$1 == name { w[++n] = $2; c[n] = $3; m[n] = $4 }
			function med(a,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t } return a[int((n + 1) / 2)] }
			END { wm = med(w); cm = med(c); mm = med(m)
				printf "| `%s` | %.2f | %.2f | %d MiB | %s |\n", name, wm, cm, mm, (wm < 2 && mm < 200) ? "PASS" : "FAIL" }' "$dir/times"
	done
} >"$table"
cat "$table"

# Into docs/performance.md, between the markers.
/usr/bin/python3 - "$table" <<'PY'
import sys
doc = "docs/performance.md"
begin, end = "<!-- bench:roundtrip begin -->", "<!-- bench:roundtrip end -->"
text = open(doc).read()
table = open(sys.argv[1]).read().strip()
if begin in text and end in text:
    head, rest = text.split(begin, 1)
    text = head + begin + "\n" + table + "\n" + end + rest.split(end, 1)[1]
    open(doc, "w").write(text)
PY
