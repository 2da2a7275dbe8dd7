#!/usr/bin/env bats
# linux.resources written to the container's cgroup, read back from the cgroup files on this host.

load helpers

setup() { setup_bundle; set_args sleep 100; }
teardown() {
  if [ -n "${POD:-}" ]; then # a test's own parent cgroup: its container first, then it
    rt delete -f "$ID" 2>/dev/null || true
    for h in /sys/fs/cgroup/*/; do
      [ ! -d "$h$POD" ] || rmdir "$h$POD"
    done
  fi
  teardown_bundle
}

cg() { cat "/sys/fs/cgroup/$1/$CGROUP_PARENT/$ID/$2"; }

@test "memory: limit, reservation, swap, swappiness, disableOOMKiller" {
  [ -e /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes ] || skip "no swap accounting"
  update_config '.linux.resources.memory = {"limit": 67108864, "reservation": 33554432, "swap": 134217728, "swappiness": 10, "disableOOMKiller": true}'
  rt run -d --bundle "$BUNDLE" "$ID"
  [ "$(cg memory memory.limit_in_bytes)" = 67108864 ]
  [ "$(cg memory memory.soft_limit_in_bytes)" = 33554432 ]
  [ "$(cg memory memory.memsw.limit_in_bytes)" = 134217728 ]
  [ "$(cg memory memory.swappiness)" = 10 ]
  grep -q "oom_kill_disable 1" "/sys/fs/cgroup/memory/$CGROUP_PARENT/$ID/memory.oom_control"
}

@test "cpu: shares, quota, period, cpus, mems" {
  update_config '.linux.resources.cpu = {"shares": 512, "quota": 50000, "period": 100000, "cpus": "0", "mems": "0"}'
  rt run -d --bundle "$BUNDLE" "$ID"
  [ "$(cg cpu cpu.shares)" = 512 ]
  [ "$(cg cpu cpu.cfs_quota_us)" = 50000 ]
  [ "$(cg cpu cpu.cfs_period_us)" = 100000 ]
  [ "$(cg cpuset cpuset.cpus)" = 0 ]
  [ "$(cg cpuset cpuset.mems)" = 0 ]
}

# rt_budget US: gives the container's parent cgroups US µs of real-time time per second (0: takes it back,
# deepest first), as an administrator must before a container can have any.
rt_budget() {
  local top=/sys/fs/cgroup/cpu/brownie-test run=/sys/fs/cgroup/cpu/$CGROUP_PARENT
  mkdir -p "$run"
  if [ "$1" = 0 ]; then # the kernel lets go of a removed child's budget a moment after the rmdir
    wait_for sh -c "echo 0 >'$run/cpu.rt_runtime_us' && echo 0 >'$top/cpu.rt_runtime_us'" 2>/dev/null
  else
    echo "$1" >"$top/cpu.rt_runtime_us" && echo "$1" >"$run/cpu.rt_runtime_us"
  fi
}

@test "cpu: realtimeRuntime and realtimePeriod to cpu.rt_*; update --cpu-rt-*; above the parent's budget an error" {
  [ -e /sys/fs/cgroup/cpu/cpu.rt_runtime_us ] || skip "this kernel has no real-time group scheduling"
  rt_budget 100000
  update_config '.linux.resources.cpu = {"realtimePeriod": 1000000, "realtimeRuntime": 20000}'
  rt run -d --bundle "$BUNDLE" "$ID"
  [ "$(cg cpu cpu.rt_period_us)" = 1000000 ]
  [ "$(cg cpu cpu.rt_runtime_us)" = 20000 ]
  rt update --cpu-rt-period 500000 --cpu-rt-runtime 30000 "$ID"
  [ "$(cg cpu cpu.rt_period_us)" = 500000 ]
  [ "$(cg cpu cpu.rt_runtime_us)" = 30000 ]
  run rt update --cpu-rt-runtime 400000 "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *cpu.rt_runtime_us* ]]
  [ "$(cg cpu cpu.rt_runtime_us)" = 30000 ]
  rt delete -f "$ID"
  rt_budget 0
}

@test "pids.limit is enforced inside" {
  update_config '.linux.resources.pids = {"limit": 5}'
  set_args sh -c 'for i in 1 2 3 4 5 6 7 8; do sleep 10 & done 2>&1; wait'
  run rt run --bundle "$BUNDLE" "$ID"
  [[ "$output" == *"Resource temporarily unavailable"* ]] || [[ "$output" == *"can't fork"* ]]
}

@test "the memory limit is seen from inside the container" {
  update_config '.linux.resources.memory = {"limit": 50331648} | .linux.namespaces += [{"type": "cgroup"}]'
  set_args cat /sys/fs/cgroup/memory/memory.limit_in_bytes
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$output" = 50331648 ]
}

@test "hugepageLimits go to the unified hierarchy's hugetlb on a hybrid host" {
  requires_brownie # runc 1.1 cannot set hugetlb on a hybrid host
  [ -e /sys/fs/cgroup/unified/cgroup.controllers ] && grep -qw hugetlb /sys/fs/cgroup/unified/cgroup.controllers ||
    skip "no hybrid hugetlb here"
  size=$(ls /sys/fs/cgroup/unified/ | sed -n 's/^hugetlb\.\([0-9]*[KMG]B\)\.max$/\1/p' | head -n 1)
  [ -n "$size" ] || size=2MB
  update_config '.linux.resources.hugepageLimits = [{"pageSize": "'"$size"'", "limit": 4194304}]'
  rt run -d --bundle "$BUNDLE" "$ID"
  [ "$(cat /sys/fs/cgroup/unified/"$CGROUP_PARENT/$ID"/hugetlb."$size".max)" = 4194304 ]
}

@test "blockIO.weight on v1: BFQ's blkio.bfq.weight where CFQ's blkio.weight is gone; with neither an error naming the file" {
  requires_brownie # runc 1.1 drops it silently where neither file exists
  [ -d /sys/fs/cgroup/blkio ] || skip "no v1 blkio hierarchy here"
  [ ! -e /sys/fs/cgroup/blkio/blkio.weight ] || skip "this kernel has blkio.weight"
  update_config '.linux.resources.blockIO = {"weight": 500}'
  run_bg rt create --bundle "$BUNDLE" "$ID"
  # (BFQ's files are on every cgroup but the root, once BFQ is in the kernel)
  if compgen -G "/sys/fs/cgroup/blkio/*/blkio.bfq.weight" >/dev/null; then
    [ "$status" -eq 0 ]
    [ "$(sed 's/^default //' "/sys/fs/cgroup/blkio$CGROUP_PARENT/$ID/blkio.bfq.weight")" = 500 ]
  else
    [ "$status" -ne 0 ]
    [[ "$output" == *"blkio.bfq.weight"* ]]
    [ -z "$(ls -A "$ROOT")" ]
  fi
}

