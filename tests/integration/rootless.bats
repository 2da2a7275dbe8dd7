#!/usr/bin/env bats
# Rootless: a user the test creates (never root) runs the bundle of `spec --rootless` with $RUNTIME: the
# user's own id mapped, more ids through newuidmap/newgidmap, no cgroup where none is delegated (and a
# clear error when the config asks for limits), an explicit cgroupsPath that must be the user's in every
# controller's hierarchy (delegated: limits, pause, ps; not delegated, or only in some: an error, as runc),
# the state under $XDG_RUNTIME_DIR, and the lifecycle (create, start, state, list, exec, ps, kill, pause,
# delete) with nothing left behind. The same file runs against runc (RUNTIME=runc); where brownie must
# differ the test says so.

load helpers

setup_file() {
  command -v newuidmap >/dev/null || skip "newuidmap missing (apt-get install uidmap)"
  RL_USER="brl$$"
  export RL_USER
  useradd -m -s /bin/sh "$RL_USER"
  RL_HOME=$(getent passwd "$RL_USER" | cut -d: -f6)
  RL_UID=$(id -u "$RL_USER")
  RL_GID=$(id -g "$RL_USER")
  export RL_HOME RL_UID RL_GID
  # 65536 subordinate ids of its own, far from those the other tests map.
  RL_SUB=$((300000 + (RL_UID % 100) * 65536))
  export RL_SUB
  echo "$RL_USER:$RL_SUB:65536" >>/etc/subuid
  echo "$RL_USER:$RL_SUB:65536" >>/etc/subgid
  build_rootfs "$RL_HOME/rootfs"
  mkdir -p "$RL_HOME/xdg"
  chmod 700 "$RL_HOME/xdg"
  chown -R "$RL_USER:" "$RL_HOME"
}

teardown_file() {
  [ -n "${RL_USER:-}" ] || return 0
  sed -i "/^$RL_USER:/d" /etc/subuid /etc/subgid
  userdel -r "$RL_USER" 2>/dev/null || true
}

# u CMD...: as the user, with a clean environment of its own (a sanitized runtime keeps its options).
u() {
  runuser -u "$RL_USER" -- env -i HOME="$RL_HOME" PATH="$PATH" USER="$RL_USER" \
    XDG_RUNTIME_DIR="$RL_HOME/xdg" ${ASAN_OPTIONS:+ASAN_OPTIONS="$ASAN_OPTIONS"} \
    ${UBSAN_OPTIONS:+UBSAN_OPTIONS="$UBSAN_OPTIONS"} "$@"
}
# urt ARGS...: the runtime as the user, its default root ($XDG_RUNTIME_DIR/<name>).
urt() { u timeout -k 5 "$RT_TIMEOUT" "$RUNTIME" "$@"; }
ustate() { echo "$RL_HOME/xdg/$(runtime_name)"; }

setup() {
  ID="$(test_id)"
  TEST_TMP="$BATS_TEST_TMPDIR" # run_bg's files
  BUNDLE="$RL_HOME/b-$ID"
  u mkdir -p "$BUNDLE"
  (cd "$BUNDLE" && u "$RUNTIME" spec --rootless)
  # one rootfs for every test (runc refuses a symlink there)
  CONFIG="$BUNDLE/config.json" update_config '.process.terminal = false | .process.args = ["true"]
    | .root.path = $r' --arg r "$RL_HOME/rootfs"
  chown "$RL_USER:" "$BUNDLE/config.json"
}

# The user's processes (the runtime's and the containers'), but for the test's own runuser calls.
user_processes() { ps -u "$RL_USER" -o pid=,comm= | grep -v ' runuser$' || true; }

# The cgroups the container would have had below this process's own (where a rootless create tries).
would_be_cgroups() {
  local line ctrl path h
  while IFS=: read -r _ ctrl path; do
    case "$ctrl" in
      "") h=/sys/fs/cgroup/unified ;;
      name=systemd) h=/sys/fs/cgroup/systemd ;;
      *) h=/sys/fs/cgroup/$ctrl ;;
    esac
    [ -e /sys/fs/cgroup/cgroup.controllers ] && h=/sys/fs/cgroup
    [ -d "$h${path%/}/$1" ] && echo "$h${path%/}/$1"
  done </proc/self/cgroup
  return 0
}

