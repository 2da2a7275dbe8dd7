# shellcheck shell=bash
# The initramfs of the v2 and v1 modes (sourced by tests/vm/run): a merged-/usr tree with the programs the
# tests run, each with the libraries it links, busybox for the rest, the repository's tests, the
# containers' busybox rootfs, the kernel modules and tests/vm/init as /init.
#
#   vm_busybox_initrd STAGE    writes STAGE/initrd (uses repo, here, build, cache, mode and
#                              vm_module_order of tests/vm/run)

vm_copy_file() { # vm_copy_file ROOT PATH: the file at the same path in ROOT (through merged /usr)
  local root="$1" src dst
  src="$(readlink -f "$2")"
  dst="$root/usr${2#/usr}"
  [ "${2#/usr/}" != "$2" ] || dst="$root/usr$2"
  mkdir -p "$(dirname "$dst")"
  [ -e "$dst" ] || cp -L "$src" "$dst"
}
vm_copy_program() { # vm_copy_program ROOT PATH: the program and every library ldd names
  local lib
  vm_copy_file "$1" "$2"
  for lib in $(ldd "$2" 2>/dev/null | grep -oE '/[^ ]+'); do
    vm_copy_file "$1" "$lib"
  done
}

vm_busybox_initrd() {
  local stage="$1" root="$1/root" path p f applet mnl
  mkdir -p "$root"/{usr/bin,usr/sbin,usr/lib,usr/lib64,usr/libexec,etc,proc,sys,dev,tmp,run,root,repo}
  ln -s usr/bin "$root/bin"
  ln -s usr/sbin "$root/sbin"
  ln -s usr/lib "$root/lib"
  ln -s usr/lib64 "$root/lib64"
  # GNU coreutils whole (the helpers use their long options), and a few more; busybox fills in the rest.
  for path in $(dpkg -L coreutils | grep -E '^(/usr)?/s?bin/.'); do
    vm_copy_program "$root" "$path"
  done
  for p in bash jq flock awk sed grep find xargs setsid setpriv nsenter unshare ip rdma; do
    path="$(command -v "$p")" || die "$p is missing"
    vm_copy_program "$root" "$path"
  done
  # AppArmor's parser, to load the profiles of tests/vm/apparmor.bats (the VM's kernel has AppArmor on)
  vm_copy_program "$root" "$(command -v apparmor_parser || die "apparmor_parser is missing (apt-get install apparmor)")"
  # Debian's runc, for the checks that compare with it (rootless_v2.bats), where the host has it
  if command -v runc >/dev/null; then vm_copy_program "$root" "$(command -v runc)"; fi
  # Debian's criu, for checkpoint and restore (criu.bats), where the host has it, with the programs it
  # runs: GNU tar (a tmpfs's files; busybox's tar lacks its options) and iptables' save and restore (a
  # network namespace's rules), where the host has them
  if command -v criu >/dev/null; then
    vm_copy_program "$root" "$(command -v criu)"
    vm_copy_program "$root" "$(command -v tar)"
    for p in iptables-save iptables-restore ip6tables-save ip6tables-restore iptables-legacy-save \
      iptables-legacy-restore ip6tables-legacy-save ip6tables-legacy-restore; do
      if command -v "$p" >/dev/null; then vm_copy_program "$root" "$(command -v "$p")"; fi
    done
  fi
  # podman and conmon, for podman_criu.bats where it runs and the host has them, with a policy that takes
  # the image the test imports
  case ",$files," in *,podman_criu,*)
    if command -v podman >/dev/null && command -v conmon >/dev/null; then
      vm_copy_program "$root" "$(command -v podman)"
      vm_copy_program "$root" "$(command -v conmon)"
      mkdir -p "$root/etc/containers"
      echo '{"default": [{"type": "insecureAcceptAnything"}]}' >"$root/etc/containers/policy.json"
    fi ;;
  esac
  vm_copy_program "$root" "$build/brownie"
  mv "$root/usr$build/brownie" "$root/usr/bin/brownie"
  # libmnl, which brownie loads with dlopen (for linux.netDevices) and ldd so does not name
  mnl=$(ldconfig -p | awk '$1 == "libmnl.so.0" { print $NF; exit }')
  [ -z "$mnl" ] || vm_copy_file "$root" "$mnl"
  # the --console-socket receiver of the tests, where the tests look for it (REPO_DIR/build is /build there)
  vm_copy_program "$root" "$build/tests/helpers/recvtty"
  mkdir -p "$root/build/tests/helpers" && mv "$root/usr$build/tests/helpers/recvtty" "$root/build/tests/helpers/"
  cp /bin/busybox "$root/usr/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ -e "$root/usr/bin/$applet" ] || ln -s busybox "$root/usr/bin/$applet"
  done
  for f in $(dpkg -L bats | grep -E '^/usr/(bin|lib/bats-core|libexec/bats-core)/.'); do
    [ -f "$f" ] && vm_copy_file "$root" "$f"
  done
  chmod +x "$root"/usr/libexec/bats-core/* "$root/usr/bin/bats"
  cp -r "$repo/tests/integration" "$repo/tests/vm" "$root/repo/"
  cp -r "$repo/tools" "$root/repo/tools"
  install -m 0755 "$here/init" "$root/init"
  vm_containers_rootfs "$root/rootfs.prebuilt"
  vm_copy_modules "$root/modules"
  [ "$mode" != v1 ] || cp "$cache/selinux-policy.bin" "$root/selinux-policy.bin"
  echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
  echo "root:x:0:" >"$root/etc/group"
  (cd "$root" && find . | busybox cpio -o -H newc 2>/dev/null) | gzip -1 >"$stage/initrd"
}
