#!/usr/bin/env bash
# packaging/dist.sh: every release artefact into dist/, versioned from
# FyneApp.toml (make dist; docs/release.md). Run from anywhere; needs the
# packages the Makefile's dist target installs.
#
#   packaging/dist.sh            Windows exe, MSI and zip; Linux tar.xz; SHA256SUMS
#   packaging/dist.sh source-id  what dist/ was built from (commit and local
#                                changes): make smoke-windows rebuilds dist/ when it differs
#   packaging/dist.sh wine-exe OUT.exe
#                                Guardian.exe without the accessibility tag, for
#                                make smoke-windows only (Wine 8 lacks part of UI
#                                Automation): never shipped
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
DIST=${DIST:-dist}
WORK=$DIST/build # intermediate files, not artefacts
export GOFLAGS="${GOFLAGS:-} -trimpath"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

source_id() { { git rev-parse HEAD && git status --porcelain --untracked-files=no && git diff; } 2>/dev/null | sha256sum | cut -c1-16; }
if [ "${1:-}" = source-id ]; then
	source_id
	exit 0
fi

mkdist() { $GO run ./packaging/mkdist "$@"; }
VERSION=$(mkdist info version)
NAME=$(mkdist info name)
WIN_ENV=(CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc)
WIN_RES=$WORK/windows

# step NAME CMD...: runs CMD and says how long it took (the times in
# docs/release.md come from these lines).
step() {
	local name=$1 t0=$SECONDS
	shift
	echo "== $name"
	"$@"
	echo "   $name: $((SECONDS - t0)) s"
}

# Go links every .syso file in a package's folder into a Windows build:
# the icon, version resource and manifest go in for the build and come out
# again whatever happens.
SYSO=(cmd/guardian/zz_dist_windows_amd64.syso cmd/guardianctl/zz_dist_windows_amd64.syso)
trap 'rm -f "${SYSO[@]}"' EXIT
windows_resources() {
	mkdir -p "$WIN_RES"
	mkdist windows "$WIN_RES"
	(cd "$WIN_RES" && x86_64-w64-mingw32-windres -O coff -i guardian.rc -o guardian.syso &&
		x86_64-w64-mingw32-windres -O coff -i guardianctl.rc -o guardianctl.syso)
	cp "$WIN_RES/guardian.syso" "${SYSO[0]}"
	cp "$WIN_RES/guardianctl.syso" "${SYSO[1]}"
}

# gui_exe OUT TAGS: the desktop app for Windows (cgo through mingw), a GUI
# program (no console window), stripped.
gui_exe() {
	env "${WIN_ENV[@]}" $GO build -tags "$2" -ldflags '-s -w -H=windowsgui' -o "$1" ./cmd/guardian
}

if [ "${1:-}" = wine-exe ]; then
	windows_resources
	step "Guardian.exe for Wine (no accessibility tag)" gui_exe "$2" ""
	exit 0
fi

rm -rf "$DIST"
mkdir -p "$WORK"
echo "Guardian $VERSION: release artefacts into $DIST/"

step "Windows icons, version resource, manifest, MSI source" windows_resources
step "Guardian.exe (Windows, cgo + mingw, -tags accessibility)" gui_exe "$WIN_RES/$NAME.exe" accessibility
step "guardianctl.exe (Windows console)" \
	env CGO_ENABLED=0 GOOS=windows GOARCH=amd64 $GO build -ldflags '-s -w' -o "$WIN_RES/guardianctl.exe" ./cmd/guardianctl
cp "$WIN_RES/$NAME.exe" "$WIN_RES/guardianctl.exe" "$DIST/"

MSI=$NAME-$VERSION-windows-x64.msi
step "$MSI (wixl, per-user)" bash -c "cd '$WIN_RES' && wixl -a x64 -o '$MSI' Guardian.wxs"
mv "$WIN_RES/$MSI" "$DIST/"
# Word Count bit 8 (the Source line) marks a package that needs no
# elevation: refuse to ship an MSI that would ask for administrator rights.
source_flags=$(msiinfo suminfo "$DIST/$MSI" | sed -n 's/^Source: \([0-9]*\).*/\1/p')
if (((source_flags & 8) == 0)); then
	echo "$MSI is not a per-user package (summary Word Count $source_flags)" >&2
	exit 1
fi
echo "   msiinfo: Source $source_flags: per-user, no administrator rights"

ZIP=$NAME-$VERSION-windows-x64-portable.zip
portable() {
	local dir=$WORK/portable/$NAME-$VERSION
	mkdir -p "$dir"
	cp "$WIN_RES/$NAME.exe" "$WIN_RES/guardianctl.exe" "$dir/"
	cp packaging/portable-README.txt "$dir/README.txt"
	find "$dir" -exec touch -d "@$SOURCE_DATE_EPOCH" {} +
	(cd "$WORK/portable" && zip -qrX "../../$ZIP" "$NAME-$VERSION")
}
step "$ZIP" portable

TAR=guardian-$VERSION-linux-x86_64.tar.xz
linux() {
	local dir=$WORK/linux/guardian-$VERSION
	mkdir -p "$dir/bin"
	CGO_ENABLED=1 $GO build -tags accessibility -ldflags '-s -w' -o "$dir/bin/guardian" ./cmd/guardian
	CGO_ENABLED=0 $GO build -ldflags '-s -w' -o "$dir/bin/guardianctl" ./cmd/guardianctl
	mkdist linux "$dir"
	cp packaging/linux-install.sh "$dir/install.sh"
	if command -v appstreamcli >/dev/null; then
		appstreamcli validate --no-net --pedantic "$dir/share/metainfo/"*.xml >/dev/null ||
			appstreamcli validate --no-net "$dir/share/metainfo/"*.xml
	fi
	if command -v desktop-file-validate >/dev/null; then
		desktop-file-validate "$dir/share/applications/"*.desktop
	fi
	tar -C "$WORK/linux" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
		-cf - "guardian-$VERSION" | xz -T1 -9 >"$DIST/$TAR"
}
step "$TAR (Linux, cgo, -tags accessibility)" linux

source_id >"$WORK/source-id"
(cd "$DIST" && sha256sum "$NAME.exe" guardianctl.exe "$MSI" "$ZIP" "$TAR" >SHA256SUMS)
echo "== Artefacts in $DIST/"
(cd "$DIST" && ls -l --time-style=+ "$NAME.exe" guardianctl.exe "$MSI" "$ZIP" "$TAR" SHA256SUMS | awk '{printf "   %-45s %6.1f MB\n", $NF, $5/1048576}')
echo "   ProductCode {$(mkdist info product-code)}  UpgradeCode {$(mkdist info upgrade-code)}"
