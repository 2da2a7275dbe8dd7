#!/usr/bin/env bats
# podman's checkpoint and restore with brownie as its runtime, in the v2 VM (Debian's criu works with
# Debian's kernel there). Skipped where the VM image carries no podman or no criu (tests/vm/run copies them,
# with conmon, where the host has them).

load ../integration/helpers

setup() {
  command -v podman >/dev/null || skip "podman is not in the VM image (apt-get install podman on the host)"
  command -v criu >/dev/null || skip "criu is not in the VM image (apt-get install criu on the host)"
  export PATH="/usr/sbin:$PATH"
  setup_bundle
  # podman's own storage (vfs: no overlay module in the VM), cgroups without systemd, no network backend
  mkdir -p "$TEST_TMP/podman-tmp" "$TEST_TMP/podman-cni"
  cat >"$TEST_TMP/containers.conf" <<TOML
[containers]
log_driver = "k8s-file"
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$TEST_TMP/podman-events.log"
tmp_dir = "$TEST_TMP/podman-tmp"
image_copy_tmp_dir = "$TEST_TMP/podman-tmp"
conmon_path = ["/usr/bin/conmon"]
runtime = "brownie"
[engine.runtimes]
brownie = ["$RUNTIME"]
[network]
network_backend = "cni"
network_config_dir = "$TEST_TMP/podman-cni"
TOML
  cat >"$TEST_TMP/storage.conf" <<TOML
[storage]
driver = "vfs"
graphroot = "$TEST_TMP/podman-root"
runroot = "$TEST_TMP/podman-run"
TOML
  # as in criu.bats: criu locks the network with nftables (the VM has no iptables-restore)
  echo "network-lock nftables" >"$TEST_TMP/criu.conf"
  tar -C "$BUNDLE/rootfs" -cf "$TEST_TMP/rootfs.tar" .
  pm import "$TEST_TMP/rootfs.tar" localhost/brownie-busybox >/dev/null
}

teardown() {
  [ -z "${TEST_TMP:-}" ] || pm rm -f -a >/dev/null 2>&1 || true
  teardown_bundle
}

pm() {
  CONTAINERS_CONF="$TEST_TMP/containers.conf" CONTAINERS_STORAGE_CONF="$TEST_TMP/storage.conf" TMPDIR="$TEST_TMP/podman-tmp" \
    timeout -k 5 120 podman --runtime "$RUNTIME" "$@"
}

# the criu log of the container's last checkpoint or restore, shown when one failed
criu_log() { find "$TEST_TMP/podman-root" -name "$1" -exec tail -n 40 {} \; 2>/dev/null; }

logged_at_least() { local n; n=$(pm logs "$C" 2>/dev/null | tail -n 1); [ -n "$n" ] && [ "$n" -ge "$1" ]; }

@test "podman checkpoints a container brownie runs and restores it: its log counts on" {
  C=$ID
  pm run -d --name "$C" --network none --annotation "org.criu.config=$TEST_TMP/criu.conf" \
    localhost/brownie-busybox sh -c 'i=0; while :; do i=$((i+1)); echo $i; sleep 0.1; done'
  WAIT_TRIES=600 wait_for logged_at_least 10
  run pm container checkpoint "$C"
  echo "$output"
  [ "$status" -eq 0 ] || { criu_log dump.log; false; }
  [ "$(pm inspect -f '{{.State.Status}}' "$C")" = exited ]
  at=$(pm logs "$C" | tail -n 1)
  run pm container restore "$C"
  echo "$output"
  [ "$status" -eq 0 ] || { criu_log restore.log; false; }
  [ "$(pm inspect -f '{{.State.Status}}' "$C")" = running ]
  WAIT_TRIES=600 wait_for logged_at_least $((at + 5))
  # the restored process writes on into conmon's new pipe, from where it was (not from 1), and nothing else
  # does (criu's own output is kept beside its log)
  pm logs "$C" | grep -x -B 2 -A 3 "$at"
  next=$(pm logs "$C" | grep -x -A 1 "$at" | tail -n 1)
  [ "$next" -gt "$at" ]
  [ "$next" -le $((at + 10)) ]
  [ -z "$(pm logs "$C" | grep -v -x '[0-9]*')" ]
  # brownie holds the restored container as its own
  pid=$(pm inspect -f '{{.State.Pid}}' "$C")
  [ "$(awk '{print $2}' "/proc/$pid/stat")" = "(sh)" ]
  pm rm -f "$C"
}
