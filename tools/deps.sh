#!/usr/bin/env bash
# Installs every Debian package that building and testing brownie need. Idempotent: it installs only
# what is missing, so a second run costs a dpkg query.
set -euo pipefail

packages=(
  # build (libc6-dev's libc.a: brownie is linked statically, meson's -Dstatic)
  gcc libc6-dev meson ninja-build pkg-config libjson-c-dev libseccomp-dev libcap-dev libmnl-dev libyaml-dev
  clang-format
  # sd-bus headers for --systemd-cgroup (libsystemd.so.0 itself is loaded with dlopen, never linked)
  libsystemd-dev
  # tests
  libcmocka-dev bats jq busybox-static iproute2 util-linux procps
  # the fuzz targets (clang's libFuzzer, ASan and UBSan runtimes); gcc's sanitizer build needs no more
  clang libclang-rt-14-dev
  # the VM suites (the kernel and the SELinux policy are fetched by tests/vm/run): the v2 boot has
  # AppArmor, whose profiles apparmor_parser loads; the v1 boot's SELinux policy is linked and expanded
  # by semodule-utils; the systemd boots' Debian root filesystem is made by mmdebstrap and written into
  # an ext4 image by mke2fs (e2fsprogs)
  qemu-system-x86 apparmor semodule-utils bzip2 mmdebstrap e2fsprogs
  # reference runtimes for differential tests and the benchmark
  runc crun
  # the end-to-end suite (tests/e2e): the engines users run brownie under, podman's init and CNI
  # plugins, and the gRPC runtime of its small CRI client
  docker.io containerd podman conmon catatonit containernetworking-plugins python3-grpcio python3-grpc-tools
  # rootless: newuidmap and newgidmap
  uidmap
  # checkpoint and restore (its command line; the VM image carries it for tests/vm/criu.bats, and with
  # podman and conmon above for tests/vm/podman_criu.bats)
  criu
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
