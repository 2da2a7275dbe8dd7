#!/usr/bin/env bats
# What only a pure cgroup v1 host shows (run inside the VM by tests/vm/run in its v1 boot): the fields of
# the v1-only controllers (net_cls, net_prio, blkio with BFQ weights, memory's v1 knobs, hugetlb's v1
# files) and the others' v1 files, set by config.json and by update and read back from outside and from
# inside the container; the freezer, device rules enforced by the devices controller, ps, events, kill
# --all, delete after kill -9, the cgroup namespace's view, and nothing left in any hierarchy.

load ../integration/helpers

setup() {
  export WAIT_TRIES=150 # TCG is slow
  [[ "$BATS_TEST_DESCRIPTION" != "nothing of the run"* ]] || return 0
  setup_bundle
  set_args sleep 100
}
teardown() { teardown_bundle; }

# cgdir CONTROLLER: the container's directory in that controller's hierarchy; cg CONTROLLER FILE: a file of it.
cgdir() { echo "/sys/fs/cgroup/$1$CGROUP_PARENT/$ID"; }
cg() { cat "$(cgdir "$1")/$2"; }
in_ctr() { rt_t exec "$ID" "$@"; }
with_cgroupns() { update_config '.linux.namespaces += [{"type": "cgroup"}]'; }
loop_majmin() { echo "$((0x$(stat -c %t /dev/loop0))):$((0x$(stat -c %T /dev/loop0)))"; }

@test "pure v1 host: the cgroup made in every hierarchy, the init cloned into it; cgroupns shows the roots" {
  ! grep -q " cgroup2 " /proc/self/mounts
  [ "$(stat -f -c %T /sys/fs/cgroup)" = tmpfs ]
  update_config '.linux.namespaces += [{"type": "cgroup"}] | .linux.resources.pids = {"limit": 30}'
  create_container
  pid=$(init_pid "$ID")
  n=0
  while IFS=: read -r num ctrls path; do
    [ "$path" = "$CGROUP_PARENT/$ID" ]
    n=$((n + 1))
  done <"/proc/$pid/cgroup"
  [ "$n" -ge 12 ] # every hierarchy of the VM, name=systemd too
  for c in cpu cpuacct cpuset memory devices freezer net_cls net_prio blkio perf_event hugetlb pids rdma misc systemd; do
    grep -qx "$pid" "$(cgdir "$c")/cgroup.procs"
  done
  start_container
  # inside: every hierarchy at its root, in a read-only tmpfs with the co-mount links
  run in_ctr cat /proc/self/cgroup
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | grep -vc ':/$')" = 0 ]
  echo "$output" | grep -q ':cpu,cpuacct:/$'
  [ "$(in_ctr cat /sys/fs/cgroup/pids/pids.max)" = 30 ]
  [ "$(in_ctr readlink /sys/fs/cgroup/cpu)" = cpu,cpuacct ]
  [ "$(in_ctr readlink /sys/fs/cgroup/net_prio)" = net_cls,net_prio ]
  in_ctr test -e /sys/fs/cgroup/systemd/cgroup.procs
  in_ctr grep -q " /sys/fs/cgroup/memory cgroup ro," /proc/self/mounts
  run in_ctr mkdir /sys/fs/cgroup/memory/sub
  [ "$status" -ne 0 ]
}

@test "network: classID to net_cls.classid, priorities to net_prio.ifpriomap; update changes both" {
  with_cgroupns
  update_config '.linux.resources.network = {"classID": 1048577, "priorities": [{"name": "lo", "priority": 5}]}'
  run_detached
  [ "$(cg net_cls net_cls.classid)" = 1048577 ]
  grep -qx "lo 5" "$(cgdir net_prio)/net_prio.ifpriomap"
  [ "$(in_ctr cat /sys/fs/cgroup/net_cls/net_cls.classid)" = 1048577 ]
  in_ctr grep -qx "lo 5" /sys/fs/cgroup/net_prio/net_prio.ifpriomap
  rt_t update -r - "$ID" <<<'{"network": {"classID": 2097154, "priorities": [{"name": "lo", "priority": 7}]}}'
  [ "$(cg net_cls net_cls.classid)" = 2097154 ]
  grep -qx "lo 7" "$(cgdir net_prio)/net_prio.ifpriomap"
}

