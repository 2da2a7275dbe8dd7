#!/usr/bin/env bats
# Nothing is left behind: cgroups go with delete, also after kill -9; sysctls land in the container only.

load helpers

setup() { setup_bundle; }
teardown() { teardown_bundle; }

cgroup_dirs() { ls -d /sys/fs/cgroup/*/"$CGROUP_PARENT/$1" 2>/dev/null; }

@test "the container's cgroup exists in every hierarchy while it runs, and delete removes it" {
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID"
  [ -n "$(cgroup_dirs "$ID")" ]
  pid=$(init_pid "$ID")
  grep -qx "$pid" /sys/fs/cgroup/pids/"$CGROUP_PARENT/$ID"/cgroup.procs
  rt delete -f "$ID"
  [ -z "$(cgroup_dirs "$ID")" ]
}

@test "delete removes the cgroup after the processes were killed with -9 from outside" {
  set_args sh -c 'sleep 100 & sleep 100'
  rt run -d --bundle "$BUNDLE" "$ID"
  pid=$(init_pid "$ID")
  kill -9 "$pid"
  wait_for status_is "$ID" stopped
  run rt delete "$ID"
  [ "$status" -eq 0 ]
  [ -z "$(cgroup_dirs "$ID")" ]
}

@test "kill --all signals every process of the container" {
  update_config '.linux.namespaces |= map(select(.type != "pid"))'
  set_args sh -c 'sleep 100 & sleep 100'
  rt run -d --bundle "$BUNDLE" "$ID"
  wait_for sh -c "[ \$(wc -l < /sys/fs/cgroup/pids/$CGROUP_PARENT/$ID/cgroup.procs) -ge 2 ]"
  pids=$(cat /sys/fs/cgroup/pids/"$CGROUP_PARENT/$ID"/cgroup.procs)
  rt kill --all "$ID" KILL
  for p in $pids; do wait_for process_dead "$p"; done
}

@test "sysctls are written in the container's namespaces" {
  update_config '.linux.sysctl = {"net.ipv4.ip_forward": "1", "kernel.shm_rmid_forced": "1"}'
  set_args sh -c 'cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shm_rmid_forced'
  host_fwd=$(cat /proc/sys/net/ipv4/ip_forward)
  run rt run --bundle "$BUNDLE" "$ID"
  [ "${lines[0]}" = 1 ]
  [ "${lines[1]}" = 1 ]
  [ "$(cat /proc/sys/net/ipv4/ip_forward)" = "$host_fwd" ]
}

@test "a failed create leaves no process, cgroup, state or mount" {
  update_config '.mounts += [{"destination": "/x", "type": "no-such-fs", "source": "none"}]'
  set_args true
  run_bg rt create --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [ -z "$(cgroup_dirs "$ID")" ]
  [ -z "$(ls -A "$ROOT")" ]
}

@test "a cgroup found frozen is refused at once, as runc refuses it, and left as it was" {
  [ -d /sys/fs/cgroup/freezer ] || skip "no v1 freezer hierarchy"
  frozen="/sys/fs/cgroup/freezer$CGROUP_PARENT/$ID"
  mkdir -p "$frozen"
  echo FROZEN >"$frozen/freezer.state"
  set_args true
  run_bg rt_t create --bundle "$BUNDLE" "$ID" # would hang with the init frozen in it
  echo THAWED >"$frozen/freezer.state"
  echo "$output"
  [ "$status" -eq 1 ]
  [[ "$output" == *"container's cgroup unexpectedly frozen"* ]]
  [ -d "$frozen" ]
  # what create made in the other hierarchies before it looked is taken back
  [ ! -d "/sys/fs/cgroup/pids$CGROUP_PARENT/$ID" ]
  rmdir "$frozen"
  [ -z "$(ls -A "$ROOT")" ]
}

@test "a cgroup that holds processes already is shared, with runc's warning" {
  set_args sleep 100
  rt run -d --bundle "$BUNDLE" "$ID"
  b2=$(bundle_for 2)
  jq --arg cg "$CGROUP_PARENT/$ID" '.linux.cgroupsPath = $cg' "$b2/config.json" >"$b2/c" && mv "$b2/c" "$b2/config.json"
  run_bg rt run -d --bundle "$b2" "$ID-2"
  [ "$status" -eq 0 ]
  [[ "$output" == *"container's cgroup is not empty: 1 process(es) found"* ]]
  rt delete -f "$ID-2"
}

# create killed with SIGKILL while a createRuntime hook holds it (cgroup made, init cloned and waiting).
kill_create_in_hook() {
  update_config '.hooks.createRuntime = [{"path": "/bin/sh", "args": ["sh", "-c", "echo $$ > '"$TEST_TMP"'/hook.pid; exec sleep 30"]}]'
  set_args true
  "$RUNTIME" --root "$ROOT" create --bundle "$BUNDLE" "$ID" >/dev/null 2>&1 </dev/null &
  local create=$! # the runtime itself, not a subshell
  wait_for test -s "$TEST_TMP/hook.pid"
  kill -9 "$create"
  wait "$create" 2>/dev/null || true
  kill -9 "$(cat "$TEST_TMP/hook.pid")" # the hook is ours: it outlives the runtime that ran it
}

@test "a create killed half-way: list shows it stopped, a second create says how to clean up, delete --force frees the id" {
  requires_brownie
  kill_create_in_hook
  [ -n "$(cgroup_dirs "$ID")" ]
  run rt list -q
  [ "$output" = "$ID" ]
  [ "$(container_status "$ID")" = stopped ]
  run_bg rt create --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [[ "$stderr" == *"container with given ID already exists (its create was interrupted: "*"delete --force $ID"*" removes what it left)"* ]]
  run rt delete --force "$ID"
  [ "$status" -eq 0 ]
  nothing_left "$ID"
  update_config '.hooks = {}'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
}

@test "create killed at increasing delays: delete --force leaves nothing and the id works again (41 kills)" {
  requires_brownie
  set_args true
  local i phases=""
  # Kills 0.5 ms apart over create's first 20 ms, from before it reads the config to after the init waits,
  # each later than the one before (the re-exec, parsing, the state directory, the cgroup, the clone, the
  # mounts). The delay is the shell's own read timeout on a FIFO nobody writes: a sleep process takes
  # longer than the first phases, and a loop of the shell's is slowed down by bats' traps.
  mkfifo "$TEST_TMP/never"
  exec 9<>"$TEST_TMP/never"
  for i in $(seq 0 40); do
    "$RUNTIME" --root "$ROOT" create --bundle "$BUNDLE" "$ID" >/dev/null 2>&1 </dev/null &
    create=$!
    read -r -t "$(printf '0.%04d' $((i * 5)))" -u 9 || true
    kill -9 "$create" 2>/dev/null || true
    wait "$create" 2>/dev/null || true
    # what the kill left: nothing, a state directory (and how far its state got), a live init
    phases+="$i:$(if [ -e "$ROOT/$ID" ]; then container_status "$ID" || echo dir; else echo none; fi) "
    run rt delete --force "$ID"
    [ "$status" -eq 0 ] || { echo "kill $i: $output" >&2; false; }
    nothing_left "$ID" || { echo "kill $i" >&2; false; }
  done
  exec 9>&-
  echo "$phases"
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
}