teardown() {
  local rc=0 id left
  for id in $(cd "$(ustate)" 2>/dev/null && ls -d "$ID" "$ID"-* 2>/dev/null); do
    urt delete -f "$id" >/dev/null 2>&1 || true
  done
  left=$(cd "$(ustate)" 2>/dev/null && ls -d "$ID" "$ID"-* 2>/dev/null || true)
  [ -z "$left" ] || { echo "teardown: state left: $left" >&2; rc=1; }
  WAIT_TRIES=30 wait_for eval '[ -z "$(user_processes)" ]' ||
    { echo "teardown: processes left: $(user_processes)" >&2; rc=1; }
  left=$(would_be_cgroups "$ID")
  [ -z "$left" ] || { echo "teardown: cgroups left: $left" >&2; rc=1; }
  left=$(mounts_under "$RL_HOME")
  [ -z "$left" ] || { echo "teardown: mounts left: $left" >&2; rc=1; }
  rm -rf --one-file-system "$BUNDLE"
  return "$rc"
}

@test "spec --rootless writes runc's rootless config" {
  local ours theirs
  ours=$(jq -S 'del(.hostname, .ociVersion)' "$BUNDLE/config.json")
  theirs=$(cd "$BUNDLE" && rm config.json && u runc spec --rootless && jq -S --arg r "$RL_HOME/rootfs" 'del(.hostname, .ociVersion) | .process.terminal = false | .process.args = ["true"] | .root.path = $r' config.json)
  [ "$ours" = "$theirs" ]
}

@test "the user's own id is root inside; nothing is left after the run" {
  CONFIG="$BUNDLE/config.json" update_config '.process.args = ["sh", "-c", "id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups; exit 3"]'
  run urt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 3 ]
  [ "${lines[0]}" = 0 ]
  [ "${lines[1]}" = 0 ]
  [ "$(echo "${lines[2]}" | tr -s ' ' | sed 's/^ //')" = "0 $RL_UID 1" ]
  [ "$(echo "${lines[3]}" | tr -s ' ' | sed 's/^ //')" = "0 $RL_GID 1" ]
  [ "${lines[4]}" = deny ] # the kernel's condition for an unprivileged gid_map
}

@test "the state root is \$XDG_RUNTIME_DIR/<runtime>, owned by the user" {
  CONFIG="$BUNDLE/config.json" update_config '.process.args = ["sleep", "60"]'
  run_bg urt run -d --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ -d "$(ustate)/$ID" ]
  [ "$(stat -c %U "$(ustate)")" = "$RL_USER" ]
  [ -z "$(find "$(ustate)" ! -user "$RL_USER")" ]
  run urt list -q
  [ "$output" = "$ID" ]
  # the host's default root was not written
  [ ! -e "/run/$(runtime_name)/$ID" ]
}

@test "create, start, state, exec, ps, kill and delete work rootless" {
  local pid
  CONFIG="$BUNDLE/config.json" update_config '.process.args = ["sleep", "60"]'
  run_bg urt create --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "$(urt state "$ID" | jq -r .status)" = created ]
  urt start "$ID"
  [ "$(urt state "$ID" | jq -r .status)" = running ]
  pid=$(urt state "$ID" | jq -r .pid)
  [ "$(stat -c %U "/proc/$pid")" = "$RL_USER" ]
  run urt exec "$ID" sh -c 'id -u; cat /proc/self/uid_map; echo $$'
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = 0 ]
  [ "$(echo "${lines[1]}" | tr -s ' ' | sed 's/^ //')" = "0 $RL_UID 1" ]
  run_bg urt exec -d "$ID" sleep 50
  [ "$status" -eq 0 ]
  if is_brownie; then # runc's ps needs a cgroup ("unable to get all container pids")
    run urt ps -f json "$ID"
    [ "$status" -eq 0 ]
    echo "$output" | jq -e --argjson p "$pid" 'length == 2 and index($p) != null'
  fi
  run urt kill "$ID" KILL
  [ "$status" -eq 0 ]
  wait_for eval '[ "$(urt state "$ID" | jq -r .status)" = stopped ]'
  run urt delete "$ID"
  [ "$status" -eq 0 ]
  [ ! -e "$(ustate)/$ID" ]
}

