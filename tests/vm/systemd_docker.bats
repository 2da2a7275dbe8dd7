#!/usr/bin/env bats
# Docker under systemd (run inside the systemd VMs by tests/vm/run): dockerd with
# native.cgroupdriver=systemd (tests/vm/systemd/image-setup's daemon.json) runs a container with Debian's
# runc in a transient docker-<id>.scope that holds its memory limit and its process and is gone after rm,
# and the same with brownie as its runtime (--runtime brownie, which docker runs with --systemd-cgroup). Containers run with --network none: the
# VM's dockerd has no bridge.

load ../integration/helpers

setup_file() {
  systemctl start docker.service
  ensure_rootfs
  tar -C "$RUN_TMP/rootfs" -c . | docker import - brownie-busybox >/dev/null
}
teardown_file() {
  systemctl stop docker.service docker.socket containerd.service
  remove_run_cgroups
}
setup() { export WAIT_TRIES=150; } # TCG is slow
teardown() { docker ps -aq | xargs -r docker rm -f >/dev/null; }

unit_gone() { [ -z "$(systemctl list-units --all --no-legend "$1")" ]; }

@test "dockerd runs with the systemd cgroup driver on the mode's cgroup version" {
  [ "$(docker info -f '{{.CgroupDriver}}')" = systemd ]
  [ "$(docker info -f '{{.CgroupVersion}}')" = "${BROWNIE_VM_MODE#systemd-v}" ]
}

# docker run with RUNTIME: a docker-<id>.scope with the memory limit and the container's process, gone
# after rm.
scope_lifecycle() {
  id=$(docker run -d --runtime "$1" --network none --memory 64m brownie-busybox sleep 1000)
  unit="docker-$id.scope"
  [ "$(systemctl show -P ActiveState "$unit")" = active ]
  if [ "$BROWNIE_VM_MODE" = systemd-v2 ]; then
    [ "$(systemctl show -P MemoryMax "$unit")" = 67108864 ]
  else
    [ "$(systemctl show -P MemoryLimit "$unit")" = 67108864 ]
  fi
  pid=$(docker inspect -f '{{.State.Pid}}' "$id")
  grep -q "/system.slice/$unit\$" "/proc/$pid/cgroup"
  docker rm -f "$id" >/dev/null
  wait_for unit_gone "$unit"
}

@test "docker run with runc: a docker-<id>.scope with the memory limit and the container's process, gone after rm" {
  scope_lifecycle runc
}

@test "docker run --runtime brownie: the same scope, limit and process, gone after rm" {
  scope_lifecycle brownie
}

@test "docker run --runtime brownie runs a container to its end" {
  run docker run --rm --runtime brownie --network none brownie-busybox echo hello from brownie
  [ "$status" -eq 0 ]
  [ "$output" = "hello from brownie" ]
}
