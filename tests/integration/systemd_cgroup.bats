#!/usr/bin/env bats
# --systemd-cgroup where systemd cannot be reached: one clear error, as runc gives it, and nothing left
# behind. Then the D-Bus conversation against a stand-in for systemd's manager on its private socket
# (tests/helpers/fake_systemd.c): what create, update and delete ask for, and how systemd's errors reach
# the user. systemd itself (the scope made, limited, stopped) is tested in a VM booted with it
# (tests/vm/systemd.bats).

load helpers

FAKE_SYSTEMD="${BROWNIE_BUILD:-$REPO_DIR/build}/tests/helpers/fake_systemd"
SLICE=brownie-test.slice # the stand-in makes no cgroup: brownie makes /brownie.slice/brownie-test.slice/...

setup() {
  setup_bundle
  update_config '.linux.cgroupsPath = $p' --arg p "system.slice:brownie-test:$ID"
  set_args true
}

teardown() {
  local id h
  if [ -f "$TEST_TMP/fake.pid" ]; then
    for id in $(test_containers "$ROOT"); do
      with_fake "$RUNTIME" --root "$ROOT" --systemd-cgroup delete -f "$id" >/dev/null 2>&1 || true
    done
    kill "$(cat "$TEST_TMP/fake.pid")" 2>/dev/null # the stand-in this test started
  fi
  for h in $(cgroup_hierarchies); do
    if [ -d "$h/brownie.slice/$SLICE/sdfake-$ID.scope" ]; then
      echo "teardown: cgroup left behind: $h/brownie.slice/$SLICE/sdfake-$ID.scope" >&2
      rmdir "$h/brownie.slice/$SLICE/sdfake-$ID.scope"
      teardown_failed=1
    fi
    rmdir "$h/brownie.slice/$SLICE" "$h/brownie.slice" 2>/dev/null || true
  done
  teardown_bundle && [ -z "${teardown_failed:-}" ]
}

# without_systemd [booted] CMD...: CMD in a mount namespace of its own where /run/systemd is empty (with
# "booted": holding system/, so the host looks booted with systemd) and the system bus is a socket
# nobody listens on.
without_systemd() {
  local booted=""
  if [ "$1" = booted ]; then
    booted="mkdir /run/systemd/system &&"
    shift
  fi
  mkdir -p "$TEST_TMP/run-systemd"
  DBUS_SYSTEM_BUS_ADDRESS="unix:path=$TEST_TMP/no-bus" unshare -m --propagation private sh -c \
    "mount -t tmpfs tmpfs /run/systemd 2>/dev/null || mount --bind '$TEST_TMP/run-systemd' /run/systemd; $booted exec \"\$@\"" \
    sh "$@"
}

# refused WHAT: the last create failed with an error that says WHAT; in one line with brownie (runc 1.1
# warns first); no state, cgroup or process; the id is free again.
refused() {
  echo "status $status: $output"
  [ "$status" -ne 0 ]
  [[ "${output//\\/}" == *$1* ]]
  if is_brownie; then
    [ "${#lines[@]}" -eq 1 ]
  fi
  [ -z "$(test_containers "$ROOT")" ]
  nothing_left "$ID"
  [ ! -e "/sys/fs/cgroup/unified/system.slice/brownie-test-$ID.scope" ]
  # the same id, without systemd's cgroups, runs
  update_config '.linux.cgroupsPath = $p' --arg p "$CGROUP_PARENT/$ID"
  run_bg rt_t run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
}

@test "--systemd-cgroup on a host not booted with systemd: one line, nothing made" {
  run_bg without_systemd "$RUNTIME" --root "$ROOT" --systemd-cgroup create --bundle "$BUNDLE" "$ID"
  refused "systemd*not running on this host"
}

@test "--systemd-cgroup with systemd's D-Bus sockets not answering: one line naming D-Bus, nothing made" {
  run_bg without_systemd booted "$RUNTIME" --root "$ROOT" --systemd-cgroup run --bundle "$BUNDLE" "$ID"
  refused "connect to *[bB]us*no such file or directory"
}

@test "--systemd-cgroup: a cgroupsPath not of the form slice:prefix:name is refused first" {
  requires_brownie # runc 1.1 takes "/a/b" as a slice name and fails at systemd
  update_config '.linux.cgroupsPath = $p' --arg p "$CGROUP_PARENT/$ID"
  run_bg without_systemd booted "$RUNTIME" --root "$ROOT" --systemd-cgroup create --bundle "$BUNDLE" "$ID"
  refused 'expected "slice:prefix:name" with --systemd-cgroup'
}

# start_fake [REFUSE]: the stand-in for systemd, listening at $TEST_TMP/sd.sock, its calls in $TEST_TMP/sd.log.
start_fake() {
  "$FAKE_SYSTEMD" "$TEST_TMP/sd.sock" "$TEST_TMP/sd.log" "$@" </dev/null >/dev/null 2>&1 &
  echo "$!" >"$TEST_TMP/fake.pid"
  wait_for test -S "$TEST_TMP/sd.sock"
  update_config '.linux.cgroupsPath = $p' --arg p "$SLICE:sdfake:$ID"
}

