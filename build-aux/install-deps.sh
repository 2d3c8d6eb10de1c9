#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine needs to build, test and run gquery.
set -euo pipefail

packages=(
  meson ninja-build pkg-config gcc
  libglib2.0-dev libjson-glib-dev libsoup-3.0-dev
  gobject-introspection libgirepository1.0-dev
  gir1.2-glib-2.0 gir1.2-json-1.0 gir1.2-soup-3.0 python3-gi
  libclang-rt-14-dev clang valgrind gi-docgen
  libgtk-4-dev libadwaita-1-dev gir1.2-gtk-4.0 gir1.2-adw-1 libx11-dev
  libsecret-1-dev gir1.2-secret-1 gnome-keyring dbus-x11
  xvfb xauth gettext desktop-file-utils appstream libglib2.0-bin
  gjs
)

if [ "$(id -u)" -ne 0 ]; then
  exec sudo "$0" "$@"
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