@test "a controller that is not mounted is an error naming it" {
  # A directory may be there unmounted (conmon writes into every controller's, mounted or not).
  ! mountpoint -q /sys/fs/cgroup/net_cls || skip "net_cls is mounted here"
  update_config '.linux.resources.network = {"classID": 1048577}'
  run_bg rt create --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"net_cls"* ]]
}

@test "unified on a hybrid host: a key of a controller that is v1 here is an invalid configuration, as runc says" {
  [ -e /sys/fs/cgroup/unified/cgroup.controllers ] && ! grep -qw memory /sys/fs/cgroup/unified/cgroup.controllers ||
    skip "not a hybrid host with memory on cgroup v1"
  update_config '.linux.resources.unified = {"memory.min": "131072"}'
  run_bg rt run -d --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *'invalid configuration'* ]]
  ! is_brownie || [[ "$output" == *'linux.resources.unified'*'memory.min'* ]] # runc names neither
  [ -z "$(ls -A "$ROOT")" ]
}

@test "device rules: deny all but the defaults, then an explicit allow" {
  update_config '.linux.resources.devices = [{"allow": false, "access": "rwm"}, {"allow": true, "type": "c", "major": 1, "minor": 7, "access": "r"}]'
  rt run -d --bundle "$BUNDLE" "$ID"
  list=$(cg devices devices.list)
  [[ "$list" == *"c 1:3 rwm"* ]]
  [[ "$list" == *"c 1:7 r"* ]] || [[ "$list" == *"c 10:229 rwm"* ]]
  [[ "$list" != *"a *:* rwm"* ]]
}

