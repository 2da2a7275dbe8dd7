#!/usr/bin/env bats
# process.apparmorProfile where AppArmor is enabled (the VM's Debian kernel has it on): the process
# runs confined by the profile, for the container's init and for exec.

load ../integration/helpers

PROFILE=brownie-test-deny-hostname

setup_file() {
  cat >"$BATS_FILE_TMPDIR/profile" <<P
profile $PROFILE flags=(attach_disconnected,mediate_deleted) {
  file,
  capability,
  network,
  mount,
  umount,
  pivot_root,
  signal,
  ptrace,
  unix,
  deny /etc/hostname r,
}
P
  apparmor_parser -r -K "$BATS_FILE_TMPDIR/profile"
}
teardown_file() {
  apparmor_parser -R -K "$BATS_FILE_TMPDIR/profile" || true
  remove_run_cgroups
}

@test "AppArmor is enabled in the VM and features says so" {
  [ "$(cat /sys/module/apparmor/parameters/enabled)" = Y ]
  [ "$(rt features | jq -r .linux.apparmor.enabled)" = true ]
}

@test "the container's process runs under process.apparmorProfile" {
  update_config '.process.apparmorProfile = $p' --arg p "$PROFILE"
  set_cmd 'cat /proc/self/attr/current; cat /etc/passwd >/dev/null && echo passwd-ok; cat /etc/hostname'
  run_container
  [[ "$output" == *"$PROFILE (enforce)"* ]]
  [[ "$output" == *passwd-ok* ]]
  [[ "$output" == *"/etc/hostname"*"Permission denied"* ]]
  [ "$status" -ne 0 ]
}

@test "exec --apparmor confines the new process; without it the container's profile applies" {
  set_args sleep 100
  run_detached
  [ "$(rt_t exec "$ID" cat /proc/self/attr/current)" = unconfined ]
  run rt_t exec --apparmor "$PROFILE" "$ID" cat /etc/hostname
  [ "$status" -ne 0 ]
  [[ "$output" == *"Permission denied"* ]]
}

@test "a profile that is not loaded is an error naming it, and nothing is left" {
  update_config '.process.apparmorProfile = "brownie-no-such-profile"'
  run_bg rt_t run -d --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"brownie-no-such-profile"* ]]
  [ -z "$(test_containers "$ROOT")" ]
}
