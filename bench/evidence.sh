#!/usr/bin/env bash
# Evidence at disk speed: times `guardianctl evidence add` of one large file
# against `dd bs=4M conv=fsync` of the same file on the same disk, runs
# alternating, and prints the medians with PASS/FAIL against the target:
# an attach (SHA-256 included, durable when reported) at least half as fast
# as dd, in under 64 MiB peak memory.
#
# EVIDENCE_MB (default 1024) sets the file's size, RUNS (default 5) the runs
# of each, EVIDENCE_DIR the folder on the disk to measure (default a new
# folder in TMPDIR, removed afterwards). LEVERS=1 also runs
# BenchmarkAttachLevers (assurance/sqlite) once per run for each of its
# plans, with GUARDIAN_ATTACH_MB=${LEVERS_MB:-256}, alternating with dd.
# BEFORE=REV also times the guardianctl of git revision REV in each run.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
mb=${EVIDENCE_MB:-1024}
runs=${RUNS:-5}
if [ -n "${EVIDENCE_DIR:-}" ]; then
	dir=$(mktemp -d "$EVIDENCE_DIR/guardian-evidence.XXXXXX")
else
	dir=$(mktemp -d "${TMPDIR:-/tmp}/guardian-evidence.XXXXXX")
fi
trap 'rm -rf "$dir"' EXIT

$GO build -o "$dir/guardianctl" ./cmd/guardianctl
if [ -n "${BEFORE:-}" ]; then
	mkdir "$dir/before"
	git archive "$BEFORE" | tar -x -C "$dir/before"
	(cd "$dir/before" && $GO build -o "$dir/guardianctl-before" ./cmd/guardianctl)
fi
src=$dir/evidence.bin
head -c $((mb << 20)) /dev/urandom >"$src"
bytes=$((mb << 20))

# timed NAME CMD...: runs CMD under /usr/bin/time -v after a sync, and
# appends "NAME wall-s cpu-s peak-KiB" to $dir/times.
timed() {
	local name=$1
	shift
	sync
	/usr/bin/time -v -o "$dir/time" "$@" >/dev/null
	awk -v name="$name" -F': ' '
		/Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
		/User time/ { c += $2 } /System time/ { c += $2 }
		/Maximum resident/ { m = $2 }
		END { printf "%s %.2f %.2f %d\n", name, w, c, m }' "$dir/time" | tee -a "$dir/times" >&2
}

# dd_once [NAME]
dd_once() {
	timed "${1:-dd}" dd if="$src" of="$dir/copy" bs=4M conv=fsync status=none
	rm -f "$dir/copy"
}

# attach_once [NAME BINARY]
attach_once() {
	local log=$dir/bench.guardian name=${1:-attach} bin=${2:-$dir/guardianctl}
	"$bin" init "$log" >/dev/null
	"$bin" question add "$log" --area 4.1 --text "How fast is evidence attached?" >/dev/null
	timed "$name" "$bin" evidence add "$log" Q-0001 "$src"
	rm -f "$log"
}

echo "# evidence: $(date -u '+%Y-%m-%d %H:%M UTC'), ${mb} MiB file, $runs runs each alternating, load:$(uptime | sed 's/.*load average://')" >&2
for ((i = 1; i <= runs; i++)); do
	dd_once
	attach_once
	if [ -n "${BEFORE:-}" ]; then
		attach_once before "$dir/guardianctl-before"
	fi
done

if [ "${LEVERS:-}" = 1 ]; then
	$GO test -c -o "$dir/sqlite.test" ./assurance/sqlite/
	for ((i = 1; i <= runs; i++)); do
		dd_once dd-levers
		(cd assurance/sqlite && GUARDIAN_ATTACH_MB=${LEVERS_MB:-256} TMPDIR=$dir "$dir/sqlite.test" -test.run '^$' \
			-test.bench '^BenchmarkAttachLevers$' -test.benchtime 1x) |
			awk '/^BenchmarkAttachLevers\// { p = $1; sub(/^BenchmarkAttachLevers\//, "", p); sub(/-[0-9]+$/, "", p)
				for (i = 3; i < NF; i++) { if ($(i+1) == "MB/s") s = $i; if ($(i+1) == "cpu-ms/op") c = $i }
				printf "%s %s %s\n", p, s, c }' | tee -a "$dir/levers" >&2
	done
fi

# The summary goes to stdout: medians, MB/s and the verdict.
awk -v bytes="$bytes" -v before="${BEFORE:-}" '
function median(name, col,   n, i, j, t, v) {
	n = 0
	for (i = 1; i <= rows; i++) if (nm[i] == name) v[++n] = val[i, col]
	for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j+1] = v[j]; v[j+1] = t }
	return n % 2 ? v[(n+1)/2] : (v[n/2] + v[n/2+1]) / 2
}
{ rows++; nm[rows] = $1; val[rows, 2] = $2; val[rows, 3] = $3; val[rows, 4] = $4 }
END {
	dw = median("dd", 2); aw = median("attach", 2)
	dmb = bytes / 1e6 / dw; amb = bytes / 1e6 / aw; rss = median("attach", 4) / 1024
	printf "Evidence, %.0f MiB file, medians:\n", bytes / 1048576
	printf "  %-44s %8s %8s %10s %10s\n", "", "wall s", "CPU s", "MB/s", "peak MiB"
	printf "  %-44s %8.2f %8.2f %10.0f %10.0f\n", "dd bs=4M conv=fsync", dw, median("dd", 3), dmb, median("dd", 4) / 1024
	printf "  %-44s %8.2f %8.2f %10.0f %10.0f\n", "guardianctl evidence add (SHA-256, durable)", aw, median("attach", 3), amb, rss
	if (median("before", 2) > 0) printf "  %-44s %8.2f %8.2f %10.0f %10.0f\n", "the same, before (" before ")", median("before", 2), median("before", 3), bytes / 1e6 / median("before", 2), median("before", 4) / 1024
	ok = amb >= dmb / 2 && rss < 64
	printf "  attach at %.0f%% of dd speed (target at least 50%%), peak %.0f MiB (target under 64): %s\n", 100 * amb / dmb, rss, ok ? "PASS" : "FAIL"
}' "$dir/times"
if [ -s "$dir/levers" ]; then
	awk -v dd="$(awk '$1 == "dd-levers" { print $2 }' "$dir/times" | sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2 }')" -v bytes="$bytes" '
	{ n[$1]++; s[$1, n[$1]] = $2; c[$1, n[$1]] = $3; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
	function med(a, p, m,   i, j, t, v) { for (i = 1; i <= m; i++) v[i] = a[p, i]
		for (i = 2; i <= m; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j+1] = v[j]; v[j+1] = t }
		return m % 2 ? v[(m+1)/2] : (v[m/2] + v[m/2+1]) / 2 }
	END {
		printf "BenchmarkAttachLevers (store only), medians; dd %.0f MB/s in the same run:\n", bytes / 1e6 / dd
		for (i = 1; i <= k; i++) { p = order[i]; printf "  %-34s %8.0f MB/s %8.0f CPU ms per op\n", p, med(s, p, n[p]), med(c, p, n[p]) }
	}' "$dir/levers"
fi