@test "device rules: letters of access other than r, w and m are dropped, as runc reads them" {
  # runc's v1 rule set keeps only r, w and m, so "rwa" (in runc's own tests) is "rw"; brownie and runc alike.
  update_config '.linux.resources.devices = [{"allow": false, "access": "rwm"}, {"allow": true, "type": "c", "major": 10, "minor": 229, "access": "rwa"}]'
  rt run -d --bundle "$BUNDLE" "$ID"
  [[ "$(cg devices devices.list)" == *"c 10:229 rw"* ]]
  [[ "$(cg devices devices.list)" != *"c 10:229 rwm"* ]]
}

@test "update: per-field flags change the live limits" {
  requires_brownie # runc 1.1 refuses --memory alone when memsw is set lower on this host
  rt run -d --bundle "$BUNDLE" "$ID"
  run rt update --memory 64m --cpu-shares 256 --cpu-quota 20000 --cpu-period 100000 --pids-limit 20 "$ID"
  [ "$status" -eq 0 ]
  [ "$(cg memory memory.limit_in_bytes)" = 67108864 ]
  [ "$(cg cpu cpu.shares)" = 256 ]
  [ "$(cg cpu cpu.cfs_quota_us)" = 20000 ]
  [ "$(cg pids pids.max)" = 20 ]
}

@test "update --cpu-share, as runc spells it (and --cpu-shares)" {
  rt run -d --bundle "$BUNDLE" "$ID"
  run rt update --cpu-share 512 "$ID"
  [ "$status" -eq 0 ]
  [ "$(cg cpu cpu.shares)" = 512 ]
  is_brownie || return 0 # runc knows only --cpu-share
  run rt update --cpu-shares 256 "$ID"
  [ "$status" -eq 0 ]
  [ "$(cg cpu cpu.shares)" = 256 ]
}

@test "update: a smaller cpu period with a smaller quota below a parent's quota (a pod), as runc orders them" {
  [ -e /sys/fs/cgroup/cpu/cpu.cfs_period_us ] || skip "no cgroup v1 cpu controller"
  POD="$CGROUP_PARENT/$ID-pod"
  pod=$POD
  mkdir -p "/sys/fs/cgroup/cpu$pod"
  echo 50000 >"/sys/fs/cgroup/cpu$pod/cpu.cfs_quota_us" # 50% of its period of 100000
  update_config '.linux.cgroupsPath = $cg | .linux.resources.cpu = {"quota": 500000, "period": 1000000}' \
    --arg cg "$pod/$ID"
  rt run -d --bundle "$BUNDLE" "$ID"
  # the period alone first would make 500000 in 10000 (5000%) exceed the pod's limit: refused by the kernel
  run rt update --cpu-period 10000 --cpu-quota 3000 "$ID"
  [ "$status" -eq 0 ]
  [ "$(cat "/sys/fs/cgroup/cpu$pod/$ID/cpu.cfs_period_us")" = 10000 ]
  [ "$(cat "/sys/fs/cgroup/cpu$pod/$ID/cpu.cfs_quota_us")" = 3000 ]
}