@test "blockIO: weights to BFQ's blkio.bfq.weight{,_device} (the files runc picks), throttles to blkio.throttle.*; update" {
  [ -b /dev/loop0 ] || skip "no loop device"
  grep -q '\[bfq\]' /sys/block/loop0/queue/scheduler || skip "loop0 is not on BFQ"
  dev=$(loop_majmin) maj=${dev%:*} min=${dev#*:}
  update_config '.linux.namespaces += [{"type": "cgroup"}] | .linux.resources.blockIO = {"weight": 500,
    "weightDevice": [{"major": '$maj', "minor": '$min', "weight": 300}],
    "throttleReadBpsDevice": [{"major": '$maj', "minor": '$min', "rate": 1048576}],
    "throttleWriteBpsDevice": [{"major": '$maj', "minor": '$min', "rate": 2097152}],
    "throttleReadIOPSDevice": [{"major": '$maj', "minor": '$min', "rate": 100}],
    "throttleWriteIOPSDevice": [{"major": '$maj', "minor": '$min', "rate": 200}]}'
  run_detached
  [ "$(cg blkio blkio.bfq.weight)" = 500 ]
  grep -qx "$dev 300" "$(cgdir blkio)/blkio.bfq.weight_device"
  [ "$(cg blkio blkio.throttle.read_bps_device)" = "$dev 1048576" ]
  [ "$(cg blkio blkio.throttle.write_bps_device)" = "$dev 2097152" ]
  [ "$(cg blkio blkio.throttle.read_iops_device)" = "$dev 100" ]
  [ "$(cg blkio blkio.throttle.write_iops_device)" = "$dev 200" ]
  [ "$(in_ctr cat /sys/fs/cgroup/blkio/blkio.throttle.read_bps_device)" = "$dev 1048576" ]
  in_ctr grep -qx "$dev 300" /sys/fs/cgroup/blkio/blkio.bfq.weight_device
  rt_t update --blkio-weight 200 "$ID"
  [ "$(cg blkio blkio.bfq.weight)" = 200 ]
  rt_t update -r - "$ID" <<<'{"blockIO": {"weightDevice": [{"major": '$maj', "minor": '$min', "weight": 700}],
    "throttleReadBpsDevice": [{"major": '$maj', "minor": '$min', "rate": 4194304}]}}'
  grep -qx "$dev 700" "$(cgdir blkio)/blkio.bfq.weight_device"
  [ "$(cg blkio blkio.throttle.read_bps_device)" = "$dev 4194304" ]
}

@test "blockIO: leafWeight is an error naming it where the kernel has no blkio.leaf_weight (no CFQ), nothing left" {
  [ ! -e /sys/fs/cgroup/blkio/blkio.leaf_weight ] || skip "this kernel has CFQ's leaf weights"
  update_config '.linux.resources.blockIO = {"leafWeight": 300}'
  run_bg rt_t run -d --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"linux.resources.blockIO.leafWeight"* ]]
  [ -z "$(test_containers "$ROOT")" ]
  [ ! -d "$(cgdir blkio)" ]
}

@test "memory: limit, reservation, swap, kernelTCP, swappiness, disableOOMKiller, useHierarchy to the v1 files" {
  with_cgroupns
  update_config '.linux.resources.memory = {"limit": 67108864, "reservation": 33554432, "swap": 100663296,
    "kernelTCP": 16777216, "swappiness": 10, "disableOOMKiller": true, "useHierarchy": true}'
  run_detached
  [ "$(cg memory memory.limit_in_bytes)" = 67108864 ]
  [ "$(cg memory memory.soft_limit_in_bytes)" = 33554432 ]
  [ "$(cg memory memory.memsw.limit_in_bytes)" = 100663296 ] # v1's memsw is memory+swap, as the spec's swap
  [ "$(cg memory memory.kmem.tcp.limit_in_bytes)" = 16777216 ]
  [ "$(cg memory memory.swappiness)" = 10 ]
  grep -qx "oom_kill_disable 1" "$(cgdir memory)/memory.oom_control"
  [ "$(cg memory memory.use_hierarchy)" = 1 ]
  [ "$(in_ctr cat /sys/fs/cgroup/memory/memory.limit_in_bytes)" = 67108864 ]
  in_ctr grep -qx "oom_kill_disable 1" /sys/fs/cgroup/memory/memory.oom_control
}

