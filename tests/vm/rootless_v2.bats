#!/usr/bin/env bats
# Rootless on a pure cgroup v2 host (run inside the VM by tests/vm/run): a user the test creates (never
# root) gets a subtree delegated as systemd's Delegate=yes makes one (the directory and its cgroup.procs,
# cgroup.subtree_control and cgroup.threads chowned to the user, the controllers enabled in the parents)
# and runs the bundle of `spec --rootless` from a session cgroup inside it, as a login would. The limits
# are read back from the host and from inside the container; exec, ps, pause/resume (the v2 freezer),
# kill and delete work, and nothing is left. A cgroupsPath outside the subtree is an error naming the
# field; so is a runtime run from outside it (the kernel's rule for moving processes between cgroups). Each check runs with brownie and, where the VM has it, with Debian's runc.

load ../integration/helpers

RL_USER=brl
RL_UID=1500
RL_GID=1500
RL_HOME=/tmp/brl-home
DELEG="$CGROUP_PARENT/rootless" # the delegated subtree, below the run's parent

setup_file() {
  local c=/sys/fs/cgroup d
  if command -v runc >/dev/null; then
    echo "# rootless_v2: compared with $(runc --version | head -n 1)" >&3
  else
    echo "# rootless_v2: no runc in the VM, brownie alone" >&3
  fi
  ensure_rootfs
  # The VM's /etc/passwd holds root only: the user's entry is added (and taken away at the end).
  echo "$RL_USER:x:$RL_UID:$RL_GID:rootless test:$RL_HOME:/bin/sh" >>/etc/passwd
  echo "$RL_USER:x:$RL_GID:" >>/etc/group
  mkdir -p "$RL_HOME/xdg"
  chmod 700 "$RL_HOME/xdg"
  cp -a "$RUN_TMP/rootfs" "$RL_HOME/rootfs"
  chown -R "$RL_UID:$RL_GID" "$RL_HOME"
  # the user's own spec: its ids are the ones mapped
  (cd "$RL_HOME" && setpriv --reuid="$RL_UID" --regid="$RL_GID" --clear-groups "$RUNTIME" spec --rootless &&
    mv config.json rootless.json)
  # The delegation: the controllers enabled down to the subtree, which is the user's.
  for d in "" /brownie-test "$CGROUP_PARENT"; do
    mkdir -p "$c$d"
    echo "+cpu +memory +pids" >"$c$d/cgroup.subtree_control"
  done
  mkdir "$c$DELEG"
  chown "$RL_UID:$RL_GID" "$c$DELEG" "$c$DELEG/cgroup.procs" "$c$DELEG/cgroup.subtree_control" \
    "$c$DELEG/cgroup.threads"
  setpriv --reuid="$RL_UID" --regid="$RL_GID" --clear-groups mkdir "$c$DELEG/session"
}

teardown_file() {
  rmdir "/sys/fs/cgroup$DELEG/session" "/sys/fs/cgroup$DELEG" 2>/dev/null || true
  sed -i "/^$RL_USER:/d" /etc/passwd /etc/group
  rm -rf --one-file-system "$RL_HOME"
}

