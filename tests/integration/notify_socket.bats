#!/usr/bin/env bats
# NOTIFY_SOCKET passthrough (as runc): the container gets a socket of its own at /run/notify, and its
# READY=1 reaches the caller's socket with MAINPID set to the init's host pid.

load helpers

SDNOTIFY="${BROWNIE_BUILD:-$REPO_DIR/build}/tests/helpers/sdnotify"

setup() {
  setup_bundle
  cp "$SDNOTIFY" "$BUNDLE/rootfs/bin/sdnotify"
  HOST_SOCK="$TEST_TMP/notify.sock"
  NOTIFIED="$TEST_TMP/notified"
}
teardown() { teardown_bundle; }

# listen COUNT: the caller's socket, keeping COUNT datagrams in $NOTIFIED.
listen() {
  start_holder "$SDNOTIFY" listen "$HOST_SOCK" "$NOTIFIED" "$1"
  wait_for test -S "$HOST_SOCK"
}

@test "run -d with NOTIFY_SOCKET: READY=1 from the container reaches the caller with MAINPID" {
  listen 3
  set_cmd 'echo "$NOTIFY_SOCKET" > /tmp/env; sleep 1; sdnotify send STATUS=starting; sdnotify send "READY=1"; sleep 100'
  NOTIFY_SOCKET="$HOST_SOCK" run_detached
  # run -d returned only after the container said it was ready
  [ -s "$NOTIFIED" ]
  [ "$(cat "$BUNDLE/rootfs/tmp/env")" = /run/notify/notify.sock ]
  wait_for eval '[ "$(wc -l <"$NOTIFIED")" -ge 2 ]'
  [ "$(sed -n 1p "$NOTIFIED")" = READY=1 ]
  [ "$(sed -n 2p "$NOTIFIED")" = "MAINPID=$(init_pid "$ID")" ]
  if is_brownie; then # sd_notify's barrier, as runc 1.2 and later send it (1.1 does not)
    [ "$(sed -n 3p "$NOTIFIED")" = "BARRIER=1 +fd" ]
  fi
  ! grep -q STATUS "$NOTIFIED" # only READY= is passed on, as runc does
}

@test "create then start with NOTIFY_SOCKET: the socket is read-only mounted and start waits for READY" {
  listen 3
  set_cmd 'grep " /run/notify " /proc/self/mounts > /tmp/mnt; sdnotify send READY=1; sleep 100'
  NOTIFY_SOCKET="$HOST_SOCK" create_container
  [ ! -s "$NOTIFIED" ]
  NOTIFY_SOCKET="$HOST_SOCK" rt_t start "$ID"
  [ "$(head -n 1 "$NOTIFIED")" = READY=1 ]
  grep -q " ro," "$BUNDLE/rootfs/tmp/mnt"
  grep -q "nosuid,nodev,noexec" "$BUNDLE/rootfs/tmp/mnt"
}

@test "NOTIFY_SOCKET: a container that exits without READY does not hang start" {
  requires_brownie # runc 1.1 waits for READY forever
  listen 3
  set_args true
  NOTIFY_SOCKET="$HOST_SOCK" run_detached
  wait_for status_is "$ID" stopped
  [ ! -s "$NOTIFIED" ]
}

@test "without NOTIFY_SOCKET the container gets no notify socket" {
  set_cmd 'echo "${NOTIFY_SOCKET:-unset}"; grep -c " /run/notify " /proc/self/mounts'
  run_container
  [ "${lines[0]}" = unset ]
  [ "${lines[1]}" = 0 ]
}
