# Shared set-up for the integration tests. Every test runs real containers from a busybox-static rootfs.
# RUNTIME chooses the runtime under test (default: the built brownie); REFERENCE is runc for differential checks.

INTEGRATION_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$INTEGRATION_DIR/../.." && pwd)"
RUNTIME="${RUNTIME:-${BROWNIE_BUILD:-$REPO_DIR/build}/brownie}"
REFERENCE="${REFERENCE:-runc}"

# One cgroup parent per run, removed at the end (the run script does it), so nothing lands in the caller's cgroup.
RUN_ID="${BROWNIE_TEST_RUN:-$$}"
CGROUP_PARENT="/brownie-test/$RUN_ID"

is_brownie() { [[ "$(basename "$RUNTIME")" == brownie* ]]; }
requires_brownie() { is_brownie || skip "brownie-only: runc gets this wrong"; }

# The rootfs is made once per run and shared read-only between tests (containers get root.readonly or their own).
shared_rootfs() {
  local dir="${BATS_RUN_TMPDIR:-/tmp}/rootfs"
  if [ ! -x "$dir/bin/busybox" ]; then
    "$REPO_DIR/tools/mkrootfs.sh" "$dir.tmp.$$" >/dev/null && mv "$dir.tmp.$$" "$dir" 2>/dev/null || rm -rf "$dir.tmp.$$"
  fi
  echo "$dir"
}

# rt: the runtime under test with this test's state root.
rt() { "$RUNTIME" --root "$ROOT" "$@"; }
ref() { "$REFERENCE" --root "$TEST_TMP/refroot" "$@"; }

setup_bundle() {
  TEST_TMP="$(mktemp -d "${BATS_TEST_TMPDIR:-/tmp}/bt.XXXXXX")"
  ROOT="$TEST_TMP/state"
  BUNDLE="$TEST_TMP/bundle"
  mkdir -p "$BUNDLE" "$ROOT"
  ID="t${BATS_TEST_NUMBER:-0}-$RANDOM"
  CONTAINERS=()
  # The rootfs is copied per test (cheap: one static binary and symlinks) so tests may write to it.
  cp -a "$(shared_rootfs)" "$BUNDLE/rootfs"
  (cd "$BUNDLE" && "$RUNTIME" spec) || return 1
  update_config '.process.terminal = false | .root.readonly = false
    | .linux.cgroupsPath = "'"$CGROUP_PARENT"'/" + "'"$ID"'"'
}

# update_config JQ: edits the bundle's config.json in place.
update_config() {
  local f="$BUNDLE/config.json"
  jq "$1" "$f" >"$f.new" && mv "$f.new" "$f"
}

set_args() { # set_args sh -c '...'
  local json
  json=$(printf '%s\n' "$@" | jq -R . | jq -s .)
  update_config ".process.args = $json"
}

track() { CONTAINERS+=("$1"); }

# container_status ID: the status field of state ("" when unknown).
container_status() { rt state "$1" 2>/dev/null | jq -r '.status // empty'; }
# status_is ID STATUS: for wait_for.
status_is() { [ "$(container_status "$1")" = "$2" ]; }
has_pid() { [ -n "$(init_pid "$1")" ] && [ "$(init_pid "$1")" != 0 ]; }

# Reads the container's init pid from state (empty if gone).
init_pid() { rt state "$1" 2>/dev/null | jq -r '.pid // empty'; }

teardown_bundle() {
  local id
  for id in "${CONTAINERS[@]}" "$ID"; do
    rt delete -f "$id" >/dev/null 2>&1 || true
  done
  # Nothing may be left: state dirs, mounts below the bundle, cgroups of this test.
  local left
  left=$(find "$ROOT" -mindepth 1 -maxdepth 1 2>/dev/null)
  [ -z "$left" ] || { echo "state left behind: $left" >&2; return 1; }
  if grep -q " $TEST_TMP" /proc/self/mountinfo; then
    echo "mounts left behind under $TEST_TMP" >&2
    return 1
  fi
  for id in "${CONTAINERS[@]}" "$ID"; do
    if ls -d /sys/fs/cgroup/*/"$CGROUP_PARENT/$id" >/dev/null 2>&1; then
      echo "cgroup left behind: $CGROUP_PARENT/$id" >&2
      return 1
    fi
  done
  rm -rf "$TEST_TMP"
}

# wait_for COMMAND...: retries for up to ~5 s.
wait_for() {
  local i
  for i in $(seq 50); do
    "$@" && return 0
    sleep 0.1
  done
  return 1
}

# process_dead PID: gone or a zombie.
process_dead() {
  local st
  st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 0
  [ "$st" = Z ] || [ "$st" = X ]
}

# Removes this run's cgroup parent from every hierarchy (depth-first).
remove_cgroup_parent() {
  local h
  for h in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
    [ -d "$h/brownie-test/$RUN_ID" ] || continue
    find "$h/brownie-test/$RUN_ID" -depth -type d -exec rmdir {} + 2>/dev/null || true
    rmdir "$h/brownie-test" 2>/dev/null || true
  done
}

# run_bg CMD...: like bats' run, for commands whose container keeps the caller's stdio open
# (create, run -d): the output goes through a file, so nothing waits for the container to exit.
run_bg() {
  local log="$TEST_TMP/cmd.$RANDOM.log"
  status=0
  "$@" >"$log" 2>&1 </dev/null || status=$?
  output=$(cat "$log")
}
