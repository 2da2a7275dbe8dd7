#!/usr/bin/env bats
# Namespaces: new ones differ from the host's, joined ones are the same; pid 1; only lo in a new netns.

load helpers

setup() { setup_bundle; }
teardown() {
  [ -z "${HOLDER:-}" ] || { kill -9 "$HOLDER" 2>/dev/null; wait "$HOLDER" 2>/dev/null || true; }
  teardown_bundle
}

ns_inode() { readlink "/proc/$1/ns/$2"; }

@test "new namespaces differ from the host's" {
  update_config '.linux.namespaces += [{"type": "cgroup"}]'
  set_args sh -c 'for n in pid net mnt ipc uts cgroup; do readlink /proc/self/ns/$n; done'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  i=0
  for n in pid net mnt ipc uts cgroup; do
    [ "${lines[$i]}" != "$(ns_inode self "$n")" ]
    i=$((i + 1))
  done
}

@test "the process is pid 1 of its pid namespace" {
  set_args sh -c 'echo $$'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$output" = 1 ]
}

@test "a new network namespace has only lo" {
  set_args sh -c 'tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " "'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$output" = lo ]
}

@test "without a namespace entry the host's is shared" {
  update_config '.linux.namespaces |= map(select(.type != "network" and .type != "ipc"))'
  set_args sh -c 'readlink /proc/self/ns/net; readlink /proc/self/ns/ipc'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "${lines[0]}" = "$(ns_inode self net)" ]
  [ "${lines[1]}" = "$(ns_inode self ipc)" ]
}

@test "namespaces given by path are joined" {
  unshare --net --uts --ipc sleep 100 &
  HOLDER=$!
  wait_for sh -c "[ \"\$(readlink /proc/$HOLDER/ns/net)\" != \"\$(readlink /proc/self/ns/net)\" ]"
  update_config '.linux.namespaces |= map(if .type == "network" or .type == "uts" or .type == "ipc" then .path = "/proc/'"$HOLDER"'/ns/" + ({"network": "net", "uts": "uts", "ipc": "ipc"}[.type]) else . end)
    | del(.hostname)'
  set_args sh -c 'readlink /proc/self/ns/net; readlink /proc/self/ns/uts; readlink /proc/self/ns/ipc'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "$(ns_inode "$HOLDER" net)" ]
  [ "${lines[1]}" = "$(ns_inode "$HOLDER" uts)" ]
  [ "${lines[2]}" = "$(ns_inode "$HOLDER" ipc)" ]
}

@test "a pid namespace given by path is joined" {
  unshare --pid --fork --kill-child --mount-proc sleep 100 &
  HOLDER=$!
  wait_for test -n "$(pgrep -P "$HOLDER" 2>/dev/null)"
  inner=$(pgrep -P "$HOLDER" | head -n 1)
  update_config '.linux.namespaces |= map(if .type == "pid" then .path = "/proc/'"$inner"'/ns/pid" else . end)'
  set_args sh -c 'readlink /proc/self/ns/pid'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "$output" = "$(ns_inode "$inner" pid)" ]
}

@test "a time namespace is created when asked" {
  requires_brownie # runc 1.1 predates time namespaces
  [ -e /proc/self/ns/time ] || skip "no time namespaces on this kernel"
  update_config '.linux.namespaces += [{"type": "time"}]'
  set_args sh -c 'readlink /proc/self/ns/time'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "$output" != "$(ns_inode self time)" ]
}

@test "hostname and domainname are set in the uts namespace" {
  requires_brownie # runc 1.1 ignores domainname
  update_config '.hostname = "box1" | .domainname = "example.org"'
  set_args sh -c 'hostname; cat /proc/sys/kernel/domainname'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "${lines[0]}" = box1 ]
  [ "${lines[1]}" = example.org ]
}

@test "the cgroup namespace's root is the container's cgroup" {
  update_config '.linux.namespaces += [{"type": "cgroup"}]'
  set_args cat /proc/self/cgroup
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  # every hierarchy shows the container's cgroup as its root
  ! echo "$output" | grep -v ':/$'
}

@test "without a cgroup namespace /proc/self/cgroup shows the container's path in every hierarchy" {
  set_args cat /proc/self/cgroup
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  for line in "${lines[@]}"; do
    [[ "$line" == *":$CGROUP_PARENT/$ID" ]]
  done
}

@test "without a cgroup namespace the cgroup mount shows the container's own cgroup of each v1 hierarchy" {
  [ ! -e /sys/fs/cgroup/cgroup.controllers ] || skip "v1 and hybrid hosts only"
  [ -e /sys/fs/cgroup/pids/cgroup.procs ] || skip "no v1 pids hierarchy"
  update_config '.linux.resources.pids = {"limit": 33}'
  set_args sh -c 'cat /sys/fs/cgroup/pids/pids.max; cat /sys/fs/cgroup/pids/cgroup.procs'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = 33 ]
  [ "${#lines[@]}" -eq 2 ] # the container's init alone
}

@test "without a mount namespace the process is chrooted and nothing is mounted on the host" {
  requires_brownie # runc mounts into the host's namespace here
  update_config '.linux.namespaces |= map(select(.type != "mount"))'
  set_args sh -c 'ls /bin/busybox && readlink /proc/1/ns/mnt 2>/dev/null; echo done'
  before=$(wc -l </proc/self/mountinfo)
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [[ "$output" == *"/bin/busybox"* ]]
  [[ "$output" == *"no mount namespace"* ]]
  [ "$(wc -l </proc/self/mountinfo)" = "$before" ]
  ! grep -q " $BUNDLE" /proc/self/mountinfo
}
