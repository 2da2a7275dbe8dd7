#!/usr/bin/env bash
# Runs the whole suite: cmocka unit tests (through meson), the bats integration tests against the
# built brownie on this host, and the cgroup v2 bats tests inside a qemu VM (tests/vm/run). Ends with one line "N passed, M failed[, K skipped]" and exits non-zero on any failure.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build="$1"

unit_pass=0 unit_fail=0
echo "== unit tests"
meson test -C "$build" --print-errorlogs
unit_rc=$?
log="$build/meson-logs/testlog.txt"
if [ -f "$log" ]; then
  unit_pass=$(grep -Eo '^\[  PASSED  \] [0-9]+ test' "$log" | awk '{s+=$4} END {print s+0}')
  unit_fail=$(grep -Eo '^\[  FAILED  \] [0-9]+ test' "$log" | awk '{s+=$4} END {print s+0}')
fi
if [ "$unit_rc" != 0 ] && [ "$unit_fail" = 0 ]; then
  unit_fail=1 # a program crashed or failed outside cmocka's counting
fi
echo "unit: $unit_pass passed, $unit_fail failed"

echo "== integration tests"
out=$(mktemp)
RUNTIME="$build/brownie" "$here/tests/integration/run" | tee "$out"
int_rc=${PIPESTATUS[0]}
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
rm -f "$out"
int_pass=$(echo "$summary" | awk '{print $1+0}')
int_fail=$(echo "$summary" | awk '{print $3+0}')
int_skip=$(echo "$summary" | sed -n 's/.*, \([0-9]*\) skipped.*/\1/p')
if [ "$int_rc" != 0 ] && [ "${int_fail:-0}" = 0 ]; then
  int_fail=1
fi

# The pure cgroup v2 suite, in a qemu VM (tests/vm/run); BROWNIE_SKIP_VM=1 leaves it out of a local run.
vm_pass=0 vm_fail=0
if [ "${BROWNIE_SKIP_VM:-0}" = 1 ]; then
  echo "== cgroup v2 VM tests: skipped (BROWNIE_SKIP_VM=1)"
else
  echo "== cgroup v2 VM tests"
  out=$(mktemp)
  "$here/tests/vm/run" "$build" | tee "$out"
  vm_rc=${PIPESTATUS[0]}
  summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
  rm -f "$out"
  vm_pass=$(echo "$summary" | awk '{print $1+0}')
  vm_fail=$(echo "$summary" | awk '{print $3+0}')
  if [ "$vm_rc" != 0 ] && [ "${vm_fail:-0}" = 0 ]; then
    vm_fail=1
  fi
fi

pass=$((unit_pass + ${int_pass:-0} + ${vm_pass:-0}))
fail=$((unit_fail + ${int_fail:-0} + ${vm_fail:-0}))
if [ -n "${int_skip:-}" ] && [ "$int_skip" != 0 ]; then
  echo "$pass passed, $fail failed, $int_skip skipped"
else
  echo "$pass passed, $fail failed"
fi
[ "$fail" = 0 ]
