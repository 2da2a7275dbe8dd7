#!/usr/bin/env bats
# What only a pure cgroup v2 host shows (run inside the VM by tests/vm/run): every linux.resources field
# read back from the v2 files, from outside and from inside the container; update, pause/resume, ps,
# events, kill --all, an OOM kill, device rules enforced by the eBPF program, and nothing left behind.

load ../integration/helpers

setup() {
  setup_bundle
  set_args sleep 100
  export WAIT_TRIES=150 # TCG is slow
}
teardown() { teardown_bundle; }

cgdir() { echo "/sys/fs/cgroup$CGROUP_PARENT/${1:-$ID}"; }
cg() { cat "$(cgdir)/$1"; }
# in_ctr CMD...: the output of CMD run by exec in the container.
in_ctr() { rt_t exec "$ID" "$@"; }
loopdev() { losetup -a 2>/dev/null | sed -n 's|^\(/dev/loop[0-9]*\):.*|\1|p' | head -n 1; }

@test "the host is pure cgroup v2 with every controller" {
  [ -e /sys/fs/cgroup/cgroup.controllers ]
  for c in cpuset cpu io memory hugetlb pids; do grep -qw "$c" /sys/fs/cgroup/cgroup.controllers; done
  ! grep -q " cgroup " /proc/self/mounts
}

@test "the init is cloned into its cgroup, controllers are enabled in the parents, the container sees its namespace root" {
  update_config '.linux.namespaces += [{"type": "cgroup"}] | .linux.resources.pids = {"limit": 30}'
  create_container
  pid=$(init_pid "$ID")
  # already in place before start: cloned there, not moved later
  [ "$(cat /proc/$pid/cgroup)" = "0::$CGROUP_PARENT/$ID" ]
  grep -qx "$pid" "$(cg cgroup.procs)" 2>/dev/null || grep -qx "$pid" "$(cgdir)/cgroup.procs"
  grep -qw pids "/sys/fs/cgroup$CGROUP_PARENT/cgroup.subtree_control"
  grep -qw memory "/sys/fs/cgroup/cgroup.subtree_control"
  start_container
  [ "$(in_ctr cat /proc/self/cgroup)" = "0::/" ]
  # /sys/fs/cgroup inside is the container's own cgroup, read-only
  [ "$(in_ctr cat /sys/fs/cgroup/pids.max)" = 30 ]
  in_ctr grep -q " /sys/fs/cgroup cgroup2 ro," /proc/self/mounts
  run in_ctr mkdir /sys/fs/cgroup/sub
  [ "$status" -ne 0 ]
}

@test "memory: limit, reservation and swap become memory.max, memory.low and memory.swap.max; seen inside" {
  update_config '.linux.namespaces += [{"type": "cgroup"}]
    | .linux.resources.memory = {"limit": 67108864, "reservation": 33554432, "swap": 100663296}'
  run_detached
  [ "$(cg memory.max)" = 67108864 ]
  [ "$(cg memory.low)" = 33554432 ]
  [ "$(cg memory.swap.max)" = 33554432 ] # the spec's swap is memory+swap
  [ "$(in_ctr cat /sys/fs/cgroup/memory.max)" = 67108864 ]
}

@test "memory: swappiness is refused on cgroup v2, naming the field, and nothing is left" {
  update_config '.linux.resources.memory = {"limit": 67108864, "swappiness": 10}'
  run_bg rt_t run -d --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"linux.resources.memory.swappiness"* ]]
  [ -z "$(test_containers "$ROOT")" ]
  [ ! -d "$(cgdir)" ]
}

@test "cpu: shares to cpu.weight, quota and period to cpu.max, burst, idle, cpus, mems" {
  update_config '.linux.resources.cpu = {"shares": 1024, "quota": 50000, "period": 100000, "burst": 10000, "cpus": "1", "mems": "0"}'
  run_detached
  [ "$(cg cpu.weight)" = 39 ] # runc's conversion: 1 + (1024 - 2) * 9999 / 262142
  [ "$(cg cpu.max)" = "50000 100000" ]
  [ "$(cg cpu.max.burst)" = 10000 ]
  [ "$(cg cpuset.cpus)" = 1 ]
  [ "$(cg cpuset.mems)" = 0 ]
  [ "$(in_ctr grep Cpus_allowed_list /proc/self/status | awk '{print $2}')" = 1 ]
}

