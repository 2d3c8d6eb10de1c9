#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# check-docs.py SRCDIR
#
# Keeps the guides honest:
# - every gq_* function and Gq* type a guide or the README names exists in
#   a public header of the libraries (a renamed function breaks this test,
#   not the reader's build);
# - every code block a guide marks with <!-- snippet: FILE --> is an
#   excerpt of FILE, a program the build compiles and a test runs.

import glob
import os
import re
import sys

SRCDIR = os.path.abspath(sys.argv[1])
failures = []

headers = glob.glob(os.path.join(SRCDIR, "src", "gquery", "*.h")) + \
    glob.glob(os.path.join(SRCDIR, "src", "gquery-gtk", "*.h"))
public = "\n".join(open(h).read() for h in headers if not h.endswith("-private.h"))
symbols = set(re.findall(r"\b(gq_[a-z0-9_]+)\s*\(", public))
symbols |= set(re.findall(r"\b(Gq[A-Z][A-Za-z0-9]*)\b", public))
symbols |= set(re.findall(r"#define\s+(GQ_[A-Z0-9_]+)", public))
symbols |= set(re.findall(r"\b(GQ_[A-Z0-9_]+)\b,?", public))

# A guide written ahead of the code it describes says so with
# <!-- pending: BRANCH -->: its unknown names are listed, not failures.
pending = []

# Names a guide may use that are not functions of the libraries.
ALLOWED = {"gq_json_item_closure_dup_string", "GqGtk"}

guides = sorted(glob.glob(os.path.join(SRCDIR, "docs", "*.md"))) + [os.path.join(SRCDIR, "README.md")]
tests = 0
for guide in guides:
    text = open(guide).read()
    name = os.path.relpath(guide, SRCDIR)
    waiting = re.search(r"<!-- pending: (\S+) -->", text)
    report = (lambda message: pending.append(f"{message} (pending {waiting.group(1)})")) \
        if waiting else failures.append
    for symbol in sorted(set(re.findall(r"\b(gq_[a-z0-9_]+)\s*\(", text))):
        tests += 1
        if symbol not in symbols and symbol not in ALLOWED:
            report(f"{name}: {symbol}() is no public function")
    for symbol in sorted(set(re.findall(r"\b(Gq[A-Z][A-Za-z0-9]*)\b", text))):
        tests += 1
        if symbol not in symbols and symbol not in ALLOWED:
            report(f"{name}: {symbol} is no public type")
    for match in re.finditer(r"<!-- snippet: (\S+) -->\n```\w*\n(.*?)\n```", text, re.S):
        tests += 1
        source = os.path.join(SRCDIR, match.group(1))
        if not os.path.exists(source):
            failures.append(f"{name}: {match.group(1)} does not exist")
            continue
        if match.group(2) not in open(source).read():
            failures.append(f"{name}: a snippet is not an excerpt of {match.group(1)}:\n"
                            + match.group(2)[:200])

print("1..1")
for message in pending:
    print(f"# {message}")
if failures:
    print(f"not ok 1 - {tests} names and snippets checked")
    for failure in failures:
        for line in failure.splitlines():
            print(f"# {line}")
    sys.exit(1)
print(f"ok 1 - {tests} names and snippets checked")
