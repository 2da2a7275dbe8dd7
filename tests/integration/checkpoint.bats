#!/usr/bin/env bats
# checkpoint and restore: the error paths, which need no working criu (this host's kernel may be newer than
# criu handles; tests/vm/criu.bats checkpoints and restores for real in the VM). A fake criu (a script given
# with the global --criu) writes a log line and fails: the error quotes it, and the container is as it was.

load helpers

RECVTTY="${BROWNIE_BUILD:-$REPO_DIR/build}/tests/helpers/recvtty"
PTYDRIVE="${BROWNIE_BUILD:-$REPO_DIR/build}/tests/helpers/ptydrive"

# fake_criu NAME LINE: a criu that writes LINE, then the summary "Dumping FAILED.", to its --log-file (below
# --work-dir) and exits 1; the error must quote LINE.
fake_criu() {
  FAKE_CRIU="$TEST_TMP/$1"
  printf '(00.001000) Version: 3.17.1\n(00.002000) Error (criu/cr-dump.c:1): %s\n(00.003000) Error (criu/cr-dump.c:2053): Dumping FAILED.\n\n' "$2" >"$TEST_TMP/criu-log"
  cat >"$FAKE_CRIU" <<SCRIPT
#!/bin/sh
work=""; log=""
echo "\$@" >"$TEST_TMP/criu-args"
while [ "\$#" -gt 0 ]; do
  case "\$1" in --work-dir) work="\$2"; shift ;; --log-file) log="\$2"; shift ;; esac
  shift
done
cat "$TEST_TMP/criu-log" >"\$work/\$log"
exit 1
SCRIPT
  chmod +x "$FAKE_CRIU"
}

@test "checkpoint with a missing criu fails with one line and leaves the container running" {
  requires_brownie
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID"
  run rt --criu /nonexistent/criu checkpoint --image-path "$TEST_TMP/img" "$ID"
  [ "$status" -ne 0 ]
  [ "${#lines[@]}" -eq 1 ]
  [[ "$output" == *"criu failed"*"/nonexistent/criu"*"no such file or directory"* ]]
  [ "$(container_status "$ID")" = running ]
}

@test "checkpoint with a failing criu quotes its log's last line and leaves the container running" {
  requires_brownie
  fake_criu criu "Can't dump this task"
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID"
  pid=$(init_pid "$ID")
  run rt --criu "$FAKE_CRIU" checkpoint --image-path "$TEST_TMP/img" --work-path "$TEST_TMP/work" "$ID"
  [ "$status" -ne 0 ]
  [ "${#lines[@]}" -eq 1 ]
  [[ "$output" == *"criu failed: Error (criu/cr-dump.c:1): Can't dump this task"* ]]
  [[ "$output" == *"$TEST_TMP/work/dump.log"* ]]
  [ "$(container_status "$ID")" = running ]
  [ "$(init_pid "$ID")" = "$pid" ]
  # what criu was told: the process tree, the directories, the cgroup mode
  grep -q -- "--tree $pid" "$TEST_TMP/criu-args"
  grep -q -- "--images-dir $TEST_TMP/img" "$TEST_TMP/criu-args"
  grep -q -- "--manage-cgroups=soft" "$TEST_TMP/criu-args"
  grep -q -- "--freeze-cgroup /sys/fs/cgroup/.*$CGROUP_PARENT/$ID" "$TEST_TMP/criu-args"
  ! grep -q -- "--leave-running" "$TEST_TMP/criu-args"
}

