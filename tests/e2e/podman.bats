#!/usr/bin/env bats
# Podman (4.3, cgroupfs manager, conmon, k8s-file logs) with $RT_BIN as the OCI runtime (pm passes
# --runtime "$RT_BIN"). Every check names its container "$C" and teardown removes it.
load lib
bats_require_minimum_version 1.5.0

setup() {
  C="e2e-pm-$BATS_TEST_NUMBER"
  HOSTDIR="$BATS_TEST_TMPDIR/host"
}

teardown() {
  pm rm -f -i -t 0 "$C" "$C-2" >/dev/null 2>&1 || true
  pm pod rm -f -t 0 "$C-pod" >/dev/null 2>&1 || true
}

# The container's cgroup directory in hierarchy $1 (cgroup v1, under pm's --cgroup-parent).
cg_dir() { echo "/sys/fs/cgroup/$1/$E2E_CG-podman/libpod-$(pm inspect -f '{{.Id}}' "$C")"; }
# The container's init pid on the host.
host_pid() { pm inspect -f '{{.State.Pid}}' "$C"; }
state_is() { [ "$(pm inspect -f '{{.State.Status}}' "$C")" = "$1" ]; }
# A container that counts in /tmp/n, ten times a second, readable from the host through /proc.
run_counter() {
  pm run -d --name "$C" "$E2E_IMAGE" sh -c 'i=0; while :; do i=$((i+1)); echo $i >/tmp/n.new; mv /tmp/n.new /tmp/n; usleep 50000; done' >/dev/null
  retry 10 test -s "/proc/$(host_pid)/root/tmp/n"
}
count() { cat "/proc/$(host_pid)/root/tmp/n"; }
logs_have() { pm logs "$C" 2>&1 | grep -q "$1"; }
gone() { ! kill -0 "$1" 2>/dev/null; }
two_lines_to() { printf 'a\nb\n' | "$@"; }
NS_SCRIPT='for n in net uts ipc pid; do readlink /proc/self/ns/$n; done; hostname'

@test "podman: run --rm echo" {
  run pm run --rm --name "$C" "$E2E_IMAGE" echo hello
  [ "$status" -eq 0 ]
  [ "$output" = hello ]
  run pm ps -a --format '{{.Names}}'
  ! grep -qx "$C" <<<"$output" || false
}

@test "podman: the container runs under \$RT_BIN, whose state has it running" {
  pm run -d --name "$C" "$E2E_IMAGE" sleep 100 >/dev/null
  [ "$(pm inspect -f '{{.OCIRuntime}}' "$C")" = "$RT_BIN" ]
  run "$RT_BIN" state "$(pm inspect -f '{{.Id}}' "$C")"
  [ "$status" -eq 0 ]
  [ "$(jq -r .status <<<"$output")" = running ]
  [ "$(jq -r .pid <<<"$output")" = "$(host_pid)" ]
}

@test "podman: run passes the exit code through" {
  run pm run --rm "$E2E_IMAGE" sh -c 'exit 3'
  [ "$status" -eq 3 ]
}

@test "podman: run of a missing binary exits 127" {
  run -127 pm run --rm "$E2E_IMAGE" /no/such/binary
  [ "$status" -eq 127 ]
}

@test "podman: run of a non-executable file exits 126" {
  run pm run --rm "$E2E_IMAGE" /etc/passwd
  [ "$status" -eq 126 ]
}

@test "podman: exec runs in the container, with its exit code and -u" {
  pm run -d --name "$C" "$E2E_IMAGE" sleep 100 >/dev/null
  run pm exec "$C" sh -c 'echo in $(hostname); cat /proc/1/cmdline | tr "\0" " "'
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "in $(pm inspect -f '{{.Config.Hostname}}' "$C")" ]
  [ "${lines[1]}" = "sleep 100 " ]
  run pm exec "$C" sh -c 'exit 5'
  [ "$status" -eq 5 ]
  run pm exec -u 1000:1000 "$C" id -u
  [ "$status" -eq 0 ]
  [ "$output" = 1000 ]
  run -127 pm exec "$C" /no/such/binary
  [ "$status" -eq 127 ]
}

