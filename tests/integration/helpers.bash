# shellcheck shell=bash
# Shared set-up for the integration tests: real containers from a busybox-static rootfs.
#
#   RUNTIME       the runtime under test (default: the built brownie, ${BROWNIE_BUILD:-<repo>/build}/brownie)
#   REFERENCE     the runtime differential tests compare with (default: runc)
#   BUSYBOX       the static busybox the rootfs is made from (default: /bin/busybox)
#
# Every test gets its own bundle ($BUNDLE, in $TEST_TMP) and container id ($ID; further containers of the
# same test are named "$ID-<suffix>"). All containers of a run share one state root ($ROOT) and one cgroup
# parent ($CGROUP_PARENT = /brownie-test/<run-id>); every config sets an absolute linux.cgroupsPath below
# it, because a relative or missing one would land in the caller's cgroup. teardown deletes what the test
# made and fails the test when anything is left: state, a live process, a mount, a cgroup directory.

INTEGRATION_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$INTEGRATION_DIR/../.." && pwd)"
RUNTIME="${RUNTIME:-${BROWNIE_BUILD:-$REPO_DIR/build}/brownie}"
REFERENCE="${REFERENCE:-runc}"
BUSYBOX="${BUSYBOX:-/bin/busybox}"

# One temporary directory per run (the run script exports BROWNIE_TEST_TMP; plain bats uses its own).
RUN_TMP="${BROWNIE_TEST_TMP:-${BATS_RUN_TMPDIR:-/tmp/brownie-test.$$}}"
RUN_ID="${BROWNIE_TEST_RUN:-$(basename "$RUN_TMP")}"
RUN_ID="${RUN_ID//[^A-Za-z0-9_.-]/_}"
CGROUP_PARENT="/brownie-test/$RUN_ID"
ROOT="$RUN_TMP/root"         # --root of the runtime under test
REF_ROOT="$RUN_TMP/refroot"  # --root of the reference runtime
RT_TIMEOUT="${RT_TIMEOUT:-60}" # seconds before a hung runtime call is killed

# A sanitized runtime (BROWNIE_SAN_LOGS, set by the run script: see there) writes its ASan, LSan and UBSan
# reports into files named after the test's number, which the run script counts as that test's failure.
if [ -n "${BROWNIE_SAN_LOGS:-}" ]; then
  export ASAN_OPTIONS="$BROWNIE_ASAN_OPTIONS:log_path=$BROWNIE_SAN_LOGS/${BATS_SUITE_TEST_NUMBER:-0}.asan"
  export UBSAN_OPTIONS="$BROWNIE_UBSAN_OPTIONS:log_path=$BROWNIE_SAN_LOGS/${BATS_SUITE_TEST_NUMBER:-0}.ubsan"
fi

# ---------------------------------------------------------------------------------------------------
# Which runtime is this

runtime_name() { basename "$RUNTIME"; }
is_brownie() {
  case "$(runtime_name)" in
    runc* | crun* | youki*) return 1 ;;
    *) return 0 ;;
  esac
}
# Marks a test whose expectation only brownie meets: the issue asks brownie to do better than runc.
requires_brownie() {
  is_brownie || skip "brownie-only: $(runtime_name) gets this wrong"
}

# ---------------------------------------------------------------------------------------------------
# Running the runtimes

# rt ARGS...: the runtime under test with the run's state root.
rt() { "$RUNTIME" --root "$ROOT" "$@"; }
# rt_t ARGS...: rt, killed if it hangs (for calls whose caller cannot wait forever).
rt_t() { timeout -k 5 "$RT_TIMEOUT" "$RUNTIME" --root "$ROOT" "$@"; }
# ref ARGS...: the reference runtime (runc) with its own state root.
ref() { "$REFERENCE" --root "$REF_ROOT" "$@"; }

