#!/usr/bin/env bash
# time-one.sh BUNDLE N RUNTIME: mean microseconds of N `RUNTIME run` of BUNDLE (after one warm-up run).
set -euo pipefail
work=$1 n=$2 rt=$3
root="$work/state-$rt-ns"
mkdir -p "$root"
"$rt" --root "$root" run -b "$work" warmup >/dev/null 2>&1 || { echo "$rt: failed to run" >&2; exit 1; }
start=$(date +%s%N)
for i in $(seq "$n"); do "$rt" --root "$root" run -b "$work" "b$i" >/dev/null 2>&1; done
end=$(date +%s%N)
echo $(((end - start) / n / 1000))
