#!/usr/bin/env bats
# ctr (containerd 1.6, the io.containerd.runc.v2 shim) with $RT_BIN as the shim's runc binary
# (ctr run --runc-binary, kept in the container's runtime options). Every check names its container "$C"
# and teardown kills and removes its task and the container. ctr puts its cgroup at /$E2E_CG/$C.
# ctr copies stdout and stderr through two fifos, so a check that needs their order joins them (exec 2>&1).
load lib
bats_require_minimum_version 1.5.0

setup() {
  C="e2e-cr-$BATS_TEST_NUMBER"
  IMG="docker.io/$E2E_IMAGE"
  HOSTDIR="$BATS_TEST_TMPDIR/host"
  mkdir -p "$HOSTDIR"
}

teardown() {
  cr task kill -s SIGKILL "$C" >/dev/null 2>&1 || true
  cr task rm -f "$C" >/dev/null 2>&1 || true
  cr container rm "$C" >/dev/null 2>&1 || true
  cr container rm "$C-2" >/dev/null 2>&1 || true
}

crun() { cr run --runc-binary "$RT_BIN" "$@"; }
# ctr under a pseudo-terminal of script(1), for -t; it sees no functions, so the full command line.
ctr_tty() {
  script -qec "ctr --address $E2E_TMP/containerd.sock -n $E2E_CG $*" /dev/null
}
# A field of the task's row in task ls: 2 the pid, 3 the status.
task_field() { cr task ls | awk -v c="$C" -v f="$1" '$1 == c { print $f }'; }
task_is() { [ "$(task_field 3)" = "$1" ]; }
cg_dir() { echo "/sys/fs/cgroup/$1/$E2E_CG/$C"; }
log_has() { grep -q "$1" "$HOSTDIR/log"; }
# A container that counts in /tmp/n, readable from the host through /proc.
run_counter() {
  crun -d "$IMG" "$C" sh -c 'i=0; while :; do i=$((i+1)); echo $i >/tmp/n.new; mv /tmp/n.new /tmp/n; usleep 50000; done'
  retry 10 test -s "/proc/$(task_field 2)/root/tmp/n"
}
count() { cat "/proc/$(task_field 2)/root/tmp/n"; }

@test "ctr: run --rm echo" {
  run crun --rm "$IMG" "$C" echo hello
  [ "$status" -eq 0 ]
  [ "$output" = hello ]
  run cr container ls -q
  [[ " $output " != *" $C "* ]]
}

@test "ctr: run --rm passes the exit code through" {
  run crun --rm "$IMG" "$C" sh -c 'exit 3'
  [ "$status" -eq 3 ]
  run cr container ls -q
  [[ " $output " != *" $C "* ]]
}

@test "ctr: run --rm of a missing or non-executable binary fails with the runtime's exec error" {
  run crun --rm "$IMG" "$C" /no/such/binary
  [ "$status" -eq 1 ]
  [[ "$output" == *'exec: "/no/such/binary": stat /no/such/binary: no such file or directory'* ]]
  run crun --rm "$IMG" "$C" /etc/passwd
  [ "$status" -eq 1 ]
  [[ "$output" == *'exec: "/etc/passwd": permission denied'* ]]
  run cr container ls -q
  [[ " $output " != *" $C "* ]]
}

@test "ctr: the shim runs \$RT_BIN, whose state has the task running" {
  crun -d "$IMG" "$C" sleep 100
  bundle="$E2E_TMP/containerd/state/io.containerd.runtime.v2.task/$E2E_CG/$C"
  [ "$(jq -r .binary_name "$bundle/options.json")" = "$RT_BIN" ]
  run "$RT_BIN" --root "/run/containerd/runc/$E2E_CG" state "$C"
  [ "$status" -eq 0 ]
  [ "$(jq -r .status <<<"$output")" = running ]
  [ "$(jq -r .pid <<<"$output")" = "$(task_field 2)" ]
  grep -qx "$(task_field 2)" "$(cg_dir pids)/cgroup.procs"
}

