#!/usr/bin/env bats
# Known container escapes, each as a test that the runtime blocks it: leaked fds and a cwd through them
# (CVE-2024-21626), mounts through symlinks and races (CVE-2021-30465), /proc replaced or masked paths
# bypassed (CVE-2019-19921, CVE-2023-28642), malicious images (/dev links, `..`, a rootfs that is the
# host's /, relative hooks), inherited capabilities (CVE-2022-27650) and setgroups in a user namespace.
#
# The "host" every test aims at is a marker directory or file of the test's own ($TEST_TMP/host...): no
# test touches the host's real files even when the runtime under test is broken.

load helpers

setup() { setup_bundle; }
teardown() { teardown_bundle; }

# far_up: a relative path of enough `..` to reach the root from any cwd (the root stops `..`).
far_up() { printf '../%.0s' {1..40}; }

# The script a container runs to tell whether its cwd lies outside its root: `..` from the cwd must end
# at the container's "/", and the host's marker must not be reachable from there.
escape_probe() {
  local up
  up=$(far_up)
  echo "[ \"\$(stat -c %d:%i $up)\" = \"\$(stat -c %d:%i /)\" ] || echo OUTSIDE-ROOT
    [ ! -e $up${HOST_MARKER#/} ] || echo HOST-MARKER-SEEN
    echo cwd=\$(readlink /proc/self/cwd)"
}

make_host_marker() {
  HOST_DIR="$TEST_TMP/host"
  mkdir -p "$HOST_DIR"
  HOST_MARKER="$HOST_DIR/marker"
  echo host-secret >"$HOST_MARKER"
}

# fd_list CMD...: the fd numbers of /proc/self/fd the command prints, on one line.
fd_list() { "$@" | tr '\n' ' '; }

# ---------------------------------------------------------------------------------------------------
# CVE-2024-21626: no fd of the host reaches the container, and no cwd through one

@test "CVE-2024-21626: the init (run and create/start) and an exec'd process hold only stdio and preserved fds" {
  # The runtime itself is given extra fds (a host directory among them) that it must not pass on.
  mkdir -p "$TEST_TMP/hostfd"
  set_args ls /proc/self/fd
  run rt_t run --bundle "$BUNDLE" "$ID" </dev/null 7<"$TEST_TMP/hostfd" 8>"$TEST_TMP/hostfd/f"
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | tr '\n' ' ')" = "0 1 2 3 " ] # stdio, and ls's own fd of the directory
  run rt_t run --preserve-fds 1 --bundle "$BUNDLE" "$ID" </dev/null 3</dev/null 7<"$TEST_TMP/hostfd"
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | tr '\n' ' ')" = "0 1 2 3 4 " ]

  # create/start: the init, once it is the user's program, holds stdio only.
  set_args sleep 100
  run_bg rt_t create --bundle "$BUNDLE" "$ID" 7<"$TEST_TMP/hostfd"
  [ "$status" -eq 0 ]
  save_container_pids "$ID"
  rt_t start "$ID"
  run rt_t exec "$ID" ls /proc/1/fd
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | tr '\n' ' ')" = "0 1 2 " ]
  run rt_t exec "$ID" ls /proc/self/fd 7<"$TEST_TMP/hostfd"
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | tr '\n' ' ')" = "0 1 2 3 " ]
  run rt_t exec --preserve-fds 1 "$ID" ls /proc/self/fd 3</dev/null 7<"$TEST_TMP/hostfd"
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | tr '\n' ' ')" = "0 1 2 3 4 " ]
}

