#!/usr/bin/env bats
# The lifecycle of runtime.md: create, start, state, kill, delete.

load helpers

setup() { setup_bundle; }
teardown() { teardown_bundle; }

@test "create leaves the container created with its init waiting; start runs it" {
  set_args sh -c 'echo started > /tmp/marker; sleep 100'
  run_bg rt create --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  run rt state "$ID"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r .status)" = created ]
  pid=$(echo "$output" | jq -r .pid)
  [ "$pid" -gt 0 ]
  [ ! -e "$BUNDLE/rootfs/tmp/marker" ]
  run rt start "$ID"
  [ "$status" -eq 0 ]
  [ "$(rt state "$ID" | jq -r .status)" = running ]
  wait_for test -e "$BUNDLE/rootfs/tmp/marker"
}

@test "state reports stopped once the process has exited, and delete removes it" {
  set_args true
  rt create --bundle "$BUNDLE" "$ID"
  rt start "$ID"
  wait_for status_is "$ID" stopped
  [ "$(rt state "$ID" | jq -r .pid)" = 0 ]
  run rt delete "$ID"
  [ "$status" -eq 0 ]
  run rt state "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"does not exist"* ]]
}

@test "start of a running container errors" {
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID"
  run rt start "$ID"
  [ "$status" -ne 0 ]
  [ "$(rt state "$ID" | jq -r .status)" = running ]
}

@test "a second create with the same id errors and leaves the first untouched" {
  set_args sleep 100
  rt create --bundle "$BUNDLE" "$ID"
  pid=$(init_pid "$ID")
  run_bg rt create --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"exists"* ]]
  [ "$(init_pid "$ID")" = "$pid" ]
  [ "$(rt state "$ID" | jq -r .status)" = created ]
}

@test "create without process succeeds and start then errors" {
  requires_brownie
  update_config 'del(.process)'
  run_bg rt create --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  run rt start "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"process"* ]]
  # and the container does not wait forever for a start that cannot come
  wait_for status_is "$ID" stopped
}

@test "delete of a created container without --force errors and changes nothing" {
  requires_brownie
  set_args sleep 100
  rt create --bundle "$BUNDLE" "$ID"
  pid=$(init_pid "$ID")
  run rt delete "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"not stopped"* ]]
  [ "$(rt state "$ID" | jq -r .status)" = created ]
  ! process_dead "$pid"
}

@test "delete of a running container without --force errors and changes nothing" {
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID"
  run rt delete "$ID"
  [ "$status" -ne 0 ]
  [ "$(rt state "$ID" | jq -r .status)" = running ]
}

@test "delete --force kills and removes a running container" {
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID"
  pid=$(init_pid "$ID")
  run rt delete --force "$ID"
  [ "$status" -eq 0 ]
  wait_for process_dead "$pid"
  run rt state "$ID"
  [ "$status" -ne 0 ]
}

@test "delete --force of an unknown id succeeds" {
  run rt delete -f no-such-container
  [ "$status" -eq 0 ]
}

@test "kill sends SIGTERM by default and signals by name, SIG-name and number" {
  set_args sh -c 'trap "echo TERM >> /tmp/sig" TERM; trap "echo USR1 >> /tmp/sig" USR1; trap "echo HUP >> /tmp/sig" HUP; while true; do sleep 0.1; done'
  rt run -d --bundle "$BUNDLE" "$ID"
  sleep 0.3
  rt kill "$ID" USR1
  wait_for grep -q USR1 "$BUNDLE/rootfs/tmp/sig"
  rt kill "$ID" SIGHUP
  wait_for grep -q HUP "$BUNDLE/rootfs/tmp/sig"
  rt kill "$ID"
  wait_for grep -q TERM "$BUNDLE/rootfs/tmp/sig"
  rt kill "$ID" 9
  wait_for status_is "$ID" stopped
}

@test "kill of a stopped container errors, kill --all of it does not" {
  set_args true
  rt run -d --bundle "$BUNDLE" "$ID"
  wait_for status_is "$ID" stopped
  run rt kill "$ID" KILL
  [ "$status" -ne 0 ]
  [[ "$output" == *"not running"* ]]
  run rt kill --all "$ID" KILL
  [ "$status" -eq 0 ]
}

@test "run exits with the container's exit status" {
  set_args sh -c 'exit 42'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 42 ]
  run rt state "$ID"
  [ "$status" -ne 0 ]
}

@test "run exits with 128+signal when the container is killed" {
  set_args sleep 100
  (sleep 1; "$RUNTIME" --root "$ROOT" kill "$ID" KILL) &
  run rt run --bundle "$BUNDLE" "$ID"
  wait
  [ "$status" -eq 137 ]
}

@test "run --keep keeps the stopped container for state" {
  set_args true
  run rt run --keep --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "$(rt state "$ID" | jq -r .status)" = stopped ]
  rt delete "$ID"
}

@test "run -d returns while the container runs" {
  set_args sleep 100
  run_bg rt run -d --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "$(rt state "$ID" | jq -r .status)" = running ]
}

@test "--pid-file holds the init's pid" {
  set_args sleep 100
  rt create --pid-file "$TEST_TMP/pid" --bundle "$BUNDLE" "$ID"
  [ "$(cat "$TEST_TMP/pid")" = "$(init_pid "$ID")" ]
}

@test "--no-pivot runs the container" {
  set_args sh -c 'echo ok'
  run rt run --no-pivot --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "$output" = ok ]
}

@test "run forwards signals to the container" {
  set_args sh -c 'trap "exit 7" USR1; while true; do sleep 0.1; done'
  "$RUNTIME" --root "$ROOT" run --bundle "$BUNDLE" "$ID" &
  runner=$!
  wait_for has_pid "$ID"
  sleep 0.3
  kill -USR1 "$runner"
  wait "$runner" || st=$?
  [ "${st:-0}" -eq 7 ]
}

@test "concurrent creates of one id: exactly one wins, the other changes nothing" {
  set_args sleep 100
  for i in 1 2 3 4; do
    ("$RUNTIME" --root "$ROOT" create --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>&1 && echo won >>"$TEST_TMP/won") &
  done
  wait
  [ "$(wc -l <"$TEST_TMP/won")" -eq 1 ]
  [ "$(container_status "$ID")" = created ]
  # and commands on it serialise: a delete racing a state never sees a half-removed container
  "$RUNTIME" --root "$ROOT" delete -f "$ID" &
  run rt state "$ID"
  wait
  [ "$status" -eq 0 ] || [[ "$output" == *"does not exist"* ]]
}
