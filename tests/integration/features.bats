#!/usr/bin/env bats
# features: the runtime-spec's features.md document, claiming only what works here.

load helpers

@test "features prints features.md's document with runc's top-level keys" {
  run rt features
  [ "$status" -eq 0 ]
  for k in ociVersionMin ociVersionMax hooks mountOptions linux; do jq -e --arg k "$k" 'has($k)' <<<"$output"; done
  for k in namespaces capabilities cgroup seccomp apparmor selinux; do
    jq -e --arg k "$k" '.linux | has($k)' <<<"$output"
  done
  jq -e '.ociVersionMin == "1.0.0" and (.ociVersionMax | startswith("1."))' <<<"$output"
  jq -e '.hooks | index("createContainer") != null and index("poststop") != null' <<<"$output"
  jq -e '.linux.namespaces | index("cgroup") != null' <<<"$output"
  if is_brownie; then jq -e '.linux.namespaces | index("time") != null' <<<"$output"; fi # runc 1.1: no time
  jq -e '.linux.capabilities | index("CAP_SYS_ADMIN") != null' <<<"$output"
}

@test "features claims only what works on this host" {
  requires_brownie
  run rt features
  # idmapped mounts (idmap.bats shows them working) and their options
  jq -e '.linux.mountExtensions.idmap.enabled == true' <<<"$output"
  jq -e '.mountOptions | index("idmap") != null and index("ridmap") != null and index("rro") != null' <<<"$output"
  # AppArmor and SELinux as the host has them (this suite's hosts have neither; the VM suite checks AppArmor on)
  [ "$(jq -r .linux.apparmor.enabled <<<"$output")" = "$([ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ] && echo true || echo false)" ]
  [ "$(jq -r .linux.selinux.enabled <<<"$output")" = "$([ -e /sys/fs/selinux/enforce ] && echo true || echo false)" ]
  # intelRdt needs resctrl
  if [ ! -d /sys/fs/resctrl/info ]; then jq -e '.linux.intelRdt.enabled == false' <<<"$output"; fi
  # every seccomp action listed is one the parser takes
  jq -e '.linux.seccomp.enabled == true and (.linux.seccomp.actions | index("SCMP_ACT_ERRNO") != null)' <<<"$output"
}
