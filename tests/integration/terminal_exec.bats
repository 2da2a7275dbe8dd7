#!/usr/bin/env bats
# Terminals through --console-socket, and exec into a running container.

load helpers

RECVTTY="${BROWNIE_BUILD:-$REPO_DIR/build}/tests/helpers/recvtty"
PTYDRIVE="${BROWNIE_BUILD:-$REPO_DIR/build}/tests/helpers/ptydrive"

setup() { setup_bundle; }
teardown() {
  [ -z "${RECV:-}" ] || { kill "$RECV" 2>/dev/null; wait "$RECV" 2>/dev/null || true; }
  teardown_bundle
}

start_receiver() { # start_receiver OUTFILE [INPUT]: recvtty in the background, relaying to OUTFILE
  SOCK="$TEST_TMP/tty.sock"
  "$RECVTTY" "$SOCK" <"${2:-/dev/null}" >"$1" 2>&1 &
  RECV=$!
  wait_for test -S "$SOCK"
}

@test "process.terminal: the master goes to --console-socket; the container sees a tty of consoleSize" {
  update_config '.process.terminal = true | .process.consoleSize = {"height": 33, "width": 101}'
  set_args sh -c 'tty; stty size; test -t 0 && echo stdin-is-tty'
  start_receiver "$TEST_TMP/tty.out"
  rt run -d --console-socket "$SOCK" --bundle "$BUNDLE" "$ID"
  wait "$RECV"
  RECV=
  cat "$TEST_TMP/tty.out"
  grep -q '^/dev/pts/0' "$TEST_TMP/tty.out"
  grep -q '^33 101' "$TEST_TMP/tty.out"
  grep -q stdin-is-tty "$TEST_TMP/tty.out"
}

@test "input typed on the terminal reaches the container" {
  update_config '.process.terminal = true'
  set_args sh -c 'read line; echo "got:$line"'
  printf 'hello\n' >"$TEST_TMP/input"
  start_receiver "$TEST_TMP/tty.out" "$TEST_TMP/input"
  rt run -d --console-socket "$SOCK" --bundle "$BUNDLE" "$ID"
  wait "$RECV"
  RECV=
  grep -q 'got:hello' "$TEST_TMP/tty.out"
}

@test "a terminal without --console-socket on create is an error, and so is a socket without a terminal" {
  update_config '.process.terminal = true'
  set_args true
  run_bg rt create --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  update_config '.process.terminal = false'
  run_bg rt create --console-socket "$TEST_TMP/nosock" --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [ -z "$(ls -A "$ROOT")" ]
}

@test "exec joins every namespace of the container and returns the exit status" {
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID"
  pid=$(init_pid "$ID")
  run rt exec "$ID" sh -c 'for n in pid net mnt ipc uts; do readlink /proc/self/ns/$n; done; exit 5'
  [ "$status" -eq 5 ]
  i=0
  for n in pid net mnt ipc uts; do
    [ "${lines[$i]}" = "$(readlink /proc/"$pid"/ns/$n)" ]
    i=$((i + 1))
  done
}

@test "exec --user, --additional-gids, --env, --cwd" {
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID"
  run rt exec -u 1000:1000 -g 29 -e FOO=bar -e PATH=/bin --cwd /tmp "$ID" sh -c 'id -u; id -g; id -G; echo $FOO; pwd'
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = 1000 ]
  [ "${lines[1]}" = 1000 ]
  [ "${lines[2]}" = "1000 29" ]
  [ "${lines[3]}" = bar ]
  [ "${lines[4]}" = /tmp ]
}

@test "exec gets the container's capabilities, --cap adds one, --no-new-privs sets it" {
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID"
  run rt exec "$ID" sh -c 'grep CapEff /proc/self/status'
  [[ "$output" == *0000000020000420 ]]
  run rt exec --cap CAP_CHOWN --no-new-privs "$ID" sh -c 'grep -E "CapEff|NoNewPrivs" /proc/self/status'
  [[ "${lines[0]}" == *0000000020000421 ]]
  [[ "${lines[1]}" == *1 ]]
}

