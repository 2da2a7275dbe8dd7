#!/usr/bin/env bats
# SCMP_ACT_NOTIFY: the notify fd and the container process state go to linux.seccomp.listenerPath
# (runtime.md); a listener (tests/helpers/seccomp_listener.c) answers the notified system calls.

load helpers

LISTENER="${BROWNIE_BUILD:-$REPO_DIR/build}/tests/helpers/seccomp_listener"

setup() {
  setup_bundle
  SOCK="$TEST_TMP/listener.sock"
  STATEFILE="$TEST_TMP/state.jsonl"
  update_config '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": $s,
      "listenerMetadata": "brownie-test-metadata",
      "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_NOTIFY"}]}
    | .annotations = {"org.example": "yes"}' --arg s "$SOCK"
}
teardown() { teardown_bundle; }

# listener COUNT: answers COUNT notifications with EXDEV (18).
listener() {
  start_holder "$LISTENER" "$SOCK" "$STATEFILE" 18 "$1"
  wait_for test -S "$SOCK"
}

@test "a notified system call is answered by the listener; it gets runtime.md's container process state" {
  listener 1
  set_cmd 'mkdir /tmp/notified; echo "rc=$?"; [ -d /tmp/notified ] && echo made || echo not-made'
  run_container
  [ "$status" -eq 0 ]
  [[ "$output" == *"Invalid cross-device link"* ]] # the errno the listener chose
  [[ "$output" == *"rc=1"* ]]
  [[ "$output" == *not-made* ]]
  state=$(head -n 1 "$STATEFILE")
  jq -e '.ociVersion and (.fds == ["seccompFd"]) and .metadata == "brownie-test-metadata"' <<<"$state"
  jq -e --arg id "$ID" --arg b "$BUNDLE" '.state.id == $id and .state.status == "creating" and .state.bundle == $b
    and .state.annotations["org.example"] == "yes" and .pid == .state.pid and .pid > 0' <<<"$state"
}

@test "without no_new_privs the filter is loaded early and the listener still gets it" {
  listener 1
  update_config '.process.noNewPrivileges = false'
  set_cmd 'mkdir /tmp/early 2>&1; [ -d /tmp/early ] && echo made || echo not-made'
  run_container
  [[ "$output" == *"Invalid cross-device link"* ]]
  [[ "$output" == *not-made* ]]
}

@test "exec with the container's filter sends its own fd, with the running state" {
  listener 2
  set_args sleep 100
  run_detached
  run rt_t exec "$ID" mkdir /tmp/from-exec
  [ "$status" -ne 0 ]
  [[ "$output" == *"Invalid cross-device link"* ]]
  [ "$(wc -l <"$STATEFILE")" -eq 2 ]
  jq -e --arg pid "$(init_pid "$ID")" '.state.status == "running" and .state.pid == ($pid | tonumber)
    and .pid != .state.pid' <<<"$(sed -n 2p "$STATEFILE")"
}

@test "a listenerPath nobody listens on is an error naming it, and nothing is left" {
  set_cmd 'mkdir /tmp/x'
  run_bg rt_t run -d --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"$SOCK"* ]]
  [[ "$output" == *"failed to connect with seccomp agent"* ]] # runc's words
  if is_brownie; then [[ "$output" == *"linux.seccomp.listenerPath"* ]]; fi
  [ -z "$(test_containers "$ROOT")" ]
}

@test "features lists SCMP_ACT_NOTIFY" {
  requires_brownie
  rt features | jq -e '.linux.seccomp.actions | index("SCMP_ACT_NOTIFY") != null'
}

@test "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV: the filter is loaded with it and the listener answers" {
  requires_brownie # runc 1.1 does not know the flag
  rt features | jq -e '.linux.seccomp.supportedFlags | index("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV") != null' ||
    skip "this kernel lacks the flag"
  listener 1
  update_config '.linux.seccomp.flags = ["SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"]'
  set_cmd 'mkdir /tmp/k 2>&1; grep Seccomp: /proc/self/status'
  run_container
  [ "$status" -eq 0 ]
  [[ "$output" == *"Invalid cross-device link"* ]]
  [[ "$output" == *"Seccomp:"*"2"* ]]
}

# The init (mkdir itself) waits for its answer while it is stopped and continued: without
# WAIT_KILLABLE_RECV the stop interrupts the wait and the call is made again (a second notification);
# with it, the wait is only killable and the listener sees the call once.
notifications_across_a_stop() {
  start_holder "$LISTENER" "$SOCK" "$STATEFILE" 18 1 1500
  wait_for test -S "$SOCK"
  set_args mkdir /tmp/k
  run_detached
  pid=$(init_pid "$ID")
  wait_for test -s "$STATEFILE.received"
  kill -STOP "$pid"
  sleep 0.3
  kill -CONT "$pid"
  WAIT_TRIES=100 wait_for status_is "$ID" stopped
  wc -l <"$STATEFILE.received"
}

@test "without WAIT_KILLABLE_RECV a stop while the listener holds the call makes it again" {
  requires_brownie
  [ "$(notifications_across_a_stop)" = 2 ]
}

@test "with WAIT_KILLABLE_RECV a stop while the listener holds the call does not interrupt it" {
  requires_brownie # runc 1.1 does not know the flag
  rt features | jq -e '.linux.seccomp.supportedFlags | index("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV") != null' ||
    skip "this kernel lacks the flag"
  update_config '.linux.seccomp.flags = ["SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"]'
  [ "$(notifications_across_a_stop)" = 1 ]
}

@test "in a new user namespace, staged (network namespace by path), as a non-root user" {
  requires_brownie # runc 1.1 cannot mount sysfs with a network namespace its user namespace does not own
  start_holder unshare --net sleep 100
  wait_for sh -c "[ \"\$(readlink /proc/$HOLDER/ns/net)\" != \"\$(readlink /proc/self/ns/net)\" ]"
  userns_config
  update_config '.linux.namespaces |= map(if .type == "network" then .path = $p else . end)
    | .process.user = {"uid": 1000, "gid": 1000}' --arg p "/proc/$HOLDER/ns/net"
  listener 1
  set_cmd 'id -u; mkdir /tmp/u; echo "rc=$?"'
  run_container
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = 1000 ]
  [[ "$output" == *"Invalid cross-device link"* ]]
  [[ "$output" == *"rc=1"* ]]
  jq -e '.state.status == "creating" and .pid > 0' "$STATEFILE"
}