@test "checkpoint describes bind mounts and masked files as external mounts; org.criu.config and flags reach criu" {
  requires_brownie
  fake_criu criu "stop"
  mkdir -p "$TEST_TMP/data"
  add_mount '{"destination": "/data", "type": "bind", "source": "'"$TEST_TMP/data"'", "options": ["rbind"]}'
  : >"$TEST_TMP/criu.conf"
  update_config '.annotations["org.criu.config"] = $f' --arg f "$TEST_TMP/criu.conf"
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID"
  run rt --criu "$FAKE_CRIU" checkpoint --image-path "$TEST_TMP/img" --leave-running --tcp-established \
    --ext-unix-sk --file-locks --manage-cgroups-mode full -empty-ns network "$ID"
  [ "$status" -ne 0 ]
  grep -q -- "--config $TEST_TMP/criu.conf" "$TEST_TMP/criu-args"
  grep -q -- "--ext-mount-map /data:/data" "$TEST_TMP/criu-args"
  grep -q -- "--ext-mount-map /proc/keys:/proc/keys" "$TEST_TMP/criu-args"
  grep -q -- "--leave-running" "$TEST_TMP/criu-args"
  grep -q -- "--tcp-established --ext-unix-sk" "$TEST_TMP/criu-args"
  grep -q -- "--file-locks" "$TEST_TMP/criu-args"
  grep -q -- "--manage-cgroups=full" "$TEST_TMP/criu-args"
  grep -q -- "--empty-ns=net" "$TEST_TMP/criu-args"
  [ "$(container_status "$ID")" = running ]
}

@test "checkpoint names the terminal and the caller's pipes to criu, and writes them beside the images" {
  requires_brownie
  fake_criu criu "stop"
  update_config '.process.terminal = true'
  set_args sleep 100
  "$RECVTTY" "$TEST_TMP/tty.sock" </dev/null >"$TEST_TMP/tty.out" 2>&1 3>&- &
  echo $! >>"$TEST_TMP/holders"
  wait_for test -S "$TEST_TMP/tty.sock"
  rt run -d --console-socket "$TEST_TMP/tty.sock" --bundle "$BUNDLE" "$ID"
  pid=$(init_pid "$ID")
  st=$(stat -L -c '%t %T %d' "/proc/$pid/fd/0")
  read -r maj min dev <<<"$st"
  key=$(printf 'tty[%x:%x]' $(((0x$maj << 8) | 0x$min)) "$dev")
  run rt --criu "$FAKE_CRIU" checkpoint --image-path "$TEST_TMP/img" "$ID"
  [ "$status" -ne 0 ]
  grep -qF -- "--external $key" "$TEST_TMP/criu-args"
  [ "$(grep -o -- "--external tty" "$TEST_TMP/criu-args" | wc -l)" = 1 ]
  grep -qF -- "--ext-mount-map /dev/console:/dev/console" "$TEST_TMP/criu-args"
  [ "$(jq -r '.[]' "$TEST_TMP/img/descriptors.json" | sort -u)" = "$key" ]
  # --shell-job: criu inherits the terminal itself
  run rt --criu "$FAKE_CRIU" checkpoint --shell-job --image-path "$TEST_TMP/img" "$ID"
  [ -z "$(grep -- "--external tty" "$TEST_TMP/criu-args")" ]
  [ "$(container_status "$ID")" = running ]
  rt delete -f "$ID"
  # a container without a terminal whose stdout is the caller's pipe: the pipe is named, not external
  update_config '.process.terminal = false'
  set_cmd 'exec </dev/null 2>/dev/null; exec sleep 100'
  rt run -d --bundle "$BUNDLE" "$ID" | cat >/dev/null 3>&- &
  echo $! >>"$TEST_TMP/holders"
  wait_for has_pid "$ID"
  pipe=$(readlink "/proc/$(init_pid "$ID")/fd/1")
  run rt --criu "$FAKE_CRIU" checkpoint --image-path "$TEST_TMP/img" "$ID"
  [ "$(jq -r '.[1]' "$TEST_TMP/img/descriptors.json")" = "$pipe" ]
  [ -z "$(grep -- "--external" "$TEST_TMP/criu-args")" ]
  rt delete -f "$ID"
}