@test "exec --process takes a process.json, validated like config.json" {
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID"
  echo '{"args": ["sh", "-c", "echo from-process-json; id -u"], "cwd": "/", "env": ["PATH=/bin"], "user": {"uid": 1000, "gid": 1000}}' >"$TEST_TMP/process.json"
  run rt exec --process "$TEST_TMP/process.json" "$ID"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = from-process-json ]
  [ "${lines[1]}" = 1000 ]
  echo '{"args": ["sh"], "cwd": "relative"}' >"$TEST_TMP/bad.json"
  run rt exec -p "$TEST_TMP/bad.json" "$ID"
  [ "$status" -ne 0 ]
  if is_brownie; then [[ "$output" == *'bad.json: cwd'* ]]; fi
}

@test "exec --detach with --pid-file returns at once" {
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID"
  run_bg rt exec -d --pid-file "$TEST_TMP/exec.pid" "$ID" sleep 30
  [ "$status" -eq 0 ]
  p=$(cat "$TEST_TMP/exec.pid")
  grep -qx "$p" /sys/fs/cgroup/pids/"$CGROUP_PARENT/$ID"/cgroup.procs
}

@test "exec into a stopped container errors" {
  set_args true
  rt run -d --bundle "$BUNDLE" "$ID"
  wait_for status_is "$ID" stopped
  run rt exec "$ID" true
  [ "$status" -ne 0 ]
}

@test "no fd of the runtime leaks into an exec'd process" {
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID"
  run rt exec "$ID" ls /proc/self/fd
  [ "$(echo "$output" | tr '\n' ' ')" = "0 1 2 3 " ]
}

@test "exec -t with --console-socket gives the process a terminal" {
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID"
  start_receiver "$TEST_TMP/tty.out"
  rt exec -t -d --console-socket "$SOCK" "$ID" sh -c 'test -t 1 && echo exec-has-tty'
  wait "$RECV"
  RECV=
  grep -q exec-has-tty "$TEST_TMP/tty.out"
}

@test "--pidfd-socket receives a pidfd of the container's init, and of an exec'd process" {
  requires_brownie # runc 1.1 has no --pidfd-socket
  set_args sleep 100
  SOCK="$TEST_TMP/pidfd.sock"
  "$RECVTTY" "$SOCK" -p >"$TEST_TMP/pidfd.out" 2>&1 &
  RECV=$!
  wait_for test -S "$SOCK"
  rt run -d --pidfd-socket "$SOCK" --bundle "$BUNDLE" "$ID"
  wait "$RECV"
  RECV=
  [ "$(cat "$TEST_TMP/pidfd.out")" = "$(init_pid "$ID")" ]
  "$RECVTTY" "$SOCK" -p >"$TEST_TMP/pidfd2.out" 2>&1 &
  RECV=$!
  wait_for test -S "$SOCK"
  rt exec -d --pid-file "$TEST_TMP/e.pid" --pidfd-socket "$SOCK" "$ID" sleep 30
  wait "$RECV"
  RECV=
  [ "$(cat "$TEST_TMP/pidfd2.out")" = "$(cat "$TEST_TMP/e.pid")" ]
}

@test "run in the foreground with a terminal relays a person's terminal (under script)" {
  command -v script >/dev/null || skip "script(1) is not installed"
  update_config '.process.terminal = true'
  set_args sh -c 'tty; read line; echo "got:$line"; stty size'
  run sh -c "(sleep 1; echo hello) | script -qefc '$RUNTIME --root $ROOT run --bundle $BUNDLE $ID' /dev/null"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"/dev/pts/0"* ]]
  [[ "$output" == *"got:hello"* ]]
}

@test "run and exec -t in the foreground with a terminal, output to a file: newlines as written, as runc" {
  update_config '.process.terminal = true'
  set_args sh -c 'echo one; echo two'
  # stdin is a terminal, stdout a file: the program's "\n" must not become "\r\n" there
  run timeout 60 "$PTYDRIVE" 30 100 NEVER 30 100 -- sh -c \
    "'$RUNTIME' --root '$ROOT' run --bundle '$BUNDLE' '$ID' >'$TEST_TMP/run.out'"
  [ "$status" -eq 0 ]
  od -c "$TEST_TMP/run.out"
  [ "$(cat "$TEST_TMP/run.out")" = "$(printf 'one\ntwo')" ]
  ! grep -q $'\r' "$TEST_TMP/run.out"

  update_config '.process.terminal = false'
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID-2"
  run timeout 60 "$PTYDRIVE" 30 100 NEVER 30 100 -- sh -c \
    "'$RUNTIME' --root '$ROOT' exec -t '$ID-2' sh -c 'echo one; echo two' >'$TEST_TMP/exec.out'"
  [ "$status" -eq 0 ]
  od -c "$TEST_TMP/exec.out"
  [ "$(cat "$TEST_TMP/exec.out")" = "$(printf 'one\ntwo')" ]
  ! grep -q $'\r' "$TEST_TMP/exec.out"
}