# run_bg CMD...: like bats' run, for commands whose container keeps the caller's stdio open (create,
# run -d): stdout and stderr go through files, so nothing waits for the container to exit.
# Sets $status, $output (stdout then stderr), $stdout, $stderr and $lines.
run_bg() {
  local out="$TEST_TMP/cmd.out" err="$TEST_TMP/cmd.err"
  status=0
  "$@" >"$out" 2>"$err" </dev/null || status=$?
  stdout=$(cat "$out")
  stderr=$(cat "$err")
  output=$(cat "$out" "$err")
  mapfile -t lines <<<"$output"
  [ -n "$output" ] || lines=()
  return 0
}

# run_container [RUN FLAGS...]: `run` of $ID from $BUNDLE in the foreground; its stdout and stderr (the
# container's too) are captured by bats' run ($status, $output, $lines).
run_container() {
  run rt_t run "$@" --bundle "$BUNDLE" "$ID" </dev/null
}

# create_container [CREATE FLAGS...]: creates $ID from $BUNDLE; fails (printing why) if create fails.
create_container() {
  run_bg rt_t create "$@" --bundle "$BUNDLE" "$ID"
  if [ "$status" -ne 0 ]; then
    echo "create $ID failed ($status): $output" >&2
    return 1
  fi
  save_container_pids "$ID"
}

# run_detached [RUN FLAGS...]: run -d of $ID; fails (printing why) if it fails.
run_detached() {
  run_bg rt_t run -d "$@" --bundle "$BUNDLE" "$ID"
  if [ "$status" -ne 0 ]; then
    echo "run -d $ID failed ($status): $output" >&2
    return 1
  fi
  save_container_pids "$ID"
}

# start_container [ID]: start, failing the test if it fails.
start_container() { rt_t start "${1:-$ID}"; }

# ---------------------------------------------------------------------------------------------------
# The rootfs, made once per run

# build_rootfs DIR: busybox-static and its applets as relative symlinks (like `busybox --install -s`),
# /etc/passwd and /etc/group with root, a test user 1000 in two groups and nobody, and the usual dirs.
build_rootfs() {
  local d="$1" applet rel
  [ -x "$BUSYBOX" ] || { echo "no $BUSYBOX (apt-get install busybox-static)" >&2; return 1; }
  rm -rf --one-file-system "$d"
  mkdir -p "$d"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,root,home/user,var,run,mnt}
  cp "$BUSYBOX" "$d/bin/busybox"
  while read -r applet; do
    applet="${applet#/}"
    [ "$applet" != bin/busybox ] || continue
    [ ! -e "$d/$applet" ] && [ ! -L "$d/$applet" ] || continue
    rel="${applet//[^\/]/}"        # one slash per directory level
    rel="${rel//\//../}bin/busybox" # bin/x -> ../bin/busybox
    ln -s "$rel" "$d/$applet"
  done < <("$BUSYBOX" --list-full)
  chmod 1777 "$d/tmp"
  chmod 700 "$d/root"
  chown 1000:1000 "$d/home/user"
  cat >"$d/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
user:x:1000:1000:test user:/home/user:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
  cat >"$d/etc/group" <<'EOF'
root:x:0:
wheel:x:10:user
audio:x:29:user
user:x:1000:
nogroup:x:65534:
EOF
  echo "brownie-test" >"$d/etc/hostname"
}

# ensure_rootfs: builds $RUN_TMP/rootfs once (safe against concurrent callers).
ensure_rootfs() {
  [ -e "$RUN_TMP/rootfs.done" ] && return 0
  mkdir -p "$RUN_TMP"
  (
    flock 9
    [ -e "$RUN_TMP/rootfs.done" ] || { build_rootfs "$RUN_TMP/rootfs" && touch "$RUN_TMP/rootfs.done"; }
  ) 9>"$RUN_TMP/rootfs.lock"
}

# ---------------------------------------------------------------------------------------------------
# Bundles and configs

