#!/usr/bin/env bash
# Screenshots of the app on a shared log, under Xvfb:
#   docs/screenshots/take-shared.sh            (from the repository root)
# Needs PostgreSQL's server programs (Debian's postgresql), xvfb, xdotool,
# x11-apps (xwd), imagemagick and twm (a window manager, so the title bar
# shows). Starts a throwaway PostgreSQL on a Unix socket only (as nobody
# when run as root, as internal/pgtest does), publishes a 200-question demo
# log into it as one organisation's, saves a connection profile as the app
# would, and opens it from File → Open a shared log… with the password
# typed (no credential store under Xvfb: the app says so).
# SCREENSHOT_DISPLAY picks the X display (default :250).
set -euo pipefail
out=docs/screenshots
work=$(mktemp -d)
pg=$(mktemp -d /tmp/guardian-shot-pg-XXXX)
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as=()
if [ "$(id -u)" = 0 ]; then as=(runuser -u nobody --); chown nobody "$pg"; fi
cleanup() {
	kill $app $wm $xvfb 2>/dev/null || true
	(cd "$pg" && "${as[@]}" "$bin/pg_ctl" -D "$pg/data" -m fast -w stop >/dev/null 2>&1) || true
	rm -rf "$work" "$pg"
}
app= wm= xvfb=
trap cleanup EXIT
go build -tags accessibility -o "$work/guardian" ./cmd/guardian
go build -o "$work/guardianctl" ./cmd/guardianctl
ctl="$work/guardianctl"
org="Northshire Community Health NHS Trust"
"$ctl" demo "$work/Northshire demo.guardian" --questions 200 --evidence 30 --seed 1 --today 2026-11-23 >/dev/null

(cd "$pg" && "${as[@]}" "$bin/initdb" -D "$pg/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >/dev/null)
printf 'local all +needs_password scram-sha-256\nlocal all all trust\n' > "$pg/data/pg_hba.conf"
[ ${#as[@]} -gt 0 ] && chown nobody "$pg/data/pg_hba.conf"
(cd "$pg" && "${as[@]}" "$bin/pg_ctl" -D "$pg/data" -o "-k $pg -c listen_addresses=''" -l "$pg/log" -w start >/dev/null)
psql() { "$bin/psql" -q -v ON_ERROR_STOP=1 "postgres:///$1?host=$pg&user=postgres" -c "$2"; }
psql postgres "CREATE ROLE guardian_owner LOGIN CREATEROLE"
psql postgres "CREATE DATABASE guardian OWNER guardian_owner"
psql postgres "CREATE ROLE needs_password; CREATE ROLE jsmith LOGIN PASSWORD 'shot password' IN ROLE needs_password"
psql guardian "REVOKE ALL ON DATABASE guardian FROM PUBLIC"
owner="postgres:///guardian?host=$pg&user=guardian_owner"
"$ctl" shared setup "$owner" >/dev/null
"$ctl" shared add "$owner" "$org" >/dev/null
"$ctl" shared grant "$owner" "$org" jsmith >/dev/null
psql guardian "GRANT CONNECT ON DATABASE guardian TO guardian_user"
PGPASSWORD='shot password' "$ctl" publish "$work/Northshire demo.guardian" "postgres:///guardian?host=$pg&user=jsmith" --organisation "$org" >/dev/null

# The profile as the app saves it (no password).
prefs="$work/.config/fyne/uk.nhs.guardian"
mkdir -p "$prefs"
profiles=$(printf '[{"name":"Trust shared log","host":"%s","database":"guardian","user":"jsmith","organisation":"%s","tls":"verify-full"}]' "$pg" "$org")
python3 -c 'import json,sys; print(json.dumps({"sharedProfiles": sys.argv[1]}))' "$profiles" > "$prefs/preferences.json"

display=${SCREENSHOT_DISPLAY:-:250}
export DISPLAY=$display LANG=en_GB.UTF-8 FYNE_THEME=light HOME="$work" \
	DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent XDG_RUNTIME_DIR="$work"
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp & xvfb=$!
sleep 2
printf 'RandomPlacement\nUsePPosition "on"\n' > "$work/.twmrc" # place windows without asking
twm & wm=$!
"$work/guardian" & app=$!
sleep 6
wid=$(xdotool search --sync --onlyvisible --name Guardian | head -1)
xdotool windowmove "$wid" 0 24 windowsize "$wid" 1400 860   # twm's title bar above it
sleep 1
shot() { xwd -root | /usr/bin/convert xwd:- "png:$out/$1"; }
xdotool key ctrl+shift+l; sleep 2                  # File → Open a shared log…
shot shared-profiles.png
xdotool mousemove 851 649 click 1; sleep 2        # Open
shot shared-password.png
xdotool type --delay 50 'shot password'; xdotool key Return; sleep 8
shot shared-workspace.png
xdotool getwindowname "$wid"
# A save conflict: I change Q-0001's comment without saving; meanwhile
# Amira saves the same question from guardianctl (another connection);
# saving mine shows the two versions side by side.
xdotool mousemove 600 228 click 1; sleep 2                  # Q-0001 into the editor
xdotool mousemove 1224 679 click 1; sleep 0.5               # its comment box
xdotool key ctrl+a; xdotool type --delay 20 'Mine: ask the Chief People Officer for the Q3 figures before closing.'
PGPASSWORD='shot password' "$ctl" --as "Amira Khan" question update "postgres:///guardian?host=$pg&user=jsmith#$org" Q-0001 \
	--comment "Theirs: agreed at committee; close at the December Board." --level Reasonable >/dev/null
sleep 3                                                      # the notification refreshes the list
xdotool key ctrl+s; sleep 3
shot shared-conflict.png
