#!/usr/bin/env bash
# Runs a UI test on its own virtual X display, so tests run the same on a
# headless CI machine and on a desktop (where they must not steal focus).
# GSK's cairo renderer and no GL at all: Xvfb has none worth probing.
set -euo pipefail
export GDK_BACKEND=x11
export GSK_RENDERER=cairo
export GDK_DEBUG=gl-disable
export GTK_A11Y=none
export NO_AT_BRIDGE=1
unset WAYLAND_DISPLAY
exec xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" "$@"
