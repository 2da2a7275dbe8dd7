#!/usr/bin/env bats
# --systemd-cgroup where systemd cannot be reached: one clear error, as runc gives it, and nothing left
# behind. The unit itself (started, limited, updated, stopped) is tested in a VM booted with systemd
# (tests/vm/systemd.bats); no host of these tests has systemd as its init.

load helpers

setup() {
  setup_bundle
  update_config '.linux.cgroupsPath = $p' --arg p "system.slice:brownie-test:$ID"
  set_args true
}

# without_systemd [booted] CMD...: CMD in a mount namespace of its own where /run/systemd is empty (with
# "booted": holding system/, so the host looks booted with systemd) and the system bus is a socket
# nobody listens on.
without_systemd() {
  local booted=""
  if [ "$1" = booted ]; then
    booted="mkdir /run/systemd/system &&"
    shift
  fi
  mkdir -p "$TEST_TMP/run-systemd"
  DBUS_SYSTEM_BUS_ADDRESS="unix:path=$TEST_TMP/no-bus" unshare -m --propagation private sh -c \
    "mount -t tmpfs tmpfs /run/systemd 2>/dev/null || mount --bind '$TEST_TMP/run-systemd' /run/systemd; $booted exec \"\$@\"" \
    sh "$@"
}

# refused WHAT: the last create failed with an error that says WHAT; in one line with brownie (runc 1.1
# warns first); no state, cgroup or process; the id is free again.
refused() {
  echo "status $status: $output"
  [ "$status" -ne 0 ]
  [[ "${output//\\/}" == *$1* ]]
  if is_brownie; then
    [ "${#lines[@]}" -eq 1 ]
  fi
  [ -z "$(test_containers "$ROOT")" ]
  nothing_left "$ID"
  [ ! -e "/sys/fs/cgroup/unified/system.slice/brownie-test-$ID.scope" ]
  # the same id, without systemd's cgroups, runs
  update_config '.linux.cgroupsPath = $p' --arg p "$CGROUP_PARENT/$ID"
  run_bg rt_t run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
}

@test "--systemd-cgroup on a host not booted with systemd: one line, nothing made" {
  run_bg without_systemd "$RUNTIME" --root "$ROOT" --systemd-cgroup create --bundle "$BUNDLE" "$ID"
  refused "systemd*not running on this host"
}

@test "--systemd-cgroup with systemd's D-Bus sockets not answering: one line naming D-Bus, nothing made" {
  run_bg without_systemd booted "$RUNTIME" --root "$ROOT" --systemd-cgroup run --bundle "$BUNDLE" "$ID"
  refused "connect to *[bB]us*no such file or directory"
}

@test "--systemd-cgroup: a cgroupsPath not of the form slice:prefix:name is refused first" {
  requires_brownie # runc 1.1 takes "/a/b" as a slice name and fails at systemd
  update_config '.linux.cgroupsPath = $p' --arg p "$CGROUP_PARENT/$ID"
  run_bg without_systemd booted "$RUNTIME" --root "$ROOT" --systemd-cgroup create --bundle "$BUNDLE" "$ID"
  refused 'expected "slice:prefix:name" with --systemd-cgroup'
}