# with_fake CMD...: CMD in a mount namespace whose /run holds a host booted with systemd, systemd's
# private socket being the stand-in's.
with_fake() {
  unshare -m --propagation private sh -c "mount -t tmpfs tmpfs /run && mkdir -p /run/systemd/system &&
    touch /run/systemd/private && mount --bind '$TEST_TMP/sd.sock' /run/systemd/private && exec \"\$@\"" sh "$@"
}

called() { grep -qxF -- "$1" "$TEST_TMP/sd.log" || { echo "not in the log: \"$1\"" >&2; cat "$TEST_TMP/sd.log" >&2; return 1; }; }

# The file of the unit's cgroup that holds memory's limit, v1 or v2.
memory_limit_file() {
  if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
    echo "/sys/fs/cgroup/brownie.slice/$SLICE/sdfake-$ID.scope/memory.max"
  else
    echo "/sys/fs/cgroup/memory/brownie.slice/$SLICE/sdfake-$ID.scope/memory.limit_in_bytes"
  fi
}

# The quota in the unit's cgroup file, v1 or v2.
cpu_quota() {
  if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
    cut -d' ' -f1 "/sys/fs/cgroup/brownie.slice/$SLICE/sdfake-$ID.scope/cpu.max"
  else
    cat "/sys/fs/cgroup/cpu/brownie.slice/$SLICE/sdfake-$ID.scope/cpu.cfs_quota_us"
  fi
}

@test "systemd stand-in: create starts the unit with the init, Delegate and the limits; update sets them; delete stops it" {
  is_brownie || skip "the stand-in makes no cgroup, which runc leaves to systemd"
  local unit="sdfake-$ID.scope" pid p h
  start_fake
  update_config '.linux.resources = {"memory": {"limit": 268435456}, "pids": {"limit": 50},
    "cpu": {"shares": 512, "quota": 12345, "period": 100000}}'
  set_args sleep 100
  run_bg with_fake "$RUNTIME" --root "$ROOT" --systemd-cgroup run -d --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -eq 0 ]
  pid=$(init_pid)
  echo "$pid $(proc_start "$pid")" >>"$PIDFILE_LIST"
  called "start $unit replace"
  called "  Description s brownie container $ID"
  called "  Slice s $SLICE"
  called "  Delegate b yes"
  called "  PIDs au $pid"
  called "  TasksMax t 50"
  called "  CPUQuotaPerSecUSec t 130000" # 123.45 ms a second, up to systemd's 10 ms steps as runc rounds it
  if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
    called "  MemoryMax t 268435456"
    called "  CPUWeight t $((1 + (512 - 2) * 9999 / 262142))"
  else
    called "  MemoryLimit t 268435456"
    called "  CPUShares t 512"
  fi
  # the init is in the unit's cgroup, its limit in the file; the state names the unit
  grep -q ":/brownie.slice/$SLICE/$unit\$" "/proc/$pid/cgroup"
  [ "$(cat "$(memory_limit_file)")" = 268435456 ]
  [ "$(cpu_quota)" = 13000 ] # the file has what systemd keeps
  [ "$(jq -r .systemd_unit "$ROOT/$ID/state.json")" = "$unit" ]
  # exec and ps find it
  rt exec -d "$ID" sleep 100
  run rt ps -f json "$ID"
  [ "$(jq length <<<"$output")" -eq 2 ]
  for p in $(jq '.[]' <<<"$output"); do
    grep -q ":/brownie.slice/$SLICE/$unit\$" "/proc/$p/cgroup"
  done
  # update: the properties on the unit, then the files
  run_bg with_fake "$RUNTIME" --root "$ROOT" --systemd-cgroup update --memory 128m --pids-limit 20 "$ID"
  echo "$output"
  [ "$status" -eq 0 ]
  called "set $unit runtime"
  called "  TasksMax t 20"
  [ "$(cat "$(memory_limit_file)")" = 134217728 ]
  # delete: the unit stopped and reset, its cgroup gone everywhere
  run_bg with_fake "$RUNTIME" --root "$ROOT" --systemd-cgroup delete -f "$ID"
  [ "$status" -eq 0 ]
  called "stop $unit replace"
  called "reset $unit"
  for h in $(cgroup_hierarchies); do
    [ ! -e "$h/brownie.slice/$SLICE/$unit" ]
  done
}

@test "systemd stand-in: systemd's error names the unit and the D-Bus error, in one line; nothing is left" {
  is_brownie || skip "the stand-in makes no cgroup, which runc leaves to systemd"
  local unit="sdfake-$ID.scope" h
  start_fake "$ID"
  set_args sleep 100
  run_bg with_fake "$RUNTIME" --root "$ROOT" --systemd-cgroup create --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -ne 0 ]
  [ "${#lines[@]}" -eq 1 ]
  [[ "$output" == *"$unit: org.freedesktop.DBus.Error.InvalidArgs: Unit $unit refused by the test"* ]]
  # a unit systemd refused is not this container's (it may be another's of that name): never stopped
  [ -z "$(grep "^stop " "$TEST_TMP/sd.log")" ]
  [ -z "$(test_containers "$ROOT")" ]
  nothing_left "$ID"
  for h in $(cgroup_hierarchies); do
    [ ! -e "$h/brownie.slice/$SLICE/$unit" ]
  done
}