@test "cpu: idle is written to cpu.idle" {
  update_config '.linux.resources.cpu = {"idle": 1}'
  run_detached
  [ "$(cg cpu.idle)" = 1 ]
}

@test "pids.limit is pids.max and is enforced" {
  update_config '.linux.resources.pids = {"limit": 5}'
  set_args sh -c 'for i in 1 2 3 4 5 6 7 8; do sleep 10 & done 2>&1; wait'
  run_container
  [[ "$output" == *"can't fork"* ]] || [[ "$output" == *"Resource temporarily unavailable"* ]]
}

@test "blockIO: weight to io.bfq.weight (BFQ) or io.weight, throttles to io.max on a loop device" {
  dev=$(loopdev)
  [ -n "$dev" ] || skip "no loop device in this VM"
  maj=$((0x$(stat -c %t "$dev"))) min=$((0x$(stat -c %T "$dev")))
  update_config '.linux.resources.blockIO = {"weight": 500,
    "throttleReadBpsDevice": [{"major": '$maj', "minor": '$min', "rate": 1048576}],
    "throttleWriteIOPSDevice": [{"major": '$maj', "minor": '$min', "rate": 100}]}'
  run_detached
  if [ -e "$(cgdir)/io.bfq.weight" ]; then # BFQ loaded: its own file, the weight unchanged (runc's pick)
    grep -qx "default 500" "$(cgdir)/io.bfq.weight"
  else
    grep -qx "default 4950" "$(cgdir)/io.weight" # runc's conversion: 1 + (500 - 10) * 9999 / 990
  fi
  grep -q "^$maj:$min rbps=1048576 wbps=max riops=max wiops=100$" "$(cgdir)/io.max"
}

@test "hugepageLimits become hugetlb.<size>.max and .rsvd.max" {
  size=$(ls /sys/fs/cgroup/ | sed -n 's/^hugetlb\.\([0-9]*[KMG]B\)\.max$/\1/p' | head -n 1)
  [ -n "$size" ] || size=2MB
  update_config '.linux.resources.hugepageLimits = [{"pageSize": "'"$size"'", "limit": 4194304}]'
  run_detached
  [ "$(cg "hugetlb.$size.max")" = 4194304 ]
  [ "$(cg "hugetlb.$size.rsvd.max")" = 4194304 ]
}

@test "unified: key=value pairs are written; a key that is not a file of the cgroup errors" {
  update_config '.linux.resources.unified = {"memory.high": "50331648", "pids.max": "9"}'
  run_detached
  [ "$(cg memory.high)" = 50331648 ]
  [ "$(cg pids.max)" = 9 ]
  rt_t delete -f "$ID"
  for key in "../cgroup.procs" "memory.nope"; do
    update_config '.linux.resources.unified = {($k): "1"}' --arg k "$key"
    run_bg rt_t run -d --bundle "$BUNDLE" "$ID"
    [ "$status" -ne 0 ]
    [[ "$output" == *"linux.resources.unified"* ]]
    [ ! -d "$(cgdir)" ]
  done
}

@test "update: per-field flags and --resources change the v2 files; a failed update leaves the old limits" {
  update_config '.linux.resources.pids = {"limit": 50} | .linux.resources.memory = {"limit": 67108864}'
  run_detached
  rt_t update --memory 96m --cpu-shares 2048 --cpu-quota 20000 --cpu-period 100000 --pids-limit 20 "$ID"
  [ "$(cg memory.max)" = 100663296 ]
  [ "$(cg cpu.weight)" = 79 ]
  [ "$(cg cpu.max)" = "20000 100000" ]
  [ "$(cg pids.max)" = 20 ]
  echo '{"memory": {"limit": 41943040}, "pids": {"limit": 33}, "unified": {"memory.high": "40000000"}}' >"$TEST_TMP/r.json"
  rt_t update -r "$TEST_TMP/r.json" "$ID"
  [ "$(cg memory.max)" = 41943040 ]
  [ "$(cg pids.max)" = 33 ]
  [ "$(cg memory.high)" = 39997440 ] # rounded down to pages
  run rt_t update --pids-limit 7 --cpuset-cpus 999 "$ID"
  [ "$status" -ne 0 ]
  [ "$(cg pids.max)" = 33 ]
}

