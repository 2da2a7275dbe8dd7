#!/usr/bin/env bats
# delete: removes a stopped container; refuses a live one unless --force; --force kills and removes.

load helpers

@test "delete of a stopped container removes its state and cgroups" {
  set_args true
  run_detached
  wait_for status_is "$ID" stopped
  [ -n "$(cgroup_dirs "$ID")" ]
  run rt delete "$ID"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
  nothing_left "$ID"
  run rt state "$ID"
  [ "$status" -ne 0 ]
}

@test "delete of a running container without --force errors and changes nothing" {
  set_args sleep 100
  run_detached
  pid=$(init_pid "$ID")
  run rt delete "$ID"
  [ "$status" -ne 0 ]
  [ "$(container_status "$ID")" = running ]
  [ "$(init_pid "$ID")" = "$pid" ]
  ! process_dead "$pid"
  [ -n "$(cgroup_dirs "$ID")" ]
}

@test "delete of a created container without --force errors and changes nothing" {
  requires_brownie # brownie-only: runc gets this wrong (runc and crun delete a created container)
  set_args sleep 100
  create_container
  pid=$(init_pid "$ID")
  run rt delete "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"not stopped"* ]]
  [ "$(container_status "$ID")" = created ]
  ! process_dead "$pid"
  [ -n "$(cgroup_dirs "$ID")" ]
  # and it still starts
  start_container
  [ "$(container_status "$ID")" = running ]
}

@test "delete --force kills and removes a running container" {
  set_args sleep 100
  run_detached
  pid=$(init_pid "$ID")
  run rt delete --force "$ID"
  [ "$status" -eq 0 ]
  wait_for process_dead "$pid"
  nothing_left "$ID"
}

@test "delete -f kills and removes a created container" {
  set_args sleep 100
  create_container
  pid=$(init_pid "$ID")
  run rt delete -f "$ID"
  [ "$status" -eq 0 ]
  wait_for process_dead "$pid"
  nothing_left "$ID"
}

@test "delete -f kills every process of a container without its own pid namespace" {
  update_config '.linux.namespaces |= map(select(.type != "pid"))'
  set_cmd 'sleep 100 & sleep 100 & wait'
  run_detached
  wait_for eval '[ "$(cgroup_pids "$ID" | wc -l)" -ge 3 ]'
  pids=$(cgroup_pids "$ID")
  save_container_pids "$ID"
  run rt delete -f "$ID"
  [ "$status" -eq 0 ]
  for p in $pids; do wait_for process_dead "$p"; done
  nothing_left "$ID"
}

@test "delete -f of an unknown id exits 0; delete of an unknown id errors with does not exist" {
  run rt delete -f "$ID-unknown"
  [ "$status" -eq 0 ]
  run rt delete --force "$ID-unknown"
  [ "$status" -eq 0 ]
  run rt delete "$ID-unknown"
  [ "$status" -ne 0 ]
  [[ "$output" == *"does not exist"* ]]
}

@test "delete of a container whose init was killed from outside removes everything" {
  set_cmd 'sleep 100'
  run_detached
  pid=$(init_pid "$ID")
  kill -9 "$pid"
  wait_for status_is "$ID" stopped
  run rt delete "$ID"
  [ "$status" -eq 0 ]
  nothing_left "$ID"
}

@test "later commands find the cgroup from state.json: each hierarchy's path, or cgroup_path alone in an older state" {
  requires_brownie
  set_args sleep 100
  run_detached
  st="$ROOT/$ID/state.json"
  pid=$(init_pid "$ID")
  # an absolute cgroupsPath is the same path in every hierarchy
  [ "$(jq -r .cgroup_path "$st")" = "$CGROUP_PARENT/$ID" ]
  [ "$(jq -r '[.cgroup_paths[]] | unique | .[]' "$st")" = "$CGROUP_PARENT/$ID" ]
  # an older state: cgroup_path alone, the same path everywhere
  jq 'del(.cgroup_paths)' "$st" >"$st.new" && mv "$st.new" "$st"
  [ "$(rt ps -f json "$ID")" = "[$pid]" ]
  if [ ! -e /sys/fs/cgroup/cgroup.controllers ] && [ -e /sys/fs/cgroup/pids/cgroup.procs ]; then
    # v1: the pids hierarchy's own path says where the processes are listed (ps) and what delete
    # removes there; the others keep cgroup_path
    moved="/sys/fs/cgroup/pids$CGROUP_PARENT/$ID-moved"
    mkdir "$moved"
    echo "$pid" >"$moved/cgroup.procs"
    rmdir "/sys/fs/cgroup/pids$CGROUP_PARENT/$ID"
    jq --arg p "$CGROUP_PARENT/$ID-moved" '.cgroup_paths = {"pids": $p}' "$st" >"$st.new" && mv "$st.new" "$st"
    [ "$(rt ps -f json "$ID")" = "[$pid]" ]
  fi
  rt delete -f "$ID"
  [ ! -d "/sys/fs/cgroup/pids$CGROUP_PARENT/$ID-moved" ]
  [ -z "$(cgroup_dirs "$ID")" ]
}