@test "podman: logs has the container's stdout and stderr" {
  pm run -d --name "$C" "$E2E_IMAGE" sh -c 'echo to-out; echo to-err >&2' >/dev/null
  run pm wait "$C"
  [ "$output" = 0 ]
  run pm logs "$C"
  [ "$status" -eq 0 ]
  [[ "$output" == *to-out* ]]
  [[ "$output" == *to-err* ]]
}

@test "podman: top lists the container's processes" {
  pm run -d --name "$C" "$E2E_IMAGE" sh -c 'sleep 101 & exec sleep 102' >/dev/null
  run pm top "$C" pid args
  [ "$status" -eq 0 ]
  [[ "$output" == *"sleep 101"* ]]
  [[ "$output" == *"sleep 102"* ]]
}

@test "podman: stats --no-stream reads the container's cgroup" {
  pm run -d --name "$C" "$E2E_IMAGE" sh -c 'sleep 101 & exec sleep 102' >/dev/null
  run pm stats --no-stream --format '{{.Name}} {{.PIDs}} {{.MemUsage}}' "$C"
  [ "$status" -eq 0 ]
  read -r name pids mem _ <<<"$output"
  [ "$name" = "$C" ]
  [ "$pids" -eq 2 ]
  [[ "$mem" =~ ^[0-9.]+[kMG]B$ ]]
  [[ "$mem" != 0B ]]
}

@test "podman: pause freezes the container, unpause thaws it" {
  run_counter
  run pm pause "$C"
  [ "$status" -eq 0 ]
  state_is paused
  [ "$(cat "$(cg_dir freezer)/freezer.state")" = FROZEN ]
  a=$(count)
  sleep 0.5
  [ "$(count)" = "$a" ]
  run pm unpause "$C"
  [ "$status" -eq 0 ]
  state_is running
  [ "$(cat "$(cg_dir freezer)/freezer.state")" = THAWED ]
  sleep 0.5
  [ "$(count)" -gt "$a" ]
}

@test "podman: update changes the memory limit and CPU quota of a running container" {
  pm run -d --name "$C" --memory 64m "$E2E_IMAGE" sleep 100 >/dev/null
  [ "$(pm exec "$C" cat /sys/fs/cgroup/memory/memory.limit_in_bytes)" = 67108864 ]
  run pm update --memory 96m --cpu-period 100000 --cpu-quota 50000 "$C"
  [ "$status" -eq 0 ]
  [ "$(pm exec "$C" cat /sys/fs/cgroup/memory/memory.limit_in_bytes)" = 100663296 ]
  [ "$(cat "$(cg_dir memory)/memory.limit_in_bytes")" = 100663296 ]
  [ "$(cat "$(cg_dir cpu)/cpu.cfs_quota_us")" = 50000 ]
  [ "$(cat "$(cg_dir cpu)/cpu.cfs_period_us")" = 100000 ]
  state_is running
}

@test "podman: stop sends SIGTERM, which a trap in the container sees" {
  pm run -d --name "$C" "$E2E_IMAGE" sh -c 'trap "echo got-TERM; exit 7" TERM; echo ready; while :; do usleep 50000; done' >/dev/null
  retry 10 logs_have ready
  run pm stop -t 20 "$C"
  [ "$status" -eq 0 ]
  state_is exited
  [ "$(pm inspect -f '{{.State.ExitCode}}' "$C")" = 7 ]
  run pm logs "$C"
  [[ "$output" == *got-TERM* ]]
}

@test "podman: kill delivers the signal; KILL ends the container with 137" {
  pm run -d --name "$C" "$E2E_IMAGE" sh -c 'trap "echo got-USR1" USR1; echo ready; while :; do usleep 50000; done' >/dev/null
  retry 10 logs_have ready
  run pm kill -s USR1 "$C"
  [ "$status" -eq 0 ]
  retry 10 logs_have got-USR1
  state_is running
  run pm kill "$C"
  [ "$status" -eq 0 ]
  run pm wait "$C"
  [ "$output" = 137 ]
  state_is exited
}