@test "update: the other flags, and blockIO and hugepageLimits through --resources; read inside too" {
  dev=$(loopdev)
  [ -n "$dev" ] || skip "no loop device in this VM"
  maj=$((0x$(stat -c %t "$dev"))) min=$((0x$(stat -c %T "$dev")))
  size=$(ls /sys/fs/cgroup/ | sed -n 's/^hugetlb\.\([0-9]*[KMG]B\)\.max$/\1/p' | head -n 1)
  [ -n "$size" ] || size=2MB
  update_config '.linux.namespaces += [{"type": "cgroup"}] | .linux.resources.memory = {"limit": 67108864}'
  run_detached
  rt_t update --memory-reservation 16m --memory-swap 128m --cpu-quota 30000 --cpu-period 100000 \
    --cpu-burst 5000 --cpu-idle 1 --cpuset-cpus 0 --cpuset-mems 0 --blkio-weight 700 "$ID"
  [ "$(cg memory.low)" = 16777216 ]
  [ "$(cg memory.swap.max)" = 67108864 ] # runc's v2 swap: memory-swap minus memory
  [ "$(cg cpu.max)" = "30000 100000" ]
  [ "$(cg cpu.max.burst)" = 5000 ]
  [ "$(cg cpu.idle)" = 1 ]
  [ "$(cg cpuset.cpus)" = 0 ]
  [ "$(cg cpuset.mems)" = 0 ]
  # weights: BFQ's io.bfq.weight unchanged where BFQ is loaded, else io.weight converted as runc does
  if [ -e "$(cgdir)/io.bfq.weight" ]; then
    wfile=io.bfq.weight w700=700 w200=200 w300=300
  else
    wfile=io.weight w700=6970 w200=1920 w300=2930 # 1 + (w - 10) * 9999 / 990
  fi
  grep -qx "default $w700" "$(cgdir)/$wfile"
  cat >"$TEST_TMP/r.json" <<JSON
{"blockIO": {"weight": 200, "weightDevice": [{"major": $maj, "minor": $min, "weight": 300}],
  "throttleReadBpsDevice": [{"major": $maj, "minor": $min, "rate": 2097152}],
  "throttleWriteBpsDevice": [{"major": $maj, "minor": $min, "rate": 1048576}],
  "throttleReadIOPSDevice": [{"major": $maj, "minor": $min, "rate": 300}]},
 "hugepageLimits": [{"pageSize": "$size", "limit": 8388608}]}
JSON
  run rt_t update -r "$TEST_TMP/r.json" "$ID"
  [ "$status" -eq 0 ]
  grep -qx "default $w200" "$(cgdir)/$wfile"
  if [ "$wfile" = io.weight ]; then
    # a device weight in io.weight needs io.cost on the device: without it, a warning naming the field
    [[ "$output" == *"blockIO.weightDevice: $maj:$min has no weight control"* ]]
    echo "$maj:$min enable=1" >/sys/fs/cgroup/io.cost.qos
    run rt_t update -r "$TEST_TMP/r.json" "$ID"
    echo "$maj:$min enable=0" >/sys/fs/cgroup/io.cost.qos
    [ "$status" -eq 0 ]
    [[ "$output" != *warn* ]]
  fi
  grep -qx "$maj:$min $w300" "$(cgdir)/$wfile"
  grep -qx "$maj:$min rbps=2097152 wbps=1048576 riops=300 wiops=max" "$(cgdir)/io.max"
  [ "$(cg "hugetlb.$size.max")" = 8388608 ]
  [ "$(cg "hugetlb.$size.rsvd.max")" = 8388608 ]
  # the container sees the same files at the root of its cgroup namespace
  [ "$(in_ctr cat /sys/fs/cgroup/io.max)" = "$(cg io.max)" ]
  [ "$(in_ctr cat "/sys/fs/cgroup/$wfile")" = "$(cg "$wfile")" ]
  [ "$(in_ctr cat "/sys/fs/cgroup/hugetlb.$size.max")" = 8388608 ]
  [ "$(in_ctr cat /sys/fs/cgroup/memory.low)" = 16777216 ]
  [ "$(in_ctr cat /sys/fs/cgroup/cpu.max.burst)" = 5000 ]
  # real-time cpu time is a v1 knob: refused by name, and the old limits stay
  run rt_t update --cpu-rt-runtime 1000 --cpu-rt-period 10000 --cpu-quota 40000 "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"linux.resources.cpu.realtime*: cgroup v2 has no real-time limits"* ]]
  [ "$(cg cpu.max)" = "30000 100000" ]
}