@test "ctr: run -t gives the process a terminal" {
  run ctr_tty run --rm -t --runc-binary "$RT_BIN" "$IMG" "$C" sh -c "'tty; [ -t 0 ] && [ -t 1 ] && echo is-tty; exit 2'"
  [ "$status" -eq 2 ]
  [[ "$output" == *"/dev/pts/0"* ]]
  [[ "$output" == *is-tty* ]]
  run crun --rm "$IMG" "$C" sh -c '[ -t 0 ] || echo no-tty'
  [ "$output" = no-tty ]
}

@test "ctr: run -d, then task ls and task exec with and without a tty" {
  crun -d "$IMG" "$C" sleep 100
  task_is RUNNING
  [ "$(task_field 2)" -gt 0 ]
  run cr task exec --exec-id e1 "$C" sh -c 'echo in-exec; tr "\0" " " </proc/1/cmdline; exit 4'
  [ "$status" -eq 4 ]
  [ "${lines[0]}" = in-exec ]
  [ "${lines[1]}" = "sleep 100 " ]
  run cr task exec --exec-id e2 "$C" sh -c '[ -t 0 ] || echo no-tty'
  [ "$output" = no-tty ]
  run ctr_tty task exec -t --exec-id e3 "$C" sh -c "'tty; [ -t 0 ] && echo is-tty; exit 5'"
  [ "$status" -eq 5 ]
  [[ "$output" == *"/dev/pts/"* ]]
  [[ "$output" == *is-tty* ]]
  run cr task exec --exec-id e4 --cwd /etc --user 1000 "$C" sh -c 'echo "$(pwd) $(id -u)"'
  [ "$output" = "/etc 1000" ]
  task_is RUNNING
}

@test "ctr: task ps lists the init process and an exec'd one" {
  crun -d "$IMG" "$C" sleep 100
  cr task exec -d --exec-id e1 "$C" sleep 101
  pid=$(task_field 2)
  retry 10 sh -c "[ \$(wc -l <$(cg_dir pids)/cgroup.procs) -eq 2 ]"
  run cr task ps "$C"
  [ "$status" -eq 0 ]
  pids=$(tail -n +2 <<<"$output" | awk '{print $1}' | sort -n | tr '\n' ' ')
  [ "$pids" = "$(sort -n "$(cg_dir pids)/cgroup.procs" | tr '\n' ' ')" ]
  [[ " $pids " == *" $pid "* ]]
  [ "$(wc -w <<<"$pids")" -eq 2 ]
}

@test "ctr: task metrics reads the task's cgroup" {
  crun -d --memory-limit 67108864 "$IMG" "$C" sh -c 'sleep 101 & exec sleep 102'
  run cr task metrics "$C"
  [ "$status" -eq 0 ]
  [ "$(awk '$1 == "memory.limit_in_bytes" {print $2}' <<<"$output")" = 67108864 ]
  [ "$(awk '$1 == "memory.usage_in_bytes" {print $2}' <<<"$output")" -gt 0 ]
  [ "$(awk '$1 == "pids.current" {print $2}' <<<"$output")" = 2 ]
  [ "$(awk '$1 == "cpuacct.usage" {print $2}' <<<"$output")" -gt 0 ]
}

@test "ctr: task pause freezes the task (PAUSED), resume thaws it" {
  run_counter
  run cr task pause "$C"
  [ "$status" -eq 0 ]
  task_is PAUSED
  [ "$(cat "$(cg_dir freezer)/freezer.state")" = FROZEN ]
  a=$(count)
  sleep 0.5
  [ "$(count)" = "$a" ]
  run cr task resume "$C"
  [ "$status" -eq 0 ]
  task_is RUNNING
  [ "$(cat "$(cg_dir freezer)/freezer.state")" = THAWED ]
  sleep 0.5
  [ "$(count)" -gt "$a" ]
}

