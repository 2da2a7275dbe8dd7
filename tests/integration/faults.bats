#!/usr/bin/env bats
# Faults and hostile input: files that are not what they claim, ids that are not ids, a state root that
# is full or read-only, and several runtimes at once on one id. Each gets one clear line, a non-zero exit,
# no hang, and leaves nothing behind.

load helpers

# hostile_create WHAT: create (killed after 20 s) must fail in one line matching WHAT, leaving nothing.
hostile_create() {
  run_bg timeout -k 5 20 "$RUNTIME" --root "$ROOT" create --bundle "$BUNDLE" "$ID"
  echo "status $status: $stderr"
  [ "$status" -ne 0 ] && [ "$status" -ne 124 ] && [ "$status" -ne 137 ]
  [ "${#lines[@]}" -eq 1 ]
  [[ "${output//\\/}" == *"$1"* ]]
  [ -z "$(ls -A "$ROOT")" ]
  nothing_left "$ID"
}

@test "a config.json that is a FIFO is refused without waiting for a writer" {
  requires_brownie # runc 1.1 waits for a writer
  rm "$BUNDLE/config.json"
  mkfifo "$BUNDLE/config.json"
  hostile_create 'open "config.json": not a regular file'
}

@test "a config.json that is a symlink to /dev/zero is refused" {
  requires_brownie # runc 1.1 reads it without end
  rm "$BUNDLE/config.json"
  ln -s /dev/zero "$BUNDLE/config.json"
  hostile_create 'open "config.json": not a regular file'
}

@test "a config.json over 16 MiB is refused before it is read" {
  requires_brownie # runc 1.1 reads any size
  head -c $((17 << 20)) /dev/zero | tr '\0' a >"$TEST_TMP/big"
  update_config '.annotations.big = $b' --rawfile b "$TEST_TMP/big"
  hostile_create 'read "config.json": larger than 16 MiB'
}

@test "a config.json nested 100,000 deep is refused with its line and column" {
  requires_brownie # runc's message has no line and column
  printf '%*s' 100000 '' | tr ' ' '[' >"$BUNDLE/config.json"
  hostile_create 'config.json: line 1, column'
}

@test "ids with a slash, .. or 1,000 characters are refused; nothing is made" {
  local id
  for id in "a/b" ".." "../$ID" "$(printf 'x%.0s' $(seq 1000))"; do
    run_bg rt create --bundle "$BUNDLE" "$id"
    [ "$status" -ne 0 ]
    [ "${#lines[@]}" -eq 1 ]
    [[ "$output" == *"invalid container ID"* || "$output" == *"file name too long"* ]]
  done
  [ -z "$(ls -A "$ROOT")" ]
  [ -z "$(ls -A "$TEST_TMP/..")" ] || [ "$(ls -A "$TEST_TMP/..")" = "$ID" ]
}

@test "a bundle that is not a directory is refused" {
  run_bg rt create --bundle "$BUNDLE/config.json" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"bundle"*"not a directory"* ]]
  [ -z "$(ls -A "$ROOT")" ]
}

@test "a bundle the caller cannot read is refused in one line; no state root is made" {
  is_brownie || skip "runs the runtime as an unprivileged user"
  command -v setpriv >/dev/null || skip "no setpriv"
  chmod 700 "$BUNDLE"
  run_bg setpriv --reuid 65534 --regid 65534 --clear-groups env -u XDG_RUNTIME_DIR \
    "$RUNTIME" --root "$TEST_TMP/nobody-root" create --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [ "${#lines[@]}" -eq 1 ]
  [[ "${output//\\/}" == *"bundle \"$BUNDLE\": permission denied"* ]]
  [ ! -e "$TEST_TMP/nobody-root" ]
  nothing_left "$ID"
}

# A state root of the test's own on a tmpfs: read-only, or full.
tmpfs_root() {
  STATE="$TEST_TMP/state"
  mkdir -p "$STATE"
  mount -t tmpfs -o "size=$1" tmpfs "$STATE"
}
umount_root() { umount "$STATE"; }

@test "a read-only state root: create fails in one line and makes no cgroup" {
  tmpfs_root 1m
  mount -o remount,ro "$STATE"
  run_bg "$RUNTIME" --root "$STATE" create --bundle "$BUNDLE" "$ID"
  umount_root
  [ "$status" -ne 0 ]
  [ "${#lines[@]}" -eq 1 ]
  [[ "$output" == *"read-only file system"* ]]
  nothing_left "$ID"
}

@test "a full state root: create fails in one line, leaves nothing, and works once there is room" {
  requires_brownie # runc 1.1 says "unable to store init state: %!w(<nil>)"
  tmpfs_root 64k
  head -c 1m /dev/zero >"$STATE/filler" 2>/dev/null || true
  run_bg "$RUNTIME" --root "$STATE" create --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -ne 0 ]
  [ "${#lines[@]}" -eq 1 ]
  [[ "$output" == *"no space left on device"* ]]
  [ "$(ls -A "$STATE")" = filler ]
  nothing_left "$ID"
  rm "$STATE/filler"
  run "$RUNTIME" --root "$STATE" run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ -z "$(ls -A "$STATE")" ]
  umount_root
}

@test "five creates of one id at once: exactly one succeeds, the others say it exists" {
  set_args sleep 100
  local i pids=()
  for i in 1 2 3 4 5; do
    "$RUNTIME" --root "$ROOT" create --bundle "$BUNDLE" "$ID" >"$TEST_TMP/c$i.out" 2>&1 </dev/null &
    pids+=($!)
  done
  ok=0
  for i in 1 2 3 4 5; do
    if wait "${pids[$((i - 1))]}"; then
      ok=$((ok + 1))
    else
      cat "$TEST_TMP/c$i.out"
      [ "$(wc -l <"$TEST_TMP/c$i.out")" -eq 1 ]
      grep -q "container with given ID already exists" "$TEST_TMP/c$i.out"
    fi
  done
  [ "$ok" -eq 1 ]
  [ "$(container_status "$ID")" = created ]
  [ "$(ls "$ROOT")" = "$ID" ]
  run rt delete --force "$ID"
  echo "$output"
  [ "$status" -eq 0 ]
  nothing_left "$ID"
}

@test "delete, kill and state at once on one container: each answers, the container goes, nothing is left" {
  set_args sleep 100
  run_detached
  local i pids=()
  for i in 1 2 3; do
    rt delete --force "$ID" >"$TEST_TMP/d$i.out" 2>&1 &
    pids+=($!)
    rt kill "$ID" KILL >"$TEST_TMP/k$i.out" 2>&1 &
    pids+=($!)
    rt state "$ID" >"$TEST_TMP/s$i.out" 2>&1 &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || true; done
  for i in 1 2 3; do
    # delete --force succeeds whatever the others did; kill and state succeed or say it is gone
    [ ! -s "$TEST_TMP/d$i.out" ] || { cat "$TEST_TMP/d$i.out"; false; }
    [ ! -s "$TEST_TMP/k$i.out" ] || grep -Eq "container does not exist|container not running|not running" "$TEST_TMP/k$i.out" ||
      { cat "$TEST_TMP/k$i.out"; false; }
    jq -e .status "$TEST_TMP/s$i.out" >/dev/null 2>&1 || grep -q "container does not exist" "$TEST_TMP/s$i.out" ||
      { cat "$TEST_TMP/s$i.out"; false; }
  done
  [ -z "$(ls -A "$ROOT")" ]
  nothing_left "$ID"
}
