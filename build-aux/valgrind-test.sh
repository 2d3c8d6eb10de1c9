#!/usr/bin/env bash
# The valgrind test setup's wrapper. A UI test runs through xvfb-test.sh:
# memcheck must watch the test program inside it, not the shell script.
set -euo pipefail
here=$(dirname "$0")
memcheck=(valgrind --quiet --leak-check=full --show-possibly-lost=no
          --errors-for-leak-kinds=definite,indirect --error-exitcode=1
          --suppressions="$here/valgrind.supp")
if [[ "$1" == */xvfb-test.sh ]]; then
  shift
  exec "$here/xvfb-test.sh" "${memcheck[@]}" "$@"
fi
exec "${memcheck[@]}" "$@"
