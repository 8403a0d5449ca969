#!/bin/sh
# Installs Guardian for this user (no root needed): the programs into
# ~/.local/bin, its menu entry, icons, and the .guardian file type into
# ~/.local/share. PREFIX=/usr/local sh install.sh installs for everyone (as root).
set -eu
cd "$(dirname "$0")"
PREFIX=${PREFIX:-$HOME/.local}
mkdir -p "$PREFIX/bin" "$PREFIX/share"
cp bin/guardian bin/guardianctl "$PREFIX/bin/"
cp -R share/. "$PREFIX/share/"
command -v update-mime-database >/dev/null && update-mime-database "$PREFIX/share/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$PREFIX/share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$PREFIX/share/icons/hicolor" || true
echo "Guardian is installed in $PREFIX. Start it from the applications menu, or run: guardian"
