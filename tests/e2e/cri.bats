#!/usr/bin/env bats
# Kubernetes' path: what the kubelet asks of containerd 1.6's CRI plugin, through a small CRI v1 client
# (cri/client.py), with the pod's runtime handler "$RT" (the io.containerd.runc.v2 shim, whose
# options.BinaryName is brownie for the handler "brownie", as a RuntimeClass names it). One pod per
# runtime: made in setup_file with a long-running container, taken apart by the last checks.
load lib
bats_require_minimum_version 1.5.0

CRI_ROOT=/run/containerd/runc/k8s.io # the runc v2 shim's --root for the k8s.io namespace
CRI_TASKS="$E2E_TMP/containerd/state/io.containerd.runtime.v2.task/k8s.io"
CRI_IMAGE="docker.io/$E2E_IMAGE"
CRI_HOSTNAME="pod-$RT"
CRI_LOGS="$E2E_TMP/cri-logs/$RT"
CRI_IDS="$E2E_TMP/cri/$RT"

cri() { /usr/bin/python3 "$BATS_TEST_DIRNAME/cri/client.py" "$@"; }

# The pod and its container, from setup_file.
pod_id() { cat "$CRI_IDS/pod"; }
ctr_id() { cat "$CRI_IDS/ctr"; }
# ctr_pid ID, pod_pid ID: the pid of a container's or a sandbox's init, from the verbose info.
ctr_pid() { cri inspect "$1" | jq -er '.info.info.pid'; }
pod_pid() { cri inspectp "$1" | jq -er '.info.info.pid'; }

# check_state ID PID: the shim ran $RT_BIN with --root $CRI_ROOT; the state there is in $RT's own
# format (brownie's state.json has "pid", runc's "init_process_pid"), and $RT_BIN reads it.
check_state() {
  if [ "$RT" = brownie ]; then
    jq -e --argjson pid "$2" '.pid == $pid and (has("init_process_pid") | not)' "$CRI_ROOT/$1/state.json"
  else
    jq -e --argjson pid "$2" '.init_process_pid == $pid' "$CRI_ROOT/$1/state.json"
  fi
  run "$RT_BIN" --root "$CRI_ROOT" state "$1"
  [ "$status" -eq 0 ]
  jq -e --argjson pid "$2" '.pid == $pid and .status == "running"' <<<"$output"
}

# cgroups_of ID...: the cgroup directories left with these names below the pod's cgroup_parent.
cgroups_of() {
  local id
  for id; do find /sys/fs/cgroup/ -maxdepth 3 -type d -path "*/$E2E_CG-cri/$id"; done
}

# v1_cg_file PID CONTROLLER FILE: a cgroup v1 file of the process's cgroup in that hierarchy.
v1_cg_file() {
  local path
  path=$(awk -F: -v c="$2" '$2 == c {print $3}' "/proc/$1/cgroup")
  [ -n "$path" ] && cat "/sys/fs/cgroup/$2$path/$3"
}

# wait_exited ID: until the container is CONTAINER_EXITED (20 s at most).
wait_exited() {
  local n=100
  while ((n-- > 0)); do
    [ "$(cri inspect "$1" | jq -r .status.state)" = CONTAINER_EXITED ] && return 0
    sleep 0.2
  done
  return 1
}

setup_file() {
  local pod ctr
  mkdir -p "$CRI_IDS" "$CRI_LOGS"
  pod=$(cri runp "e2e-$RT" "$RT" "/$E2E_CG-cri" "$CRI_LOGS" --hostname "$CRI_HOSTNAME" \
    --label "e2e=$E2E_CG" --label "rt=$RT") || return 1
  echo "$pod" >"$CRI_IDS/pod"
  # It exits 3 on SIGTERM, the stop signal, so a stop's exit is told from a kill's.
  ctr=$(cri create "$pod" sleeper "$CRI_IMAGE" -- \
    sh -c 'trap "exit 3" TERM; echo started; while :; do sleep 3600 & wait; done') || return 1
  echo "$ctr" >"$CRI_IDS/ctr"
  cri start "$ctr"
}