@test "restore gives criu the caller's pipes and a new terminal for the ones descriptors.json names" {
  requires_brownie
  fake_criu criu "stop"
  mkdir -p "$TEST_TMP/img"
  set_args sleep 100
  echo '["/dev/null","pipe:[4242]","pipe:[4242]"]' >"$TEST_TMP/img/descriptors.json"
  run rt --criu "$FAKE_CRIU" restore -d --bundle "$BUNDLE" --image-path "$TEST_TMP/img" "$ID"
  [ "$status" -ne 0 ]
  grep -q -- "--inherit-fd fd\[[0-9]*\]:pipe:\[4242\]" "$TEST_TMP/criu-args"
  [ "$(grep -o -- "pipe:\[4242\]" "$TEST_TMP/criu-args" | wc -l)" = 1 ]
  [ -z "$(grep -- "fd\[[012]\]" "$TEST_TMP/criu-args")" ]
  nothing_left "$ID"
  # a terminal: without a console socket restore says what it needs; with one, criu gets a new pty's slave
  echo '["tty[8800:1a]","tty[8800:1a]","tty[8800:1a]"]' >"$TEST_TMP/img/descriptors.json"
  run rt --criu "$FAKE_CRIU" restore -d --bundle "$BUNDLE" --image-path "$TEST_TMP/img" "$ID" </dev/null
  [ "$status" -ne 0 ]
  [[ "$output" == *"has a terminal: restore needs --console-socket"* ]]
  nothing_left "$ID"
  # on a terminal of its own (a person's), restore hands criu that terminal
  run timeout 60 "$PTYDRIVE" 24 80 NEVER 24 80 -- "$RUNTIME" --root "$ROOT" --criu "$FAKE_CRIU" restore -d \
    --bundle "$BUNDLE" --image-path "$TEST_TMP/img" "$ID"
  [ "$status" -ne 0 ]
  grep -q -- "--inherit-fd fd\[[0-9]*\]:tty\[8800:1a\]" "$TEST_TMP/criu-args"
  grep -q -- "--ext-mount-map /dev/console:/dev/pts/[0-9]" "$TEST_TMP/criu-args"
  nothing_left "$ID"
  run rt --criu "$FAKE_CRIU" restore -d --console-socket "$TEST_TMP/none.sock" --bundle "$BUNDLE" \
    --image-path "$TEST_TMP/img" "$ID"
  [ "$status" -ne 0 ]
  [ "$(grep -o -- "--inherit-fd fd\[[0-9]*\]:tty\[8800:1a\]" "$TEST_TMP/criu-args" | wc -l)" = 1 ]
  grep -q -- "--ext-mount-map /dev/console:/dev/pts/[0-9]" "$TEST_TMP/criu-args"
  nothing_left "$ID"
  # a console socket for images without a terminal is an error, as it is for create
  echo '["/dev/null","/dev/null","/dev/null"]' >"$TEST_TMP/img/descriptors.json"
  run rt --criu "$FAKE_CRIU" restore -d --console-socket "$TEST_TMP/none.sock" --bundle "$BUNDLE" \
    --image-path "$TEST_TMP/img" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"--console-socket: the checkpoint"*"has no terminal"* ]]
  nothing_left "$ID"
}

@test "the host's /dev/null on the container's stdio becomes the container's own, which criu can dump" {
  requires_brownie
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>"$TEST_TMP/err"
  pid=$(init_pid "$ID")
  [ "$(readlink "/proc/$pid/fd/0")" = /dev/null ]
  [ "$(readlink "/proc/$pid/fd/1")" = /dev/null ]
  # the node of the container's /dev, not the host's
  [ "$(stat -L -c %d:%i "/proc/$pid/fd/0")" != "$(stat -c %d:%i /dev/null)" ]
  [ "$(stat -L -c %d:%i "/proc/$pid/fd/1")" = "$(stat -L -c %d:%i "/proc/$pid/root/dev/null")" ]
  # anything else is left as given
  [ "$(readlink "/proc/$pid/fd/2")" = "$TEST_TMP/err" ]
}

@test "restore with a failing criu quotes its log and leaves nothing" {
  requires_brownie
  fake_criu criu "Can't restore this task"
  mkdir -p "$TEST_TMP/img"
  set_args sleep 100
  run rt --criu "$FAKE_CRIU" restore -d --bundle "$BUNDLE" --image-path "$TEST_TMP/img" "$ID"
  [ "$status" -ne 0 ]
  [ "${#lines[@]}" -eq 1 ]
  [[ "$output" == *"criu failed: Error (criu/cr-dump.c:1): Can't restore this task"*"restore.log"* ]]
  grep -q -- "--restore-detached" "$TEST_TMP/criu-args"
  grep -q -- "--cgroup-root" "$TEST_TMP/criu-args"
  nothing_left "$ID"
  [ -z "$(mounts_under "$ROOT/$ID")" ]
}