@test "CVE-2024-21626: process.cwd /proc/self/fd/N is refused or stays inside the rootfs" {
  make_host_marker
  set_cmd "$(escape_probe)"
  for n in 3 4 5 6 7 8 9 10 11 12; do
    update_config '.process.cwd = $c' --arg c "/proc/self/fd/$n"
    run rt_t run --bundle "$BUNDLE" "$ID" </dev/null 7<"$HOST_DIR"
    echo "cwd /proc/self/fd/$n: status $status: $output"
    [[ "$output" != *OUTSIDE-ROOT* ]]
    [[ "$output" != *HOST-MARKER-SEEN* ]]
    [ "$status" -ne 0 ] || [[ "$output" == *cwd=/* ]]
  done
}

@test "CVE-2024-21626: exec --cwd /proc/self/fd/N is refused or stays inside the rootfs" {
  make_host_marker
  set_args sleep 100
  run_detached
  for n in 3 4 5 6 7 8 9 10 11 12; do
    run rt_t exec --cwd "/proc/self/fd/$n" "$ID" sh -c "$(escape_probe)" 7<"$HOST_DIR"
    echo "exec --cwd /proc/self/fd/$n: status $status: $output"
    [[ "$output" != *OUTSIDE-ROOT* ]]
    [[ "$output" != *HOST-MARKER-SEEN* ]]
    [ "$status" -ne 0 ] || [[ "$output" == *cwd=/* ]]
  done
}

# ---------------------------------------------------------------------------------------------------
# CVE-2021-30465: mount destinations that are, or race into, symlinks out of the rootfs

# no_host_mount DIR: the host's mountinfo has no mount at or below DIR (prints any there is).
no_host_mount() {
  local m
  m=$(mounts_under "$1")
  [ -z "$m" ] || { echo "mounted on the host: $m"; return 1; }
}

@test "CVE-2021-30465: a bind destination that is a symlink to a host directory lands inside the rootfs" {
  make_host_marker
  mkdir -p "$TEST_TMP/src"
  echo from-source >"$TEST_TMP/src/f"
  ln -s "$HOST_DIR" "$BUNDLE/rootfs/link"                       # absolute, to the host's marker directory
  mkdir -p "$TEST_TMP/host2"
  ln -s "../../../../../../../..$TEST_TMP/host2" "$BUNDLE/rootfs/rel" # relative, climbing out
  add_mount '{"destination": "/link", "source": "'"$TEST_TMP/src"'", "options": ["bind"]}'
  add_mount '{"destination": "/rel", "type": "tmpfs", "source": "tmpfs", "options": ["size=1236k"]}'
  set_cmd 'cat /link/f; grep -c size=1236k /proc/self/mountinfo; echo x >/rel/written'
  # First with nothing at the link's target inside the rootfs (refused, or made there), then with it.
  for try in dangling inside; do
    [ "$try" = dangling ] || mkdir -p "$BUNDLE/rootfs$HOST_DIR" "$BUNDLE/rootfs$TEST_TMP/host2"
    run rt_t run --bundle "$BUNDLE" "$ID" </dev/null
    echo "$try: $status: $output"
    # The host's directory got nothing, neither a mount nor a file.
    no_host_mount "$HOST_DIR"
    no_host_mount "$TEST_TMP/host2"
    [ "$(ls -A "$HOST_DIR")" = marker ]
    [ -z "$(ls -A "$TEST_TMP/host2")" ]
    [ "$(cat "$HOST_MARKER")" = host-secret ]
    [ "$try" = dangling ] || [ "$status" -eq 0 ]
    if [ "$status" -eq 0 ]; then
      # Made, so both mounts are inside the container: the bind and the tmpfs are seen there.
      [ "${lines[0]}" = from-source ]
      [ "${lines[1]}" = 1 ]
      [ ! -e "$BUNDLE/rootfs$TEST_TMP/host2/written" ] # written to the tmpfs
    fi
  done
}

@test "CVE-2021-30465: a destination swapped between a directory and a symlink during 50 creates never mounts outside" {
  make_host_marker
  set_cmd 'grep -c size=1240k /proc/self/mountinfo'
  add_mount '{"destination": "/race/mnt", "type": "tmpfs", "source": "tmpfs", "options": ["size=1240k"]}'
  command -v python3 >/dev/null || skip "no python3 (the racer calls renameat2)"
  mkdir -p "$BUNDLE/rootfs/race/mnt" "$BUNDLE/rootfs$HOST_DIR/mnt" # a mount point whichever way it resolves
  ln -s "$HOST_DIR" "$BUNDLE/rootfs/race.swap"
  # The racer: exchanges rootfs/race (a directory) and rootfs/race.swap (a symlink to the host's marker
  # directory) atomically, as fast as it can.
  cat >"$TEST_TMP/racer.py" <<'EOF'
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
os.chdir(sys.argv[1])
while True:
    libc.renameat2(-100, b"race", -100, b"race.swap", 2)  # AT_FDCWD, RENAME_EXCHANGE
EOF
  start_holder python3 "$TEST_TMP/racer.py" "$BUNDLE/rootfs"
  local racer=$HOLDER i made=0 refused=0
  sleep 0.2
  [ -L "$BUNDLE/rootfs/race" ] || [ -L "$BUNDLE/rootfs/race.swap" ]
  for i in $(seq 1 50); do
    run rt_t run --bundle "$BUNDLE" "$ID" </dev/null
    if [ "$status" -eq 0 ]; then
      made=$((made + 1))
      [ "$output" = 1 ] || { echo "run $i: the tmpfs is not inside the container: $output"; false; }
    else
      refused=$((refused + 1))
    fi
    no_host_mount "$HOST_DIR"
    [ "$(ls -A "$HOST_DIR")" = marker ] || { echo "run $i: the host directory got $(ls -A "$HOST_DIR")"; false; }
  done
  kill -9 "$racer"
  wait "$racer" 2>/dev/null || true
  echo "made $made, refused $refused"
  [ "$made" -gt 0 ]
  [ "$(cat "$HOST_MARKER")" = host-secret ]
  no_host_mount "$HOST_DIR"
}

# ---------------------------------------------------------------------------------------------------
# CVE-2019-19921 / CVE-2023-28642: /proc must be a procfs, masked paths cannot be bypassed

@test "CVE-2019-19921: a rootfs whose /proc is a symlink is refused (to /tmp, to /), as runc refuses it" {
  rm -rf "$BUNDLE/rootfs/proc"
  for target in /tmp / ../../../../..; do
    rm -f "$BUNDLE/rootfs/proc"
    ln -s "$target" "$BUNDLE/rootfs/proc"
    run rt_t run --bundle "$BUNDLE" "$ID" </dev/null
    echo "proc -> $target: $status: $output"
    [ "$status" -ne 0 ]
    [[ "$output" == *'/proc'* ]]
    no_host_mount "$BUNDLE"
    run_bg ref run --bundle "$(bundle_for ref)" "$ID-ref"
    echo "runc: $status: $output"
    [ "$status" -ne 0 ]
  done
}

@test "CVE-2019-19921: a mount placing a tmpfs or a bind over /proc, directly or through a symlink, is refused" {
  mkdir -p "$TEST_TMP/fakeproc/sys" "$TEST_TMP/fakeproc/self"
  local base
  base=$(jq -c '.mounts' "$BUNDLE/config.json")
  # tmpfs on /proc: runc refuses "/proc" destinations that are not procfs; so do we.
  update_config '.mounts = $b + [{"destination": "/proc", "type": "tmpfs", "source": "tmpfs"}]' --argjson b "$base"
  run rt_t run --bundle "$BUNDLE" "$ID" </dev/null
  echo "tmpfs on /proc: $output"
  [ "$status" -ne 0 ]
  [[ "$output" == *'/proc'* ]]
  run_bg ref run --bundle "$(bundle_for ref)" "$ID-ref"
  echo "runc: $status: $output"
  [ "$status" -ne 0 ]
  # a bind (a volume) on /proc
  update_config '.mounts = $b + [{"destination": "/proc", "source": $s, "options": ["rbind"]}]' \
    --argjson b "$base" --arg s "$TEST_TMP/fakeproc"
  run rt_t run --bundle "$BUNDLE" "$ID" </dev/null
  echo "bind on /proc: $output"
  [ "$status" -ne 0 ]
  run_bg ref run --bundle "$(bundle_for ref)" "$ID-ref"
  echo "runc: $status: $output"
  [ "$status" -ne 0 ]
  # a bind below /proc (over a masked path's parent)
  update_config '.mounts = $b + [{"destination": "/proc/sys", "source": $s, "options": ["rbind"]}]' \
    --argjson b "$base" --arg s "$TEST_TMP/fakeproc/sys"
  run rt_t run --bundle "$BUNDLE" "$ID" </dev/null
  echo "bind on /proc/sys: $output"
  [ "$status" -ne 0 ]
  # the same through a symlink in the image: brownie checks where the destination resolved
  ln -s /proc "$BUNDLE/rootfs/pp"
  ln -s /proc/sys "$BUNDLE/rootfs/ps"
  update_config '.mounts = $b + [{"destination": "/pp", "type": "tmpfs", "source": "tmpfs"}]' --argjson b "$base"
  run rt_t run --bundle "$BUNDLE" "$ID" </dev/null
  echo "tmpfs on /pp -> /proc: $output"
  [ "$status" -ne 0 ]
  update_config '.mounts = $b + [{"destination": "/ps", "source": $s, "options": ["rbind"]}]' \
    --argjson b "$base" --arg s "$TEST_TMP/fakeproc/sys"
  run rt_t run --bundle "$BUNDLE" "$ID" </dev/null
  echo "bind on /ps -> /proc/sys: $output"
  [ "$status" -ne 0 ]
  [[ "$output" == *"/proc"* ]]
}

@test "CVE-2023-28642: masked paths are masked inside the container, readonly paths read-only" {
  jq -r '.linux.maskedPaths[]' "$BUNDLE/config.json" >"$TEST_TMP/masked"
  [ -s "$TEST_TMP/masked" ]
  cat >"$BUNDLE/rootfs/probe.sh" <<'EOF'
while read -r p; do
  if [ -d "$p" ]; then echo "$p dir $(ls -A "$p" | wc -l)"
  elif [ -e "$p" ]; then echo "$p file $(cat "$p" 2>/dev/null | wc -c) $(stat -c %t:%T "$p")"; fi
done </masked
while read -r p; do
  [ -e "$p" ] || continue
  awk -v p="$p" '$5 == p {o = substr($6, 1, 2)} END {print p, (o == "" ? "unmounted" : o)}' /proc/self/mountinfo
done </readonly
stat -f -c %T /proc
EOF
  set_args sh /probe.sh
  cp "$TEST_TMP/masked" "$BUNDLE/rootfs/masked"
  jq -r '.linux.readonlyPaths[]' "$BUNDLE/config.json" >"$BUNDLE/rootfs/readonly"
  run rt_t run --bundle "$BUNDLE" "$ID" </dev/null
  echo "$output"
  [ "$status" -eq 0 ]
  local line n=0
  for line in "${lines[@]}"; do
    case "$line" in
      *" dir "*) [ "${line##* }" = 0 ] ;;
      *" file "*) [[ "$line" == *" file 0 1:3" ]] ;; # empty, and the null device
      *" rw" | *" unmounted") false ;;
    esac
    n=$((n + 1))
  done
  [ "$n" -ge 3 ]
  [ "${lines[-1]}" = proc ]
  [[ "$output" == *"/proc/keys file 0 1:3"* ]]
  [[ "$output" == *"/proc/sys ro"* ]]
}

# ---------------------------------------------------------------------------------------------------
# Malicious images

@test "malicious image: /dev entries that are symlinks to host files stay inside the rootfs" {
  make_host_marker
  echo host-null >"$HOST_DIR/null-target"
  # The image's /dev is used as it is (no tmpfs on /dev): its entries point at the host's files.
  update_config '.mounts |= map(select(.destination != "/dev" and (.destination | startswith("/dev/") | not)))'
  ln -s "$HOST_MARKER" "$BUNDLE/rootfs/dev/xyz"
  ln -s "../../../../../../../../..$HOST_MARKER" "$BUNDLE/rootfs/dev/rel"
  set_cmd 'stat -L -c "%F %t:%T" /dev/null; echo written >/dev/null; cat /dev/xyz /dev/rel 2>&1; echo written >/dev/xyz; cat /proc/keys | wc -c'
  # /dev/null a symlink too: masking binds the container's /dev/null over files of /proc, so a link to a
  # host file, or to a procfs file (as CVE-2025-31133 did with core_pattern; here the container's own
  # hostname), must not become what the masked paths show.
  for try in null-host null-proc null-made; do
    rm -f "$BUNDLE/rootfs/dev/null"
    case "$try" in
      null-host) ln -s "$HOST_DIR/null-target" "$BUNDLE/rootfs/dev/null" ;;
      null-proc) ln -s /proc/sys/kernel/hostname "$BUNDLE/rootfs/dev/null" ;;
    esac
    run rt_t run --bundle "$BUNDLE" "$ID" </dev/null
    echo "$try: $status: $output"
    # runc 1.1 masks with whatever /dev/null is (fixed in runc 1.2.8 for CVE-2025-31133): the container
    # itself is fooled, though nothing of the host's leaks here.
    [ "$try" != null-proc ] || is_brownie || continue
    [ "$(cat "$HOST_DIR/null-target")" = host-null ]
    [ "$(cat "$HOST_MARKER")" = host-secret ]
    [ "$(ls -A "$HOST_DIR" | tr '\n' ' ')" = "marker null-target " ]
    [[ "$output" != *host-secret* ]]
    [[ "$output" != *host-null* ]]
    [ "$try" != null-made ] || [ "$status" -eq 0 ]
    if [ "$status" -eq 0 ]; then
      [ "${lines[0]}" = "character special file 1:3" ]
      [ "${lines[-1]}" = 0 ]
    fi
  done
}

@test "malicious image: .. in mount destinations stays inside the rootfs" {
  make_host_marker
  mkdir -p "$TEST_TMP/src"
  echo from-source >"$TEST_TMP/src/f"
  add_mount '{"destination": "/../../../../../..'"$HOST_DIR"'/t", "type": "tmpfs", "source": "tmpfs", "options": ["size=1244k"]}'
  add_mount '{"destination": "/tmp/../../../..'"$HOST_DIR"'/b", "source": "'"$TEST_TMP/src"'", "options": ["bind"]}'
  set_cmd 'grep -c size=1244k /proc/self/mountinfo; cat '"$HOST_DIR"'/b/f'
  run rt_t run --bundle "$BUNDLE" "$ID" </dev/null
  echo "$output"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = 1 ]
  [ "${lines[1]}" = from-source ]
  [ -d "$BUNDLE/rootfs$HOST_DIR/t" ]
  [ "$(ls -A "$HOST_DIR")" = marker ]
  no_host_mount "$HOST_DIR"
}

@test "malicious image: a rootfs that is, or resolves to, the host's / is refused" {
  # Nothing to mount but a /dev of the test's own, so that even a runtime that took the host's / would
  # change nothing there: a runtime that sets up /dev replaces /dev/ptmx with a link (runc 1.1 takes
  # root.path "/" and does so; a binding of /dev makes both leave /dev alone).
  mkdir -p "$TEST_TMP/dev"
  update_config '.mounts = [{"destination": "/dev", "source": $d, "options": ["bind"]}]
    | .linux.maskedPaths = [] | .linux.readonlyPaths = []' --arg d "$TEST_TMP/dev"
  ln -s / "$TEST_TMP/rootlink"
  # Without a mount namespace the process would only be chrooted there: the host's / as its root.
  cp "$BUNDLE/config.json" "$TEST_TMP/config.orig"
  update_config '.linux.namespaces = [{"type": "pid"}] | .mounts = [] | del(.hostname) | .root.path = $r' --arg r "$TEST_TMP/rootlink"
  run rt_t run --bundle "$BUNDLE" "$ID" </dev/null
  echo "no mount namespace: $status: $output"
  [ "$status" -ne 0 ]
  ! is_brownie || [[ "$output" == *"root.path"* ]]
  cp "$TEST_TMP/config.orig" "$BUNDLE/config.json"
  for r in / "$TEST_TMP/rootlink" "$BUNDLE/rootfs/../../../../../../../../.."; do
    # runc 1.1 refuses only the symlink: it is never given the host's / itself
    is_brownie || [ "$r" = "$TEST_TMP/rootlink" ] || continue
    update_config '.root.path = $r' --arg r "$r"
    run rt_t run --bundle "$BUNDLE" "$ID" </dev/null
    echo "root.path $r: $status: $output"
    [ "$status" -ne 0 ]
    ! is_brownie || [[ "$output" == *"root.path"* ]]
  done
  # runc refuses the symlink too
  update_config '.root.path = $r' --arg r "$TEST_TMP/rootlink"
  run_bg ref run --bundle "$BUNDLE" "$ID-ref"
  echo "runc: $status: $output"
  [ "$status" -ne 0 ]
}

@test "malicious config: a hook with a relative path is refused at parse, naming the JSON path" {
  requires_brownie # runc 1.1 takes it and fails running the hook ("fork/exec bin/true")
  update_config '.hooks = {"prestart": [{"path": "bin/true"}], "poststop": [{"path": "/bin/true"}]}'
  run_bg rt_t create --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -ne 0 ]
  [[ "$output" == *'hooks.prestart[0].path'* ]]
  [ -z "$(test_containers "$ROOT")" ]
  update_config '.hooks = {"createRuntime": [{"path": "/bin/true"}, {"path": "./hook"}]}'
  run_bg rt_t create --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -ne 0 ]
  [[ "$output" == *'hooks.createRuntime[1].path'* ]]
}

# ---------------------------------------------------------------------------------------------------
# Capabilities and user namespaces

@test "CVE-2022-27650: the runtime's inheritable capabilities do not reach the init nor an exec'd process" {
  command -v setpriv >/dev/null || skip "no setpriv"
  update_config '.process.capabilities |= del(.inheritable) | .process.capabilities.ambient = []'
  set_cmd 'grep -E "^Cap(Inh|Amb)" /proc/self/status; sleep 100'
  # The runtime runs with CAP_NET_RAW and CAP_KILL inheritable: the container's config leaves them out.
  setpriv --inh-caps +net_raw,+kill grep CapInh /proc/self/status | grep -qv '0000000000000000$'
  run_bg setpriv --inh-caps +net_raw,+kill "$RUNTIME" --root "$ROOT" run -d --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  save_container_pids "$ID"
  local pid
  pid=$(init_pid "$ID")
  grep -E '^Cap(Inh|Amb)' "/proc/$pid/status"
  [ "$(awk '$1 == "CapInh:" {print $2}' "/proc/$pid/status")" = 0000000000000000 ]
  [ "$(awk '$1 == "CapAmb:" {print $2}' "/proc/$pid/status")" = 0000000000000000 ]
  run setpriv --inh-caps +net_raw,+kill "$RUNTIME" --root "$ROOT" exec "$ID" grep -E '^Cap(Inh|Amb)' /proc/self/status
  echo "$output"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "CapInh:	0000000000000000" ]
  [ "${lines[1]}" = "CapAmb:	0000000000000000" ]
  # exec --cap adds to the bounding, effective, permitted and ambient sets, never the inheritable one
  # taken from the runtime
  run setpriv --inh-caps +net_raw,+kill "$RUNTIME" --root "$ROOT" exec --cap CAP_SYS_ADMIN "$ID" grep -E '^CapInh' /proc/self/status
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$((0x${lines[0]##*	} & (1 << 13 | 1 << 5)))" = 0 ]]
}

@test "a single-id gid map written without privileges over the host comes with setgroups deny" {
  is_brownie || skip "runs the runtime as an unprivileged user with brownie's rootless defaults"
  command -v setpriv >/dev/null || skip "no setpriv"
  local uid=65534
  chmod 755 "$BUNDLE" "$TEST_TMP"
  mkdir -p "$TEST_TMP/urt"
  chown -R "$uid:$uid" "$TEST_TMP/urt" "$BUNDLE"
  update_config '.linux.namespaces = [{"type": "pid"}, {"type": "mount"}, {"type": "user"}, {"type": "ipc"}, {"type": "uts"}]
    | .linux.uidMappings = [{"containerID": 0, "hostID": $u, "size": 1}]
    | .linux.gidMappings = [{"containerID": 0, "hostID": $u, "size": 1}]
    | .linux.resources = {} | del(.linux.cgroupsPath)
    | .mounts |= map(select(.type != "cgroup" and .destination != "/sys"))
    | .mounts |= map(if .destination == "/dev/pts" then .options -= ["gid=5"] else . end)' --argjson u "$uid"
  set_cmd 'cat /proc/self/setgroups /proc/self/gid_map; id -G'
  # no cgroupsPath: one that names a cgroup not delegated to the user is an error, as runc's
  run setpriv --reuid "$uid" --regid "$uid" --clear-groups env -u XDG_RUNTIME_DIR \
    "$RUNTIME" --root "$TEST_TMP/urt" run --bundle "$BUNDLE" "$ID" </dev/null
  echo "$output"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = deny ]
  [[ "${lines[1]}" =~ ^\ +0\ +$uid\ +1$ ]]
}