@test "kill --all reaches every process of a container without a cgroup or pid namespace" {
  requires_brownie # runc signals only the init when it has no cgroup
  # no pid namespace: /proc is the host's, bound (a user namespace may not mount a procfs it does not own)
  CONFIG="$BUNDLE/config.json" update_config '.linux.namespaces |= map(select(.type != "pid"))
    | .mounts |= map(if .destination == "/proc" then {destination: "/proc", type: "bind", source: "/proc", options: ["rbind"]} else . end)
    | .process.args = ["sh", "-c", "sleep 61 & sleep 62 & wait"]'
  run_bg urt run -d --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  wait_for eval '[ "$(urt ps -f json "$ID" | jq length)" = 3 ]'
  run urt kill --all "$ID" TERM
  [ "$status" -eq 0 ]
  wait_for eval '! ps -u "$RL_USER" -o comm= | grep -q sleep'
}

@test "more ids than the user's own are mapped with newuidmap and newgidmap" {
  CONFIG="$BUNDLE/config.json" update_config '.process.args = ["sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups; touch /tmp/f; chown 1000:1000 /tmp/f; stat -c %u:%g /tmp/f"]
    | .linux.uidMappings += [{"containerID": 1, "hostID": $s, "size": 65536}]
    | .linux.gidMappings += [{"containerID": 1, "hostID": $s, "size": 65536}]
    | .mounts += [{"destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid"]}]
    | .process.capabilities |= map_values(. + ["CAP_CHOWN"])' \
    --argjson s "$RL_SUB"
  run urt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "$(echo "${lines[1]}" | tr -s ' ' | sed 's/^ //')" = "1 $RL_SUB 65536" ]
  [ "$(echo "${lines[3]}" | tr -s ' ' | sed 's/^ //')" = "1 $RL_SUB 65536" ]
  [ "${lines[4]}" = allow ] # newgidmap wrote it: setgroups stays allowed
  [ "${lines[5]}" = 1000:1000 ]
}

@test "a mapping the user may not make is a clear error" {
  CONFIG="$BUNDLE/config.json" update_config '.linux.uidMappings += [{"containerID": 1, "hostID": 4000000, "size": 10}]'
  run urt run --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"not allowed"* ]]
  if is_brownie; then
    [[ "$output" == *"uid_map "*"0 $RL_UID 1,1 4000000 10"*"newuidmap refused"* ]]
  fi
}

@test "no cgroup is made where none is delegated; resources are then a clear error" {
  CONFIG="$BUNDLE/config.json" update_config '.process.args = ["sh", "-c", "cat /proc/self/cgroup"]'
  run urt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [[ "$output" != *"/$ID"* ]] # left in the caller's cgroups
  CONFIG="$BUNDLE/config.json" update_config '.linux.resources.memory = {"limit": 104857600}'
  run urt run --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"memory"* ]]
  if is_brownie; then
    [[ "$output" == *"linux.resources.memory: cannot be set rootless: no cgroup of "*"/sys/fs/cgroup"*"delegated to this user"*"permission denied"* ]]
  fi
  [ -z "$(would_be_cgroups "$ID")" ]
}

@test "--rootless=false fails on the host's cgroups, as runc does" {
  run urt --rootless=false run --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"permission denied"* ]]
}

@test "pause without a delegated cgroup is an error that says why" {
  CONFIG="$BUNDLE/config.json" update_config '.process.args = ["sleep", "60"]'
  run_bg urt run -d --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  run urt pause "$ID"
  [ "$status" -ne 0 ]
  if is_brownie; then
    [[ "$output" == *"no cgroup to freeze (rootless, and no cgroup was delegated to this user)"* ]]
  fi
  [ "$(urt state "$ID" | jq -r .status)" = running ]
}

@test "sysfs, devices and cgroups come from the host as a user namespace allows" {
  CONFIG="$BUNDLE/config.json" update_config '.process.args = ["sh", "-c", "cat /proc/self/mountinfo; ls -l /dev/null; echo x > /dev/null && echo null-ok"]'
  run urt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  echo "$output" | grep -E ' /sys ro,.* - sysfs '
  echo "$output" | grep -E '^[0-9]+ [0-9]+ [0-9:]+ /null /dev/null ' # a bind of the host's node
  echo "$output" | grep -E ' /sys/fs/cgroup/(memory|cpu|pids)? ro,.* - cgroup2? '
  echo "$output" | grep -E ' /dev/mqueue .* - mqueue '
  [ "${lines[-1]}" = null-ok ]
}

