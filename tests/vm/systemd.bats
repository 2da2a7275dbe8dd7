#!/usr/bin/env bats
# --systemd-cgroup on a host booted with systemd (the VM's systemd modes of tests/vm/run: cgroup v2, and v1
# booted with systemd.unified_cgroup_hierarchy=0): the container's cgroup is a transient scope in a nested
# slice that did not exist, systemd shows it with its limits and the container's processes, the limits are
# read from inside, update sets them on the unit, exec and ps find it, delete leaves no unit, and systemd's
# errors reach the user with the unit's name. Debian's runc is run side by side where the image has it.

load ../integration/helpers

SLICE=brownietest-nested.slice # neither it nor brownietest.slice exists: systemd makes both

setup() {
  setup_bundle
  set_args sleep 100
  export WAIT_TRIES=150 # TCG is slow
  update_config '.linux.cgroupsPath = $p' --arg p "$SLICE:brownie:$ID"
}

teardown() {
  local id rc=0
  for id in $(test_containers "$ROOT"); do
    save_container_pids "$id"
    rt_t --systemd-cgroup delete -f "$id" >/dev/null 2>&1 || true
  done
  for id in $(test_containers "$REF_ROOT"); do
    ref --systemd-cgroup delete -f "$id" >/dev/null 2>&1 || true
  done
  teardown_bundle || rc=1
  # no unit of this test's containers is left, active or failed
  if ! wait_for no_unit "-$ID"; then
    echo "teardown: units left behind" >&2
    rc=1
  fi
  return "$rc"
}

unit() { echo "brownie-${1:-$ID}.scope"; }
# no_unit NAME: systemd lists no unit of that name, active or not (bats' `!` does not fail a test midway).
no_unit() { [ -z "$(systemctl list-units --all --no-legend --plain | grep -F -- "$1")" ]; }
v2() { [ -e /sys/fs/cgroup/cgroup.controllers ]; }
prop() { systemctl show -p "$1" --value "${2:-$(unit)}"; }
cgpath() { prop ControlGroup "$@"; }
# cgfile CONTROLLER FILE: a file of the unit's cgroup (v2: the unified hierarchy; v1: the controller's).
cgfile() {
  if v2; then cat "/sys/fs/cgroup$(cgpath)/$2"; else cat "/sys/fs/cgroup/$1$(cgpath)/$2"; fi
}
# sd ARGS...: the runtime under test with --systemd-cgroup.
sd() { rt_t --systemd-cgroup "$@"; }
# sd_up CMD [FLAGS]: create or run -d of $ID with --systemd-cgroup; its processes remembered for teardown.
sd_up() {
  run_bg sd "$@" --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -eq 0 ] || return 1
  save_pid "$(init_pid)"
}
save_pid() { echo "$1 $(proc_start "$1")" >>"$PIDFILE_LIST"; }

LIMITS='{"memory": {"limit": 67108864}, "pids": {"limit": 40},
  "cpu": {"shares": 512, "quota": 50000, "period": 100000, "cpus": "0"}}'

@test "systemd is the init and answers" {
  [ "$(cat /proc/1/comm)" = systemd ]
  systemctl show -p Version --value | grep -q '^[0-9]'
  echo "# systemd $(systemctl show -p Version --value); $(v2 && echo cgroup v2 || echo cgroup v1)" >&3
}

@test "create: a scope in a new nested slice, holding the init before start, with Delegate=yes and the limits" {
  update_config '.linux.resources = ($l | fromjson)' --arg l "$LIMITS"
  sd_up create
  pid=$(init_pid)
  [ "$(systemctl is-active "$(unit)")" = active ]
  [ "$(cgpath)" = "/brownietest.slice/$SLICE/$(unit)" ]
  [ "$(systemctl is-active "$SLICE")" = active ]
  [ "$(systemctl is-active brownietest.slice)" = active ]
  # the init waits for start in the scope: it was there before the program
  grep -q ":$(cgpath)\$" "/proc/$pid/cgroup"
  [ "$(prop Delegate)" = yes ]
  [ "$(prop TasksMax)" = 40 ]
  [ "$(prop CPUQuotaPerSecUSec)" = 500ms ]
  if v2; then
    [ "$(prop MemoryMax)" = 67108864 ]
    [ "$(prop CPUWeight)" = $((1 + (512 - 2) * 9999 / 262142)) ]
    [ "$(prop AllowedCPUs)" = 0 ]
    [ "$(cgfile - memory.max)" = 67108864 ]
    [ "$(cgfile - pids.max)" = 40 ]
    [ "$(cgfile - cpu.max)" = "50000 100000" ]
  else
    [ "$(prop MemoryLimit)" = 67108864 ]
    [ "$(prop CPUShares)" = 512 ]
    [ "$(cgfile memory memory.limit_in_bytes)" = 67108864 ]
    [ "$(cgfile pids pids.max)" = 40 ]
    [ "$(cgfile cpu cpu.cfs_quota_us)" = 50000 ]
  fi
  # systemctl status shows the scope, its slice and the container's process
  start_container
  run systemctl status --no-pager --full "$(unit)"
  echo "$output"
  [[ "$output" == *"$(unit)"* ]]
  [[ "$output" == *"Loaded: loaded ("*"transient)"* ]]
  [[ "$output" == *"Active: active (running)"* ]]
  [[ "$output" == *"$pid"*sleep* ]]
  [ "$(jq -r .systemd_unit "$ROOT/$ID/state.json")" = "$(unit)" ]
}

