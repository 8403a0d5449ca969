#!/usr/bin/env bash
# packaging/smoke-windows.sh (make smoke-windows, after make dist): installs
# the MSI in a throw-away Wine prefix with msiexec /qn, checks the files, the
# Start-menu entry and the .guardian association landed for this user only,
# opens a demo log in the installed Guardian.exe through that association and
# takes a screenshot, runs guardianctl.exe check, export and copy --encrypt in
# a folder with spaces and accents (and one past 260 characters), then
# uninstalls and checks nothing is left. Any failed step fails the test.
#
# Two Wine 8 gaps (docs/release.md): Go programs need bcryptprimitives.dll,
# so a stand-in built here goes into the prefix (never shipped); and the
# shipped Guardian.exe, built with -tags accessibility, aborts under Wine for
# a missing UI Automation function, so after checking that, the window is
# shown by the same program built without that tag, copied over it.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
DIST=${DIST:-dist}
SMOKE=$PWD/$DIST/build/smoke
SHOT=${SHOT:-$SMOKE/guardian-windows-wine.png}
mkdist() { $GO run ./packaging/mkdist "$@"; }
VERSION=$(mkdist info version)
PRODUCT="{$(mkdist info product-code)}"
MSI=$DIST/Guardian-$VERSION-windows-x64.msi
[ -f "$MSI" ] || { echo "smoke-windows: $MSI is missing: run make dist first" >&2; exit 1; }

fail() { echo "smoke-windows: FAILED: $*" >&2; exit 1; }
ok() { echo "   ok: $*"; }
step() { echo "== $*"; }
T0=$SECONDS