@test "podman: restart starts a new init process" {
  pm run -d --name "$C" "$E2E_IMAGE" sleep 100 >/dev/null
  pid1=$(host_pid)
  run pm restart -t 0 "$C"
  [ "$status" -eq 0 ]
  state_is running
  pid2=$(host_pid)
  [ "$pid2" -gt 0 ]
  [ "$pid2" != "$pid1" ]
  ! kill -0 "$pid1" 2>/dev/null || false
  [ "$(pm exec "$C" cat /proc/1/cmdline | tr '\0' ' ')" = "sleep 100 " ]
}

@test "podman: -u 1000:1000 runs as the user, HOME from /etc/passwd" {
  run pm run --rm -u 1000:1000 "$E2E_IMAGE" sh -c 'id; echo "$HOME"'
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "uid=1000(user) gid=1000(user) groups=1000(user)" ]
  [ "${lines[1]}" = /home/user ]
}

@test "podman: --read-only makes the rootfs read-only, /tmp stays writable" {
  run pm run --rm --read-only "$E2E_IMAGE" sh -c 'touch /x; echo "rc=$?"; touch /tmp/x && echo tmp-ok'
  [ "$status" -eq 0 ]
  [[ "$output" == *"Read-only file system"* ]]
  [[ "$output" == *"rc=1"* ]]
  [[ "$output" == *tmp-ok* ]]
  run pm run --rm "$E2E_IMAGE" sh -c 'touch /x && echo rw-ok'
  [ "$output" = rw-ok ]
}

@test "podman: --tmpfs mounts a tmpfs with its size" {
  run pm run --rm --tmpfs /scratch:rw,size=1m "$E2E_IMAGE" sh -c 'grep " /scratch " /proc/mounts; echo x >/scratch/f && cat /scratch/f'
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" == "tmpfs /scratch tmpfs rw,"*"size=1024k"* ]]
  [ "${lines[1]}" = x ]
}

@test "podman: --cap-drop ALL and --cap-add set CapEff" {
  run pm run --rm --cap-drop ALL "$E2E_IMAGE" grep CapEff /proc/self/status
  [ "$output" = "CapEff:	0000000000000000" ]
  run pm run --rm --cap-drop ALL --cap-add NET_ADMIN --cap-add SYS_TIME "$E2E_IMAGE" grep CapEff /proc/self/status
  [ "$output" = "CapEff:	0000000002001000" ]
  run pm run --rm --cap-drop ALL --cap-add CHOWN "$E2E_IMAGE" sh -c 'touch /tmp/f; chown 1000 /tmp/f && echo chown-ok; chgrp 1000 /tmp/f; echo "rc=$?"'
  [[ "$output" == *chown-ok* ]]
  [[ "$output" == *"rc=0"* ]]
  run pm run --rm --cap-drop ALL "$E2E_IMAGE" sh -c 'touch /tmp/f; chown 1000 /tmp/f'
  [ "$status" -ne 0 ]
  [[ "$output" == *"Operation not permitted"* ]]
}

@test "podman: the default seccomp profile is loaded, seccomp=unconfined is not" {
  run pm run --rm "$E2E_IMAGE" grep '^Seccomp:' /proc/self/status
  [ "$output" = "Seccomp:	2" ]
  run pm run --rm --security-opt seccomp=unconfined "$E2E_IMAGE" grep '^Seccomp:' /proc/self/status
  [ "$output" = "Seccomp:	0" ]
}

@test "podman: a seccomp profile blocking mkdir, and seccomp=unconfined" {
  cat >"$BATS_TEST_TMPDIR/seccomp.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
JSON
  run pm run --rm --security-opt seccomp="$BATS_TEST_TMPDIR/seccomp.json" "$E2E_IMAGE" mkdir /tmp/d
  [ "$status" -eq 1 ]
  [[ "$output" == *"Operation not permitted"* ]]
  run pm run --rm --security-opt seccomp=unconfined "$E2E_IMAGE" sh -c 'mkdir /tmp/d && echo made'
  [ "$status" -eq 0 ]
  [ "$output" = made ]
}

