#!/usr/bin/env bash
# Screenshots of the desktop app for the README, under Xvfb:
#   docs/screenshots/take-app.sh            (from the repository root)
# Needs xvfb, xdotool, x11-apps (xwd), imagemagick and dbus-x11. Builds
# guardian and guardianctl, makes a 200-question demo log (fixed seed and
# date), opens it in a 1400x900 window and clicks through the screens.
set -euo pipefail
out=docs/screenshots
work=$(mktemp -d)
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
go build -tags accessibility -o "$work/guardian" ./cmd/guardian
go build -o "$work/guardianctl" ./cmd/guardianctl
"$work/guardianctl" demo "$work/Northshire demo.guardian" --questions 200 --evidence 300 --seed 1 --today 2026-11-23 >/dev/null
export DISPLAY=:57 LANG=en_GB.UTF-8 FYNE_THEME=light HOME="$work"
Xvfb :57 -screen 0 1400x900x24 -nolisten tcp & xvfb=$!
sleep 2
dbus-launch --exit-with-session "$work/guardian" "$work/Northshire demo.guardian" & app=$!
sleep 6
wid=$(xdotool search --name Guardian | head -1)
xdotool windowmove "$wid" 0 0 windowsize "$wid" 1400 900
sleep 1
shot() { xwd -root | /usr/bin/convert xwd:- "png:$out/$1"; }
shot app-main.png
xdotool mousemove 600 285 click 1; sleep 1        # the third question
shot app-editor.png
xdotool mousemove 1030 130 click 1; sleep 1       # its Evidence tab
xdotool mousemove 1100 320 click 1; sleep 1       # the second file
shot app-evidence.png
xdotool mousemove 400 49 click 1; sleep 2         # Dashboard
shot app-dashboard.png
