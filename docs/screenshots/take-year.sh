#!/usr/bin/env bash
# Screenshots of the guardian's year for the README, from the real window
# under Xvfb and from the paper printed by LibreOffice:
#   docs/screenshots/take-year.sh            (from the repository root)
# Needs xvfb, xdotool, x11-apps (xwd), imagemagick, libreoffice and
# poppler-utils. Builds guardian and guardianctl, makes a 64-question demo
# log over three quarters (a second framework, evidence requests, a cover
# sheet), opens it in a 1366x768 window (the users' common laptop) and
# takes the period editor, the dashboard trend (top, and scrolled to the
# guardian function's groups) and the evidence requests; then exports the
# paper and keeps its cover, chart, area and question pages.
# SCREENSHOT_DISPLAY picks the X display (default :240).
set -euo pipefail
out=docs/screenshots
work=$(mktemp -d)
trap 'kill $app $xvfb 2>/dev/null || true; wait 2>/dev/null; rm -rf "$work"' EXIT
go build -tags accessibility -o "$work/guardian" ./cmd/guardian
go build -o "$work/guardianctl" ./cmd/guardianctl
g() { "$work/guardianctl" --as "Dr A. Guardian" "$@" >/dev/null; }
log="$work/Northshire.guardian"
g demo "$log" --questions 60 --evidence 20 --seed 3 --today 2026-11-23
gf=health-and-wellbeing-guardian-function
add() { g question add "$log" --framework $gf --raised 2026-05-10 --status asked --recurring "$@"; }
add --area 4.1 --text "Which workforce data does the board see before it agrees changes to rotas?" --asked-of "Chief People Officer"
add --area 3.4 --text "How are unintended consequences for staff recorded in board papers?" --asked-of "Company Secretary"
add --area 2.7 --text "Who supports the guardian with data and analysis?" --asked-of "Director of Workforce"
add --area 4.3 --text "Is the Model Health System staff sickness benchmark in the quarterly people report?" --asked-of "Head of People Analytics"
levels=(substantial reasonable limited none reasonable limited)
resp=("Reported monthly with a breakdown by staff group." "Partly: day staff only, nights from January." "No regular report yet; a draft is with the committee."
  "Not yet started." "Agreed in principle; first report due in February." "A quarterly report was received in October.")
comm=("Backed by the quarterly report; routine reporting is enough." "Asked for the night-staff figures by January." "Not yet assured: no data to test the claim."
  "Escalated to the People Committee." "Waiting for the first report." "Better than last quarter, not yet enough.")
answer_all() { # answers every open question, differently in each period ($1)
  local i=0 k
  for ref in $("$work/guardianctl" question list "$log" --open | awk 'NR>1 && $1 ~ /^Q-/ {print $1}'); do
    k=$(( (i * 7 + $1 * 5) % 6 ))
    g question update "$log" "$ref" --status answered --level "${levels[$k]}" --response "${resp[$k]}" --comment "${comm[$k]}"
    i=$((i+1))
  done
}
for p in 0 1 2; do
  g period start "$log" --from "2026-$(printf %02d $((4 + 3 * p)))-01"
  answer_all $p
  [ $p -lt 2 ] && g period close "$log" "2026/27 Q$((p + 1))"
done
for ref in Q-0003 Q-0011 Q-0017; do g question update "$log" $ref --status asked --level not_assessed --response "" --responded ""; done
g maturity set "$log" 2.3 core_delivery --comment "First self-assessment in October."
g maturity set "$log" 4.1 transformative --comment "Peer-reviewed by the ICB."
g request add "$log" Q-0002 --from "Chief People Officer" --what "Sickness absence by staff group, last 12 months" --kind "Sickness absence report" --requested 2026-10-01 --due 2026-11-01
g request add "$log" Q-0005 --from "Head of Occupational Health" --what "OH activity report, Q2" --kind "OH activity report" --requested 2026-10-15 --due 2026-12-15
g request add "$log" Q-0009 --from "Freedom to Speak Up Guardian" --what "Themes from speaking-up cases this year" --kind "Other" --requested 2026-09-20 --due 2026-10-31
g request add "$log" Q-0061 --from "Director of Workforce" --what "Minutes of the People Committee where rota changes were agreed" --kind "Committee minutes" --requested 2026-11-02 --due 2026-12-04
m=$("$work/guardianctl" meeting list "$log" | awk '$3=="Board" && $2>="2026-11-23" {print $1; exit}')
g settings "$log" --committee "People Committee" --cadence Quarterly --baf "SR2 Workforce capacity and wellbeing; SR5 Culture and staff engagement"
g cover "$log" "$m" --agenda-item 9.1 --lead "Chief People Officer" --purpose Assurance --level reasonable \
  --reason "Most areas have answered questions backed by evidence; assurance fell in five areas this quarter" \
  --cqc "Well-led; Safe" --baf "SR2; SR5" --equality "No adverse impact identified; staff-group data requested to check" \
  --previously "People Committee, 10 December 2026"

display=${SCREENSHOT_DISPLAY:-:240}
mkdir -p "$work/home" "$work/run"; chmod 700 "$work/run"
export DISPLAY=$display LANG=en_GB.UTF-8 FYNE_THEME=light HOME="$work/home" XDG_RUNTIME_DIR="$work/run" DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp & xvfb=$!
sleep 2
"$work/guardian" "$log" & app=$!
sleep 6
wid=$(xdotool search --name Guardian | head -1)
xdotool windowmove "$wid" 0 0 windowsize "$wid" 1366 768
sleep 1
shot() { xwd -root | /usr/bin/convert xwd:- "png:$out/$1"; }
xdotool mousemove 733 49 click 1; sleep 1                 # the Evidence requests tab
xdotool mousemove 550 162 click 1; sleep 1                # the first request
shot app-requests.png
xdotool key alt+2; sleep 2                                # View > Dashboard
shot app-dashboard-trend.png
xdotool mousemove 800 450 click --repeat 60 5; sleep 1    # the heatmap down to the guardian function
xdotool mousemove 800 700 click --repeat 31 5; sleep 1    # the attention list down to the second framework
shot app-dashboard-frameworks.png
xdotool key alt+1; sleep 1                                # View > Questions
xdotool mousemove 600 444 click 1; sleep 1                # Q-0007
xdotool mousemove 900 690 click --repeat 30 5; sleep 1    # the editor down to the comparison
shot app-period-editor.png

"$work/guardianctl" export "$log" "$work/paper.xlsx" --today 2026-11-23 >/dev/null
HOME="$work/home" libreoffice -env:UserInstallation="file://$work/lo" --headless --norestore --convert-to pdf --outdir "$work" "$work/paper.xlsx" >/dev/null
page() { # the first page whose text has $1, as $2
  local n
  n=$(pdftotext -layout "$work/paper.pdf" - | awk -v want="$1" '/\f/{p++} !n && index($0, want){n = p + 1} END{print n}')
  pdftoppm -png -r 80 -f "$n" -l "$n" -singlefile "$work/paper.pdf" "$work/page"
  mv "$work/page.png" "$out/$2"
}
page "Meeting" export-cover.png
page "Number of questions" export-cover-chart.png
page "Assurance by action area" export-areas.png
page "Questions in this paper" export-questions.png
