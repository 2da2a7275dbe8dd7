#!/usr/bin/env bats
# Bad input: one clear line naming what and where, a non-zero exit, and nothing left behind.

load helpers

setup() { setup_bundle; }
teardown() { teardown_bundle; }

# create must fail with a message matching $1 and leave no state, cgroup or process.
expect_create_error() {
  run_bg rt create --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -ne 0 ]
  [[ "${output//\\/}" == *"$1"* ]] # logrus-style lines escape quotes
  [ -z "$(ls -A "$ROOT")" ]
  ! ls -d /sys/fs/cgroup/*/"$CGROUP_PARENT/$ID" >/dev/null 2>&1
}

@test "malformed JSON names the line and column" {
  printf '{\n  "ociVersion": "1.2.0",\n  "root": {"path": "rootfs"\n' >"$BUNDLE/config.json"
  requires_brownie
  expect_create_error "config.json: line"
}

@test "a field of the wrong type names its JSON path" {
  requires_brownie
  update_config '.process.args = "sh"'
  expect_create_error "process.args"
}

@test "an unknown capability is rejected" {
  requires_brownie # runc 1.1 warns and runs on
  update_config '.process.capabilities.bounding += ["CAP_NO_SUCH"]'
  expect_create_error "CAP_NO_SUCH"
}

@test "an unknown rlimit is rejected with its JSON path" {
  requires_brownie
  update_config '.process.rlimits += [{"type": "RLIMIT_FOO", "soft": 1, "hard": 1}]'
  expect_create_error 'process.rlimits[1].type: unknown rlimit "RLIMIT_FOO"'
}

@test "a missing rootfs is rejected" {
  update_config '.root.path = "no-such-rootfs"'
  expect_create_error "no-such-rootfs"
}

@test "a relative mount destination is rejected" {
  requires_brownie
  update_config '.mounts += [{"destination": "relative/path", "type": "tmpfs", "source": "tmpfs"}]'
  expect_create_error "mounts[7].destination"
}

@test "a duplicate namespace is rejected" {
  requires_brownie
  update_config '.linux.namespaces += [{"type": "pid"}]'
  expect_create_error 'duplicate namespace "pid"'
}

@test "an unknown mount option on a bind mount is rejected" {
  requires_brownie
  update_config '.mounts += [{"destination": "/mnt", "source": "/tmp", "options": ["rbind", "bogus"]}]'
  expect_create_error 'unknown mount option "bogus"'
}

@test "an unsupported ociVersion is rejected" {
  requires_brownie
  update_config '.ociVersion = "2.0.0"'
  expect_create_error "ociVersion"
}

@test "pre-release ociVersions of clients are accepted" {
  update_config '.ociVersion = "1.0.2-dev"'
  set_args true
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
}

@test "a missing program is reported at create, as clients expect" {
  set_args /no/such/program
  expect_create_error "no/such/program"
}

@test "a program not in PATH is reported as not found in \$PATH" {
  set_args no-such-program
  expect_create_error 'executable file not found in $PATH'
}

@test "a failing mount inside the namespaces reaches the user with path and errno" {
  requires_brownie
  update_config '.mounts += [{"destination": "/data", "source": "/no/such/source", "options": ["bind"]}]'
  expect_create_error 'bind source "/no/such/source": no such file or directory'
}

@test "a sysctl without its namespace is rejected" {
  requires_brownie
  update_config '.linux.namespaces |= map(select(.type != "network")) | .linux.sysctl = {"net.ipv4.ip_forward": "1"}'
  expect_create_error "net.ipv4.ip_forward"
}

@test "an invalid container id is rejected" {
  run_bg rt create --bundle "$BUNDLE" "../escape"
  [ "$status" -ne 0 ]
  [[ "$output" == *"invalid container ID"* ]]
}

@test "fields brownie cannot carry out yet are refused, not dropped" {
  requires_brownie
  update_config '.process.apparmorProfile = "docker-default"'
  expect_create_error "process.apparmorProfile"
}

@test "an SELinux mount label is dropped on a host without SELinux" {
  requires_brownie # runc 1.1 fails on it
  update_config '.linux.mountLabel = "system_u:object_r:container_file_t:s0"'
  set_args true
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
}
