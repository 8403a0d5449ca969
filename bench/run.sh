#!/usr/bin/env bash
# make bench: Guardian's Go benchmarks (open a log, insert, attach MB/s,
# list, search, export a board paper) and the openpyxl comparison, printed as
# one table. The raw `go test -bench` output is kept in bench/last-run.txt.
#
# BENCHTIME (default 1s) is passed to -benchtime; RUNS (default 3) to the
# openpyxl comparison (default 3) and the end-to-end export comparison
# (bench/export_e2e.py, default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
raw=bench/last-run.txt
{
	echo "# $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //'), $(free -g 2>/dev/null | awk '/Mem:/{print $2 " GiB RAM"}'), $($GO version | cut -d' ' -f3-4)"
	echo "# $GO test -run '^\$' -bench . -benchmem -benchtime ${BENCHTIME:-1s} ./assurance/sqlite/"
	$GO test -run '^$' -bench . -benchmem -benchtime "${BENCHTIME:-1s}" ./assurance/sqlite/
	echo "# /usr/bin/python3 bench/openpyxl_compare.py (runs BenchmarkExport10k)"
	/usr/bin/python3 bench/openpyxl_compare.py
} | tee "$raw.tmp" >&2
mv "$raw.tmp" "$raw"

echo
head -1 "$raw" | sed 's/^# //'
awk '
function human(ns) {
	if (ns >= 1e9) return sprintf("%.2f s", ns / 1e9)
	if (ns >= 1e6) return sprintf("%.2f ms", ns / 1e6)
	if (ns >= 1e3) return sprintf("%.1f µs", ns / 1e3)
	return sprintf("%.0f ns", ns)
}
BEGIN { printf "%-28s %12s  %s\n", "Benchmark", "time/op", "other"; printf "%-28s %12s  %s\n", "---------", "-------", "-----" }
/^Benchmark/ {
	name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
	other = ""
	for (i = 3; i < NF; i++) {
		if ($(i+1) == "ns/op") t = human($i)
		else if ($(i+1) ~ /^(MB\/s|peak-heap-MiB|cpu-s\/op|B\/op|allocs\/op)$/) other = other sprintf("%s %s  ", $i, $(i+1))
	}
	printf "%-28s %12s  %s\n", name, t, other
}
/^Guardian|^openpyxl|faster|^Rows:|wall s/ { cmp = cmp "  " $0 "\n" }
END { if (cmp != "") printf "\nExcel export, Guardian against openpyxl:\n%s", cmp }
' "$raw"

# What a guardian waits for: guardianctl export of the 10,000-question demo
# log, end to end, against XlsxWriter and openpyxl writing the same rows.
echo
echo "End to end: guardianctl export against XlsxWriter and openpyxl (also written to docs/performance.md):"
GO=$GO /usr/bin/python3 bench/export_e2e.py

# Evidence copied out with the paper (export --evidence) against cp -r,
# cp -r with sync and tar -x of the same files on the same disk, PASS/FAIL.
echo
echo "Evidence copied out with the paper (also written to docs/performance.md):"
GO=$GO /usr/bin/python3 bench/evidence_export.py

# Evidence at disk speed: attach MB/s against dd on the same disk, PASS/FAIL.
echo
bench/evidence.sh