@test "the terminal belongs to the process's user, its group kept (tty, 5), as runc hands it" {
  update_config '.process.terminal = true | .process.user = {"uid": 1000, "gid": 100}'
  set_args sh -c 'stat -c %u:%g $(tty)'
  run timeout 60 "$PTYDRIVE" 30 100 NEVER 30 100 -- "$RUNTIME" --root "$ROOT" run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "$(tr -d '\r' <<<"$output")" = "1000:5" ]
}

@test "run in the foreground with a terminal: a resize of the person's terminal reaches the container" {
  update_config '.process.terminal = true'
  set_args sh -c 'stty size; echo READY; i=0
    while [ "$(stty size)" = "30 100" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done; stty size'
  run timeout 60 "$PTYDRIVE" 30 100 READY 45 132 -- "$RUNTIME" --root "$ROOT" run --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$(tr -d '\r' <<<"$output" | head -n 1)" = "30 100" ] # the person's size at the start
  [ "$(tr -d '\r' <<<"$output" | tail -n 1)" = "45 132" ] # and after the resize
}

@test "socket activation: LISTEN_FDS meant for the runtime go on to the container" {
  requires_brownie # the test drives brownie's pid through exec; runc does the same thing
  set_args sh -c 'echo "$LISTEN_FDS $LISTEN_PID"; ls /proc/self/fd | tr "\n" " "'
  run sh -c 'LISTEN_FDS=2 LISTEN_PID=$$ exec "$0" --root "$1" run --bundle "$2" "$3" 3</dev/null 4</dev/null' \
    "$RUNTIME" "$ROOT" "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "2 1" ]
  [ "${lines[1]}" = "0 1 2 3 4 5 " ]
}

@test "exec --preserve-fds passes extra fds; exec gets the container's seccomp filter" {
  update_config '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getcwd"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}'
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID"
  run rt exec --preserve-fds 1 "$ID" sh -c 'ls /proc/self/fd | tr "\n" " "; echo; grep ^Seccomp: /proc/self/status' 3</dev/null
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "0 1 2 3 4 " ]
  [[ "${lines[1]}" == *2 ]]
}

@test "exec --ignore-paused starts a process in a paused container" {
  requires_brownie # runc 1.1 hangs: its init joins the frozen cgroup before it is done
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID"
  rt pause "$ID"
  run_bg rt exec -d --ignore-paused --pid-file "$TEST_TMP/p" "$ID" sleep 50
  [ "$status" -eq 0 ]
  grep -qx "$(cat "$TEST_TMP/p")" /sys/fs/cgroup/freezer/"$CGROUP_PARENT/$ID"/cgroup.procs
  rt resume "$ID"
}

@test "exec --cgroup puts the process in an existing sub-cgroup, per controller or in every hierarchy" {
  set_args sleep 100
  run_detached
  for d in $(cgroup_dirs "$ID"); do
    mkdir "$d/sub"
    if [ -e "$d/cpuset.cpus" ] && [ ! -e "$d/cgroup.controllers" ]; then # a v1 cpuset starts out empty
      cat "$d/cpuset.cpus" >"$d/sub/cpuset.cpus"
      cat "$d/cpuset.mems" >"$d/sub/cpuset.mems"
    fi
  done
  pids_dir=$(cgroup_dirs "$ID" | grep '/pids/')
  # one controller: pids in the sub-cgroup, memory in the container's own
  run rt exec --cgroup pids:sub "$ID" cat /proc/self/cgroup
  [ "$status" -eq 0 ]
  [[ "$output" == *":pids:$CGROUP_PARENT/$ID/sub"* ]]
  [[ "$output" == *":memory:$CGROUP_PARENT/$ID"$'\n'* ]] || [[ "$output" == *":memory:$CGROUP_PARENT/$ID" ]]
  # no controller: every hierarchy
  run rt exec --cgroup sub "$ID" cat /proc/self/cgroup
  [ "$status" -eq 0 ]
  [ "$(grep -vc "$CGROUP_PARENT/$ID/sub\$" <<<"$output")" -eq 0 ]
  # a detached process stays there
  rt exec -d --cgroup pids,memory:sub "$ID" sleep 100
  [ "$(wc -l <"$pids_dir/sub/cgroup.procs")" -eq 1 ]
}

