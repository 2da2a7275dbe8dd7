#!/usr/bin/env bats
# Docker's checkpoint and restore (run inside the systemd VMs by tests/vm/run, whose kernel Debian's criu
# handles): dockerd (experimental, tests/vm/systemd/image-setup's daemon.json) checkpoints a counting
# container with `docker checkpoint create` and restores it with `docker start --checkpoint`, containerd's
# runc shim calling the runtime's checkpoint and restore; with Debian's runc as the reference and with
# brownie (--runtime brownie). The count goes on from where it was, not from 0 (docker logs). Containers
# run with --network none: the VM's dockerd has no bridge.

load ../integration/helpers

setup_file() {
  systemctl start docker.service
  ensure_rootfs
  tar -C "$RUN_TMP/rootfs" -c . | docker import - brownie-busybox >/dev/null
}
teardown_file() {
  systemctl stop docker.service docker.socket containerd.service
  remove_run_cgroups
}
setup() {
  command -v criu >/dev/null || skip "criu is not in the VM image (tests/vm/systemd/packages)"
  export WAIT_TRIES=300 # TCG is slow
}
teardown() { docker ps -aq | xargs -r docker rm -f >/dev/null; }

# ok_or_logs: the last run succeeded, else what the engine, the shim and criu logged is shown
ok_or_logs() {
  echo "$output"
  [ "$status" -eq 0 ] && return 0
  journalctl --no-pager -q -u docker.service -u containerd.service | grep -E 'level=(error|warning)' | tail -n 10
  find /run/containerd /var/lib/containerd /var/lib/docker -name 'dump.log' -o -name 'restore.log' \
    -o -name 'log.json' 2>/dev/null | while read -r f; do
    echo "--- $f"
    grep -vE 'mnt:|sockets:|Inspecting|cg: |cg-prop' "$f" | tail -n 40
  done
  return 1
}

# the container's count: its last line of output
last_count() { docker logs "$1" 2>/dev/null | tail -n 1; }
count_at_least() { local c; c=$(last_count "$1"); [ -n "$c" ] && [ "$c" -ge "$2" ]; }
running_is() { [ "$(docker inspect -f '{{.State.Running}}' "$1")" = "$2" ]; }

# counter RUNTIME: a busybox container counting five times a second, its id in $CTR
counter() {
  CTR=$(docker run -d --runtime "$1" --network none brownie-busybox \
    sh -c 'i=0; while :; do echo $i; i=$((i+1)); sleep 0.2; done')
  wait_for count_at_least "$CTR" 10
}

# checkpoint_restore RUNTIME: checkpoint stops the container, start --checkpoint goes on counting from
# where it was: the logs count up from 0 once, each number once
checkpoint_restore() {
  counter "$1"
  run docker checkpoint create "$CTR" cp1
  ok_or_logs
  wait_for running_is "$CTR" false
  at=$(last_count "$CTR")
  run docker start --checkpoint cp1 "$CTR"
  ok_or_logs
  wait_for running_is "$CTR" true
  wait_for count_at_least "$CTR" $((at + 10))
  docker logs "$CTR" >"$BATS_TEST_TMPDIR/logs"
  [ "$(head -n 1 "$BATS_TEST_TMPDIR/logs")" = 0 ]
  [ "$(grep -cx 0 "$BATS_TEST_TMPDIR/logs")" = 1 ]
  sort -n -c -u "$BATS_TEST_TMPDIR/logs"
  # the restored process is the container's: in its docker-<id>.scope, entered by exec, stopped by docker
  pid=$(docker inspect -f '{{.State.Pid}}' "$CTR")
  grep -q "/system.slice/docker-$CTR.scope\$" "/proc/$pid/cgroup"
  [ "$(docker exec "$CTR" sh -c 'echo in $(cat /proc/1/comm)')" = "in sh" ]
  docker stop -t 1 "$CTR" >/dev/null
  wait_for running_is "$CTR" false
}

# leave_running RUNTIME: checkpoint --leave-running keeps the container counting; stopped and started from
# that checkpoint, it counts again from the checkpoint's number, below where it had got to
leave_running() {
  counter "$1"
  before=$(last_count "$CTR")
  run docker checkpoint create --leave-running "$CTR" cp2
  ok_or_logs
  running_is "$CTR" true
  at=$(last_count "$CTR")
  wait_for count_at_least "$CTR" $((at + 20))
  docker stop -t 1 "$CTR" >/dev/null
  wait_for running_is "$CTR" false
  stopped_at=$(last_count "$CTR")
  logged=$(docker logs "$CTR" 2>/dev/null | wc -l)
  run docker start --checkpoint cp2 "$CTR"
  ok_or_logs
  wait_for count_at_least "$CTR" $((stopped_at + 1))
  # the first number after the restart: the checkpoint's (taken while the count went from $before to
  # $at), not 0 and not stopped_at + 1
  first=$(docker logs "$CTR" 2>/dev/null | sed -n "$((logged + 1))p")
  echo "checkpoint between $before and $at, stopped at $stopped_at, restored counting from $first"
  [ "$first" -ge "$before" ]
  [ "$first" -le $((at + 1)) ]
  [ "$first" -lt "$stopped_at" ]
}

@test "docker checkpoint create and start --checkpoint with runc: the count goes on from where it was" {
  checkpoint_restore runc
}

@test "docker checkpoint create and start --checkpoint with brownie: the count goes on from where it was" {
  checkpoint_restore brownie
}

@test "docker checkpoint create --leave-running with runc: restarted from the checkpoint, the count goes back to it" {
  leave_running runc
}

@test "docker checkpoint create --leave-running with brownie: restarted from the checkpoint, the count goes back to it" {
  leave_running brownie
}