@test "devpts is mounted without gid= when gid 5 is not mapped" {
  requires_brownie # runc refuses the config ("cannot specify gid= mount options for unmapped gid")
  CONFIG="$BUNDLE/config.json" update_config '(.mounts[] | select(.destination == "/dev/pts") | .options) += ["gid=5"]
    | .process.args = ["sh", "-c", "grep devpts /proc/self/mountinfo"]'
  run urt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [[ "$output" == *" - devpts devpts rw,mode=620,ptmxmode=666"* ]]
}

@test "a read-only remount keeps the flags the user namespace locked" {
  CONFIG="$BUNDLE/config.json" update_config '.mounts += [{"destination": "/hostetc", "source": "/etc", "options": ["rbind", "ro", "nosuid", "nodev"]}]
    | .process.args = ["sh", "-c", "grep \" /hostetc \" /proc/self/mountinfo; touch /hostetc/x 2>&1 || echo refused"]'
  run urt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  echo "$output" | grep -E ' /hostetc ro,nosuid,nodev'
  [ "${lines[-1]}" = refused ]
}

@test "an rlimit above the hard limit is refused with the reason" {
  local hard
  hard=$(u sh -c 'ulimit -Hn')
  CONFIG="$BUNDLE/config.json" update_config '.process.rlimits = [{"type": "RLIMIT_NOFILE", "hard": ($h + 1), "soft": 1024}]' --argjson h "$hard"
  run urt run --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"operation not permitted"* ]]
  if is_brownie; then
    [[ "$output" == *"process.rlimits[0]: hard limit $((hard + 1)) is above the current hard limit $hard, and raising it needs CAP_SYS_RESOURCE"* ]]
  fi
}

