#!/usr/bin/env bash
# Screenshots of the desktop app for the README, under Xvfb:
#   docs/screenshots/take-app.sh            (from the repository root)
# Needs xvfb, xdotool, x11-apps (xwd), imagemagick and dbus-x11. Builds
# guardian and guardianctl, makes a 200-question demo log (fixed seed and
# date), opens it in a 1400x900 window and clicks through the screens.
# SCREENSHOT_DISPLAY picks the X display (default :57).
set -euo pipefail
out=docs/screenshots
work=$(mktemp -d)
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
go build -tags accessibility -o "$work/guardian" ./cmd/guardian
go build -o "$work/guardianctl" ./cmd/guardianctl
"$work/guardianctl" demo "$work/Northshire demo.guardian" --questions 200 --evidence 300 --seed 1 --today 2026-11-23 >/dev/null
display=${SCREENSHOT_DISPLAY:-:57}
export DISPLAY=$display LANG=en_GB.UTF-8 FYNE_THEME=light HOME="$work"
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp & xvfb=$!
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
xdotool mousemove 1050 130 click 1; sleep 1       # its Evidence tab
xdotool mousemove 1100 320 click 1; sleep 1       # the second file
shot app-evidence.png
xdotool key alt+2; sleep 2                          # View > Dashboard
shot app-dashboard.png
