#!/usr/bin/python3
"""Counts test cases in meson test logs: the TAP subtests of each test
program, or the program itself when it reports no subtests (or crashed).
Prints 'tests: N passed, N failed' and exits non-zero on any failure."""

import json
import re
import sys

passed = failed = 0
for path in sys.argv[1:]:
    with open(path) as log:
        for line in log:
            entry = json.loads(line)
            result = entry["result"]
            out = entry.get("stdout") or ""
            ok = len(re.findall(r"^ok \d+", out, re.M))
            not_ok = len(re.findall(r"^not ok \d+", out, re.M))
            # A SKIP / TODO directive counts as passing TAP.
            if result in ("OK", "EXPECTEDFAIL", "SKIP") and not_ok == 0:
                passed += max(ok, 1)
            else:
                passed += ok
                failed += max(not_ok, 1)

print(f"tests: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