@test "memory: update flags and --resources, memsw grown and shrunk with the limit; a failed update puts them back" {
  update_config '.linux.resources.memory = {"limit": 67108864, "swap": 100663296}'
  run_detached
  rt_t update --memory 160m --memory-swap 192m --memory-reservation 32m --kernel-memory-tcp 8m "$ID"
  [ "$(cg memory memory.limit_in_bytes)" = 167772160 ]
  [ "$(cg memory memory.memsw.limit_in_bytes)" = 201326592 ]
  [ "$(cg memory memory.soft_limit_in_bytes)" = 33554432 ]
  [ "$(cg memory memory.kmem.tcp.limit_in_bytes)" = 8388608 ]
  rt_t update -r - "$ID" <<<'{"memory": {"limit": 41943040, "swap": 50331648, "swappiness": 30}}'
  [ "$(cg memory memory.limit_in_bytes)" = 41943040 ]
  [ "$(cg memory memory.memsw.limit_in_bytes)" = 50331648 ]
  [ "$(cg memory memory.swappiness)" = 30 ]
  # a failed update (the kernel refuses the cpus) puts the memory limits it had written back
  run rt_t update -r - "$ID" <<<'{"memory": {"limit": 100663296, "swap": 134217728}, "cpu": {"cpus": "999"}}'
  [ "$status" -ne 0 ]
  [[ "$output" == *"linux.resources.cpu.cpus"* ]]
  [ "$(cg memory memory.limit_in_bytes)" = 41943040 ]
  [ "$(cg memory memory.memsw.limit_in_bytes)" = 50331648 ]
}

@test "hugetlb: hugepageLimits to hugetlb.<size>.limit_in_bytes; update" {
  size=2MB
  [ -e /sys/fs/cgroup/hugetlb/hugetlb.2MB.limit_in_bytes ] || size=
  [ -n "$size" ] || skip "no huge page size in this VM"
  with_cgroupns
  update_config '.linux.resources.hugepageLimits = [{"pageSize": "'"$size"'", "limit": 4194304}]'
  run_detached
  [ "$(cg hugetlb "hugetlb.$size.limit_in_bytes")" = 4194304 ]
  [ "$(in_ctr cat "/sys/fs/cgroup/hugetlb/hugetlb.$size.limit_in_bytes")" = 4194304 ]
  rt_t update -r - "$ID" <<<'{"hugepageLimits": [{"pageSize": "'"$size"'", "limit": 8388608}]}'
  [ "$(cg hugetlb "hugetlb.$size.limit_in_bytes")" = 8388608 ]
}

@test "pids: limit to pids.max, enforced; update --pids-limit" {
  update_config '.linux.resources.pids = {"limit": 5}'
  set_cmd 'sleep 100 & sleep 100 & sleep 100 & sleep 100 & wait'
  run_detached
  [ "$(cg pids pids.max)" = 5 ]
  wait_for eval '[ "$(cat "$(cgdir pids)/pids.current")" = 5 ]'
  # joining is not forking (v1 pids counts forks only); a fork past the limit fails
  run in_ctr sh -c 'sleep 1 & wait'
  [ "$status" -ne 0 ]
  rt_t update --pids-limit 20 "$ID"
  [ "$(cg pids pids.max)" = 20 ]
  in_ctr sh -c 'sleep 1 & wait'
}

@test "cpu: shares, quota, period, burst to the cpu,cpuacct files, cpus and mems to cpuset's; update" {
  with_cgroupns
  update_config '.linux.resources.cpu = {"shares": 512, "quota": 50000, "period": 100000, "burst": 10000, "cpus": "1", "mems": "0"}'
  run_detached
  [ "$(cg cpu cpu.shares)" = 512 ]
  [ "$(cg cpu cpu.cfs_quota_us)" = 50000 ]
  [ "$(cg cpu cpu.cfs_period_us)" = 100000 ]
  [ "$(cg cpu cpu.cfs_burst_us)" = 10000 ]
  [ "$(in_ctr cat /sys/fs/cgroup/cpu/cpu.shares)" = 512 ]
  rt_t update --cpu-shares 2048 --cpu-quota 20000 --cpu-period 50000 "$ID"
  [ "$(cg cpu cpu.shares)" = 2048 ]
  [ "$(cg cpu cpu.cfs_quota_us)" = 20000 ]
  [ "$(cg cpu cpu.cfs_period_us)" = 50000 ]
  rt_t update -r - "$ID" <<<'{"cpu": {"quota": -1}}'
  [ "$(cg cpu cpu.cfs_quota_us)" = -1 ]
  [ "$(cg cpuset cpuset.cpus)" = 1 ]
  [ "$(cg cpuset cpuset.mems)" = 0 ]
  [ "$(in_ctr grep Cpus_allowed_list /proc/self/status | awk '{print $2}')" = 1 ]
  rt_t update --cpuset-cpus 0 "$ID"
  [ "$(cg cpuset cpuset.cpus)" = 0 ]
  [ "$(in_ctr grep Cpus_allowed_list /proc/self/status | awk '{print $2}')" = 0 ]
  run rt_t update --cpuset-cpus 999 "$ID"
  [ "$status" -ne 0 ]
  [ "$(cg cpuset cpuset.cpus)" = 0 ]
}