# u CMD...: CMD as the user, from the session cgroup in its subtree (where systemd would have put its
# login: the kernel lets a process move others only within a cgroup it may write), with a clean
# environment of its own. bash, not the VM's sh: busybox's runs its own setpriv applet before PATH's.
u() {
  bash -c 'echo $$ >"$0" && exec "$@"' "/sys/fs/cgroup$DELEG/session/cgroup.procs" \
    setpriv --reuid="$RL_UID" --regid="$RL_GID" --clear-groups \
    env -i HOME="$RL_HOME" PATH="$PATH" USER="$RL_USER" XDG_RUNTIME_DIR="$RL_HOME/xdg" "$@"
}
# urt RUNTIME ARGS...: a runtime as the user, with its default root ($XDG_RUNTIME_DIR/<name>).
urt() {
  local rt="$1"
  shift
  u timeout -k 5 "$RT_TIMEOUT" "$rt" "$@"
}
ustate() { echo "$RL_HOME/xdg/$(basename "$1")"; }
ustatus() { urt "$1" state "$2" 2>/dev/null | jq -r .status; }
# The runtimes compared: brownie, and runc where the VM has it.
runtimes() {
  echo "$RUNTIME"
  command -v runc || true
}
# The user's live processes (zombies waiting for the VM's init are gone already).
user_pids() {
  awk -v u="$RL_UID" '/^State:/ {s = $2} /^Uid:/ && $2 == u && s != "Z" {print FILENAME}' \
    /proc/[0-9]*/status 2>/dev/null || true
}
# ubundle ID JQ [JQ OPTIONS...]: the user's bundle $RL_HOME/ID from the spec --rootless config.
ubundle() {
  local b="$RL_HOME/$1" expr="$2"
  shift 2
  mkdir -p "$b"
  jq --arg r "$RL_HOME/rootfs" '.process.terminal = false | .process.args = ["sleep", "100"] | .root.path = $r
    | '"$expr" "$@" "$RL_HOME/rootless.json" >"$b/config.json"
  chown -R "$RL_UID:$RL_GID" "$b"
}

setup() {
  ID="$(test_id)"
  TEST_TMP="$BATS_TEST_TMPDIR" # run_bg's files
  export WAIT_TRIES=150        # TCG is slow
}

teardown() {
  local rc=0 rt id left
  for rt in $(runtimes); do
    id="$ID-$(basename "$rt")"
    if [ -e "$(ustate "$rt")/$id" ]; then
      urt "$rt" delete -f "$id" >/dev/null 2>&1 || true
      echo "teardown: $rt left the state of $id" >&2
      rc=1
    fi
    rm -rf --one-file-system "${RL_HOME:?}/$id"
  done
  wait_for eval '[ -z "$(user_pids)" ]' || { echo "teardown: processes left: $(user_pids)" >&2; rc=1; }
  left=$(cd "/sys/fs/cgroup$DELEG" && find . -mindepth 1 -type d ! -path ./session)
  [ -z "$left" ] || { echo "teardown: cgroups left in the subtree: $left" >&2; rc=1; }
  left=$(cd "/sys/fs/cgroup$CGROUP_PARENT" && find . -maxdepth 1 -name "$ID-*")
  [ -z "$left" ] || { echo "teardown: cgroups left: $left" >&2; rc=1; }
  return "$rc"
}

@test "rootless in a delegated subtree: limits set, read from the host and inside; exec, ps, pause, resume, kill, delete" {
  local rt id cg c out
  [ -z "$(user_pids)" ]
  for rt in $(runtimes); do
    id="$ID-$(basename "$rt")"
    cg="$DELEG/$id"
    c="/sys/fs/cgroup$cg"
    ubundle "$id" '.linux.cgroupsPath = $cg | .linux.namespaces += [{"type": "cgroup"}]
      | .linux.resources = {"memory": {"limit": 67108864}, "pids": {"limit": 20},
                            "cpu": {"quota": 50000, "period": 100000}}' --arg cg "$cg"
    run_bg urt "$rt" run -d --bundle "$RL_HOME/$id" "$id"
    [ "$status" -eq 0 ] || { echo "$rt: $output" >&2; false; }
    # the host's side: the user's own cgroup, with the limits
    [ "$(stat -c %u "$c")" = "$RL_UID" ]
    [ "$(cat "$c/memory.max")" = 67108864 ]
    [ "$(cat "$c/pids.max")" = 20 ]
    [ "$(cat "$c/cpu.max")" = "50000 100000" ]
    # inside: the cgroup namespace's root is the container's cgroup, mounted at /sys/fs/cgroup
    out=$(urt "$rt" exec "$id" sh -c 'cat /proc/self/cgroup /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max /sys/fs/cgroup/cpu.max')
    [ "$out" = "$(printf '0::/\n67108864\n20\n50000 100000')" ] || { echo "$rt: $out" >&2; false; }
    # exec'd processes join the cgroup; ps lists both
    run_bg urt "$rt" exec -d "$id" sleep 50
    [ "$status" -eq 0 ] || { echo "$rt: $output" >&2; false; }
    [ "$(wc -l <"$c/cgroup.procs")" = 2 ]
    [ "$(urt "$rt" ps -f json "$id" 2>/dev/null | jq length)" = 2 ] # runc warns on stderr
    # the v2 freezer of a delegated cgroup
    urt "$rt" pause "$id" 2>/dev/null
    [ "$(ustatus "$rt" "$id")" = paused ]
    grep -qx "frozen 1" "$c/cgroup.events"
    urt "$rt" resume "$id" 2>/dev/null
    [ "$(ustatus "$rt" "$id")" = running ]
    grep -qx "frozen 0" "$c/cgroup.events"
    urt "$rt" kill "$id" KILL
    wait_for eval '[ "$(ustatus "$rt" "$id")" = stopped ]'
    urt "$rt" delete "$id"
    # nothing left: cgroup, state, processes
    [ ! -e "$c" ]
    [ ! -e "$(ustate "$rt")/$id" ]
    wait_for eval '[ -z "$(user_pids)" ]'
  done
}