@test "ctr: --memory-limit is the cgroup's limit, and going over it is an OOM kill (137)" {
  crun -d --memory-limit 33554432 "$IMG" "$C" sleep 100
  [ "$(cat "$(cg_dir memory)/memory.limit_in_bytes")" = 33554432 ]
  cr task kill -s SIGKILL "$C"
  retry 10 task_is STOPPED
  cr task rm "$C" >/dev/null 2>&1
  cr container rm "$C"
  run crun --rm --memory-limit 33554432 "$IMG" "$C" tail /dev/zero
  [ "$status" -eq 137 ]
}

@test "ctr: --seccomp loads containerd's default profile, which blocks unshare" {
  run crun --rm --seccomp "$IMG" "$C" sh -c 'exec 2>&1; grep "^Seccomp:" /proc/self/status; unshare -U true'
  [ "$status" -eq 1 ]
  [ "${lines[0]}" = "Seccomp:	2" ]
  [[ "$output" == *"unshare("*"): Operation not permitted"* ]]
  run crun --rm "$IMG" "$C" sh -c 'grep "^Seccomp:" /proc/self/status; unshare -U true && echo unshared'
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "Seccomp:	0" ]
  [ "${lines[1]}" = unshared ]
}

@test "ctr: --read-only makes the rootfs read-only" {
  run crun --rm --read-only "$IMG" "$C" sh -c 'touch /x; echo "rc=$?"; grep "^[^ ]* / " /proc/mounts'
  [ "$status" -eq 0 ]
  [[ "$output" == *"Read-only file system"* ]]
  [[ "$output" == *"rc=1"* ]]
  [[ "$output" == *" / overlay ro,"* ]]
  run crun --rm "$IMG" "$C" sh -c 'touch /x && echo rw-ok'
  [ "$output" = rw-ok ]
}

@test "ctr: --mount binds read-only (rbind:ro) and read-write (rbind:rw)" {
  mkdir -p "$HOSTDIR/ro" "$HOSTDIR/rw"
  echo from-host >"$HOSTDIR/ro/f"
  run crun --rm --mount "type=bind,src=$HOSTDIR/ro,dst=/ro,options=rbind:ro" \
    --mount "type=bind,src=$HOSTDIR/rw,dst=/rw,options=rbind:rw" "$IMG" "$C" \
    sh -c 'exec 2>&1; cat /ro/f; echo x >/ro/g; echo "rc=$?"; echo from-ctr >/rw/f'
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = from-host ]
  [[ "$output" == *"Read-only file system"* ]]
  [[ "$output" == *"rc=1"* ]]
  [ ! -e "$HOSTDIR/ro/g" ]
  [ "$(cat "$HOSTDIR/rw/f")" = from-ctr ]
}

@test "ctr: --env and --cwd reach the process" {
  run crun --rm --env FOO=bar --env "SP=a b" --cwd /etc "$IMG" "$C" sh -c 'echo "$FOO|$SP|$(pwd)|$PATH"'
  [ "$status" -eq 0 ]
  [ "$output" = "bar|a b|/etc|/usr/sbin:/usr/bin:/sbin:/bin" ]
}

@test "ctr: task kill sends SIGTERM to a trap; the task is STOPPED with its exit status" {
  crun -d --log-uri "file://$HOSTDIR/log" "$IMG" "$C" sh -c 'trap "echo got-TERM; exit 7" TERM; echo ready; while :; do usleep 50000; done'
  retry 10 log_has ready
  run cr task kill "$C"
  [ "$status" -eq 0 ]
  retry 10 task_is STOPPED
  log_has got-TERM
  run cr task rm "$C"
  [ "$status" -eq 0 ]
  [[ "$output" == *"exit code 7"* ]]
}

@test "ctr: task kill -s SIGKILL stops the task with 137" {
  crun -d "$IMG" "$C" sleep 100
  pid=$(task_field 2)
  run cr task kill -s SIGKILL "$C"
  [ "$status" -eq 0 ]
  retry 10 task_is STOPPED
  ! kill -0 "$pid" 2>/dev/null || false
  run cr task rm "$C"
  [[ "$output" == *"exit code 137"* ]]
  [ ! -d "$(cg_dir pids)" ]
}