# The v1 hierarchies of this host by directory ("memory", "cpu,cpuacct", "systemd"; the links of co-mounted
# ones and the unified hierarchy left out).
v1_hierarchies() {
  local h
  for h in /sys/fs/cgroup/*; do
    [ ! -L "$h" ] && [ -e "$h/tasks" ] && basename "$h"
  done
  return 0
}

# delegate HIERARCHY...: a cgroup below the run's parent in each v1 hierarchy named, owned by the user
# (what a delegation does; cpuset levels get their parent's cpus and mems, which only root may write);
# prints the cgroupsPath for a container below it.
delegate() {
  local c d p f
  for c in "$@"; do
    d="/sys/fs/cgroup/$c$CGROUP_PARENT/$ID"
    mkdir -p "$d"
    if [ -e "$d/cpuset.cpus" ]; then
      for p in "$CGROUP_PARENT" "$CGROUP_PARENT/$ID"; do
        for f in cpuset.cpus cpuset.mems; do
          [ -n "$(cat "/sys/fs/cgroup/$c/brownie-test/$f")" ] || cat "/sys/fs/cgroup/$c/$f" >"/sys/fs/cgroup/$c/brownie-test/$f"
          [ -n "$(cat "/sys/fs/cgroup/$c$p/$f")" ] || cat "/sys/fs/cgroup/$c$(dirname "$p")/$f" >"/sys/fs/cgroup/$c$p/$f"
        done
      done
    fi
    chown "$RL_USER:" "$d" "$d/cgroup.procs" "$d/tasks"
  done
  echo "$CGROUP_PARENT/$ID/ctr"
}
undelegate() {
  local c
  for c in "$@"; do rmdir "/sys/fs/cgroup/$c$CGROUP_PARENT/$ID" 2>/dev/null || true; done
}
# no_cgroup_at PATH: no hierarchy holds PATH.
no_cgroup_at() {
  local h
  for h in /sys/fs/cgroup/*; do
    [ ! -L "$h" ] || continue
    [ ! -e "$h$1" ] || { echo "cgroup left: $h$1" >&2; return 1; }
  done
}

@test "where every controller's cgroup is delegated to the user, limits apply and pause, ps, exec work" {
  [ -d /sys/fs/cgroup/pids ] && [ -d /sys/fs/cgroup/freezer ] || skip "needs the v1 pids and freezer hierarchies"
  local cg all
  all=$(v1_hierarchies)
  # shellcheck disable=SC2086
  cg=$(delegate $all)
  CONFIG="$BUNDLE/config.json" update_config '.linux.cgroupsPath = $cg | .linux.resources.pids = {"limit": 12}
    | .linux.resources.memory = {"limit": 67108864} | .process.args = ["sleep", "60"]' --arg cg "$cg"
  run_bg urt run -d --bundle "$BUNDLE" "$ID"
  # shellcheck disable=SC2086
  [ "$status" -eq 0 ] || { echo "$output"; undelegate $all; false; }
  [ "$(cat "/sys/fs/cgroup/pids$cg/pids.max")" = 12 ]
  [ "$(cat "/sys/fs/cgroup/memory$cg/memory.limit_in_bytes")" = 67108864 ]
  [ "$(stat -c %U "/sys/fs/cgroup/pids$cg")" = "$RL_USER" ]
  [ "$(urt exec "$ID" cat /sys/fs/cgroup/pids/pids.max)" = 12 ] # read back from inside
  urt pause "$ID"
  [ "$(urt state "$ID" | jq -r .status)" = paused ]
  [ "$(cat "/sys/fs/cgroup/freezer$cg/freezer.state")" = FROZEN ]
  urt resume "$ID"
  [ "$(urt state "$ID" | jq -r .status)" = running ]
  [ "$(urt ps -f json "$ID" 2>/dev/null | jq length)" = 1 ] # runc warns on stderr
  urt delete -f "$ID"
  no_cgroup_at "$cg"
  # shellcheck disable=SC2086
  undelegate $all
}

@test "an explicit cgroupsPath the user may not use fails, with or without limits, as runc fails" {
  local cg="$CGROUP_PARENT/$ID/ctr" h res
  for res in '{}' '{"pids": {"limit": 12}}'; do
    # not there: the user may not make it
    CONFIG="$BUNDLE/config.json" update_config '.linux.cgroupsPath = $cg | .linux.resources = $r' --arg cg "$cg" --argjson r "$res"
    run_bg urt run -d --bundle "$BUNDLE" "$ID"
    [ "$status" -ne 0 ]
    if is_brownie; then
      [[ "$output" == *"linux.cgroupsPath "*"$cg"*": not a cgroup delegated to this user (rootless): mkdir "*"/sys/fs/cgroup/"*"$CGROUP_PARENT"*": permission denied"* ]]
    else
      [[ "$output" == *"unable to apply cgroup configuration"*"permission denied"* ]]
    fi
    [ ! -e "$(ustate)/$ID" ]
    no_cgroup_at "$CGROUP_PARENT/$ID"
  done
  # there, but root's: the user may not move a process in
  for h in $(v1_hierarchies); do mkdir -p "/sys/fs/cgroup/$h$cg"; done
  run_bg urt run -d --bundle "$BUNDLE" "$ID"
  for h in $(v1_hierarchies); do rmdir "/sys/fs/cgroup/$h$cg" "/sys/fs/cgroup/$h$CGROUP_PARENT/$ID"; done
  [ "$status" -ne 0 ]
  [[ "$output" == *"permission denied"* ]]
  if is_brownie; then
    [[ "$output" == *"linux.cgroupsPath "*"$cg"*": not a cgroup delegated to this user (rootless): open "*"/sys/fs/cgroup/"*"$cg/cgroup.procs"*": permission denied"* ]]
  fi
  [ ! -e "$(ustate)/$ID" ]
}

@test "a cgroupsPath delegated in some controllers' hierarchies only fails, as runc fails, and nothing is left" {
  [ -d /sys/fs/cgroup/pids ] && [ -d /sys/fs/cgroup/freezer ] || skip "needs the v1 pids and freezer hierarchies"
  local cg
  cg=$(delegate pids freezer)
  CONFIG="$BUNDLE/config.json" update_config '.linux.cgroupsPath = $cg | .process.args = ["true"]' --arg cg "$cg"
  run_bg urt run -d --bundle "$BUNDLE" "$ID"
  [ ! -e "/sys/fs/cgroup/pids$cg" ] && [ ! -e "/sys/fs/cgroup/freezer$cg" ] # what was made went again
  undelegate pids freezer
  [ "$status" -ne 0 ]
  [[ "$output" == *"permission denied"* ]]
  if is_brownie; then
    [[ "$output" == *"linux.cgroupsPath "*"$cg"*": not a cgroup delegated to this user (rootless): mkdir "*"permission denied"* ]]
  fi
  [ ! -e "$(ustate)/$ID" ]
}
