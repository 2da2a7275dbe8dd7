#!/usr/bin/env bats
# The systemd VMs are what a systemd cgroup driver needs (run inside them by tests/vm/run, modes systemd-v2
# and systemd-v1): systemd is PID 1 and the boot is over, the cgroup hierarchy is the mode's, and Debian's
# runc, the reference, gets a transient scope over D-Bus for `--systemd-cgroup` with the container's
# limit and process, which delete takes away.

load ../integration/helpers

setup() {
  setup_bundle
  export WAIT_TRIES=150 # TCG is slow
}
teardown() { teardown_bundle; }

# The cgroup directory of a unit in the hierarchy that holds the memory controller.
memory_cgroup() {
  if [ "$BROWNIE_VM_MODE" = systemd-v2 ]; then
    echo "/sys/fs/cgroup$(systemctl show -P ControlGroup "$1")"
  else
    echo "/sys/fs/cgroup/memory$(systemctl show -P ControlGroup "$1")"
  fi
}
unit_gone() { [ -z "$(systemctl list-units --all --no-legend "$1")" ]; }

@test "systemd is PID 1, the boot is over and the system bus answers" {
  [ "$(cat /proc/1/comm)" = systemd ]
  state=$(systemctl is-system-running || true)
  case "$state" in
    running | degraded) ;;
    *) echo "system state: $state" >&2 && return 1 ;;
  esac
  [ "$state" = running ] || echo "# failed units: $(systemctl --failed --no-legend --plain | awk '{print $1}' | tr '\n' ' ')" >&3
  [ "$(systemctl show -P ActiveState dbus.service)" = active ]
  [ -S /run/dbus/system_bus_socket ]
}

@test "the cgroup hierarchy is the mode's" {
  case "$BROWNIE_VM_MODE" in
    systemd-v2)
      [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]
      ! grep -q " cgroup " /proc/self/mounts
      grep -qw memory /sys/fs/cgroup/cgroup.controllers
      ;;
    systemd-v1)
      [ "$(stat -fc %T /sys/fs/cgroup)" = tmpfs ]
      ! grep -q " cgroup2 " /proc/self/mounts
      grep -q " /sys/fs/cgroup/systemd cgroup .*name=systemd" /proc/self/mounts
      grep -q " /sys/fs/cgroup/memory cgroup .*memory" /proc/self/mounts
      ;;
    *) echo "BROWNIE_VM_MODE: \"$BROWNIE_VM_MODE\" is no systemd mode" >&2 && return 1 ;;
  esac
  # systemd tracks its own services in that hierarchy
  grep -q "system.slice/dbus.service" /proc/"$(systemctl show -P MainPID dbus.service)"/cgroup
}

@test "runc --systemd-cgroup: a transient scope with the memory limit and the container's process, gone after delete" {
  unit="runc-$ID.scope"
  set_args sleep 1000
  update_config '.linux.cgroupsPath = "system.slice:runc:" + $id | .linux.resources.memory = {"limit": 67108864}' \
    --arg id "$ID"
  run_bg ref --systemd-cgroup run -d --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ] || { echo "runc --systemd-cgroup run -d: $output" >&2 && return 1; }
  pid=$(ref state "$ID" | jq -r .pid)
  [ -n "$pid" ] && [ "$pid" != 0 ]

  [ "$(systemctl show -P ActiveState "$unit")" = active ]
  [ "$(systemctl show -P Slice "$unit")" = system.slice ]
  if [ "$BROWNIE_VM_MODE" = systemd-v2 ]; then
    [ "$(systemctl show -P MemoryMax "$unit")" = 67108864 ]
    [ "$(cat "$(memory_cgroup "$unit")/memory.max")" = 67108864 ]
  else
    [ "$(systemctl show -P MemoryLimit "$unit")" = 67108864 ]
    [ "$(cat "$(memory_cgroup "$unit")/memory.limit_in_bytes")" = 67108864 ]
  fi
  # the container's process is the unit's: in its cgroup, and in what systemctl status shows of it
  grep -qx "$pid" "$(memory_cgroup "$unit")/cgroup.procs"
  grep -q "/system.slice/$unit\$" "/proc/$pid/cgroup"
  systemctl status --no-pager --full "$unit" >"$TEST_TMP/status" || true
  grep -qE "[^0-9]$pid sleep 1000" "$TEST_TMP/status"

  ref --systemd-cgroup delete -f "$ID"
  wait_for unit_gone "$unit"
  [ ! -e "$(memory_cgroup system.slice)/$unit" ]
}