# The container id of this test: unique within the run (the suite's test number) and readable.
test_id() {
  local file="${BATS_TEST_FILENAME##*/}"
  echo "t${BATS_SUITE_TEST_NUMBER:-${BATS_TEST_NUMBER:-0}}-${file%.bats}"
}

# setup_bundle: $TEST_TMP, $BUNDLE (rootfs copy + config.json of `$RUNTIME spec`), $ID.
setup_bundle() {
  ensure_rootfs || return 1
  mkdir -p "$ROOT" "$REF_ROOT"
  chmod 711 "$RUN_TMP" # the mapped root of user-namespace tests must reach its rootfs
  ID="$(test_id)"
  TEST_TMP="$RUN_TMP/t/$ID"
  BUNDLE="$TEST_TMP/bundle"
  rm -rf --one-file-system "$TEST_TMP"
  mkdir -p "$BUNDLE"
  chmod 711 "$RUN_TMP/t" "$TEST_TMP" "$BUNDLE"
  PIDFILE_LIST="$TEST_TMP/saved-pids"
  : >"$PIDFILE_LIST"
  cp -a "$RUN_TMP/rootfs" "$BUNDLE/rootfs"
  if ! (cd "$BUNDLE" && "$RUNTIME" spec) >"$TEST_TMP/spec.out" 2>&1; then
    echo "$RUNTIME spec failed: $(cat "$TEST_TMP/spec.out")" >&2
    return 1
  fi
  update_config '.process.terminal = false | .process.args = ["true"] | .root.readonly = false
    | .linux.cgroupsPath = $cg' --arg cg "$CGROUP_PARENT/$ID"
}

# update_config JQ_EXPR [JQ OPTIONS...]: edits $BUNDLE/config.json (or $CONFIG) in place.
update_config() {
  local f="${CONFIG:-$BUNDLE/config.json}" expr="$1"
  shift
  jq "$@" "$expr" "$f" >"$f.new" && mv "$f.new" "$f"
}

# set_args ARG...: process.args.
set_args() {
  if [ "$#" -eq 0 ]; then
    update_config '.process.args = []'
    return
  fi
  # one jq call (a process start costs in the VM's emulation): the arguments NUL-separated on stdin, as
  # an argument may hold newlines or start with "-"
  printf '%s\0' "$@" | update_config '.process.args = ($a | split("\u0000") | .[:-1])' --rawfile a /dev/stdin
}
# userns_config: the container in a new user namespace mapping 0 to host 100000 (65536 ids), with its
# rootfs owned by the mapped root and every parent directory searchable by it.
userns_config() {
  local d="$BUNDLE"
  chown -R 100000:100000 "$BUNDLE/rootfs"
  while [ "$d" != / ]; do
    chmod a+x "$d"
    d=$(dirname "$d")
  done
  update_config '.linux.namespaces += [{"type": "user"}]
    | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
    | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
}

# set_cmd SCRIPT: process.args = sh -c SCRIPT.
set_cmd() { set_args sh -c "$1"; }

# add_mount JSON: appends one mount.
add_mount() { update_config '.mounts += [$m]' --argjson m "$1"; }

# bundle_for SUFFIX: a second bundle with the same config (rootfs shared by absolute path) and its own
# cgroup, for the container "$ID-<suffix>" (of this runtime or the reference); prints its path.
bundle_for() {
  local b="$TEST_TMP/ref-$1"
  mkdir -p "$b"
  jq --arg r "$BUNDLE/rootfs" --arg cg "$CGROUP_PARENT/$ID-$1" '.root.path = $r | .linux.cgroupsPath = $cg' \
    "$BUNDLE/config.json" >"$b/config.json"
  echo "$b"
}

# ---------------------------------------------------------------------------------------------------
# State and processes

container_state() { rt state "${1:-$ID}" 2>/dev/null; }
# container_status ID: the status field of state ("" when unknown).
container_status() { container_state "$1" | jq -r '.status // empty'; }
status_is() { [ "$(container_status "$1")" = "$2" ]; }
# init_pid ID: the init's pid from state (empty if gone).
init_pid() { container_state "$1" | jq -r '.pid // empty'; }
has_pid() { local p; p=$(init_pid "$1"); [ -n "$p" ] && [ "$p" != 0 ]; }

