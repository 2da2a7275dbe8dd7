#!/usr/bin/env bash
# Runs the whole suite: cmocka unit tests (through meson), the bats integration tests against the
# built brownie on this host, and the bats tests of tests/vm inside two qemu VMs (tests/vm/run): a pure
# cgroup v2 host and a pure cgroup v1 host with SELinux. Ends with one line "N passed, M failed[, K skipped]"
# and exits non-zero on any failure.
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

# The VM suites (tests/vm/run): a pure cgroup v2 host, then a pure cgroup v1 host with SELinux, each a
# qemu boot of its own; BROWNIE_SKIP_VM=1 leaves them out of a local run.
vm_pass=0 vm_fail=0 vm_skip=0
if [ "${BROWNIE_SKIP_VM:-0}" = 1 ]; then
  echo "== VM tests: skipped (BROWNIE_SKIP_VM=1)"
else
  for mode in v2 v1; do
    echo "== cgroup $mode VM tests"
    out=$(mktemp)
    BROWNIE_VM_MODE=$mode "$here/tests/vm/run" "$build" | tee "$out"
    vm_rc=${PIPESTATUS[0]}
    summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
    rm -f "$out"
    p=$(echo "$summary" | awk '{print $1+0}')
    f=$(echo "$summary" | awk '{print $3+0}')
    k=$(echo "$summary" | sed -n 's/.*, \([0-9]*\) skipped.*/\1/p')
    if [ "$vm_rc" != 0 ] && [ "${f:-0}" = 0 ]; then
      f=1
    fi
    echo "vm $mode: ${p:-0} passed, ${f:-0} failed"
    vm_pass=$((vm_pass + ${p:-0}))
    vm_fail=$((vm_fail + ${f:-0}))
    vm_skip=$((vm_skip + ${k:-0}))
  done
fi

pass=$((unit_pass + ${int_pass:-0} + ${vm_pass:-0}))
fail=$((unit_fail + ${int_fail:-0} + ${vm_fail:-0}))
skip=$((${int_skip:-0} + vm_skip))
if [ "$skip" != 0 ]; then
  echo "$pass passed, $fail failed, $skip skipped"
else
  echo "$pass passed, $fail failed"
fi
[ "$fail" = 0 ]