@test "ctr: --cap-drop and --cap-add change CapEff from the default set" {
  run crun --rm "$IMG" "$C" grep CapEff /proc/self/status
  [ "$output" = "CapEff:	00000000a80425fb" ]
  run crun --rm --cap-drop CAP_CHOWN --cap-add CAP_SYS_TIME "$IMG" "$C" grep CapEff /proc/self/status
  [ "$output" = "CapEff:	00000000aa0425fa" ]
  run crun --rm --cap-drop CAP_CHOWN "$IMG" "$C" sh -c 'touch /tmp/f; chown 1000 /tmp/f'
  [ "$status" -eq 1 ]
  [[ "$output" == *"Operation not permitted"* ]]
}

@test "ctr: --privileged keeps the host's capabilities; --allow-new-privs clears NoNewPrivs" {
  bnd=$(awk '$1 == "CapBnd:" {print $2}' /proc/self/status)
  run crun --rm --privileged "$IMG" "$C" sh -c 'grep -E "^(CapEff|Seccomp):" /proc/self/status; test -c /dev/loop-control && echo loop'
  [ "${lines[0]}" = "CapEff:	$bnd" ]
  [ "${lines[1]}" = "Seccomp:	0" ]
  [ "${lines[2]}" = loop ]
  run crun --rm "$IMG" "$C" grep NoNewPrivs /proc/self/status
  [ "$output" = "NoNewPrivs:	1" ]
  run crun --rm --allow-new-privs "$IMG" "$C" grep NoNewPrivs /proc/self/status
  [ "$output" = "NoNewPrivs:	0" ]
}

@test "ctr: --cpus and --cpu-shares read back in the task's cpu cgroup" {
  crun -d --cpus 0.5 --cpu-shares 512 "$IMG" "$C" sleep 100
  [ "$(cat "$(cg_dir cpu)/cpu.cfs_quota_us")" = 50000 ]
  [ "$(cat "$(cg_dir cpu)/cpu.cfs_period_us")" = 100000 ]
  [ "$(cat "$(cg_dir cpu)/cpu.shares")" = 512 ]
}

@test "ctr: --net-host and --with-ns network: join existing network namespaces" {
  run crun --rm --net-host "$IMG" "$C" readlink /proc/self/ns/net
  [ "$output" = "$(in_netns readlink /proc/self/ns/net)" ]
  crun -d --pid-file "$HOSTDIR/pid" "$IMG" "$C" sleep 100
  pid=$(cat "$HOSTDIR/pid")
  [ "$pid" = "$(task_field 2)" ]
  mine=$(readlink "/proc/$pid/ns/net")
  [ "$mine" != "$(in_netns readlink /proc/self/ns/net)" ]
  run crun --rm --with-ns "network:/proc/$pid/ns/net" "$IMG" "$C-2" readlink /proc/self/ns/net
  [ "$status" -eq 0 ]
  [ "$output" = "$mine" ]
}

@test "ctr: --no-pivot runs the container without pivot_root" {
  run crun --rm --no-pivot "$IMG" "$C" sh -c 'grep -c "^[^ ]* / overlay " /proc/mounts; cat /etc/hostname 2>/dev/null; ls /'
  [ "$status" -eq 0 ]
  [ "${lines[0]}" -ge 1 ]
  [[ "$output" == *home* ]]
}

# runc makes every container process (init and exec) a session and process-group leader (setsid).
@test "ctr: the init and exec'd processes lead their own session and process group" {
  run crun --rm "$IMG" "$C" sh -c 'cut -d" " -f1,5,6 /proc/1/stat'
  [ "$output" = "1 1 1" ]
  crun -d "$IMG" "$C" sleep 100
  run cr task exec --exec-id e1 "$C" sh -c 'read -r pid _ _ _ pgrp sid _ </proc/self/stat; echo "$((pgrp - pid)) $((sid - pid))"'
  [ "$output" = "0 0" ]
}
