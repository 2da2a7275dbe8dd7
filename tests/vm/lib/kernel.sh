# shellcheck shell=bash
# The VMs' kernel (sourced by tests/vm/run): the image Debian's linux-image-amd64 points at and the modules
# a mode loads, unpacked once into the cache and shared by every mode.
#
#   vm_kernel CACHE MODULE...   makes CACHE/vmlinuz and CACHE/modules/NAME.ko for each MODULE and every
#                               module it depends on (the "depends=" of its .modinfo); the modules of
#                               every mode are named at once, so that one download serves them all
#   vm_module_resolve_all CACHE MODULE...
#                               sets vm_module_order to these modules and their dependencies in load
#                               order: each after its dependencies, in the order given otherwise; fails
#                               when one is not in the cache. A soft dependency (a crypto algorithm, say)
#                               is not followed: name it before the module that wants it.

# The dependencies of a cached module, from CACHE/modules/NAME.deps (written when it was unpacked).
vm_module_deps() { tr ',' ' ' <"$1/modules/$2.deps"; }

# vm_module_resolve CACHE NAME: appends NAME's dependencies, then NAME, to vm_module_order (once each);
# fails when a module is not in the cache.
vm_module_resolve() {
  local cache="$1" m="$2" d
  case " $vm_module_order " in *" $m "*) return 0 ;; esac
  [ -s "$cache/modules/$m.ko" ] && [ -e "$cache/modules/$m.deps" ] || return 1
  for d in $(vm_module_deps "$cache" "$m"); do vm_module_resolve "$cache" "$d" || return 1; done
  vm_module_order="$vm_module_order${vm_module_order:+ }$m"
}

# vm_kernel_copy_module CACHE TREE NAME: NAME.ko from the unpacked modules TREE into the cache, with the
# list of what it depends on beside it (NAME.deps), and the same for each of those.
vm_kernel_copy_module() {
  local cache="$1" tree="$2" m="$3" ko d
  [ ! -e "$cache/modules/$m.deps" ] || [ ! -s "$cache/modules/$m.ko" ] || return 0
  ko=$(find "$tree" -name "$m.ko" | head -n 1)
  [ -n "$ko" ] || die "the kernel package has no $m.ko"
  cp "$ko" "$cache/modules/"
  # .modinfo holds NUL-separated key=value strings, one of them "depends=a,b"
  tr '\0' '\n' <"$ko" | sed -n 's/^depends=//p' | head -n 1 >"$cache/modules/$m.deps"
  for d in $(vm_module_deps "$cache" "$m"); do vm_kernel_copy_module "$cache" "$tree" "$d"; done
}

# vm_kernel_unpack CACHE MODULE...: downloads the kernel package and copies the image and the modules
# (with their dependencies) into the cache.
vm_kernel_unpack() {
  local cache="$1" pkg dl m
  shift
  pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
  [ -n "$pkg" ] || die "cannot tell which kernel linux-image-amd64 depends on (apt-get update?)"
  dl="$cache/dl"
  rm -rf "$dl" && mkdir -p "$dl"
  (cd "$dl" && apt-get download "$pkg" >/dev/null 2>&1) ||
    { apt-get update -qq && (cd "$dl" && apt-get download "$pkg" >/dev/null 2>&1); } ||
    die "apt-get download $pkg failed"
  dpkg -x "$dl"/*.deb "$dl/x"
  # modules of another kernel (the package moved on) would not load into this one
  [ "$(cat "$cache/kernel-package" 2>/dev/null)" = "$pkg" ] || rm -rf "$cache/modules"
  mkdir -p "$cache/modules"
  for m in "$@"; do vm_kernel_copy_module "$cache" "$dl/x/lib/modules" "$m"; done
  cp "$(ls "$dl"/x/boot/vmlinuz-* | head -n 1)" "$cache/vmlinuz.new" && mv "$cache/vmlinuz.new" "$cache/vmlinuz"
  echo "$pkg" >"$cache/kernel-package"
  rm -rf "$dl"
}

vm_module_resolve_all() {
  local cache="$1" m
  shift
  vm_module_order=""
  for m in "$@"; do vm_module_resolve "$cache" "$m" || return 1; done
}

vm_kernel() {
  local cache="$1"
  shift
  if [ -s "$cache/vmlinuz" ] && vm_module_resolve_all "$cache" "$@"; then
    return 0
  fi
  vm_kernel_unpack "$cache" "$@"
  vm_module_resolve_all "$cache" "$@" || die "the kernel's modules did not unpack: $*"
}