# proc_start PID: the process's start time (field 22 of stat), to tell a pid from a reused one.
proc_start() {
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  s="${s##*) }"
  # shellcheck disable=SC2086
  set -- $s
  echo "${20}"
}

# process_dead PID: gone or a zombie (an orphaned init may wait for PID 1 to reap it).
process_dead() {
  local st
  st=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  st="${st##*) }"
  st="${st%% *}"
  [ "$st" = Z ] || [ "$st" = X ]
}

# saved_alive PID START: the saved process still runs (same start time, not a zombie).
saved_alive() {
  local now
  now=$(proc_start "$1") || return 1
  [ "$now" = "$2" ] && ! process_dead "$1"
}

# cgroup_dirs ID: the container's cgroup directory in every hierarchy where it exists.
cgroup_hierarchies() {
  local h
  if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
    echo /sys/fs/cgroup # pure v2
    return
  fi
  for h in /sys/fs/cgroup/*/; do
    [ -L "${h%/}" ] && continue # cpu,cpuacct style aliases
    [ -e "$h/cgroup.procs" ] && echo "${h%/}"
  done
}
cgroup_dirs() {
  local h
  for h in $(cgroup_hierarchies); do
    [ -d "$h$CGROUP_PARENT/$1" ] && echo "$h$CGROUP_PARENT/$1"
  done
  return 0
}
# test_cgroup_dirs: cgroup directories of this test's containers ($ID, $ID-*) in every hierarchy.
test_cgroup_dirs() {
  local h d
  for h in $(cgroup_hierarchies); do
    for d in "$h$CGROUP_PARENT/$ID" "$h$CGROUP_PARENT/$ID"-*; do
      [ -d "$d" ] && echo "$d"
    done
  done
  return 0
}
# cgroup_pids ID: every pid in the container's cgroups.
cgroup_pids() {
  local d p
  for d in $(cgroup_dirs "$1"); do # read by the shell: a cat per hierarchy is dear in the VM
    { while read -r p; do echo "$p"; done <"$d/cgroup.procs"; } 2>/dev/null
  done | sort -un
}

# save_container_pids ID: remembers the container's processes (init and its cgroup's members) so that
# teardown can check they are gone.
save_container_pids() {
  local p s
  for p in $(init_pid "$1") $(cgroup_pids "$1"); do
    [ "$p" != 0 ] || continue
    s=$(proc_start "$p") || continue
    echo "$p $s" >>"$PIDFILE_LIST"
  done
}

# wait_for COMMAND...: retries for up to ~5 s (WAIT_TRIES tenths of a second).
wait_for() {
  local i
  for ((i = 0; i < ${WAIT_TRIES:-50}; i++)); do
    "$@" && return 0
    sleep 0.1
  done
  return 1
}

# The containers of this test in a state root: $ID and $ID-*.
test_containers() {
  local d
  for d in "$1/$ID" "$1/$ID"-*; do
    [ -e "$d" ] && basename "$d"
  done
  return 0
}

# Processes in, or rooted in, the container: in its cgroup, or with cwd/root in the bundle. Two
# commands for the whole of /proc, not one per process: a loaded machine has hundreds.
processes_of() {
  local p
  {
    grep -ls ":$CGROUP_PARENT/$1\$" /proc/[0-9]*/cgroup 2>/dev/null
    find /proc/[0-9]*/cwd /proc/[0-9]*/root -maxdepth 0 -lname "$BUNDLE/*" 2>/dev/null
  } | cut -d/ -f3 | sort -u | while read -r p; do
    process_dead "$p" || echo "$p"
  done
}