@test "pause and resume use cgroup.freeze and wait for cgroup.events" {
  set_cmd 'i=0; while true; do i=$((i + 1)); echo $i > /tmp/count; done'
  run_detached
  wait_for test -s "$BUNDLE/rootfs/tmp/count"
  rt_t pause "$ID"
  [ "$(cg cgroup.freeze)" = 1 ]
  grep -qx "frozen 1" "$(cgdir)/cgroup.events"
  [ "$(container_status "$ID")" = paused ]
  before=$(cat "$BUNDLE/rootfs/tmp/count")
  sleep 1
  [ "$(cat "$BUNDLE/rootfs/tmp/count")" = "$before" ]
  rt_t resume "$ID"
  grep -qx "frozen 0" "$(cgdir)/cgroup.events"
  [ "$(container_status "$ID")" = running ]
  wait_for eval '[ "$(cat "$BUNDLE/rootfs/tmp/count")" != "$before" ]'
}

@test "ps -f json lists the cgroup's processes" {
  set_cmd 'sleep 100 & sleep 100 & wait'
  run_detached
  wait_for eval '[ "$(wc -l <"$(cgdir)/cgroup.procs")" -ge 3 ]'
  [ "$(rt_t ps -f json "$ID" | jq -c 'sort')" = "$(sort -n "$(cgdir)/cgroup.procs" | jq -s -c 'sort')" ]
}

@test "events --stats reads the v2 files" {
  update_config '.linux.resources.pids = {"limit": 40} | .linux.resources.memory = {"limit": 104857600}'
  run_detached
  run rt_t events --stats "$ID"
  [ "$status" -eq 0 ]
  jq -e '.type == "stats" and .data.pids.current >= 1 and .data.pids.limit == 40' <<<"$output"
  jq -e '.data.memory.usage.limit == 104857600 and .data.memory.usage.usage > 0' <<<"$output"
  jq -e '.data.cpu.usage.total > 0' <<<"$output"
  # hugetlb per page size from hugetlb.<size>.current, as runc names them
  jq -e '.data.hugetlb | has("2MB") and (.["2MB"].usage == 0)' <<<"$output"
}

@test "events --stats reports io.stat per device as runc's blkio entries" {
  [ -b /dev/loop0 ] || skip "no loop device in this VM"
  update_config '.linux.resources.devices = [{"allow": true, "type": "b", "major": 7, "minor": 0, "access": "rwm"}]
    | .process.capabilities.bounding += ["CAP_MKNOD"] | .process.capabilities.effective += ["CAP_MKNOD"]
    | .process.capabilities.permitted += ["CAP_MKNOD"]'
  set_cmd 'mknod /tmp/lo b 7 0 && dd if=/tmp/lo of=/dev/null bs=4k count=256 iflag=direct 2>/dev/null; sleep 100'
  run_detached
  wait_for eval 'grep -q "^7:0 .*rbytes=[1-9]" "$(cgdir)/io.stat"'
  run rt_t events --stats "$ID"
  jq -e '[.data.blkio.ioServiceBytesRecursive[] | select(.major == 7 and .minor == 0 and .op == "Read")][0].value >= 1048576' <<<"$output"
  jq -e '[.data.blkio.ioServicedRecursive[] | select(.major == 7 and .op == "Read")][0].value >= 1' <<<"$output"
}

@test "an OOM kill is seen in memory.events and reported by events" {
  update_config '.linux.resources.memory = {"limit": 16777216, "swap": 16777216}'
  set_args sh -c 'sleep 4; head -c 100m /dev/zero | tail > /dev/null; sleep 2'
  run_detached
  run timeout 60 "$RUNTIME" --root "$ROOT" events --interval 500ms "$ID"
  echo "$output" | jq -r .type | grep -qx oom
  [ "$(awk '$1 == "oom_kill" {print $2}' "$(cgdir)/memory.events")" -ge 1 ]
}