@test "rootless: a cgroupsPath outside the delegated subtree, or a runtime outside it, fails as runc fails; nothing is left" {
  local rt id cg c
  for rt in $(runtimes); do
    id="$ID-$(basename "$rt")"
    cg="$CGROUP_PARENT/$id"
    c="/sys/fs/cgroup$cg"
    ubundle "$id" '.linux.cgroupsPath = $cg | .linux.resources = {"memory": {"limit": 67108864}}' --arg cg "$cg"
    # not there, and its parent is root's
    run_bg urt "$rt" run -d --bundle "$RL_HOME/$id" "$id"
    [ "$status" -ne 0 ]
    if [ "$rt" = "$RUNTIME" ]; then
      [[ "$output" == *"linux.cgroupsPath "*"$cg"*": not a cgroup delegated to this user (rootless): mkdir "*"$c"*": permission denied"* ]]
    else
      [[ "$output" == *"unable to apply cgroup configuration"*"permission denied"* ]]
    fi
    [ ! -e "$c" ]
    [ ! -e "$(ustate "$rt")/$id" ]
    # there, but root's
    mkdir "$c"
    run_bg urt "$rt" run -d --bundle "$RL_HOME/$id" "$id"
    rmdir "$c"
    [ "$status" -ne 0 ]
    [[ "$output" == *"permission denied"* ]]
    if [ "$rt" = "$RUNTIME" ]; then
      [[ "$output" == *"linux.cgroupsPath "*"$cg"*": not a cgroup delegated to this user (rootless): open "*"$c/cgroup.procs"*": permission denied"* ]]
    fi
    [ ! -e "$(ustate "$rt")/$id" ]
    # in the subtree, but the runtime runs outside it (in root's cgroup): the kernel refuses the move
    ubundle "$id" '.linux.cgroupsPath = $cg' --arg cg "$DELEG/$id"
    run_bg setpriv --reuid="$RL_UID" --regid="$RL_GID" --clear-groups env -i PATH="$PATH" \
      XDG_RUNTIME_DIR="$RL_HOME/xdg" timeout -k 5 "$RT_TIMEOUT" "$rt" run -d --bundle "$RL_HOME/$id" "$id"
    [ "$status" -ne 0 ]
    [[ "$output" == *"permission denied"* ]]
    if [ "$rt" = "$RUNTIME" ]; then
      [[ "$output" == *"clone3 into the container's cgroup: permission denied"* ]]
    fi
    [ ! -e "/sys/fs/cgroup$DELEG/$id" ]
    [ ! -e "$(ustate "$rt")/$id" ]
  done
}