@test "podman: -v binds read-write and read-only" {
  mkdir -p "$HOSTDIR/rw" "$HOSTDIR/ro"
  echo from-host >"$HOSTDIR/ro/f"
  run pm run --rm -v "$HOSTDIR/rw:/rw" -v "$HOSTDIR/ro:/ro:ro" "$E2E_IMAGE" sh -c \
    'echo from-ctr >/rw/f && cat /ro/f; echo x >/ro/g; echo "rc=$?"'
  [ "$status" -eq 0 ]
  [[ "$output" == *from-host* ]]
  [[ "$output" == *"Read-only file system"* ]]
  [[ "$output" == *"rc=1"* ]]
  [ "$(cat "$HOSTDIR/rw/f")" = from-ctr ]
  [ ! -e "$HOSTDIR/ro/g" ]
}

@test "podman: --ulimit sets the rlimits" {
  run pm run --rm --ulimit nofile=512:768 --ulimit nproc=1000:2000 "$E2E_IMAGE" sh -c 'ulimit -Sn; ulimit -Hn; ulimit -Su; ulimit -Hu'
  [ "$status" -eq 0 ]
  [ "${lines[*]}" = "512 768 1000 2000" ]
}

@test "podman: --pids-limit reads back inside and on the host, and holds" {
  pm run -d --name "$C" --pids-limit 20 "$E2E_IMAGE" sleep 100 >/dev/null
  [ "$(pm exec "$C" cat /sys/fs/cgroup/pids/pids.max)" = 20 ]
  [ "$(cat "$(cg_dir pids)/pids.max")" = 20 ]
  run pm exec "$C" sh -c 'for i in $(seq 30); do sleep 10 & done; wait'
  [[ "$output" == *"can't fork"* ]] || [[ "$output" == *"Resource temporarily unavailable"* ]]
}

@test "podman: --memory is the cgroup's limit, and going over it is an OOM kill (137)" {
  run pm run --name "$C" --memory 32m --memory-swap 32m "$E2E_IMAGE" sh -c \
    'cat /sys/fs/cgroup/memory/memory.limit_in_bytes; tail /dev/zero'
  [ "$status" -eq 137 ]
  [ "${lines[0]}" = 33554432 ]
  [ "$(pm inspect -f '{{.State.ExitCode}}' "$C")" = 137 ]
}

@test "podman: --init runs podman-init as pid 1" {
  run pm run --rm --init "$E2E_IMAGE" sh -c 'tr "\0" " " </proc/1/cmdline'
  [ "$status" -eq 0 ]
  [[ "$output" == "/run/podman-init -- sh -c "* ]]
  run pm run --rm --init "$E2E_IMAGE" sh -c 'exit 4'
  [ "$status" -eq 4 ]
}

@test "podman: --network none leaves only lo" {
  run pm run --rm --network none "$E2E_IMAGE" sh -c 'tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " "'
  [ "$status" -eq 0 ]
  [ "$output" = lo ]
}

@test "podman: rm -f removes a running container and ends its processes" {
  pm run -d --name "$C" "$E2E_IMAGE" sleep 100 >/dev/null
  pid=$(host_pid)
  kill -0 "$pid"
  dir=$(cg_dir pids)
  run pm rm -f -t 0 "$C"
  [ "$status" -eq 0 ]
  run pm ps -a --format '{{.Names}}'
  ! grep -qx "$C" <<<"$output" || false
  retry 10 gone "$pid"
  [ ! -d "$dir" ]
}

