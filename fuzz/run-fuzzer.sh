#!/bin/sh
# run-fuzzer.sh TARGET OUTPUT_CORPUS SEED_CORPUS: a bounded libFuzzer pass
# (2000 runs or 20 s, whichever comes first), reported as one TAP test.
set -u
target=$1
output=$2
seeds=$3
mkdir -p "$output"
log=$(mktemp)
if "$target" -seed="${GQ_FUZZ_SEED:-1}" -runs=2000 -max_total_time=20 -timeout=10 -rss_limit_mb=2048 \
     -artifact_prefix="$output/" "$output" "$seeds" >"$log" 2>&1; then
  echo "1..1"
  echo "ok 1 - $(basename "$target"): $(grep -E '^Done|^#[0-9]+.*DONE' "$log" | tail -n 1)"
  rm -f "$log"
  exit 0
fi
echo "1..1"
echo "not ok 1 - $(basename "$target") crashed; the input is in $output/"
sed 's/^/# /' "$log" | tail -n 60
rm -f "$log"
exit 1
