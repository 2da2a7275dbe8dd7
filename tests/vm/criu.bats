#!/usr/bin/env bats
# checkpoint and restore with Debian's criu, in the v2 VM (Debian's kernel, which its criu handles; the host's
# may be newer). Skipped where the VM image carries no criu (tests/vm/run copies it when the host has it).

load ../integration/helpers

# The --console-socket receiver of the terminal tests (tests/vm/run copies it into the VM's build directory).
RECVTTY="${BROWNIE_BUILD:-$REPO_DIR/build}/tests/helpers/recvtty"

setup() {
  command -v criu >/dev/null || skip "criu is not in the VM image (apt-get install criu on the host)"
  # criu runs "ip" (its netns's addresses and routes): iproute2's, which the VM keeps in /usr/sbin, not
  # busybox's applet earlier in PATH
  export PATH="/usr/sbin:$PATH"
  setup_bundle
  # The VM has no iptables-restore, criu's default way to lock the network: nftables (nf_tables is loaded)
  # through criu's configuration file, named by the annotation runc reads too.
  echo "network-lock nftables" >"$TEST_TMP/criu.conf"
  update_config '.annotations["org.criu.config"] = $f' --arg f "$TEST_TMP/criu.conf"
  # stdio inside the container (bats gives files of the host, which criu cannot dump), then count ten times a
  # second
  set_cmd 'exec </dev/null >/dev/null 2>&1; i=${START:-0}; while true; do i=$((i+1)); echo $i >/tmp/count.new; mv /tmp/count.new /tmp/count; sleep 0.1; done'
}

# ok_or_log LOG: the last run succeeded, else the error lines of criu's log are shown
ok_or_log() {
  echo "$output"
  [ "$status" -eq 0 ] && return 0
  grep -vE 'mnt:|sockets:|Inspecting|cg: |cg-prop' "$1" | tail -n 70
  return 1
}

# start_receiver SOCKET OUTFILE [INPUT]: recvtty in the background on SOCKET, relaying the terminal to
# OUTFILE and INPUT (default: nothing) to the terminal; $RECV is its pid.
start_receiver() {
  "$RECVTTY" "$1" <"${3:-/dev/null}" >"$2" 2>&1 3>&- &
  RECV=$!
  echo "$RECV" >>"$TEST_TMP/holders"
  wait_for test -S "$1"
}

# gone PID: the process has exited (no longer there, or a zombie not yet reaped)
gone() { [ ! -e "/proc/$1" ] || [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ]; }

count() { cat "$BUNDLE/rootfs/tmp/count" 2>/dev/null; }
count_at_least() { local c; c=$(count); [ -n "$c" ] && [ "$c" -ge "$1" ]; }

@test "criu check passes in the VM" {
  run criu check
  echo "$output"
  [ "$status" -eq 0 ]
}

@test "a counting process keeps counting from where it was after checkpoint and restore" {
  rt run -d --bundle "$BUNDLE" "$ID"
  WAIT_TRIES=300 wait_for count_at_least 30
  run rt checkpoint --image-path "$TEST_TMP/img" "$ID"
  ok_or_log "$TEST_TMP/img/dump.log"
  # the container is gone, its process stopped after the dump
  run rt state "$ID"
  [ "$status" -ne 0 ]
  at=$(count)
  sleep 0.5
  [ "$(count)" = "$at" ]
  run rt restore -d --bundle "$BUNDLE" --image-path "$TEST_TMP/img" "$ID"
  ok_or_log "$TEST_TMP/img/restore.log"
  [ "$(container_status "$ID")" = running ]
  WAIT_TRIES=300 wait_for count_at_least $((at + 3))
  # from where it was, not from the start: the restored memory holds the count
  c=$(count)
  [ "$c" -gt "$at" ]
  [ "$c" -lt $((at + 100)) ]
  # the restored init is the container's: in its cgroup, signalled and deleted as any
  pid=$(init_pid "$ID")
  grep -qx "$pid" "/sys/fs/cgroup$CGROUP_PARENT/$ID/cgroup.procs"
  rt kill "$ID" KILL
  wait_for status_is "$ID" stopped
  rt delete "$ID"
  nothing_left "$ID"
}

