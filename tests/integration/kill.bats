#!/usr/bin/env bats
# kill: signal names and numbers, the default SIGTERM, --all, and the errors containerd matches.

load helpers

# A container that logs the signals it gets to /tmp/sig and is ready once /tmp/ready exists.
trap_signals() {
  set_cmd 'for s in TERM USR1 USR2 HUP INT; do trap "echo $s >> /tmp/sig" $s; done
    echo ready > /tmp/ready; while true; do sleep 0.1; done'
}
got_signal() { wait_for grep -qx "$1" "$BUNDLE/rootfs/tmp/sig"; }

@test "kill sends SIGTERM by default" {
  trap_signals
  run_detached
  wait_for test -e "$BUNDLE/rootfs/tmp/ready"
  run rt kill "$ID"
  [ "$status" -eq 0 ]
  got_signal TERM
}

@test "kill takes the signal as NAME, SIGNAME, number, and in lower case, as runc" {
  trap_signals
  run_detached
  wait_for test -e "$BUNDLE/rootfs/tmp/ready"
  rt kill "$ID" USR1
  got_signal USR1
  rt kill "$ID" SIGUSR2
  got_signal USR2
  rt kill "$ID" 1
  got_signal HUP
  rt kill "$ID" sigint
  got_signal INT
  rm -f "$BUNDLE/rootfs/tmp/sig"
  rt kill "$ID" usr1
  got_signal USR1
  rt kill "$ID" 9
  wait_for status_is "$ID" stopped
}

@test "kill with an unknown signal errors and the container keeps running" {
  set_args sleep 100
  run_detached
  for sig in SIGNOPE NOPE 999 -9; do
    run rt kill "$ID" "$sig"
    echo "$sig: $status"
    [ "$status" -ne 0 ]
  done
  [ "$(container_status "$ID")" = running ]
}

@test "kill of a created container: SIGKILL stops it" {
  set_args sleep 100
  create_container
  pid=$(init_pid "$ID")
  run rt kill "$ID" KILL
  [ "$status" -eq 0 ]
  wait_for status_is "$ID" stopped
  wait_for process_dead "$pid"
}

@test "kill of a stopped container errors with container not running; kill --all of it does not" {
  set_args true
  run_detached
  wait_for status_is "$ID" stopped
  run rt kill "$ID" KILL
  [ "$status" -ne 0 ]
  [[ "$output" == *"container not running"* ]]
  run rt kill --all "$ID" KILL
  [ "$status" -eq 0 ]
  run rt kill -a "$ID"
  [ "$status" -eq 0 ]
}

@test "kill of an unknown container errors with does not exist" {
  run rt kill "$ID-unknown" KILL
  [ "$status" -ne 0 ]
  [[ "$output" == *"does not exist"* ]]
}

@test "kill --all signals every process of the container (shared pid namespace)" {
  update_config '.linux.namespaces |= map(select(.type != "pid"))'
  set_cmd 'sleep 100 & sleep 100 & wait'
  run_detached
  wait_for eval '[ "$(cgroup_pids "$ID" | wc -l)" -ge 3 ]'
  pids=$(cgroup_pids "$ID")
  save_container_pids "$ID"
  run rt kill --all "$ID" KILL
  [ "$status" -eq 0 ]
  for p in $pids; do wait_for process_dead "$p"; done
  wait_for status_is "$ID" stopped
}

@test "kill without --all signals only the init" {
  update_config '.linux.namespaces |= map(select(.type != "pid"))'
  set_cmd 'trap "" TERM; sleep 100 & echo $! > /tmp/child; trap "exit 0" USR1; while true; do sleep 0.1; done'
  run_detached
  wait_for test -s "$BUNDLE/rootfs/tmp/child"
  save_container_pids "$ID"
  child=$(cgroup_pids "$ID" | while read -r p; do [ "$(tr '\0' ' ' <"/proc/$p/cmdline")" = "sleep 100 " ] && echo "$p"; done | head -n 1)
  [ -n "$child" ]
  rt kill "$ID" USR1
  wait_for status_is "$ID" stopped
  ! process_dead "$child"
}
