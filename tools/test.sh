#!/usr/bin/env bash
# Runs the whole suite: cmocka unit tests (through meson), the bats integration tests against the
# built brownie on this host, a bounded soak of create/start/delete cycles (tests/soak/run), the
# end-to-end suite through the engines (tests/e2e/run), and the bats tests of tests/vm inside two qemu VMs (tests/vm/run): a pure cgroup v2 host and a pure cgroup v1 host
# with SELinux. Ends with one line "N passed, M failed[, K skipped]" and exits non-zero on any failure.
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

# suite CMD...: runs a suite that ends with "N passed, M failed[, K skipped]", showing its output; sets
# s_pass, s_fail and s_skip from that line (a failing exit without failures counted is one failure).
suite() {
  local out rc summary
  out=$(mktemp)
  "$@" | tee "$out"
  rc=${PIPESTATUS[0]}
  summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
  rm -f "$out"
  s_pass=$(echo "$summary" | awk '{print $1+0}')
  s_fail=$(echo "$summary" | awk '{print $3+0}')
  s_skip=$(echo "$summary" | sed -n 's/.*, \([0-9]*\) skipped.*/\1/p')
  s_skip=${s_skip:-0}
  if [ "$rc" != 0 ] && [ "$s_fail" = 0 ]; then
    s_fail=1
  fi
}

echo "== integration tests"
suite env RUNTIME="$build/brownie" "$here/tests/integration/run"
int_pass=$s_pass int_fail=$s_fail int_skip=$s_skip

# The soak (tests/soak/run): create/start/delete cycles, then what a leak would leave is counted;
# BROWNIE_SOAK_CYCLES sets how many (500 here; the script's own default is 10,000).
echo "== soak"
suite "$here/tests/soak/run" "$build/brownie" "${BROWNIE_SOAK_CYCLES:-500}"
soak_pass=$s_pass soak_fail=$s_fail

# The end-to-end suite (tests/e2e/run): brownie under dockerd, podman, containerd's ctr and its CRI
# plugin, each check also run with Debian's runc; BROWNIE_SKIP_E2E=1 leaves it out of a local run.
e2e_pass=0 e2e_fail=0 e2e_skip=0
if [ "${BROWNIE_SKIP_E2E:-0}" = 1 ]; then
  echo "== e2e tests: skipped (BROWNIE_SKIP_E2E=1)"
else
  echo "== e2e tests"
  suite "$here/tests/e2e/run" "$build"
  e2e_pass=$s_pass e2e_fail=$s_fail e2e_skip=$s_skip
fi

# The VM suites (tests/vm/run): a pure cgroup v2 host, then a pure cgroup v1 host with SELinux, each a
# qemu boot of its own; BROWNIE_SKIP_VM=1 leaves them out of a local run.
vm_pass=0 vm_fail=0 vm_skip=0
if [ "${BROWNIE_SKIP_VM:-0}" = 1 ]; then
  echo "== VM tests: skipped (BROWNIE_SKIP_VM=1)"
else
  for mode in v2 v1; do
    echo "== cgroup $mode VM tests"
    suite env BROWNIE_VM_MODE=$mode "$here/tests/vm/run" "$build"
    echo "vm $mode: $s_pass passed, $s_fail failed"
    vm_pass=$((vm_pass + s_pass))
    vm_fail=$((vm_fail + s_fail))
    vm_skip=$((vm_skip + s_skip))
  done
fi

pass=$((unit_pass + int_pass + soak_pass + e2e_pass + vm_pass))
fail=$((unit_fail + int_fail + soak_fail + e2e_fail + vm_fail))
skip=$((int_skip + e2e_skip + vm_skip))
if [ "$skip" != 0 ]; then
  echo "$pass passed, $fail failed, $skip skipped"
else
  echo "$pass passed, $fail failed"
fi
[ "$fail" = 0 ]