@test "kill --all ends every process of the cgroup" {
  set_cmd 'sleep 100 & sleep 100 & wait'
  run_detached
  wait_for eval '[ "$(wc -l <"$(cgdir)/cgroup.procs")" -ge 3 ]'
  pids=$(cat "$(cgdir)/cgroup.procs")
  rt_t kill --all "$ID" KILL
  for p in $pids; do wait_for process_dead "$p"; done
  wait_for status_is "$ID" stopped
}

@test "device rules are enforced by the eBPF filter: denied devices cannot be opened, allowed ones can" {
  [ -b /dev/loop0 ] || skip "no loop device in this VM"
  run_detached
  # the defaults: /dev/null and /dev/zero usable, mknod of anything allowed, other devices denied
  in_ctr sh -c 'echo x > /dev/null'
  in_ctr head -c 1 /dev/zero >/dev/null
  rt_t exec --cap CAP_MKNOD "$ID" mknod /tmp/loop b 7 0
  run in_ctr head -c 1 /tmp/loop
  [ "$status" -ne 0 ]
  [[ "$output" == *"Operation not permitted"* ]]
  rt_t delete -f "$ID"
  # an explicit rule: read allowed, write still denied
  update_config '.linux.resources.devices = [{"allow": false, "access": "rwm"},
    {"allow": true, "type": "b", "major": 7, "minor": 0, "access": "r"}]'
  run_detached
  rt_t exec --cap CAP_MKNOD "$ID" mknod /tmp/loop-r b 7 0
  in_ctr head -c 1 /tmp/loop-r >/dev/null
  run in_ctr sh -c 'echo x > /tmp/loop-r'
  [ "$status" -ne 0 ]
  [[ "$output" == *"Operation not permitted"* ]]
  # a later deny wins over an earlier allow, also for the defaults' devices
  rt_t delete -f "$ID"
  update_config '.linux.resources.devices += [{"allow": false, "type": "c", "major": 1, "minor": 3, "access": "w"}]'
  run_detached
  in_ctr cat /dev/null
  # (runc appends its default rules after the config's, so /dev/null stays writable, as with runc)
  in_ctr sh -c 'echo x > /dev/null'
}

@test "update keeps the device filter in place" {
  [ -b /dev/loop0 ] || skip "no loop device in this VM"
  run_detached
  rt_t update --pids-limit 10 "$ID"
  rt_t update -r - "$ID" <<<'{"memory": {"limit": 67108864}}'
  in_ctr sh -c 'echo x > /dev/null'
  rt_t exec --cap CAP_MKNOD "$ID" mknod /tmp/loop b 7 0
  run in_ctr head -c 1 /tmp/loop
  [ "$status" -ne 0 ]
}

@test "delete removes the cgroup after kill -9 of the processes, sub-cgroups too" {
  update_config '.linux.namespaces += [{"type": "cgroup"}]
    | .mounts |= map(if .destination == "/sys/fs/cgroup" then .options -= ["ro"] | .options += ["rw"] else . end)
    | .mounts |= map(if .destination == "/sys" then .options -= ["ro"] else . end)'
  run_detached
  in_ctr mkdir /sys/fs/cgroup/sub
  [ -d "$(cgdir)/sub" ]
  for p in $(cat "$(cgdir)/cgroup.procs"); do kill -9 "$p"; done
  wait_for status_is "$ID" stopped
  rt_t delete "$ID"
  [ ! -d "$(cgdir)" ]
}

@test "exec --cgroup clones the process into an existing sub-cgroup" {
  run_detached
  mkdir "$(cgdir)/sub"
  [ "$(rt_t exec --cgroup sub "$ID" cat /proc/self/cgroup)" = "0::$CGROUP_PARENT/$ID/sub" ]
  run rt_t exec --cgroup memory:sub "$ID" true
  [ "$status" -ne 0 ]
  [[ "$output" == *"on cgroup v2 the path takes no controller"* ]]
  run rt_t exec --cgroup nosuch "$ID" true
  [ "$status" -ne 0 ]
  [[ "$output" == *"nosuch"* ]]
}