@test "update --resources takes a LinuxResources JSON from a file or stdin" {
  rt run -d --bundle "$BUNDLE" "$ID"
  echo '{"memory": {"limit": 41943040}, "pids": {"limit": 33}}' >"$TEST_TMP/res.json"
  run rt update --resources "$TEST_TMP/res.json" "$ID"
  [ "$status" -eq 0 ]
  [ "$(cg memory memory.limit_in_bytes)" = 41943040 ]
  [ "$(cg pids pids.max)" = 33 ]
  run sh -c "echo '{\"cpu\": {\"shares\": 300}}' | '$RUNTIME' --root '$ROOT' update -r - '$ID'"
  [ "$status" -eq 0 ]
  [ "$(cg cpu cpu.shares)" = 300 ]
}

@test "update validates its values and a failed update leaves the old limits" {
  requires_brownie # runc 1.1 words the errors differently and does not undo
  update_config '.linux.resources.memory = {"limit": 67108864} | .linux.resources.pids = {"limit": 50}'
  rt run -d --bundle "$BUNDLE" "$ID"
  run rt update --memory lots "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"--memory"* ]]
  # past int64 (its conversion was undefined once), NaN and strtod's syntax: refused, the limit kept
  for v in 99999999999999999999999 8192p nan 1e3 0x10 512mix; do
    run rt update --memory "$v" "$ID"
    [ "$status" -ne 0 ]
    [[ "$output" == *"--memory"* ]]
  done
  [ "$(cg memory memory.limit_in_bytes)" = 67108864 ]
  # pids is written first, then the kernel refuses the cpuset: pids must be back at 50
  run rt update --pids-limit 7 --cpuset-cpus 999 "$ID"
  [ "$status" -ne 0 ]
  [ "$(cg pids pids.max)" = 50 ]
  [ "$(cg memory memory.limit_in_bytes)" = 67108864 ]
  echo '{"memory": {"limit": "big"}}' >"$TEST_TMP/bad.json"
  run rt update -r "$TEST_TMP/bad.json" "$ID"
  [ "$status" -ne 0 ]
  if is_brownie; then [[ "$output" == *"memory.limit"* ]]; fi
}

@test "update of a stopped container errors" {
  set_args true
  rt run -d --bundle "$BUNDLE" "$ID"
  wait_for status_is "$ID" stopped
  run rt update --pids-limit 5 "$ID"
  [ "$status" -ne 0 ]
}

@test "events --stats prints runc's stats JSON with cpu, memory and pids" {
  update_config '.linux.resources.pids = {"limit": 40} | .linux.resources.memory = {"limit": 104857600}'
  rt run -d --bundle "$BUNDLE" "$ID"
  run rt events --stats "$ID"
  [ "$status" -eq 0 ]
  echo "$output" | jq -e '.type == "stats" and .id == "'"$ID"'"'
  echo "$output" | jq -e '.data.pids.current >= 1 and .data.pids.limit == 40'
  echo "$output" | jq -e '.data.memory.usage.limit == 104857600 and .data.memory.usage.usage > 0'
  echo "$output" | jq -e '.data.cpu.usage.total > 0'
  echo "$output" | jq -e '(.data.blkio | type) == "object" and (.data.hugetlb | type) == "object"'
  if is_brownie && [ -e /sys/fs/cgroup/unified/cgroup.controllers ] && grep -qw hugetlb /sys/fs/cgroup/unified/cgroup.controllers; then
    echo "$output" | jq -e '.data.hugetlb["2MB"].usage == 0' # from the unified hierarchy of this hybrid host
  fi
}

@test "events --interval streams stats until the container stops, and reports an OOM kill" {
  requires_brownie # runc 1.1 does not stop streaming when the container ends
  update_config '.linux.resources.memory = {"limit": 33554432, "swap": 33554432}'
  set_args sh -c 'sleep 3; head -c 200m /dev/zero | tail > /dev/null; sleep 2' # events must be watching first
  rt run -d --bundle "$BUNDLE" "$ID"
  run timeout 20 "$RUNTIME" --root "$ROOT" events --interval 200ms "$ID"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r .type | grep -c stats)" -ge 2 ]
  echo "$output" | jq -r .type | grep -qx oom
}