# Whatever the checks left, also when one failed: containers, then the pod.
teardown_file() {
  local pod c
  pod=$(pod_id 2>/dev/null) || return 0
  for c in $(cri ps --pod "$pod" 2>/dev/null | jq -r '.[].id'); do
    cri stop "$c" 0 >/dev/null 2>&1
    cri rm "$c" >/dev/null 2>&1
  done
  cri stopp "$pod" >/dev/null 2>&1
  cri rmp "$pod" >/dev/null 2>&1
  return 0
}

@test "cri: Version answers for containerd, CRI v1" {
  run cri version
  [ "$status" -eq 0 ]
  [[ "$output" == "containerd "*" v1" ]]
}

@test "cri: the pod runs with the runtime handler $RT" {
  run cri inspectp "$(pod_id)"
  [ "$status" -eq 0 ]
  jq -e --arg rt "$RT" '.status.state == "SANDBOX_READY" and .status.runtime_handler == $rt' <<<"$output"
  jq -e --arg rt "$RT" '.info.info.runtimeHandler == $rt and .info.info.runtimeType == "io.containerd.runc.v2"' \
    <<<"$output"
  if [ "$RT" = brownie ]; then
    jq -e --arg b "$E2E_BROWNIE" '.info.info.runtimeOptions.binary_name == $b' <<<"$output"
  else
    jq -e '(.info.info.runtimeOptions.binary_name // "") == ""' <<<"$output"
  fi
  run cri pods --label "rt=$RT"
  jq -e --arg id "$(pod_id)" --arg rt "$RT" 'length == 1 and .[0].id == $id and .[0].runtime_handler == $rt' \
    <<<"$output"
}

@test "cri: the sandbox and the container are $RT's (its state under the shim's --root)" {
  local pod ctr
  pod=$(pod_id) ctr=$(ctr_id)
  check_state "$pod" "$(pod_pid "$pod")"
  check_state "$ctr" "$(ctr_pid "$ctr")"
}

@test "cri: the pod's cgroups are below its cgroup_parent" {
  local p
  for p in "$(pod_pid "$(pod_id)")" "$(ctr_pid "$(ctr_id)")"; do
    grep -q ":/$E2E_CG-cri/" "/proc/$p/cgroup"
  done
}

@test "cri: ExecSync gives the output and the exit code" {
  run cri exec "$(ctr_id)" -- echo hello
  [ "$status" -eq 0 ]
  [ "$output" = hello ]
  run --separate-stderr cri exec "$(ctr_id)" -- sh -c 'echo out; echo err >&2; exit 7'
  [ "$status" -eq 7 ]
  [ "$output" = out ]
  # shellcheck disable=SC2154 # run --separate-stderr sets it
  [ "$stderr" = err ]
}

@test "cri: the container shares the sandbox's network, IPC and UTS namespaces, not its pid" {
  local spid cpid ns
  spid=$(pod_pid "$(pod_id)")
  cpid=$(ctr_pid "$(ctr_id)")
  [ "$spid" != "$cpid" ]
  for ns in net ipc uts; do
    [ "$(readlink "/proc/$spid/ns/$ns")" = "$(readlink "/proc/$cpid/ns/$ns")" ]
  done
  # The pod's namespaces are its own, not the host's (containerd's).
  for ns in net ipc uts pid mnt; do
    [ "$(readlink "/proc/$spid/ns/$ns")" != "$(readlink "/proc/self/ns/$ns")" ]
  done
  [ "$(readlink "/proc/$spid/ns/pid")" != "$(readlink "/proc/$cpid/ns/pid")" ]
  [ "$(readlink "/proc/$spid/ns/mnt")" != "$(readlink "/proc/$cpid/ns/mnt")" ]
}

