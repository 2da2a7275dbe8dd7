#!/usr/bin/env bats
# pause/resume through the freezer, and ps.

load helpers

setup() { setup_bundle; }
teardown() { teardown_bundle; }

@test "pause freezes every process, state says paused, resume thaws them" {
  set_args sh -c 'while true; do date +%s%N > /tmp/tick; sleep 0.05; done'
  rt run -d --bundle "$BUNDLE" "$ID"
  wait_for test -s "$BUNDLE/rootfs/tmp/tick"
  run rt pause "$ID"
  [ "$status" -eq 0 ]
  [ "$(container_status "$ID")" = paused ]
  before=$(cat "$BUNDLE/rootfs/tmp/tick")
  sleep 0.5
  [ "$(cat "$BUNDLE/rootfs/tmp/tick")" = "$before" ]
  [ "$(cat /sys/fs/cgroup/freezer/"$CGROUP_PARENT/$ID"/freezer.state)" = FROZEN ]
  run rt resume "$ID"
  [ "$status" -eq 0 ]
  [ "$(container_status "$ID")" = running ]
  wait_for sh -c "[ \"\$(cat '$BUNDLE/rootfs/tmp/tick')\" != '$before' ]"
}

@test "pause of a stopped container errors; resume of one not paused errors" {
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID"
  run rt resume "$ID"
  [ "$status" -ne 0 ]
  rt kill "$ID" KILL
  wait_for status_is "$ID" stopped
  run rt pause "$ID"
  [ "$status" -ne 0 ]
}

@test "exec into a paused container errors, delete --force removes a paused one" {
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID"
  rt pause "$ID"
  run rt exec "$ID" true
  [ "$status" -ne 0 ]
  [[ "$output" == *paused* ]]
  pid=$(init_pid "$ID")
  run rt delete -f "$ID"
  [ "$status" -eq 0 ]
  wait_for process_dead "$pid"
}

@test "ps -f json is an array of the container's host pids" {
  set_args sh -c 'sleep 100 & sleep 100'
  rt run -d --bundle "$BUNDLE" "$ID"
  wait_for sh -c "[ \$(wc -l < /sys/fs/cgroup/pids/$CGROUP_PARENT/$ID/cgroup.procs) -ge 2 ]"
  run rt ps -f json "$ID"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -c 'sort')" = "$(sort -n /sys/fs/cgroup/pids/"$CGROUP_PARENT/$ID"/cgroup.procs | jq -s -c .)" ]
  echo "$output" | jq -e "index($(init_pid "$ID")) != null"
}

@test "ps of a stopped container prints ps(1)'s header alone, and -f json null, as runc" {
  set_args true
  rt run -d --bundle "$BUNDLE" "$ID"
  wait_for status_is "$ID" stopped
  run rt ps "$ID"
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 1 ]
  [[ "${lines[0]}" == *PID* ]]
  run rt ps -f json "$ID"
  [ "$status" -eq 0 ]
  [ "$output" = null ]
}

@test "ps prints ps(1)'s header and the container's rows, with ps options after the id" {
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID"
  pid=$(init_pid "$ID")
  run rt ps "$ID"
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" == *PID* ]]
  [ "${#lines[@]}" -eq 2 ]
  [[ "${lines[1]}" == *" $pid "* ]]
  run rt ps "$ID" -o pid,comm
  [ "${lines[0]}" = "    PID COMMAND" ] || [[ "${lines[0]}" == *PID*COMMAND* ]]
  [[ "${lines[1]}" == *"$pid sleep" ]]
}
