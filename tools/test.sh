#!/usr/bin/env bash
# Runs the whole suite: cmocka unit tests (through meson), the bats integration tests against the
# built brownie on this host, both again with an ASan + UBSan build, a bounded soak of
# create/start/delete cycles (tests/soak/run), the fuzz targets for a bounded time, the end-to-end suite
# through the engines (tests/e2e/run), and the bats tests of tests/vm inside qemu VMs (tests/vm/run):
# a pure cgroup v2 host, a pure cgroup v1 host with SELinux, and systemd as PID 1 on a cgroup v2 and on
# a cgroup v1 host. Ends with one line "N passed, M failed[, K skipped]" and exits non-zero on any failure.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build="$1"

# unit_suite BUILD: runs meson test in BUILD; sets u_pass and u_fail from cmocka's counts (a program that
# failed outside them, such as a sanitizer's report at exit, is one failure).
unit_suite() {
  local log rc
  meson test -C "$1" --print-errorlogs
  rc=$?
  log="$1/meson-logs/testlog.txt"
  u_pass=0 u_fail=0
  if [ -f "$log" ]; then
    u_pass=$(grep -Eo '^\[  PASSED  \] [0-9]+ test' "$log" | awk '{s+=$4} END {print s+0}')
    u_fail=$(grep -Eo '^\[  FAILED  \] [0-9]+ test' "$log" | awk '{s+=$4} END {print s+0}')
  fi
  if [ "$rc" != 0 ] && [ "$u_fail" = 0 ]; then
    u_fail=1 # a program crashed or failed outside cmocka's counting
  fi
}

echo "== unit tests"
unit_suite "$build"
unit_pass=$u_pass unit_fail=$u_fail
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

# The sanitizer build (ASan + UBSan, gcc; in $build-san): the unit tests and the host integration suite
# against its brownie. UBSan ends the program at the first report (-fno-sanitize-recover); every report of
# a runtime process, leaks included, fails the test it came from (tests/integration/run,
# BROWNIE_SANITIZED=1); each brownie command is slower there (ASan's start, LSan's check at exit), so a
# test gets 300 s. BROWNIE_SAN_TESTS="lifecycle exec ..." runs only these files of the integration suite;
# BROWNIE_SKIP_SAN=1 leaves the sanitizer build out of a local run.
san_pass=0 san_fail=0 san_skip=0
if [ "${BROWNIE_SKIP_SAN:-0}" = 1 ]; then
  echo "== sanitizer build: skipped (BROWNIE_SKIP_SAN=1)"
else
  san="$build-san"
  echo "== sanitizer build ($san): unit tests"
  if { [ -f "$san/build.ninja" ] || meson setup "$san" "$here" -Db_sanitize=address,undefined \
    -Db_lundef=false >/dev/null; } && ninja -C "$san" >/dev/null; then
    unit_suite "$san"
    echo "sanitized unit: $u_pass passed, $u_fail failed"
    echo "== sanitizer build: integration tests"
    # shellcheck disable=SC2086 # a list of file names
    suite env RUNTIME="$san/brownie" BROWNIE_BUILD="$san" BROWNIE_SANITIZED=1 \
      BATS_TEST_TIMEOUT="${BATS_TEST_TIMEOUT:-300}" "$here/tests/integration/run" ${BROWNIE_SAN_TESTS:-}
    san_pass=$((u_pass + s_pass)) san_fail=$((u_fail + s_fail)) san_skip=$s_skip
  else
    echo "sanitizer build: the build failed"
    san_fail=1
  fi
fi

# The fuzz targets (tests/fuzz; clang, libFuzzer, ASan + UBSan, in $build-fuzz): each for
# BROWNIE_FUZZ_SECONDS (default 10) from its seed corpus, which every run replays first; one test per
# target. BROWNIE_SKIP_FUZZ=1 leaves them out of a local run.
fuzz_pass=0 fuzz_fail=0
if [ "${BROWNIE_SKIP_FUZZ:-0}" = 1 ]; then
  echo "== fuzzing: skipped (BROWNIE_SKIP_FUZZ=1)"
else
  echo "== fuzzing"
  suite "$here/tools/fuzz.sh" "$build-fuzz" "${BROWNIE_FUZZ_SECONDS:-10}"
  fuzz_pass=$s_pass fuzz_fail=$s_fail
fi

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

# The VM suites (tests/vm/run): a pure cgroup v2 host, then a pure cgroup v1 host with SELinux, then
# systemd as PID 1 on a cgroup v2 and on a cgroup v1 host (skipped, one test each, where the Debian image
# they boot cannot be made), each a qemu boot of its own; BROWNIE_SKIP_VM=1 leaves them out of a local run.
vm_pass=0 vm_fail=0 vm_skip=0
if [ "${BROWNIE_SKIP_VM:-0}" = 1 ]; then
  echo "== VM tests: skipped (BROWNIE_SKIP_VM=1)"
else
  for mode in v2 v1 systemd-v2 systemd-v1; do
    echo "== $mode VM tests"
    suite env BROWNIE_VM_MODE=$mode "$here/tests/vm/run" "$build"
    echo "vm $mode: $s_pass passed, $s_fail failed"
    vm_pass=$((vm_pass + s_pass))
    vm_fail=$((vm_fail + s_fail))
    vm_skip=$((vm_skip + s_skip))
  done
fi

pass=$((unit_pass + int_pass + san_pass + soak_pass + fuzz_pass + e2e_pass + vm_pass))
fail=$((unit_fail + int_fail + san_fail + soak_fail + fuzz_fail + e2e_fail + vm_fail))
skip=$((int_skip + san_skip + e2e_skip + vm_skip))
if [ "$skip" != 0 ]; then
  echo "$pass passed, $fail failed, $skip skipped"
else
  echo "$pass passed, $fail failed"
fi
[ "$fail" = 0 ]