@test "cri: a container with the pod's pid namespace sees the sandbox's process as pid 1" {
  local pod c spid
  pod=$(pod_id)
  spid=$(pod_pid "$pod")
  c=$(cri create "$pod" sharer "$CRI_IMAGE" --pid-pod -- sh -c 'trap "exit 0" TERM; while :; do sleep 3600 & wait; done')
  cri start "$c"
  [ "$(readlink "/proc/$spid/ns/pid")" = "$(readlink "/proc/$(ctr_pid "$c")/ns/pid")" ]
  run cri exec "$c" -- cat /proc/1/cmdline
  [ "$status" -eq 0 ]
  [[ "$output" == *"trap"*"exit 0"*"sleep 3600"* ]]
  [ "$(cri exec "$c" -- readlink /proc/1/ns/net)" = "$(readlink "/proc/$spid/ns/net")" ]
  cri stop "$c" 10
  run cri inspect "$c"
  jq -e '.status.state == "CONTAINER_EXITED" and .status.exit_code == 0' <<<"$output"
  cri rm "$c"
}

@test "cri: a container's requests and limits reach its cgroup; UpdateContainerResources changes them" {
  [ -f /sys/fs/cgroup/memory/memory.limit_in_bytes ] || skip "the cgroup v1 memory hierarchy is not mounted"
  local c pid
  c=$(cri create "$(pod_id)" limited "$CRI_IMAGE" --cpu-shares 512 --cpu-period 100000 --cpu-quota 50000 \
    --memory $((64 << 20)) --oom-score-adj 1000 -- sh -c 'trap "exit 0" TERM; while :; do sleep 3600 & wait; done')
  cri start "$c"
  pid=$(ctr_pid "$c")
  [ "$(v1_cg_file "$pid" cpu cpu.shares)" = 512 ]
  [ "$(v1_cg_file "$pid" cpu cpu.cfs_period_us)" = 100000 ]
  [ "$(v1_cg_file "$pid" cpu cpu.cfs_quota_us)" = 50000 ]
  [ "$(v1_cg_file "$pid" memory memory.limit_in_bytes)" = $((64 << 20)) ]
  [ "$(cat "/proc/$pid/oom_score_adj")" = 1000 ]
  # As the kubelet resizes a pod: every field, the unchanged ones too.
  cri update "$c" --cpu-shares 256 --cpu-period 100000 --cpu-quota 20000 --memory $((128 << 20)) --oom-score-adj 1000
  [ "$(v1_cg_file "$pid" cpu cpu.shares)" = 256 ]
  [ "$(v1_cg_file "$pid" cpu cpu.cfs_quota_us)" = 20000 ]
  [ "$(v1_cg_file "$pid" memory memory.limit_in_bytes)" = $((128 << 20)) ]
  run cri exec "$c" -- true
  [ "$status" -eq 0 ]
  cri stop "$c" 10
  cri rm "$c"
}

@test "cri: the pod's hostname is the container's" {
  [ "$(nsenter --uts="/proc/$(pod_pid "$(pod_id)")/ns/uts" hostname)" = "$CRI_HOSTNAME" ]
  run cri exec "$(ctr_id)" -- hostname
  [ "$status" -eq 0 ]
  [ "$output" = "$CRI_HOSTNAME" ]
  run cri exec "$(ctr_id)" -- cat /etc/hostname
  [ "$output" = "$CRI_HOSTNAME" ]
}

@test "cri: the pod has an address of the CNI bridge, which the container sees" {
  local ip
  ip=$(cri inspectp "$(pod_id)" | jq -er .status.network.ip)
  [[ "$ip" == 10.231.0.* ]]
  run cri exec "$(ctr_id)" -- ip -4 -o addr show dev eth0
  [ "$status" -eq 0 ]
  [[ "$output" == *" inet $ip/24 "* ]]
  # The bridge in the suite's namespace reaches it.
  in_netns /bin/busybox ping -c 1 -W 5 "$ip"
}

@test "cri: a container's exit is seen with its code, and its output in the pod's log" {
  local c
  c=$(cri create "$(pod_id)" quitter "$CRI_IMAGE" -- sh -c 'echo bye; exit 42')
  run cri inspect "$c"
  jq -e '.status.state == "CONTAINER_CREATED"' <<<"$output"
  cri start "$c"
  wait_exited "$c"
  run cri inspect "$c"
  jq -e '.status.exit_code == 42 and .status.reason == "Error" and .status.finished_at > 0' <<<"$output"
  grep -qE '^[^ ]+ stdout F bye$' "$CRI_LOGS/quitter.log"
  cri rm "$c"
}

