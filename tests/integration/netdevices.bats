#!/usr/bin/env bats
# linux.netDevices (config-linux.md "Network Devices"): host interfaces moved into the container's network
# namespace. Every test moves only an end of a veth pair it made ($VA, its peer $VB stays on the host);
# teardown deletes the pair (deleting one end deletes both). runc 1.1 ignores the field: brownie-only.

load helpers

setup() {
  setup_bundle
  requires_brownie
  local n
  for _ in 1 2 3 4 5; do
    n="bt$RANDOM"
    ip link show "$n-a" >/dev/null 2>&1 || ip link show "$n-b" >/dev/null 2>&1 || break
  done
  VA="$n-a"
  VB="$n-b"
  ip link add "$VA" type veth peer name "$VB"
  echo "$VA" >>"$TEST_TMP/veths"
}

teardown() {
  local v
  if [ -f "${TEST_TMP:-/nonexistent}/veths" ]; then
    while read -r v; do
      ip link del "$v" 2>/dev/null || true
      ip link del "${v%-a}-b" 2>/dev/null || true
    done <"$TEST_TMP/veths"
  fi
  teardown_bundle
}

# another_veth: a second pair for tests that move two devices ($VA2, peer $VB2).
another_veth() {
  VA2="${VA%-a}x-a"
  VB2="${VA%-a}x-b"
  ip link add "$VA2" type veth peer name "$VB2"
  echo "$VA2" >>"$TEST_TMP/veths"
}

on_host() { ip link show "$1" >/dev/null 2>&1; }
# not_on_host NAME: a command of its own, so that it fails the test (bats ignores a failing `! cmd`).
not_on_host() { ! on_host "$1"; }
has_ipv6() { [ "$(cat /proc/sys/net/ipv6/conf/all/disable_ipv6 2>/dev/null)" = 0 ]; }

@test "netDevices: the device moves in under its new name, keeps its addresses and is up" {
  ip addr add 198.51.100.7/24 dev "$VA"
  ! has_ipv6 || ip -6 addr add 2001:db8::7/64 dev "$VA" nodad
  update_config '.linux.netDevices = {($a): {"name": "ctr0"}}' --arg a "$VA"
  set_args sleep 100
  run_detached
  # Gone from the host while the container lives.
  not_on_host "$VA"
  on_host "$VB"
  run rt_t exec "$ID" ip -o addr show dev ctr0
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"inet 198.51.100.7/24 "* ]]
  ! has_ipv6 || [[ "$output" == *"inet6 2001:db8::7/64 "* ]]
  run rt_t exec "$ID" ip -o link show ctr0
  echo "$output"
  [[ "$output" == *"<"*UP*">"* ]]
  run rt_t exec "$ID" ls /sys/class/net
  [[ "$output" != *"$VA"* ]]
}

@test "netDevices: without a name the device keeps its host name" {
  update_config '.linux.netDevices = {($a): {}}' --arg a "$VA"
  set_args sleep 100
  run_detached
  not_on_host "$VA"
  run rt_t exec "$ID" ip -o link show "$VA"
  echo "$output"
  [ "$status" -eq 0 ]
}

@test "netDevices: a name with %d is a template the kernel completes" {
  update_config '.linux.netDevices = {($a): {"name": "ctr%d"}}' --arg a "$VA"
  set_args sleep 100
  run_detached
  run rt_t exec "$ID" ip -o link show ctr0
  echo "$output"
  [ "$status" -eq 0 ]
}

@test "netDevices: two devices move in together" {
  another_veth
  update_config '.linux.netDevices = {($a): {"name": "one"}, ($b): {"name": "two"}}' --arg a "$VA" --arg b "$VA2"
  set_args sleep 100
  run_detached
  run rt_t exec "$ID" ls /sys/class/net
  echo "$output"
  [[ "$output" == *one* && "$output" == *two* ]]
  not_on_host "$VA"
  not_on_host "$VA2"
}

@test "netDevices: a veth is destroyed with the container's network namespace, not moved back" {
  update_config '.linux.netDevices = {($a): {"name": "ctr0"}}' --arg a "$VA"
  set_args true
  run_container
  [ "$status" -eq 0 ]
  # run deleted the container: its namespace is freed, which destroys the veth (and so its peer).
  WAIT_TRIES=100 wait_for not_on_host "$VB"
  not_on_host "$VA"
}