@test "restore with a missing criu or a missing image directory fails and leaves nothing" {
  requires_brownie
  mkdir -p "$TEST_TMP/img"
  run rt --criu /nonexistent/criu restore -detach -bundle "$BUNDLE" -image-path "$TEST_TMP/img" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"criu failed"*"/nonexistent/criu"* ]]
  nothing_left "$ID"
  run rt restore -d --bundle "$BUNDLE" --image-path "$TEST_TMP/none" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"--image-path"*"no such file or directory"* ]]
  nothing_left "$ID"
}

@test "checkpoint of an unknown or stopped container, and bad flags, are errors" {
  requires_brownie
  run rt checkpoint nosuch
  [ "$status" -ne 0 ]
  [[ "$output" == *"container does not exist"* ]]
  rt run -d --bundle "$BUNDLE" "$ID"
  wait_for status_is "$ID" stopped
  run rt checkpoint --image-path "$TEST_TMP/img" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"container is not running"* ]]
  run rt checkpoint --manage-cgroups-mode bogus "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"--manage-cgroups-mode"* ]]
  run rt checkpoint --empty-ns pid "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"--empty-ns"* ]]
  run rt checkpoint --no-such-flag "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"flag provided but not defined"* ]]
  run rt restore --detach
  [ "$status" -ne 0 ]
}

@test "a paused container is checkpointed as it is (containerd pauses a task before its checkpoint)" {
  requires_brownie
  fake_criu criu "Can't dump this task"
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID"
  rt pause "$ID"
  run rt --criu "$FAKE_CRIU" checkpoint --image-path "$TEST_TMP/img" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"criu failed: Error (criu/cr-dump.c:1): Can't dump this task"* ]]
  grep -q -- "--freeze-cgroup /sys/fs/cgroup/.*$CGROUP_PARENT/$ID" "$TEST_TMP/criu-args"
  [ "$(container_status "$ID")" = paused ]
  # a dump that succeeds: criu kills the frozen processes, which a v1 freezer holds until thawed; the
  # container is gone, as after any checkpoint without --leave-running
  cat >"$TEST_TMP/criu-ok" <<'SCRIPT'
#!/bin/sh
while [ "$#" -gt 0 ]; do
  case "$1" in --tree) kill -KILL "$2"; shift ;; esac
  shift
done
exit 0
SCRIPT
  chmod +x "$TEST_TMP/criu-ok"
  rt --criu "$TEST_TMP/criu-ok" checkpoint --image-path "$TEST_TMP/img" "$ID"
  run rt state "$ID"
  [ "$status" -ne 0 ]
  nothing_left "$ID"
}

@test "checkpoint --parent-path must be relative and name a directory below the image path, checked first, as runc" {
  update_config '.process.terminal = true' # checked before the container's console is looked at
  set_args sleep 100
  "${BROWNIE_BUILD:-$REPO_DIR/build}/tests/helpers/recvtty" "$TEST_TMP/tty.sock" </dev/null >/dev/null 2>&1 3>&- &
  RECV=$!
  wait_for test -S "$TEST_TMP/tty.sock"
  rt run -d --console-socket "$TEST_TMP/tty.sock" --bundle "$BUNDLE" "$ID"
  cd "$TEST_TMP"
  run rt checkpoint --parent-path "$TEST_TMP/parent-dir" --work-path ./work-dir --image-path ./image-dir "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"--parent-path must be relative"* ]]
  run rt checkpoint --parent-path ./parent-dir --work-path ./work-dir --image-path ./image-dir "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"invalid --parent-path"* ]]
  [ "$(container_status "$ID")" = running ]
  kill "$RECV" 2>/dev/null || true
  wait "$RECV" 2>/dev/null || true
}

@test "features and help name checkpoint and restore" {
  requires_brownie
  run rt --help
  [[ "$output" == *checkpoint* && "$output" == *restore* && "$output" == *--criu* ]]
  [ "$(rt features | jq -r '.annotations["org.brownie.checkpoint.enabled"]')" = true ]
  run rt restore --help
  [[ "$output" == *--image-path* && "$output" == *--lsm-mount-context* && "$output" == *--no-subreaper* ]]
}
