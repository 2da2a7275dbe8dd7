# shellcheck shell=bash
# The SELinux policy of the v1 boot (sourced by tests/vm/run): Debian's reference policy
# (selinux-policy-default) ships its modules only, which its postinst builds with semodule; here they are
# linked and expanded into the binary policy the init writes into /sys/fs/selinux/load (semodule_link and
# semodule_expand, from semodule-utils).
#
#   vm_selinux_policy CACHE    makes CACHE/selinux-policy.bin once

vm_selinux_policy() {
  local cache="$1" policy="$1/selinux-policy.bin" dl src m
  [ ! -s "$policy" ] || return 0
  command -v semodule_expand >/dev/null || die "semodule_expand is missing (apt-get install semodule-utils)"
  dl="$cache/dl"
  rm -rf "$dl" && mkdir -p "$dl/pp"
  (cd "$dl" && apt-get download selinux-policy-default >/dev/null 2>&1) ||
    { apt-get update -qq && (cd "$dl" && apt-get download selinux-policy-default >/dev/null 2>&1); } ||
    die "apt-get download selinux-policy-default failed"
  dpkg -x "$dl"/*.deb "$dl/x"
  src=$(ls -d "$dl"/x/usr/share/selinux/default)
  set --
  for m in base $(cat "$src/.modules"); do
    [ -e "$dl/pp/$m.pp" ] && continue
    bzip2 -dc "$src/$m.pp.bz2" >"$dl/pp/$m.pp" || die "selinux-policy-default: cannot unpack $m.pp.bz2"
    set -- "$@" "$dl/pp/$m.pp"
  done
  semodule_link -o "$dl/linked.pp" "$@" >/dev/null || die "semodule_link failed"
  semodule_expand "$dl/linked.pp" "$policy.new" || die "semodule_expand failed"
  mv "$policy.new" "$policy"
  rm -rf "$dl"
}