@test "freezer: pause sets FROZEN and stops the processes, resume THAWED" {
  set_cmd 'i=0; while true; do i=$((i + 1)); echo $i > /tmp/count; done'
  run_detached
  wait_for test -s "$BUNDLE/rootfs/tmp/count"
  rt_t pause "$ID"
  [ "$(cg freezer freezer.state)" = FROZEN ]
  [ "$(container_status "$ID")" = paused ]
  before=$(cat "$BUNDLE/rootfs/tmp/count")
  sleep 1
  [ "$(cat "$BUNDLE/rootfs/tmp/count")" = "$before" ]
  rt_t resume "$ID"
  [ "$(cg freezer freezer.state)" = THAWED ]
  [ "$(container_status "$ID")" = running ]
  wait_for eval '[ "$(cat "$BUNDLE/rootfs/tmp/count")" != "$before" ]'
}

@test "devices: the rules land in devices.list and are enforced; update keeps them" {
  [ -b /dev/loop0 ] || skip "no loop device"
  update_config '.linux.resources.devices = [{"allow": false, "access": "rwm"},
    {"allow": true, "type": "b", "major": 7, "minor": 0, "access": "r"}]'
  run_detached
  grep -qx "b 7:0 r" "$(cgdir devices)/devices.list"
  grep -qx "c 1:3 rwm" "$(cgdir devices)/devices.list"
  ! grep -q "^a " "$(cgdir devices)/devices.list"
  rt_t exec --cap CAP_MKNOD "$ID" mknod /tmp/loop b 7 0
  rt_t exec --cap CAP_MKNOD "$ID" mknod /tmp/loop1 b 7 1
  in_ctr head -c 1 /tmp/loop >/dev/null
  run in_ctr sh -c 'echo x > /tmp/loop'
  [ "$status" -ne 0 ]
  [[ "$output" == *"Operation not permitted"* ]]
  run in_ctr head -c 1 /tmp/loop1
  [ "$status" -ne 0 ]
  [[ "$output" == *"Operation not permitted"* ]]
  rt_t update --pids-limit 10 "$ID"
  run in_ctr head -c 1 /tmp/loop1
  [ "$status" -ne 0 ]
  in_ctr sh -c 'echo x > /dev/null'
}

@test "ps lists the processes; events --stats reads the v1 files; kill --all ends every process" {
  update_config '.linux.resources.pids = {"limit": 40} | .linux.resources.memory = {"limit": 104857600}'
  set_cmd 'sleep 100 & sleep 100 & wait'
  run_detached
  wait_for eval '[ "$(wc -l <"$(cgdir pids)/cgroup.procs")" -ge 3 ]'
  [ "$(rt_t ps -f json "$ID" | jq -c 'sort')" = "$(sort -n "$(cgdir pids)/cgroup.procs" | jq -s -c 'sort')" ]
  run rt_t events --stats "$ID"
  [ "$status" -eq 0 ]
  jq -e '.type == "stats" and .data.pids.current >= 3 and .data.pids.limit == 40' <<<"$output"
  jq -e '.data.memory.usage.limit == 104857600 and .data.memory.usage.usage > 0' <<<"$output"
  jq -e '.data.cpu.usage.total > 0' <<<"$output"
  pids=$(cat "$(cgdir pids)/cgroup.procs")
  rt_t kill --all "$ID" KILL
  for p in $pids; do wait_for process_dead "$p"; done
  wait_for status_is "$ID" stopped
}

@test "delete removes the cgroup in every hierarchy after kill -9, a nested cgroup too" {
  with_cgroupns
  update_config '.mounts |= map(if .destination == "/sys/fs/cgroup" then .options -= ["ro"] | .options += ["rw"] else . end)
    | .mounts |= map(if .destination == "/sys" then .options -= ["ro"] else . end)'
  run_detached
  in_ctr mkdir /sys/fs/cgroup/memory/sub /sys/fs/cgroup/pids/sub
  [ -d "$(cgdir memory)/sub" ]
  in_ctr sh -c 'sleep 100 & echo $! > /sys/fs/cgroup/pids/sub/cgroup.procs'
  wait_for eval '[ -n "$(cat "$(cgdir pids)/sub/cgroup.procs")" ]'  # (cgroup files have no size)
  for p in $(cat "$(cgdir pids)/cgroup.procs" "$(cgdir pids)/sub/cgroup.procs"); do kill -9 "$p" 2>/dev/null || true; done
  wait_for status_is "$ID" stopped
  rt_t delete "$ID"
  [ -z "$(cgroup_dirs "$ID")" ]
}

@test "nothing of the run is left in any hierarchy" {
  for h in /sys/fs/cgroup/*/; do
    [ -L "${h%/}" ] && continue
    [ ! -d "$h$CGROUP_PARENT" ] || [ -z "$(find "$h$CGROUP_PARENT" -mindepth 1 -type d)" ]
  done
}