@test "checkpoint --leave-running keeps the container running; its images restore" {
  rt run -d --bundle "$BUNDLE" "$ID"
  WAIT_TRIES=300 wait_for count_at_least 20
  pid=$(init_pid "$ID")
  run rt checkpoint --leave-running --image-path "$TEST_TMP/img" "$ID"
  ok_or_log "$TEST_TMP/img/dump.log"
  at=$(count)
  [ "$(container_status "$ID")" = running ]
  [ "$(init_pid "$ID")" = "$pid" ]
  WAIT_TRIES=300 wait_for count_at_least $((at + 5))
  rt delete -f "$ID"
  run rt restore -d --bundle "$BUNDLE" --image-path "$TEST_TMP/img" "$ID"
  ok_or_log "$TEST_TMP/img/restore.log"
  [ "$(container_status "$ID")" = running ]
  rt delete -f "$ID"
  nothing_left "$ID"
}

@test "restore under a new id: its own state and cgroup" {
  rt run -d --bundle "$BUNDLE" "$ID"
  WAIT_TRIES=300 wait_for count_at_least 10
  run rt checkpoint --image-path "$TEST_TMP/img" "$ID"
  ok_or_log "$TEST_TMP/img/dump.log"
  at=$(count)
  update_config '.linux.cgroupsPath = $cg' --arg cg "$CGROUP_PARENT/$ID-new"
  run rt restore -d --bundle "$BUNDLE" --image-path "$TEST_TMP/img" "$ID-new"
  ok_or_log "$TEST_TMP/img/restore.log"
  [ "$(container_status "$ID-new")" = running ]
  run rt state "$ID"
  [ "$status" -ne 0 ]
  pid=$(init_pid "$ID-new")
  grep -qx "$pid" "/sys/fs/cgroup$CGROUP_PARENT/$ID-new/cgroup.procs"
  WAIT_TRIES=300 wait_for count_at_least $((at + 3))
  run rt ps -f json "$ID-new"
  [[ "$output" == *"$pid"* ]]
  rt delete -f "$ID-new"
  nothing_left "$ID-new"
}

@test "a container with a bind mount and a tmpfs is restored with both" {
  mkdir -p "$TEST_TMP/data"
  add_mount '{"destination": "/data", "type": "bind", "source": "'"$TEST_TMP/data"'", "options": ["rbind"]}'
  add_mount '{"destination": "/scratch", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid"]}'
  set_cmd 'exec </dev/null >/dev/null 2>&1; echo kept >/scratch/marker; i=0; while true; do i=$((i+1)); echo $i >/data/n.new; mv /data/n.new /data/n; sleep 0.1; done'
  rt run -d --bundle "$BUNDLE" "$ID"
  WAIT_TRIES=300 wait_for test -s "$TEST_TMP/data/n"
  run rt checkpoint --image-path "$TEST_TMP/img" "$ID"
  ok_or_log "$TEST_TMP/img/dump.log"
  at=$(cat "$TEST_TMP/data/n")
  run rt restore -d --bundle "$BUNDLE" --image-path "$TEST_TMP/img" "$ID"
  ok_or_log "$TEST_TMP/img/restore.log"
  # the bind is the host's directory again: the restored process writes there
  WAIT_TRIES=300 wait_for sh -c "[ \"\$(cat '$TEST_TMP/data/n')\" -gt $((at + 2)) ]"
  # the tmpfs came back with its content
  run rt exec "$ID" cat /scratch/marker
  [ "$output" = kept ]
  run rt exec "$ID" sh -c 'grep -E " /(data|scratch) " /proc/self/mountinfo | wc -l'
  [ "$output" = 2 ]
  rt delete -f "$ID"
  nothing_left "$ID"
}

