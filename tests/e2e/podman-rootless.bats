#!/usr/bin/env bats
# Rootless Podman with the runtime of this pass ($E2E_RUNTIME: brownie or runc): a user the check creates
# (never root; subordinate ids of its own; removed at the end) runs podman with --runtime, its own
# storage (vfs) and configuration under its home, and no network (a user may not open /dev/net/tun here).
# Needs none of the suite's daemons: tests/e2e/run runs it as the engine "podman-rootless"
# (E2E_ENGINES=podman-rootless), and it also runs alone: E2E_RUNTIME=runc bats tests/e2e/podman-rootless.bats

setup_file() {
  local repo
  repo="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  E2E_RUNTIME="${E2E_RUNTIME:-brownie}"
  case "$E2E_RUNTIME" in
    brownie) PR_RT="${E2E_BROWNIE:-$repo/build/brownie}" ;;
    runc) PR_RT="$(command -v runc)" ;;
    *) echo "unknown runtime $E2E_RUNTIME" >&2 && return 1 ;;
  esac
  for tool in podman newuidmap newgidmap runuser; do
    command -v "$tool" >/dev/null || skip "$tool is missing (tools/deps.sh installs it)"
  done
  PR_USER="bpr$$"
  useradd -m -s /bin/sh "$PR_USER"
  PR_HOME=$(getent passwd "$PR_USER" | cut -d: -f6)
  PR_UID=$(id -u "$PR_USER")
  # useradd may have given it ranges already; one of our own either way, far from other tests' ids.
  PR_SUB=$((2000000 + (PR_UID % 100) * 65536))
  echo "$PR_USER:$PR_SUB:65536" >>/etc/subuid
  echo "$PR_USER:$PR_SUB:65536" >>/etc/subgid
  export E2E_RUNTIME PR_RT PR_USER PR_HOME PR_UID
  mkdir -p "$PR_HOME/xdg" "$PR_HOME/conf" "$PR_HOME/share"
  chmod 700 "$PR_HOME/xdg"
  cat >"$PR_HOME/conf/containers.conf" <<EOF
[containers]
netns = "none"
default_ulimits = []
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
  cat >"$PR_HOME/conf/storage.conf" <<EOF
[storage]
driver = "vfs"
graphroot = "$PR_HOME/storage"
runroot = "$PR_HOME/xdg/storage"
EOF
  "$repo/tools/mkrootfs.sh" "$PR_HOME/rootfs" >/dev/null
  tar -C "$PR_HOME/rootfs" -cf "$PR_HOME/busybox.tar" .
  rm -rf "$PR_HOME/rootfs"
  chown -R "$PR_USER:" "$PR_HOME"
  pm import --change 'CMD ["sh"]' "$PR_HOME/busybox.tar" localhost/busybox:1 >/dev/null
}

teardown_file() {
  local pause
  [ -n "${PR_USER:-}" ] || return 0
  pm rm -af -t 0 >/dev/null 2>&1 || true
  # podman's pause process holds the user's namespace: ours, ended by its pid.
  pause=$(cat "$PR_HOME/xdg/libpod/tmp/pause.pid" 2>/dev/null || true)
  [ -z "$pause" ] || kill -9 "$pause" 2>/dev/null || true
  sed -i "/^$PR_USER:/d" /etc/subuid /etc/subgid
  for _ in $(seq 50); do [ -z "$(ps -u "$PR_USER" -o pid=)" ] && break; sleep 0.1; done
  userdel -r "$PR_USER" 2>/dev/null || true
}

# pm ARGS...: the user's podman, with the runtime of this pass.
pm() {
  runuser -u "$PR_USER" -- env -i HOME="$PR_HOME" PATH="$PATH" USER="$PR_USER" LOGNAME="$PR_USER" \
    XDG_RUNTIME_DIR="$PR_HOME/xdg" CONTAINERS_CONF="$PR_HOME/conf/containers.conf" \
    CONTAINERS_STORAGE_CONF="$PR_HOME/conf/storage.conf" \
    timeout -k 5 120 podman --runtime "$PR_RT" "$@"
}