@test "the limits are read from inside the container" {
  update_config '.linux.namespaces += [{"type": "cgroup"}] | .linux.resources = ($l | fromjson)' --arg l "$LIMITS"
  sd_up run -d
  if v2; then
    [ "$(rt exec "$ID" cat /sys/fs/cgroup/memory.max)" = 67108864 ]
    [ "$(rt exec "$ID" cat /sys/fs/cgroup/pids.max)" = 40 ]
    [ "$(rt exec "$ID" cat /proc/self/cgroup)" = "0::/" ]
  else
    [ "$(rt exec "$ID" cat /sys/fs/cgroup/memory/memory.limit_in_bytes)" = 67108864 ]
    [ "$(rt exec "$ID" cat /sys/fs/cgroup/pids/pids.max)" = 40 ]
  fi
}

@test "update sets the properties on the unit, and the files" {
  update_config '.linux.resources = ($l | fromjson)' --arg l "$LIMITS"
  sd_up run -d
  run_bg sd update --memory 134217728 --pids-limit 20 --cpu-quota 20000 --cpu-period 100000 "$ID"
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$(prop TasksMax)" = 20 ]
  [ "$(prop CPUQuotaPerSecUSec)" = 200ms ]
  if v2; then
    [ "$(prop MemoryMax)" = 134217728 ]
    [ "$(cgfile - memory.max)" = 134217728 ]
    [ "$(cgfile - pids.max)" = 20 ]
    [ "$(cgfile - cpu.max)" = "20000 100000" ]
  else
    [ "$(prop MemoryLimit)" = 134217728 ]
    [ "$(cgfile memory memory.limit_in_bytes)" = 134217728 ]
    [ "$(cgfile pids pids.max)" = 20 ]
  fi
}

@test "exec and ps find the unit's cgroup; systemctl status lists both processes" {
  sd_up run -d
  rt exec -d "$ID" sleep 99
  run rt ps -f json "$ID"
  [ "$(jq length <<<"$output")" -eq 2 ]
  for p in $(jq '.[]' <<<"$output"); do
    save_pid "$p"
    grep -q ":$(cgpath)\$" "/proc/$p/cgroup"
  done
  run systemctl status --no-pager --full "$(unit)"
  [[ "$output" == *"sleep 99"* ]]
}

@test "delete stops the unit and leaves nothing: no unit, no cgroup in any hierarchy" {
  sd_up run -d
  cg=$(cgpath)
  [ -n "$cg" ]
  # the state names the unit: delete needs no flag to find it
  rt_t delete -f "$ID"
  wait_for no_unit "$(unit)" # systemd forgets a stopped transient unit once it collects it
  run systemctl status --no-pager "$(unit)"
  [ "$status" -eq 4 ] # no such unit
  for d in /sys/fs/cgroup /sys/fs/cgroup/*; do
    [ ! -e "$d$cg" ]
  done
}

@test "a container whose program exits: its scope goes, run's delete succeeds" {
  set_args true
  run_bg sd run --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -eq 0 ]
  wait_for no_unit "$(unit)"
}

@test "a unit name in use: systemd's error names the unit, the other container is untouched" {
  sd_up run -d
  pid=$(init_pid)
  run_bg sd create --bundle "$BUNDLE" "$ID-b"
  echo "$output"
  [ "$status" -ne 0 ]
  [ "${#lines[@]}" -eq 1 ]
  [[ "$output" == *"$(unit): org.freedesktop.systemd1.UnitExists"* ]]
  [ -z "$(test_containers "$ROOT" | grep -- "-b$")" ]
  [ "$(systemctl is-active "$(unit)")" = active ]
  if process_dead "$pid"; then false; fi
  grep -q ":$(cgpath)\$" "/proc/$pid/cgroup"
}

@test "v1: the hierarchies systemd leaves alone get the unit's path, with the init in it" {
  v2 && skip "cgroup v2: one hierarchy"
  sd_up run -d
  pid=$(init_pid)
  for c in freezer cpuset devices memory pids; do
    [ -d "/sys/fs/cgroup/$c" ] || continue
    grep -qx "$pid" "/sys/fs/cgroup/$c$(cgpath)/cgroup.procs"
  done
}

@test "runc side by side: the same unit properties for the same config" {
  command -v runc >/dev/null || skip "no runc in the image"
  update_config '.linux.resources = ($l | fromjson)' --arg l "$LIMITS"
  sd_up run -d
  b=$(bundle_for runc)
  jq --arg p "$SLICE:runc:$ID" '.linux.cgroupsPath = $p' "$b/config.json" >"$b/c" && mv "$b/c" "$b/config.json"
  run_bg ref --systemd-cgroup run -d --bundle "$b" "$ID"
  echo "$output"
  [ "$status" -eq 0 ]
  save_pid "$(ref state "$ID" | jq -r .pid)"
  for p in Delegate TasksMax CPUQuotaPerSecUSec MemoryMax MemoryLimit CPUWeight CPUShares AllowedCPUs Slice; do
    echo "$p: brownie $(prop "$p") runc $(prop "$p" "runc-$ID.scope")"
    [ "$(prop "$p")" = "$(prop "$p" "runc-$ID.scope")" ]
  done
  ref --systemd-cgroup delete -f "$ID"
  wait_for no_unit "runc-$ID.scope"
}