@test "cri: the container runs; StopContainer ends it with the stop signal" {
  local c
  c=$(ctr_id)
  run cri inspect "$c"
  jq -e '.status.state == "CONTAINER_RUNNING" and .status.started_at > 0' <<<"$output"
  grep -qE '^[^ ]+ stdout F started$' "$CRI_LOGS/sleeper.log"
  cri stop "$c" 10
  run cri inspect "$c"
  jq -e '.status.state == "CONTAINER_EXITED" and .status.exit_code == 3' <<<"$output"
  run cri exec "$c" -- true
  [ "$status" -ne 0 ]
}

@test "cri: a container's cdi.k8s.io annotation gives it the CDI device, which $RT resolves" {
  [ "$RT" = brownie ] || skip "runc has no CDI: the annotation alone gives nothing (nvidia-container-runtime wraps runc for it)"
  local c
  # The suite's own spec directory: containerd, and so the shims and brownie, run with it in
  # BROWNIE_CDI_SPEC_DIRS (daemons.bash). The host's /dev/kmsg, which the default device cgroup denies.
  cat >"$E2E_TMP/cdi/e2e-cri.json" <<'JSON'
{"cdiVersion": "0.6.0", "kind": "e2e.example.com/cri", "devices": [{"name": "kmsg", "containerEdits": {
  "deviceNodes": [{"path": "/dev/cdi-kmsg", "hostPath": "/dev/kmsg", "permissions": "w"}],
  "env": ["E2E_CDI=yes"]}}]}
JSON
  c=$(cri create "$(pod_id)" cdi "$CRI_IMAGE" --annotation cdi.k8s.io/e2e=e2e.example.com/cri=kmsg -- \
    sh -c 'echo "cdi=$E2E_CDI"; trap "exit 0" TERM; while :; do sleep 3600 & wait; done')
  cri start "$c"
  # exec's process is containerd's copy of the config, without the edits: the env is the init's (in the log)
  run cri exec "$c" -- sh -c 'stat -c %t:%T /dev/cdi-kmsg; (exec 3>/dev/cdi-kmsg) && echo open'
  [ "$status" -eq 0 ]
  [ "$output" = "$(printf '1:b\nopen')" ]
  retry 10 grep -qE '^[^ ]+ stdout F cdi=yes$' "$CRI_LOGS/cdi.log"
  "$RT_BIN" --root "$CRI_ROOT" state "$c" | jq -e '.annotations["org.brownie.cdi.devices"] == "e2e.example.com/cri=kmsg"'
  cri stop "$c" 10
  cri rm "$c"
}

@test "cri: removing the container, stopping and removing the pod leave nothing" {
  local pod c netns
  pod=$(pod_id)
  c=$(ctr_id)
  netns=$(cri inspectp "$pod" | jq -r '.info.info.runtimeSpec.linux.namespaces[] | select(.type == "network") | .path')
  [ -n "$netns" ]
  cri rm "$c"
  run cri ps --pod "$pod"
  [ "$output" = "[]" ]
  cri stopp "$pod"
  run cri inspectp "$pod"
  jq -e '.status.state == "SANDBOX_NOTREADY"' <<<"$output"
  cri rmp "$pod"
  run cri pods --label "rt=$RT"
  [ "$output" = "[]" ]
  run cr -n k8s.io tasks ls -q
  [[ "$output" != *"$pod"* && "$output" != *"$c"* ]]
  run cr -n k8s.io containers ls -q
  [[ "$output" != *"$pod"* && "$output" != *"$c"* ]]
  [ ! -e "$CRI_TASKS/$pod" ] && [ ! -e "$CRI_TASKS/$c" ]
  [ ! -e "$CRI_ROOT/$pod" ] && [ ! -e "$CRI_ROOT/$c" ]
  [ ! -e "$netns" ]
  [ -z "$(cgroups_of "$pod" "$c")" ]
}