rm -rf "$SMOKE"
mkdir -p "$SMOKE"
export WINEPREFIX WINEDEBUG=-all WINEARCH=win64 WINEDLLOVERRIDES="mscoree,mshtml="
WINEPREFIX=$(mktemp -d /tmp/guardian-wine.XXXXXX)
# Wine links the prefix's Documents, Desktop and so on to the Unix home: a
# home of its own keeps the test's files out of the real one. Go keeps its
# caches where they are.
export GOCACHE GOMODCACHE GOPATH
GOCACHE=$($GO env GOCACHE) GOMODCACHE=$($GO env GOMODCACHE) GOPATH=$($GO env GOPATH)
export HOME=$WINEPREFIX/home
mkdir -p "$HOME"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
XVFB_PID=
cleanup() {
	wineserver -k 2>/dev/null || true
	[ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true
	rm -rf "$WINEPREFIX"
}
trap cleanup EXIT

# win CMD...: a Windows program under Wine, its output without CRs.
win() { wine "$@" 2>>"$SMOKE/wine-stderr.log" | tr -d '\r'; }
winvar() { win cmd /c echo "%$1%"; }
unixpath() { winepath -u "$1" 2>/dev/null; }

step "Wine prefix and virtual display"
wineboot -i >/dev/null 2>&1
x86_64-w64-mingw32-gcc -O2 -shared -o "$SMOKE/bcryptprimitives.dll" packaging/wine/bcryptprimitives.c -ladvapi32
cp "$SMOKE/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
echo "   NOTE: a test-only bcryptprimitives.dll stand-in is in the Wine prefix (Wine 8 lacks it; Windows has it)"
# No crash dialog: a crash must end the program, not wait for a click.
wine reg add 'HKCU\Software\Wine\WineDbg' /v ShowCrashDialog /t REG_DWORD /d 0 /f >/dev/null 2>&1
# Xvfb has no window manager to draw title bars: Wine draws Windows' own
# (with the window's title) when it does not leave windows to one.
wine reg add 'HKCU\Software\Wine\X11 Driver' /v Managed /t REG_SZ /d N /f >/dev/null 2>&1
for n in $(seq 91 120); do [ -e /tmp/.X11-unix/X$n ] || break; done
Xvfb ":$n" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
export DISPLAY=":$n"
sleep 2
LOCALAPPDATA=$(winvar LOCALAPPDATA)
APPDATA=$(winvar APPDATA)
PROFILE=$(winvar USERPROFILE)
INSTALL_W="$LOCALAPPDATA\\Programs\\Guardian"
INSTALL=$(unixpath "$INSTALL_W")
STARTLINK=$(unixpath "$APPDATA\\Microsoft\\Windows\\Start Menu\\Programs\\Guardian.lnk")

step "Install $(basename "$MSI") with msiexec /qn"
t=$SECONDS
wine msiexec /i "$(winepath -w "$MSI")" /qn /l*v "$(winepath -w "$SMOKE/install.log")" || fail "msiexec /i exited $?"
wineserver -w
ok "installed in $((SECONDS - t)) s"
for f in Guardian.exe guardianctl.exe guardian-log.ico; do
	[ -f "$INSTALL/$f" ] || fail "$INSTALL_W\\$f missing"
done
ok "files in $INSTALL_W: $(ls "$INSTALL" | tr '\n' ' ')"
[ -f "$STARTLINK" ] || fail "no Start-menu shortcut"
ok "Start-menu shortcut: $APPDATA\\Microsoft\\Windows\\Start Menu\\Programs\\Guardian.lnk"
[ ! -e "$WINEPREFIX/drive_c/Program Files/Guardian" ] || fail "something went into C:\\Program Files"
reg() { win reg query "$@"; }
reg 'HKCU\Software\Classes\.guardian' | grep -q 'Guardian.Log' || fail ".guardian is not associated for this user"
reg 'HKCU\Software\Classes\Guardian.Log\shell\open\command' | grep -qF "$INSTALL_W\\Guardian.exe" || fail "the open command does not start the installed Guardian.exe"
reg 'HKCU\Software\Classes\Guardian.Log\DefaultIcon' | grep -qF 'guardian-log.ico' || fail "log files have no icon of their own"
if reg 'HKLM\Software\Classes\.guardian' | grep -q Guardian; then fail "the association was written machine-wide"; fi
ok "per-user association: HKCU\\Software\\Classes\\.guardian -> Guardian.Log, own icon, nothing under HKLM"

step "guardianctl.exe in a folder with spaces and accents"
CTL="$INSTALL_W\\guardianctl.exe"
FOLDER_W="$PROFILE\\Documents\\Board logs é – Évaluation 2026"
FOLDER=$(unixpath "$FOLDER_W")
mkdir -p "$FOLDER"
LOG_W="$FOLDER_W\\Évaluation – Board.guardian"
win "$CTL" demo "$LOG_W" --questions 60 --evidence 20 --seed 7 >"$SMOKE/demo.txt" || fail "guardianctl demo"
[ -f "$FOLDER/Évaluation – Board.guardian" ] || fail "the demo log is not where it was asked for"
win "$CTL" check "$LOG_W" | tee "$SMOKE/check.txt" | grep -q '^OK' || fail "guardianctl check: $(cat "$SMOKE/check.txt")"
ok "check: $(head -1 "$SMOKE/check.txt")"
win "$CTL" export "$LOG_W" "$FOLDER_W\\Papier du conseil – Board paper.xlsx" >/dev/null || fail "guardianctl export"
# Not only a file: openpyxl reads it and its Questions sheet lists the demo log's questions.
XLSX="$FOLDER/Papier du conseil – Board paper.xlsx"
refs=$(/usr/bin/python3 - "$XLSX" <<'PY'
import re, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], read_only=True)["Questions"]
print(len({v for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str) and re.fullmatch(r"Q-\d{4}", v)}))
PY
) || fail "openpyxl cannot read the exported workbook"
[ "$refs" -eq 60 ] || fail "the exported workbook's Questions sheet lists $refs questions, not the demo log's 60"
ok "export: Papier du conseil – Board paper.xlsx ($(stat -c %s "$XLSX") bytes), 60 questions on its Questions sheet (openpyxl)"
printf 'cheval correct batterie agrafe\n' >"$FOLDER/phrase de passe.txt"
win "$CTL" copy "$LOG_W" "$FOLDER_W\\Copie chiffrée – Board.guardian" --encrypt --passphrase-file "$FOLDER_W\\phrase de passe.txt" >/dev/null ||
	fail "guardianctl copy --encrypt"