# mounts_under DIR: host mount points at or below DIR, deepest first.
mounts_under() {
  awk -v d="$1" '$5 == d || index($5, d "/") == 1 {print $5}' /proc/self/mountinfo | sort -r
}

# nothing_left ID: no state, no cgroup directory, no process of the container; prints what is left.
nothing_left() {
  local left=""
  [ ! -e "$ROOT/$1" ] || left+="state dir $ROOT/$1; "
  [ -z "$(cgroup_dirs "$1")" ] || left+="cgroups $(cgroup_dirs "$1" | tr '\n' ' '); "
  [ -z "$(processes_of "$1")" ] || left+="processes $(processes_of "$1" | tr '\n' ' '); "
  [ -z "$left" ] && return 0
  echo "left behind by $1: $left" >&2
  return 1
}

teardown_bundle() {
  local rc=0 id p s left m d
  [ -n "${TEST_TMP:-}" ] || return 0
  stop_holders
  # Delete every container the test made, remembering its processes first.
  for id in $(test_containers "$ROOT"); do
    save_container_pids "$id"
    rt_t delete -f "$id" >/dev/null 2>&1 || true
  done
  for id in $(test_containers "$REF_ROOT"); do
    ref delete -f "$id" >/dev/null 2>&1 || true
  done
  # No state.
  left=$(test_containers "$ROOT")
  if [ -n "$left" ]; then
    echo "teardown: state left behind under $ROOT: $left" >&2
    rc=1
  fi
  # No live process of the test's containers.
  while read -r p s; do
    [ -n "$p" ] || continue
    if ! WAIT_TRIES=30 wait_for eval '! saved_alive "$p" "$s"'; then
      echo "teardown: process $p of the test still alive: $(tr '\0' ' ' <"/proc/$p/cmdline")" >&2
      kill -9 "$p" 2>/dev/null # ours: it belongs to this test's container
      rc=1
    fi
  done <"$PIDFILE_LIST"
  # No mount under the test's directory.
  m=$(mounts_under "$TEST_TMP")
  if [ -n "$m" ]; then
    echo "teardown: mounts left behind: $m" >&2
    for d in $m; do umount -l "$d" 2>/dev/null; done
    rc=1
  fi
  # No cgroup of the test's containers (the runtime removes them on delete).
  for d in $(test_cgroup_dirs); do
    echo "teardown: cgroup left behind: $d" >&2
    find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
    rc=1
  done
  [ -n "$(mounts_under "$TEST_TMP")" ] || rm -rf --one-file-system "$TEST_TMP"
  return "$rc"
}

# Removes this run's cgroup parent from every hierarchy, depth-first (only empty directories go).
remove_run_cgroups() {
  local h
  for h in $(cgroup_hierarchies); do
    [ -d "$h/brownie-test/$RUN_ID" ] || continue
    find "$h/brownie-test/$RUN_ID" -depth -type d -exec rmdir {} + 2>/dev/null
    rmdir "$h/brownie-test" 2>/dev/null
  done
  return 0
}

# Default hooks for the .bats files: one bundle per test.
setup() { setup_bundle; }
teardown() { teardown_bundle; }
teardown_file() { remove_run_cgroups; }

# ---------------------------------------------------------------------------------------------------
# Background helpers started by tests (namespace holders, receivers): killed by pid in teardown.

# start_holder CMD...: runs CMD in the background (fd 3 closed, so bats does not wait for it) and sets
# $HOLDER to its pid.
start_holder() {
  "$@" </dev/null >/dev/null 2>&1 3>&- &
  HOLDER=$!
  echo "$HOLDER" >>"$TEST_TMP/holders"
}
stop_holders() {
  local p
  [ -f "${TEST_TMP:-/nonexistent}/holders" ] || return 0
  while read -r p; do
    kill -9 "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done <"$TEST_TMP/holders"
  rm -f "$TEST_TMP/holders"
  return 0
}

# ns_of PID TYPE: the namespace link (type:[inode]).
ns_of() { readlink "/proc/$1/ns/$2"; }
