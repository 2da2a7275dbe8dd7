# shellcheck shell=bash
# Booting a VM and reading its suite off the serial console (sourced by tests/vm/run), for every mode.
#
#   vm_boot LOG TIMEOUT QEMU_ARG...   boots qemu-system-x86_64 (TCG, 2 CPUs, 2 GiB, no display, no reboot)
#                                     with the mode's arguments, the console into LOG, its TAP lines shown;
#                                     killed after TIMEOUT seconds
#   vm_summary LOG                    prints "N passed, M failed[, K skipped]" from the TAP in LOG and
#                                     fails on any failure
#
# Whatever runs the suite in the VM prints bats' TAP on the console and "vm-suite-exit N" (bats' status)
# last, then powers off; a kernel panic reboots, which -no-reboot ends. A test that never reported (the VM
# hung or died) is a failure, and so is a VM that did not reach "vm-suite-exit".

vm_boot() {
  local log="$1" timeout_s="$2" start
  shift 2
  start=$(date +%s)
  set +e
  timeout -k 10 "$timeout_s" qemu-system-x86_64 -machine q35,accel=tcg -cpu max -smp 2 -m 2048 \
    -nographic -no-reboot "$@" </dev/null |
    stdbuf -oL tr -d '\r' | tee "$log" | grep --line-buffered -E '^(ok|not ok|#|1\.\.)'
  set -e
  echo "# the VM ran for $(($(date +%s) - start)) s"
}

vm_summary() {
  local log="$1" rc planned ok skipped failed missing passed
  rc=$(sed -n 's/^vm-suite-exit \([0-9]*\)$/\1/p' "$log" | tail -n 1)
  planned=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$log" | head -n 1)
  ok=$(grep -cE '^ok [0-9]+' "$log" || true)
  skipped=$(grep -cE '^ok [0-9]+ .*# skip' "$log" || true)
  failed=$(grep -cE '^not ok [0-9]+' "$log" || true)
  missing=$((${planned:-0} - ok - failed))
  [ "$missing" -le 0 ] || failed=$((failed + missing))
  if [ -z "$rc" ]; then
    echo "# the VM did not finish its suite (console log: $log)" >&2
    tail -n 20 "$log" >&2
    failed=$((failed + 1))
  elif [ "$rc" != 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
  fi
  passed=$((ok - skipped))
  if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
  else
    echo "$passed passed, $failed failed"
  fi
  [ "$failed" -eq 0 ]
}
