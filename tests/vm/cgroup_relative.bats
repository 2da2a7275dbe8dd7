#!/usr/bin/env bats
# A relative or missing linux.cgroupsPath (run inside the VM by tests/vm/run, never on a shared host: the
# container lands below the caller's own cgroup). Each test first moves its shell into a cgroup of its own,
# $REL/runtime; on pure v2 runc's rule puts the container below that cgroup's parent, $REL. Later commands
# run from another cgroup and must still find the container where create put it.

load ../integration/helpers

REL=/brownie-rel

setup() {
  [ -e /sys/fs/cgroup/cgroup.controllers ] || skip "pure cgroup v2 only (v1 puts it below each hierarchy's own)"
  setup_bundle
  set_args sleep 100
  export WAIT_TRIES=150 # TCG is slow
  mkdir -p "/sys/fs/cgroup$REL/runtime" "/sys/fs/cgroup$REL/other"
  echo "$BASHPID" >"/sys/fs/cgroup$REL/runtime/cgroup.procs"
}

teardown() {
  local rc=0 d
  [ -e /sys/fs/cgroup/cgroup.controllers ] || return 0
  echo "$BASHPID" >/sys/fs/cgroup/cgroup.procs
  teardown_bundle || rc=1
  # what the tests made, deepest first; a container's cgroup left behind fails the test
  for d in "$REL/pods/$ID" "$REL/$ID"; do
    if [ -d "/sys/fs/cgroup$d" ]; then
      echo "teardown: cgroup $d left behind" >&2
      rmdir "/sys/fs/cgroup$d"
      rc=1
    fi
  done
  for d in "$REL/pods" "$REL/runtime" "$REL/other" "$REL"; do
    [ ! -d "/sys/fs/cgroup$d" ] || rmdir "/sys/fs/cgroup$d" || rc=1
  done
  return "$rc"
}

# cg_of PID: its cgroup v2 path.
cg_of() { sed -n 's/^0:://p' "/proc/$1/cgroup"; }

@test "a relative cgroupsPath goes below the parent of the runtime's cgroup; later commands from elsewhere find it" {
  update_config '.linux.cgroupsPath = "pods/" + $id' --arg id "$ID"
  [ "$(cg_of "$BASHPID")" = "$REL/runtime" ]
  run_detached
  pid=$(init_pid "$ID")
  [ "$(cg_of "$pid")" = "$REL/pods/$ID" ]
  [ "$(jq -r .cgroup_path "$ROOT/$ID/state.json")" = "$REL/pods/$ID" ]
  [ "$(jq -r '.cgroup_paths[""]' "$ROOT/$ID/state.json")" = "$REL/pods/$ID" ]
  # from another cgroup: a relative path would now mean somewhere else, the state says where it is
  echo "$BASHPID" >"/sys/fs/cgroup$REL/other/cgroup.procs"
  rt_t exec -d "$ID" sleep 100
  [ "$(wc -l <"/sys/fs/cgroup$REL/pods/$ID/cgroup.procs")" = 2 ]
  rt_t ps "$ID" | grep -q sleep
  rt_t pause "$ID"
  status_is "$ID" paused
  [ "$(grep frozen "/sys/fs/cgroup$REL/pods/$ID/cgroup.events")" = "frozen 1" ]
  rt_t resume "$ID"
  status_is "$ID" running
  rt_t update --pids-limit 20 "$ID"
  [ "$(cat "/sys/fs/cgroup$REL/pods/$ID/pids.max")" = 20 ]
  rt_t kill "$ID" KILL
  wait_for eval '! status_is "$ID" running'
  rt_t delete "$ID"
  [ ! -d "/sys/fs/cgroup$REL/pods/$ID" ]
  [ ! -d "/sys/fs/cgroup$REL/other/pods" ]
  [ -d "/sys/fs/cgroup$REL/runtime" ]
}

@test "no cgroupsPath: the container id, below the same parent, and delete -f removes it from elsewhere" {
  update_config 'del(.linux.cgroupsPath)'
  run_detached
  pid=$(init_pid "$ID")
  [ "$(cg_of "$pid")" = "$REL/$ID" ]
  echo "$BASHPID" >/sys/fs/cgroup/cgroup.procs
  rt_t delete -f "$ID"
  [ ! -d "/sys/fs/cgroup$REL/$ID" ]
  [ ! -d "/sys/fs/cgroup/$ID" ]
}

@test "an absolute cgroupsPath is unchanged by where the runtime runs" {
  run_detached
  pid=$(init_pid "$ID")
  [ "$(cg_of "$pid")" = "$CGROUP_PARENT/$ID" ]
  [ "$(jq -r '.cgroup_paths[""]' "$ROOT/$ID/state.json")" = "$CGROUP_PARENT/$ID" ]
}