[ "$(head -c 21 "$FOLDER/Copie chiffrée – Board.guardian")" = "age-encryption.org/v1" ] || fail "copy --encrypt did not write an encrypted file"
win "$CTL" copy "$FOLDER_W\\Copie chiffrée – Board.guardian" "$FOLDER_W\\Copie déchiffrée.guardian" --passphrase-file "$FOLDER_W\\phrase de passe.txt" >/dev/null ||
	fail "decrypting the copy"
win "$CTL" check "$FOLDER_W\\Copie déchiffrée.guardian" | grep -q '^OK' || fail "check of the decrypted copy"
ok "copy --encrypt, and back again: checks OK"
LONG_W="$FOLDER_W\\Northshire Community Health NHS Trust (2026–27)\\People Committee – papers and minutes\\Quarterly assurance – Ménopause, OH & wellbeing\\Évaluation – Board – final versions only\\Réunion du 14 décembre 2026 – à relire"
mkdir -p "$(unixpath "$LONG_W")"
LONGLOG_W="$LONG_W\\Évaluation – Board.guardian"
[ ${#LONGLOG_W} -gt 260 ] || fail "the long path is only ${#LONGLOG_W} characters"
win "$CTL" backup "$LOG_W" "$LONGLOG_W" >/dev/null || fail "guardianctl backup to a path of ${#LONGLOG_W} characters"
win "$CTL" check "$LONGLOG_W" | grep -q '^OK' || fail "guardianctl check of a path of ${#LONGLOG_W} characters"
ok "backup and check at a path of ${#LONGLOG_W} characters"

step "The installed Guardian.exe"
# The shipped exe keeps the accessibility tag; Wine 8 cannot run it. Check
# that it stops for that reason, so that another failure, or a Wine that
# runs it and needs no stand-in below, is noticed.
WINEDEBUG= timeout 60 wine "$INSTALL_W\\Guardian.exe" >"$SMOKE/tagged.txt" 2>&1 || true
wineserver -k 2>/dev/null || true
missing=$(grep -o 'unimplemented function [^ ,]*Uia[^ ,]*' "$SMOKE/tagged.txt" | head -1) ||
	fail "the shipped Guardian.exe did not stop on Wine's missing UI Automation function, as this test expects (output in $SMOKE/tagged.txt)"
echo "   NOTE: the shipped Guardian.exe (built with -tags accessibility) stops under Wine 8 as expected: $missing"
echo "   NOTE: for the rest of this test the installed Guardian.exe is replaced by the same program built WITHOUT"
echo "         the accessibility tag (Wine 8 lacks UI Automation's UiaRaiseStructureChangedEvent); the MSI ships the tagged one"
packaging/dist.sh wine-exe "$SMOKE/Guardian-wine.exe" | sed 's/^/   /'
cp "$SMOKE/Guardian-wine.exe" "$INSTALL/Guardian.exe"

step "Open the demo log with the command the .guardian association registered"
# Wine 8's shell reads file types from HKLM only (its HKEY_CLASSES_ROOT does
# not merge in HKCU\Software\Classes as Windows does), so "wine start
# LOG" cannot find a per-user association: run the registered command itself.
open_cmd=$(reg 'HKCU\Software\Classes\Guardian.Log\shell\open\command' /ve | sed -n 's/.*REG_SZ *//p')
echo "   registered open command: $open_cmd"
exe=$(echo "$open_cmd" | cut -d'"' -f2)
[ "$open_cmd" = "\"$exe\" \"%1\"" ] || fail "unexpected open command: $open_cmd"
(cd "$FOLDER" && wine "$exe" "$LOG_W" >>"$SMOKE/guardian-first.log" 2>&1 &)
xdotool search --sync --onlyvisible --name 'Board[.]guardian - Guardian' >/dev/null &
SEARCH=$!
for i in $(seq 1 90); do kill -0 $SEARCH 2>/dev/null || break; sleep 1; done
kill -0 $SEARCH 2>/dev/null && { kill $SEARCH; fail "no Guardian window showing the log after 90 s"; }
sleep 8 # let it draw the list
# The window alone, with the title bar Wine draws.
wid=$(xdotool search --onlyvisible --name 'Board[.]guardian - Guardian' | head -1)
xwd -id "$wid" -display "$DISPLAY" | /usr/bin/convert xwd:- png:"$SHOT"
ok "window open: $(xdotool getwindowname "$wid"); screenshot $SHOT"

step "Open the same log again: the first Guardian takes it"
t=$SECONDS
timeout 60 wine "$INSTALL_W\\Guardian.exe" "$LOG_W" >"$SMOKE/guardian-second.log" 2>&1 || fail "the second Guardian did not hand over and exit (exit $?)"
windows=$(xdotool search --onlyvisible --name ' - Guardian' | wc -l)
[ "$windows" -eq 1 ] || fail "$windows Guardian windows after opening the log twice"
ok "the second Guardian handed the log to the first and exited in $((SECONDS - t)) s; one window"
win taskkill /f /im Guardian.exe >/dev/null 2>&1 || true
sleep 2
wineserver -k 2>/dev/null || true

step "Upgrade in place: an MSI of the next patch version over this one"
NEXT=$(echo "$VERSION" | awk -F. '{printf "%d.%d.%d", $1, $2, $3 + 1}')
mkdist windows "$SMOKE/upgrade" "$NEXT"
cp "$INSTALL/Guardian.exe" "$INSTALL/guardianctl.exe" "$SMOKE/upgrade/"
(cd "$SMOKE/upgrade" && wixl -a x64 -o "Guardian-$NEXT.msi" Guardian.wxs)
wine msiexec /i "$(winepath -w "$SMOKE/upgrade/Guardian-$NEXT.msi")" /qn /l*v "$(winepath -w "$SMOKE/upgrade.log")" || fail "installing $NEXT over $VERSION exited $?"
wineserver -w
reg 'HKCU\Software\Guardian' | grep -q "Installed.*$NEXT" || fail "the installed marker does not say $NEXT"
[ -f "$INSTALL/Guardian.exe" ] && [ -f "$STARTLINK" ] || fail "the upgrade lost files or the shortcut"
# The old version must be gone (1605: this product is not installed).
rc=0
wine msiexec /x "$PRODUCT" /qn >/dev/null 2>&1 || rc=$?
# Wine passes on the low byte of the exit code: 1605 % 256 = 69.
[ "$rc" -eq 1605 ] || [ "$rc" -eq 69 ] || fail "version $VERSION is still installed after the upgrade (msiexec /x said $rc)"
ok "$NEXT replaced $VERSION in place (msiexec /x of $VERSION's ProductCode: 1605, not installed)"
PRODUCT="{$(grep -o 'Product Id="[^"]*"' "$SMOKE/upgrade/Guardian.wxs" | cut -d'"' -f2)}"

step "Uninstall with msiexec /x /qn"
t=$SECONDS
wine msiexec /x "$PRODUCT" /qn /l*v "$(winepath -w "$SMOKE/uninstall.log")" || fail "msiexec /x exited $?"
wineserver -w
ok "uninstalled in $((SECONDS - t)) s"
if [ -e "$INSTALL" ]; then
	left=$(find "$INSTALL" -mindepth 1)
	[ -z "$left" ] || fail "left in the install folder: $left"
	fail "the empty install folder $INSTALL_W was left"
fi
[ ! -e "$STARTLINK" ] || fail "the Start-menu shortcut was left"
if reg 'HKCU\Software\Classes\.guardian' >/dev/null 2>&1; then fail "the .guardian association was left"; fi
if reg 'HKCU\Software\Classes\Guardian.Log' >/dev/null 2>&1; then fail "the Guardian.Log file type was left"; fi
if reg 'HKCU\Software\Guardian' >/dev/null 2>&1; then fail "HKCU\\Software\\Guardian was left"; fi
[ -f "$FOLDER/Évaluation – Board.guardian" ] || fail "uninstalling removed the user's log"
ok "install folder, shortcut and registry entries gone; the user's logs kept"
echo "make smoke-windows: all steps passed in $((SECONDS - T0)) s"