@test "podman: run -i passes stdin, -t gives a terminal, exec -t too" {
  run sh -c "printf 'a\\nb\\n' | CONTAINERS_CONF=$E2E_TMP/containers.conf CONTAINERS_STORAGE_CONF=$E2E_TMP/storage.conf \
    nsenter --net=/run/netns/$E2E_NETNS -- podman --runtime $RT_BIN run -i --rm --cgroup-parent /$E2E_CG-podman $E2E_IMAGE wc -l"
  [ "$status" -eq 0 ]
  [ "$output" = 2 ]
  run pm run --rm -t "$E2E_IMAGE" sh -c 'tty; [ -t 0 ] && echo is-tty; exit 6'
  [ "$status" -eq 6 ]
  [ "$(tr -d '\r' <<<"$output")" = "/dev/pts/0
is-tty" ]
  pm run -d --name "$C" "$E2E_IMAGE" sleep 100 >/dev/null
  run pm exec -t "$C" sh -c '[ -t 0 ] && tty'
  [ "$status" -eq 0 ]
  [[ "$output" == /dev/pts/* ]]
  run pm exec "$C" sh -c '[ -t 0 ] || echo no-tty'
  [ "$output" = no-tty ]
}

@test "podman: containers of a pod share the infra container's net, uts and ipc namespaces" {
  pm pod create --name "$C-pod" >/dev/null
  pm run -d --pod "$C-pod" --name "$C" "$E2E_IMAGE" sleep 100 >/dev/null
  run pm exec "$C" sh -c "$NS_SCRIPT"
  [ "$status" -eq 0 ]
  a=("${lines[@]}")
  run pm run --rm --pod "$C-pod" "$E2E_IMAGE" sh -c "$NS_SCRIPT"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "${a[0]}" ]
  [ "${lines[1]}" = "${a[1]}" ]
  [ "${lines[2]}" = "${a[2]}" ]
  [ "${lines[3]}" != "${a[3]}" ]
  [ "${lines[4]}" = "$C-pod" ]
  [ "$(readlink /proc/self/ns/net)" != "${a[0]}" ]
}

@test "podman: --pid container: and --network container: join the other container's namespaces" {
  pm run -d --name "$C" "$E2E_IMAGE" sleep 123 >/dev/null
  run pm exec "$C" sh -c "$NS_SCRIPT"
  a=("${lines[@]}")
  run pm run --rm --name "$C-2" --pid "container:$C" --network "container:$C" "$E2E_IMAGE" sh -c "$NS_SCRIPT; ps -o args | grep -c '^sleep 123'"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "${a[0]}" ]
  [ "${lines[1]}" != "${a[1]}" ]
  [ "${lines[3]}" = "${a[3]}" ]
  [ "${lines[5]}" = 1 ]
}

@test "podman: --uidmap and --gidmap run the container in a user namespace" {
  run pm run --rm --uidmap 0:100000:65536 --gidmap 0:100000:65536 "$E2E_IMAGE" sh -c \
    'cat /proc/self/uid_map /proc/self/gid_map; id -u; touch /tmp/f && stat -c "%u %g" /tmp/f'
  [ "$status" -eq 0 ]
  [ "$(echo ${lines[0]})" = "0 100000 65536" ]
  [ "$(echo ${lines[1]})" = "0 100000 65536" ]
  [ "${lines[2]}" = 0 ]
  [ "${lines[3]}" = "0 0" ]
}

@test "podman: --privileged keeps every capability of the host, no seccomp, the host's devices" {
  bnd=$(awk '$1 == "CapBnd:" {print $2}' /proc/self/status)
  run pm run --rm --privileged "$E2E_IMAGE" sh -c 'grep -E "^(CapEff|Seccomp):" /proc/self/status; test -c /dev/loop-control && echo loop'
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "CapEff:	$bnd" ]
  [ "${lines[1]}" = "Seccomp:	0" ]
  [ "${lines[2]}" = loop ]
  run pm run --rm "$E2E_IMAGE" test -e /dev/loop-control
  [ "$status" -eq 1 ]
}

@test "podman: -w, --hostname, -e, --group-add, no-new-privileges, --oom-score-adj, --shm-size" {
  run pm run --rm -w /etc --hostname hh -e A=b --group-add 10 --security-opt no-new-privileges \
    --oom-score-adj 300 --shm-size 8m "$E2E_IMAGE" sh -c \
    'pwd; hostname; echo "$A"; id -G; grep NoNewPrivs /proc/self/status; cat /proc/self/oom_score_adj; grep " /dev/shm " /proc/mounts'
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = /etc ]
  [ "${lines[1]}" = hh ]
  [ "${lines[2]}" = b ]
  [ "${lines[3]}" = "0 10" ]
  [ "${lines[4]}" = "NoNewPrivs:	1" ]
  [ "${lines[5]}" = 300 ]
  [[ "${lines[6]}" == *" /dev/shm tmpfs "*"size=8192k"* ]]
  run pm run --rm "$E2E_IMAGE" grep NoNewPrivs /proc/self/status
  [ "$output" = "NoNewPrivs:	0" ]
}

@test "podman: --cpu-shares and --cpus read back in the cpu cgroup" {
  run pm run --rm --cpu-shares 512 --cpus 0.5 "$E2E_IMAGE" cat /sys/fs/cgroup/cpu/cpu.shares \
    /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu/cpu.cfs_period_us
  [ "$status" -eq 0 ]
  [ "${lines[*]}" = "512 50000 100000" ]
}

@test "podman: --device adds the node and allows it in the devices cgroup" {
  run pm run --rm --device /dev/zero:/dev/myzero "$E2E_IMAGE" sh -c \
    'stat -c "%F %t:%T" /dev/myzero; head -c 3 /dev/myzero | od -An -tx1; grep -c "^c 1:5 rwm" /sys/fs/cgroup/devices/devices.list'
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "character special file 1:5" ]
  [ "$(echo ${lines[1]})" = "00 00 00" ]
  [ "${lines[2]}" = 1 ]
}

@test "podman: --sysctl sets namespaced sysctls" {
  run pm run --rm --sysctl net.ipv4.ip_forward=1 --sysctl kernel.shm_rmid_forced=1 "$E2E_IMAGE" \
    cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shm_rmid_forced
  [ "$status" -eq 0 ]
  [ "${lines[*]}" = "1 1" ]
}

# runc makes every container process (init and exec) a session and process-group leader (setsid), which
# conmon relies on: on --timeout it kills getpgid(container pid), the whole group.
@test "podman: the init and exec'd processes lead their own session and process group" {
  run pm run --rm "$E2E_IMAGE" sh -c 'cut -d" " -f1,5,6 /proc/1/stat'
  [ "$output" = "1 1 1" ]
  pm run -d --name "$C" "$E2E_IMAGE" sleep 100 >/dev/null
  run pm exec "$C" sh -c 'read -r pid _ _ _ pgrp sid _ </proc/self/stat; echo "$((pgrp - pid)) $((sid - pid))"'
  [ "$output" = "0 0" ]
}

@test "podman: --timeout kills the container and it is marked exited" {
  pm run -d --name "$C" --timeout 2 "$E2E_IMAGE" sleep 60 >/dev/null
  pid=$(host_pid)
  retry 10 state_is exited
  [ "$(pm inspect -f '{{.State.ExitCode}}' "$C")" = -1 ]
  gone "$pid"
}

@test "podman: --annotation cdi.k8s.io/x=vendor/class=name reaches config.json and $RT injects the device" {
  [ "$RT" = brownie ] || skip "runc has no CDI: the annotation alone gives nothing (nvidia-container-runtime wraps runc for it)"
  local dir="$BATS_TEST_TMPDIR/cdi" bin="$BATS_TEST_TMPDIR/bin"
  mkdir -p "$dir" "$bin"
  # The host's /dev/kmsg, which the default device cgroup denies, as /dev/cdi-kmsg, with env.
  cat >"$dir/e2e.yaml" <<'YAML'
cdiVersion: 0.6.0
kind: e2e.example.com/podman
devices:
  - name: kmsg
    containerEdits:
      deviceNodes: [{path: /dev/cdi-kmsg, hostPath: /dev/kmsg, permissions: w}]
      env: [E2E_CDI=yes]
YAML
  # conmon runs the runtime with an environment of podman's choosing: a wrapper gives it the spec directory.
  printf '#!/bin/sh\nBROWNIE_CDI_SPEC_DIRS=%s exec %s "$@"\n' "$dir" "$E2E_BROWNIE" >"$bin/brownie"
  chmod +x "$bin/brownie"
  RT_BIN="$bin/brownie" run pm run --rm --name "$C" --annotation cdi.k8s.io/e2e=e2e.example.com/podman=kmsg \
    "$E2E_IMAGE" sh -c 'stat -c %t:%T /dev/cdi-kmsg; echo "$E2E_CDI"; (exec 3>/dev/cdi-kmsg) && echo open'
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$output" = "$(printf '1:b\nyes\nopen')" ]
  # without the annotation: no device
  RT_BIN="$bin/brownie" run pm run --rm --name "$C" "$E2E_IMAGE" sh -c 'test -e /dev/cdi-kmsg || echo none'
  [ "$output" = none ]
}