@test "a container with a terminal is restored with a new one, whose master goes to --console-socket" {
  update_config '.process.terminal = true'
  # blocked reading its terminal when it is checkpointed; answers the line typed on the restored one
  set_cmd 'echo ready; read line; echo "got:$line"; test -t 0 && test -t 1 && echo still-a-tty; exec sleep 1000'
  start_receiver "$TEST_TMP/tty1.sock" "$TEST_TMP/tty1.out"
  rt run -d --console-socket "$TEST_TMP/tty1.sock" --bundle "$BUNDLE" "$ID"
  WAIT_TRIES=300 wait_for grep -q ready "$TEST_TMP/tty1.out"
  run rt checkpoint --image-path "$TEST_TMP/img" "$ID"
  ok_or_log "$TEST_TMP/img/dump.log"
  # the terminal is the one thing of the image outside the container: criu was told it is external
  grep -q '"tty\[' "$TEST_TMP/img/descriptors.json"
  # the first console hangs up: every process on its terminal is gone
  WAIT_TRIES=300 wait_for gone "$RECV"
  # without a console socket (and no terminal of its own) restore says what it needs, and leaves nothing
  run rt restore -d --bundle "$BUNDLE" --image-path "$TEST_TMP/img" "$ID" </dev/null
  [ "$status" -ne 0 ]
  [[ "$output" == *"--console-socket"* ]]
  nothing_left "$ID"
  printf 'hello\n' >"$TEST_TMP/input"
  start_receiver "$TEST_TMP/tty2.sock" "$TEST_TMP/tty2.out" "$TEST_TMP/input"
  run rt restore -d --console-socket "$TEST_TMP/tty2.sock" --bundle "$BUNDLE" --image-path "$TEST_TMP/img" "$ID"
  ok_or_log "$TEST_TMP/img/restore.log"
  [ "$(container_status "$ID")" = running ]
  WAIT_TRIES=300 wait_for grep -q still-a-tty "$TEST_TMP/tty2.out"
  cat "$TEST_TMP/tty2.out"
  grep -q '^got:hello' "$TEST_TMP/tty2.out"
  # the restored session still has its controlling terminal, and /dev/console is that terminal
  pid=$(init_pid "$ID")
  [ "$(awk '{print $7}' "/proc/$pid/stat")" != 0 ]
  [ "$(rt exec "$ID" stat -L -c %t:%T /dev/console)" = "$(stat -L -c %t:%T "/proc/$pid/fd/0")" ]
  rt delete -f "$ID"
  nothing_left "$ID"
}

@test "the caller's pipe on the container's stdout is the restoring caller's pipe" {
  set_cmd 'i=0; while true; do i=$((i+1)); echo $i; sleep 0.1; done'
  # stdin and stderr the host's /dev/null, as engines give it (the container's own is what criu sees)
  rt run -d --bundle "$BUNDLE" "$ID" </dev/null 2>/dev/null > >(exec cat >"$TEST_TMP/out1" 3>&-)
  reader=$!
  WAIT_TRIES=300 wait_for sh -c "[ \$(wc -l <'$TEST_TMP/out1') -ge 10 ]"
  run rt checkpoint --image-path "$TEST_TMP/img" "$ID"
  ok_or_log "$TEST_TMP/img/dump.log"
  grep -q '"pipe:\[' "$TEST_TMP/img/descriptors.json"
  # the first reader sees the end of its pipe once the checkpointed process is gone
  wait "$reader" || true
  at=$(tail -n 1 "$TEST_TMP/out1")
  rt restore -d --bundle "$BUNDLE" --image-path "$TEST_TMP/img" "$ID" </dev/null > >(exec cat >"$TEST_TMP/out2" 3>&-) ||
    { tail -n 30 "$TEST_TMP/img/restore.log"; false; }
  WAIT_TRIES=300 wait_for sh -c "[ \$(wc -l <'$TEST_TMP/out2') -ge 3 ]"
  # the restored process writes its next number into the new pipe
  [ "$(head -n 1 "$TEST_TMP/out2")" = $((at + 1)) ]
  rt delete -f "$ID"
  nothing_left "$ID"
}

@test "a pre-dump chain: pre-dump, a dump on top of it, and a restore from the dump" {
  rt run -d --bundle "$BUNDLE" "$ID"
  WAIT_TRIES=300 wait_for count_at_least 10
  pid=$(init_pid "$ID")
  run rt checkpoint --pre-dump --image-path "$TEST_TMP/pre" "$ID"
  ok_or_log "$TEST_TMP/pre/dump.log"
  # a pre-dump leaves the container running and holds its memory only
  [ "$(container_status "$ID")" = running ]
  [ "$(init_pid "$ID")" = "$pid" ]
  ls "$TEST_TMP/pre"/pages-*.img
  [ ! -e "$TEST_TMP/pre/descriptors.json" ]
  WAIT_TRIES=300 wait_for count_at_least $(($(count) + 5))
  run rt checkpoint --parent-path ../pre --image-path "$TEST_TMP/final" "$ID"
  ok_or_log "$TEST_TMP/final/dump.log"
  # the dump names the pre-dump as its parent and took only the pages written since from the process
  [ "$(readlink "$TEST_TMP/final/parent")" = ../pre ]
  run rt state "$ID"
  [ "$status" -ne 0 ]
  at=$(count)
  run rt restore -d --bundle "$BUNDLE" --image-path "$TEST_TMP/final" "$ID"
  ok_or_log "$TEST_TMP/final/restore.log"
  WAIT_TRIES=300 wait_for count_at_least $((at + 3))
  c=$(count)
  [ "$c" -gt "$at" ]
  [ "$c" -lt $((at + 100)) ]
  rt delete -f "$ID"
  nothing_left "$ID"
}