@test "exec --cgroup refuses paths outside the container's cgroup, missing sub-cgroups and bad forms" {
  set_args sleep 100
  run_detached
  for arg in "../x" "pids:a/../../b" ".."; do
    run rt exec --cgroup "$arg" "$ID" true
    [ "$status" -ne 0 ]
    [[ "$output" == *"${arg#pids:} is not a sub cgroup path"* ]] # runc's words
  done
  # the container's own cgroup, given as "/" or as a path that comes back to it
  for arg in / pids:/ sub/..; do
    run rt exec --cgroup "$arg" "$ID" true
    [ "$status" -eq 0 ]
  done
  run rt exec --cgroup whaaat:/ "$ID" true
  [ "$status" -ne 0 ]
  [[ "$output" == *"unknown controller whaaat"* ]]
  run rt exec --cgroup nosuch "$ID" true
  [ "$status" -ne 0 ]
  [[ "$output" == *" adding pid "*"/nosuch/cgroup.procs: no such file "* ]] # runc's words
  run rt exec --cgroup a --cgroup b "$ID" true
  [ "$status" -ne 0 ]
  [[ "$output" == *"missing <controller>: prefix"* ]]
  if is_brownie; then # runc 1.1 takes the last one; later runc refuses, as brownie does
    run rt exec --cgroup pids:a --cgroup pids:b "$ID" true
    [ "$status" -ne 0 ]
    [[ "$output" == *"specified multiple times"* ]]
  fi
}

@test "exec --process-label and process.selinuxLabel: dropped with a debug line where SELinux is off" {
  requires_brownie # runc refuses labels without SELinux; the issue asks for crun's behaviour
  [ ! -e /sys/fs/selinux/enforce ] || skip "SELinux is on here"
  update_config '.process.selinuxLabel = "system_u:system_r:container_t:s0:c1,c2"'
  set_args sleep 100
  run_detached
  run rt --debug exec --process-label "system_u:system_r:container_t:s0:c3,c4" "$ID" echo ran
  [ "$status" -eq 0 ]
  [[ "$output" == *ran* ]]
  [[ "$output" == *'selinuxLabel'*'c3,c4'*'dropped'* ]]
}

@test "exec applies the container's rlimits, and a process.json's own" {
  update_config '.process.rlimits = [{"type": "RLIMIT_NOFILE", "soft": 512, "hard": 1024}]'
  set_args sleep 100
  run_detached
  run rt exec "$ID" sh -c 'ulimit -n; ulimit -Hn'
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = 512 ]
  [ "${lines[1]}" = 1024 ]
  jq '.process | .args = ["sh", "-c", "ulimit -n"] | .rlimits = [{"type": "RLIMIT_NOFILE", "soft": 256, "hard": 256}]' \
    "$BUNDLE/config.json" >"$TEST_TMP/process.json"
  run rt exec -p "$TEST_TMP/process.json" "$ID"
  [ "$status" -eq 0 ]
  [ "$output" = 256 ]
}

@test "run in the foreground with a terminal restores the person's terminal settings when it ends" {
  update_config '.process.terminal = true'
  set_args sh -c 'echo READY'
  run timeout 60 "$PTYDRIVE" 30 100 NEVER 30 100 -- sh -c \
    "stty -g; '$RUNTIME' --root '$ROOT' run --bundle '$BUNDLE' '$ID' >/dev/null; stty -g"
  [ "$status" -eq 0 ]
  before=$(tr -d '\r' <<<"$output" | head -n 1)
  after=$(tr -d '\r' <<<"$output" | tail -n 1)
  [ -n "$before" ]
  [ "$before" = "$after" ]
}
