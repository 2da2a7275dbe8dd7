# shellcheck shell=bash
# What the VMs of every mode carry (sourced by tests/vm/run; uses repo, cache and vm_module_order).
#
#   vm_containers_rootfs DIR   the containers' busybox rootfs
#   vm_copy_modules DIR        the kernel modules to load and DIR/order, the order to insmod them in

# vm_containers_rootfs DIR: the containers' busybox rootfs, made here with the helpers' build_rootfs: made
# in the VM it costs a process start per applet, close to a minute of emulation. The VM puts it where
# ensure_rootfs finds it done.
vm_containers_rootfs() {
  (BUSYBOX=/bin/busybox && source "$repo/tests/integration/helpers.bash" && build_rootfs "$1") ||
    die "cannot build the containers' rootfs"
}

# vm_copy_modules DIR: the modules of vm_module_order and DIR/order, the order to insmod them in.
vm_copy_modules() {
  local m
  mkdir -p "$1"
  for m in $vm_module_order; do cp "$cache/modules/$m.ko" "$1/"; done
  echo "$vm_module_order" >"$1/order"
}