@test "netDevices: a device that does not exist fails create, and the others are moved back" {
  ip addr add 198.51.100.9/24 dev "$VA"
  ip link set "$VA" up
  update_config '.linux.netDevices = {($a): {"name": "ctr0"}, "btmissing0": {}}' --arg a "$VA"
  run_bg rt_t create --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -ne 0 ]
  [[ "${output//\\/}" == *'linux.netDevices["btmissing0"]: no such device on the host'* ]]
  # Back under its host name, with its address and up again.
  on_host "$VA"
  run ip -o addr show dev "$VA"
  [[ "$output" == *"198.51.100.9/24"* ]]
  run ip -o link show "$VA"
  [[ "$output" == *"<"*UP*">"* ]]
  nothing_left "$ID"
}

@test "netDevices: a failure after the move gives the device back to the host" {
  ip addr add 198.51.100.11/24 dev "$VA"
  update_config '.linux.netDevices = {($a): {"name": "ctr0"}}' --arg a "$VA"
  set_args /no/such/program
  run_bg rt_t create --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -ne 0 ]
  on_host "$VA"
  on_host "$VB"
  run ip -o addr show dev "$VA"
  [[ "$output" == *"198.51.100.11/24"* ]]
  nothing_left "$ID"
}

@test "netDevices: a name the container already has is an error, the device stays on the host" {
  update_config '.linux.netDevices = {($a): {"name": "lo"}}' --arg a "$VA"
  run_bg rt_t create --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -ne 0 ]
  [[ "${output//\\/}" == *"linux.netDevices[\"$VA\"]: the container's network namespace already has a device named \"lo\""* ]]
  on_host "$VA"
  nothing_left "$ID"
}

@test "netDevices: without a network namespace the config is refused" {
  update_config '.linux.netDevices = {($a): {}} | .linux.namespaces |= map(select(.type != "network"))' --arg a "$VA"
  run_bg rt_t create --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -ne 0 ]
  [[ "$output" == *"linux.netDevices: moving devices needs a network namespace"* ]]
  on_host "$VA"
}

@test "netDevices: invalid or duplicate names are refused before anything moves" {
  update_config '.linux.netDevices = {($a): {"name": "a/b"}}' --arg a "$VA"
  run_bg rt_t create --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [[ "${output//\\/}" == *"linux.netDevices[\"$VA\"].name: \"a/b\" is not a valid network interface name"* ]]
  another_veth
  update_config '.linux.netDevices = {($a): {"name": "same"}, ($b): {"name": "same"}}' --arg a "$VA" --arg b "$VA2"
  run_bg rt_t create --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -ne 0 ]
  [[ "${output//\\/}" == *"linux.netDevices[\"$VA2\"]: \"same\" is already the container's name of linux.netDevices[\"$VA\"]"* ]]
  on_host "$VA"
  on_host "$VA2"
}

@test "netDevices: a network namespace joined by path receives the device" {
  start_holder unshare -n sleep 1000
  WAIT_TRIES=50 wait_for eval '[ "$(ns_of "$HOLDER" net)" != "$(ns_of $$ net)" ]'
  update_config '.linux.netDevices = {($a): {"name": "ctr0"}}
    | .linux.namespaces |= map(if .type == "network" then .path = $p else . end)' \
    --arg a "$VA" --arg p "/proc/$HOLDER/ns/net"
  set_args sleep 100
  run_detached
  run nsenter --net="/proc/$HOLDER/ns/net" ip -o link show ctr0
  echo "$output"
  [ "$status" -eq 0 ]
  not_on_host "$VA"
}

@test "netDevices: into the network namespace of a new user namespace" {
  chown -R 100000:100000 "$BUNDLE/rootfs"
  d="$BUNDLE"
  while [ "$d" != / ]; do chmod a+x "$d"; d=$(dirname "$d"); done
  ip addr add 198.51.100.13/24 dev "$VA"
  update_config '.linux.namespaces += [{"type": "user"}]
    | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
    | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
    | .linux.netDevices = {($a): {"name": "ctr0"}}' --arg a "$VA"
  set_args sh -c 'ip -o addr show dev ctr0'
  run_container
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"inet 198.51.100.13/24 "* ]]
}

@test "features reports netDevices enabled" {
  run rt features
  [ "$status" -eq 0 ]
  [ "$(jq -r '.linux.netDevices.enabled' <<<"$output")" = true ]
}
