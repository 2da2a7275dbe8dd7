# shellcheck shell=bash
# The systemd modes' machine (sourced by tests/vm/run): a Debian root filesystem with systemd as PID 1, on
# an ext4 image the VM boots from, and a small initramfs that mounts it and copies in the run's files.
#
#   vm_systemd_image CACHE    makes CACHE/systemd-SUITE-KEY.ext4 (vm_systemd_disk) once per package list:
#                             mmdebstrap installs tests/vm/systemd/packages from Debian's mirror
#                             (BROWNIE_VM_MIRROR, default http://deb.debian.org/debian), runs
#                             tests/vm/systemd/image-setup in it, and mke2fs -d writes the tree into an
#                             image (no loop mount); KEY hashes those two files, so that a change to either
#                             makes a new image. Fails, with the reason in vm_systemd_image_error, where
#                             the mirror cannot be reached.
#   vm_systemd_initrd STAGE   writes STAGE/initrd: busybox, the modules of vm_module_order,
#                             tests/vm/systemd/init as /init and the run's files under /payload (brownie,
#                             the tests, the containers' rootfs, the units that run the suite)
#
# Debian 12 (bookworm) and no later: its systemd (252) still boots a cgroup v1 host, which the systemd-v1
# mode is; systemd 256 and later refuse to.
vm_systemd_suite=bookworm

vm_systemd_image() {
  local cache="$1" key dir log pkgs size
  command -v mmdebstrap >/dev/null || die "mmdebstrap is missing (apt-get install mmdebstrap)"
  command -v mke2fs >/dev/null || die "mke2fs is missing (apt-get install e2fsprogs)"
  key=$(cat <(echo "$vm_systemd_suite") "$here/systemd/packages" "$here/systemd/image-setup" | sha256sum | cut -c1-16)
  vm_systemd_disk="$cache/systemd-$vm_systemd_suite-$key.ext4"
  [ -s "$vm_systemd_disk" ] && return 0
  dir="$cache/systemd-root"
  log="$cache/systemd-image.log"
  rm -rf --one-file-system "$dir"
  pkgs=$(grep -vE '^(#|$)' "$here/systemd/packages" | paste -sd, -)
  echo "# making the systemd VM's root filesystem (mmdebstrap $vm_systemd_suite: $pkgs)"
  # no manual pages, documentation or translations: a smaller image, a faster mke2fs
  if ! mmdebstrap --variant=minbase --include="$pkgs" \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --customize-hook="\"$here/systemd/image-setup\" \"\$1\"" \
    "$vm_systemd_suite" "$dir" "deb ${BROWNIE_VM_MIRROR:-http://deb.debian.org/debian} $vm_systemd_suite main" \
    >"$log" 2>&1; then
    rm -rf --one-file-system "$dir"
    vm_systemd_image_error="mmdebstrap could not make the root filesystem from ${BROWNIE_VM_MIRROR:-http://deb.debian.org/debian}: $(grep -E '^E:' "$log" | head -n 1)"
    return 1
  fi
  # room for the tests' bundles and state beside the system (a sparse file: only what is written counts)
  size=$(($(du -sm "$dir" | cut -f1) + 1024))
  rm -f "$vm_systemd_disk.new"
  mke2fs -q -t ext4 -L brownie-vm -d "$dir" "$vm_systemd_disk.new" "${size}M" >/dev/null || die "mke2fs -d $dir failed"
  rm -rf --one-file-system "$dir"
  find "$cache" -maxdepth 1 -name 'systemd-*.ext4' ! -name "$(basename "$vm_systemd_disk")" -delete
  mv "$vm_systemd_disk.new" "$vm_systemd_disk"
}

vm_systemd_initrd() {
  local stage="$1" root="$1/root" payload="$1/root/payload" applet
  mkdir -p "$root"/{bin,proc,sys,dev,newroot} "$payload"/{usr/local/bin,repo,etc/systemd/system}
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
  done
  vm_copy_modules "$root/modules"
  install -m 0755 "$here/systemd/init" "$root/init"
  # the build's brownie: its libraries are the image's (libc; libmnl0, loaded with dlopen, is in the package list)
  install -m 0755 "$build/brownie" "$payload/usr/local/bin/brownie"
  cp -r "$repo/tests/integration" "$repo/tests/vm" "$payload/repo/"
  cp -r "$repo/tools" "$payload/repo/tools"
  cp "$here/systemd/brownie-vm.target" "$here/systemd/brownie-vm-suite.service" "$payload/etc/systemd/system/"
  vm_containers_rootfs "$payload/rootfs.prebuilt"
  (cd "$root" && find . | busybox cpio -o -H newc 2>/dev/null) | gzip -1 >"$stage/initrd"
}
