#!/usr/bin/env bats
# A relative linux.cgroupsPath on a pure cgroup v1 host (run inside the VM by tests/vm/run, never on a
# shared host): as runc's v1 driver takes it, below the runtime's own cgroup of EACH hierarchy. The test
# shell is put in different cgroups of the memory and pids hierarchies first; later commands run from
# elsewhere and find the container from its state.

load ../integration/helpers

REL=/brownie-rel

setup() {
  [ -d /sys/fs/cgroup/memory ] && [ ! -e /sys/fs/cgroup/cgroup.controllers ] || skip "pure cgroup v1 only"
  setup_bundle
  set_args sleep 100
  export WAIT_TRIES=150 # TCG is slow
  mkdir -p "/sys/fs/cgroup/memory$REL/a" "/sys/fs/cgroup/pids$REL/b"
  echo "$BASHPID" >"/sys/fs/cgroup/memory$REL/a/cgroup.procs"
  echo "$BASHPID" >"/sys/fs/cgroup/pids$REL/b/cgroup.procs"
}

teardown() {
  local rc=0 d
  [ -d /sys/fs/cgroup/memory ] && [ ! -e /sys/fs/cgroup/cgroup.controllers ] || return 0
  echo "$BASHPID" >/sys/fs/cgroup/memory/cgroup.procs
  echo "$BASHPID" >/sys/fs/cgroup/pids/cgroup.procs
  teardown_bundle || rc=1
  for d in "memory$REL/a/pods/$ID" "pids$REL/b/pods/$ID" "freezer/pods/$ID"; do
    if [ -d "/sys/fs/cgroup/$d" ]; then
      echo "teardown: cgroup $d left behind" >&2
      rmdir "/sys/fs/cgroup/$d"
      rc=1
    fi
  done
  for d in /sys/fs/cgroup/*/pods "/sys/fs/cgroup/memory$REL/a/pods" "/sys/fs/cgroup/pids$REL/b/pods" \
    "/sys/fs/cgroup/memory$REL/a" "/sys/fs/cgroup/pids$REL/b" "/sys/fs/cgroup/memory$REL" "/sys/fs/cgroup/pids$REL"; do
    [ ! -d "$d" ] || rmdir "$d" || rc=1
  done
  return "$rc"
}

# cg_of PID HIERARCHY: the process's path in that v1 hierarchy.
cg_of() { awk -F: -v h="$2" '$2 == h {print $3}' "/proc/$1/cgroup"; }

@test "a relative cgroupsPath goes below the runtime's own cgroup of each hierarchy; later commands from elsewhere find it" {
  update_config '.linux.cgroupsPath = "pods/" + $id | .linux.resources.pids = {"limit": 40}' --arg id "$ID"
  run_detached
  pid=$(init_pid "$ID")
  [ "$(cg_of "$pid" memory)" = "$REL/a/pods/$ID" ]
  [ "$(cg_of "$pid" pids)" = "$REL/b/pods/$ID" ]
  [ "$(cg_of "$pid" freezer)" = "/pods/$ID" ]
  [ "$(cat "/sys/fs/cgroup/pids$REL/b/pods/$ID/pids.max")" = 40 ]
  [ "$(jq -r '.cgroup_paths.memory' "$ROOT/$ID/state.json")" = "$REL/a/pods/$ID" ]
  [ "$(jq -r '.cgroup_paths.pids' "$ROOT/$ID/state.json")" = "$REL/b/pods/$ID" ]
  # from the hierarchies' roots: a relative path would now mean somewhere else, the state says where
  echo "$BASHPID" >/sys/fs/cgroup/memory/cgroup.procs
  echo "$BASHPID" >/sys/fs/cgroup/pids/cgroup.procs
  rt_t update --pids-limit 20 "$ID"
  [ "$(cat "/sys/fs/cgroup/pids$REL/b/pods/$ID/pids.max")" = 20 ]
  rt_t exec -d "$ID" sleep 100
  [ "$(wc -l <"/sys/fs/cgroup/memory$REL/a/pods/$ID/cgroup.procs")" = 2 ]
  rt_t pause "$ID"
  status_is "$ID" paused
  rt_t resume "$ID"
  rt_t delete -f "$ID"
  [ ! -d "/sys/fs/cgroup/memory$REL/a/pods/$ID" ]
  [ ! -d "/sys/fs/cgroup/pids$REL/b/pods/$ID" ]
  [ ! -d "/sys/fs/cgroup/freezer/pods/$ID" ]
  [ ! -d "/sys/fs/cgroup/memory/pods/$ID" ]
}
