#!/usr/bin/env bats
# SELinux labels where SELinux is the LSM (the v1 boot: Debian's kernel with security=selinux and Debian's
# reference policy loaded, permissive): process.selinuxLabel and exec --process-label are the processes'
# contexts, linux.mountLabel is the context of the container's tmpfs, devpts and mqueue mounts.

load ../integration/helpers

# Contexts the loaded policy knows (the reference policy's virt module, MCS categories c1,c2).
PROC=system_u:system_r:svirt_t:s0:c1,c2
EXEC=system_u:system_r:svirt_t:s0:c3,c4
FILE=system_u:object_r:svirt_image_t:s0:c1,c2

setup() {
  [ -e /sys/fs/selinux/enforce ] || skip "SELinux is not enabled in this VM"
  setup_bundle
  export WAIT_TRIES=150 # TCG is slow
}
teardown() { teardown_bundle; }

@test "SELinux is enabled with a policy loaded, and features says so" {
  [ "$(cat /sys/fs/selinux/policyvers)" -gt 0 ]
  [ "$(cat /proc/self/attr/current)" != kernel ]
  [ "$(rt features | jq -r .linux.selinux.enabled)" = true ]
}

@test "process.selinuxLabel is the context of the init and of exec'd processes; exec --process-label overrides it" {
  update_config '.process.selinuxLabel = $l' --arg l "$PROC"
  set_args sleep 100
  run_detached
  [ "$(tr -d '\0' <"/proc/$(init_pid "$ID")/attr/current")" = "$PROC" ]
  [ "$(rt_t exec "$ID" cat /proc/1/attr/current | tr -d '\0')" = "$PROC" ]
  [ "$(rt_t exec "$ID" cat /proc/self/attr/current | tr -d '\0')" = "$PROC" ]
  [ "$(rt_t exec --process-label "$EXEC" "$ID" cat /proc/self/attr/current | tr -d '\0')" = "$EXEC" ]
}

@test "linux.mountLabel is the context of the container's tmpfs, devpts and mqueue mounts and of files made there" {
  update_config '.linux.mountLabel = $l' --arg l "$FILE"
  add_mount '{"destination": "/scratch", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "size=1m"]}'
  set_args sleep 100
  run_detached
  rt_t exec "$ID" sh -c 'mkdir /scratch/d && touch /dev/shm/f'
  root=/proc/$(init_pid "$ID")/root
  for p in /scratch /scratch/d /dev /dev/shm /dev/shm/f /dev/pts /dev/mqueue; do
    echo "$p: $(stat -c %C "$root$p")"
    [ "$(stat -c %C "$root$p")" = "$FILE" ]
  done
  rt_t exec "$ID" grep -q " /scratch tmpfs .*context=\"$FILE\"" /proc/self/mounts
  # proc and sysfs keep the policy's labels, as with runc
  [ "$(stat -c %C "$root/proc")" != "$FILE" ]
  [ "$(stat -c %C "$root/sys")" != "$FILE" ]
}

@test "an invalid label is a clear error naming the field, and nothing is left" {
  update_config '.process.selinuxLabel = "system_u:system_r:no_such_type_t:s0"'
  run_bg rt_t run -d --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"process.selinuxLabel"*"no_such_type_t"* ]]
  [ -z "$(test_containers "$ROOT")" ]
  [ -z "$(cgroup_dirs "$ID")" ]
  update_config 'del(.process.selinuxLabel) | .linux.mountLabel = "system_u:object_r:no_such_type_t:s0"'
  run_bg rt_t run -d --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"linux.mountLabel"*"no_such_type_t"* ]]
  [ -z "$(test_containers "$ROOT")" ]
  [ -z "$(cgroup_dirs "$ID")" ]
  # exec: the error, and the container runs on
  update_config 'del(.linux.mountLabel)'
  set_args sleep 100
  run_detached
  run rt_t exec --process-label system_u:system_r:no_such_type_t:s0 "$ID" true
  [ "$status" -ne 0 ]
  [[ "$output" == *"no_such_type_t"* ]]
  [ "$(container_status "$ID")" = running ]
  [ "$(wc -l <"/sys/fs/cgroup/pids$CGROUP_PARENT/$ID/cgroup.procs")" = 1 ]
}