teardown() {
  pm rm -af -t 0 >/dev/null 2>&1 || true
}

@test "run: root inside is the user on the host, and the exit code comes back" {
  run pm run --rm localhost/busybox:1 sh -c 'id -u; cat /proc/self/uid_map; exit 42'
  [ "$status" -eq 42 ]
  [ "${lines[0]}" = 0 ]
  [ "$(echo "${lines[1]}" | tr -s ' ' | sed 's/^ //')" = "0 $PR_UID 1" ]
}

@test "the runtime podman used is this pass's" {
  pm create --name c localhost/busybox:1 true
  run pm inspect c --format '{{.OCIRuntime}}'
  [ "$status" -eq 0 ]
  [ "$output" = "$PR_RT" ] || [ "$(basename "$output")" = "$E2E_RUNTIME" ]
}

@test "run -d, exec, logs, stop and rm" {
  pm run -d --name c localhost/busybox:1 sh -c 'echo started; trap "exit 7" TERM; while :; do sleep 0.1; done'
  for _ in $(seq 50); do [[ "$(pm logs c 2>&1)" == *started* ]] && break; sleep 0.1; done
  run pm exec c sh -c 'echo from-exec; id -u'
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = from-exec ]
  [ "${lines[1]}" = 0 ]
  [ "${#lines[@]}" -eq 2 ] # no warning either
  run pm logs c
  [ "$output" = started ]
  run pm stop -t 10 c
  [ "$status" -eq 0 ]
  [ "$(pm inspect c --format '{{.State.ExitCode}}')" = 7 ]
  pm rm c
  run pm ps -aq
  [ -z "$output" ]
}

@test "kill ends the container with SIGKILL's status" {
  pm run -d --name c localhost/busybox:1 sleep 100
  pm kill c
  run pm wait c
  [ "$output" = 137 ]
  pm rm c
}

@test "a bind mount: read the host's file, write one the user owns on the host" {
  echo from-host >"$PR_HOME/share/in"
  chown "$PR_USER:" "$PR_HOME/share/in"
  run pm run --rm -v "$PR_HOME/share:/share" localhost/busybox:1 sh -c 'cat /share/in; echo out >/share/out'
  [ "$status" -eq 0 ]
  [ "$output" = from-host ]
  [ "$(cat "$PR_HOME/share/out")" = out ]
  [ "$(stat -c %U "$PR_HOME/share/out")" = "$PR_USER" ]
}

@test "a tmpfs with its options" {
  run pm run --rm --tmpfs /scratch:size=1m localhost/busybox:1 sh -c 'grep " /scratch " /proc/self/mountinfo; touch /scratch/x && echo ok'
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" == *" - tmpfs tmpfs rw,size=1024k"* ]]
  [ "${lines[1]}" = ok ]
}

@test "--userns keep-id: the user's own uid inside" {
  run pm run --rm --userns keep-id localhost/busybox:1 sh -c 'id -u; cat /proc/self/uid_map'
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "$PR_UID" ]
  echo "$output" | tr -s ' ' | grep -qx " $PR_UID 0 1"
}

@test "nothing is left after rm: no container, no runtime state, no process but podman's pause" {
  local left
  pm run -d --name c localhost/busybox:1 sleep 100
  pm rm -f -t 0 c
  run pm ps -aq
  [ -z "$output" ]
  # conmon runs podman's cleanup once the container ends, and then exits too
  for _ in $(seq 100); do
    left=$(ps -u "$PR_USER" -o pid=,comm= | grep -v -e ' runuser$' -e ' catatonit$' -e ' podman pause$' || true)
    [ -z "$left" ] && break
    sleep 0.1
  done
  [ -z "$left" ] || { echo "left: $left" >&2; false; }
  # the runtime's state root (podman's --root for it) holds no container
  left=$(find "$PR_HOME/xdg" -name state.json 2>/dev/null || true)
  [ -z "$left" ]
}
