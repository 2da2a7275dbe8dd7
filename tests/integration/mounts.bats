#!/usr/bin/env bats
# root, mounts, maskedPaths and readonlyPaths, devices, as the process inside sees them.

load helpers

setup() { setup_bundle; }
teardown() { teardown_bundle; }

# mount_line DEST: the container's /proc/self/mountinfo line for DEST (printed by the container).
mountinfo_of() { echo "$output" | awk -v d="$1" '$5 == d'; }

@test "root.readonly makes / read-only" {
  update_config '.root.readonly = true'
  set_args sh -c 'touch /x 2>&1; echo rc=$?'
  run rt run --bundle "$BUNDLE" "$ID"
  [[ "$output" == *"Read-only file system"* ]]
}

@test "an absolute root.path works" {
  update_config '.root.path = "'"$BUNDLE/rootfs"'"'
  set_args true
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
}

@test "mounts are made in order: a later one covers an earlier one" {
  mkdir -p "$TEST_TMP/a" "$TEST_TMP/b"
  echo a >"$TEST_TMP/a/f"
  echo b >"$TEST_TMP/b/f"
  update_config '.mounts += [{"destination": "/data", "source": "'"$TEST_TMP/a"'", "options": ["bind"]},
                             {"destination": "/data", "source": "'"$TEST_TMP/b"'", "options": ["bind"]}]'
  set_args cat /data/f
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$output" = b ]
}

@test "bind mount options ro, nosuid, nodev, noexec and atime show in mountinfo" {
  mkdir -p "$TEST_TMP/src"
  update_config '.mounts += [{"destination": "/m1", "source": "'"$TEST_TMP/src"'", "options": ["bind", "ro", "nosuid", "nodev", "noexec", "noatime"]},
                             {"destination": "/m2", "source": "'"$TEST_TMP/src"'", "options": ["bind", "strictatime", "nodiratime"]}]'
  set_args cat /proc/self/mountinfo
  run rt run --bundle "$BUNDLE" "$ID"
  m1=$(mountinfo_of /m1)
  m2=$(mountinfo_of /m2)
  [[ "$(echo "$m1" | awk '{print $6}')" == ro,nosuid,nodev,noexec,noatime ]]
  [[ "$(echo "$m2" | awk '{print $6}')" == rw,nodiratime ]]
}

@test "rbind takes submounts along, bind does not; rro makes them all read-only" {
  mkdir -p "$TEST_TMP/outer/inner"
  mount -t tmpfs tmpfs "$TEST_TMP/outer/inner"
  update_config '.mounts += [{"destination": "/rb", "source": "'"$TEST_TMP/outer"'", "options": ["rbind", "rro"]},
                             {"destination": "/b", "source": "'"$TEST_TMP/outer"'", "options": ["bind"]}]'
  set_args sh -c 'grep -c " /rb/inner " /proc/self/mountinfo; grep -c " /b/inner " /proc/self/mountinfo; touch /rb/inner/x 2>&1'
  run rt run --bundle "$BUNDLE" "$ID"
  umount "$TEST_TMP/outer/inner"
  [ "${lines[0]}" = 1 ]
  [ "${lines[1]}" = 0 ]
  [[ "${lines[2]}" == *"Read-only file system"* ]]
}

@test "tmpfs data options and flags" {
  update_config '.mounts += [{"destination": "/t", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "size=1m", "mode=700"]}]'
  set_args sh -c 'grep " /t " /proc/self/mountinfo; stat -c %a /t'
  run rt run --bundle "$BUNDLE" "$ID"
  [[ "${lines[0]}" == *"size=1024k"*"mode=700"* ]]
  [[ "${lines[0]}" == *" rw,nosuid "* ]] || [[ "${lines[0]}" == *" rw,nosuid,"* ]]
  [ "${lines[1]}" = 700 ]
}

@test "proc, sysfs, mqueue and devpts (newinstance, ptmxmode) are mounted" {
  set_args sh -c 'for d in /proc /sys /dev/mqueue /dev/pts; do awk -v d=$d "\$5 == d" /proc/self/mountinfo | sed "s/.* - //" | cut -d" " -f1; done; grep " /dev/pts " /proc/self/mountinfo'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "${lines[0]}" = proc ]
  [ "${lines[1]}" = sysfs ]
  [ "${lines[2]}" = mqueue ]
  [ "${lines[3]}" = devpts ]
  [[ "${lines[4]}" == *"ptmxmode=666"* ]]
}

@test "per-mount propagation: shared and private show in mountinfo" {
  mkdir -p "$TEST_TMP/p"
  update_config '.mounts += [{"destination": "/sh", "type": "tmpfs", "source": "tmpfs", "options": ["shared"]},
                             {"destination": "/pr", "type": "tmpfs", "source": "tmpfs", "options": ["private"]}]'
  set_args cat /proc/self/mountinfo
  run rt run --bundle "$BUNDLE" "$ID"
  [[ "$(mountinfo_of /sh)" == *" shared:"* ]]
  [[ "$(mountinfo_of /pr)" != *" shared:"* ]]
}

@test "rootfsPropagation shared and unbindable apply to /" {
  requires_brownie # runc 1.1 does not show them on /
  update_config '.linux.rootfsPropagation = "shared"'
  set_args cat /proc/self/mountinfo
  run rt run --bundle "$BUNDLE" "$ID"
  [[ "$(mountinfo_of /)" == *" shared:"* ]]
  update_config '.linux.rootfsPropagation = "unbindable"'
  run rt run --bundle "$BUNDLE" "$ID"
  [[ "$(mountinfo_of /)" == *" unbindable "* ]]
}

@test "a symlink in the rootfs never sends a mount to the host" {
  ln -s / "$BUNDLE/rootfs/escape"
  ln -s ../../../../../../../../tmp "$BUNDLE/rootfs/dotdot"
  update_config '.mounts += [{"destination": "/escape/brownie-escape-test", "type": "tmpfs", "source": "tmpfs"},
                             {"destination": "/dotdot/brownie-escape-test2", "type": "tmpfs", "source": "tmpfs"}]'
  set_args sh -c 'grep -c brownie-escape-test /proc/self/mountinfo'
  run rt run --bundle "$BUNDLE" "$ID"
  [ ! -e /brownie-escape-test ]
  [ ! -e /tmp/brownie-escape-test2 ]
  [ -d "$BUNDLE/rootfs/brownie-escape-test" ] || [ -d "$BUNDLE/rootfs/tmp/brownie-escape-test2" ] || [ "$status" -ne 0 ]
}

@test "maskedPaths: a masked file reads empty, a masked directory is empty" {
  mkdir -p "$BUNDLE/rootfs/secret"
  echo hidden >"$BUNDLE/rootfs/secret/f"
  echo hidden >"$BUNDLE/rootfs/secretfile"
  update_config '.linux.maskedPaths += ["/secret", "/secretfile", "/does/not/exist"]'
  set_args sh -c 'ls -A /secret | wc -l; cat /secretfile | wc -c'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = 0 ]
  [ "${lines[1]}" = 0 ]
}

@test "readonlyPaths cannot be written" {
  mkdir -p "$BUNDLE/rootfs/rodir"
  update_config '.linux.readonlyPaths += ["/rodir"]'
  set_args sh -c 'touch /rodir/x 2>&1; echo 1 > /proc/sys/kernel/domainname 2>&1'
  run rt run --bundle "$BUNDLE" "$ID"
  [[ "${lines[0]}" == *"Read-only file system"* ]]
  [[ "${lines[1]}" == *"Read-only file system"* ]]
}

@test "default devices, /dev links and /dev/shm" {
  set_args sh -c 'for d in null zero full random urandom tty; do stat -c "%n %F %t:%T %a" /dev/$d; done; for l in fd stdin stdout stderr ptmx; do readlink /dev/$l; done; test -d /dev/shm && echo shm'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "${lines[0]}" = "/dev/null character special file 1:3 666" ]
  [ "${lines[1]}" = "/dev/zero character special file 1:5 666" ]
  [ "${lines[2]}" = "/dev/full character special file 1:7 666" ]
  [ "${lines[3]}" = "/dev/random character special file 1:8 666" ]
  [ "${lines[4]}" = "/dev/urandom character special file 1:9 666" ]
  [ "${lines[5]}" = "/dev/tty character special file 5:0 666" ]
  [ "${lines[6]}" = /proc/self/fd ]
  [ "${lines[7]}" = /proc/self/fd/0 ]
  [ "${lines[8]}" = /proc/self/fd/1 ]
  [ "${lines[9]}" = /proc/self/fd/2 ]
  [ "${lines[10]}" = pts/ptmx ]
  [ "${lines[11]}" = shm ]
}

@test "linux.devices with type, major, minor, fileMode, uid and gid" {
  update_config '.linux.devices = [{"path": "/dev/mydev", "type": "c", "major": 1, "minor": 3, "fileMode": 432, "uid": 1000, "gid": 29},
                                   {"path": "/dev/sub/blk", "type": "b", "major": 7, "minor": 0, "fileMode": 384}]
    | .linux.resources.devices += [{"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwm"}]'
  set_args sh -c 'stat -c "%F %t:%T %a %u %g" /dev/mydev /dev/sub/blk'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "${lines[0]}" = "character special file 1:3 660 1000 29" ]
  [ "${lines[1]}" = "block special file 7:0 600 0 0" ]
}

@test "the device cgroup denies what is not allowed" {
  update_config '.linux.devices = [{"path": "/dev/loopish", "type": "b", "major": 7, "minor": 0}]'
  set_args sh -c 'head -c1 /dev/loopish >/dev/null 2>&1 && echo opened || echo denied; head -c1 /dev/zero | wc -c'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "${lines[0]}" = denied ]
  [ "${lines[1]}" = 1 ]
}

@test "a relative bind source is relative to the bundle" {
  mkdir -p "$BUNDLE/data"
  echo from-bundle >"$BUNDLE/data/f"
  update_config '.mounts += [{"destination": "/data", "source": "data", "options": ["bind"]}]'
  set_args cat /data/f
  run sh -c "cd / && '$RUNTIME' --root '$ROOT' run --bundle '$BUNDLE' '$ID'"
  [ "$status" -eq 0 ]
  [ "$output" = from-bundle ]
}

@test "tmpcopyup: the tmpfs starts with what the image had there" {
  requires_brownie # runc 1.1 has no tmpcopyup
  mkdir -p "$BUNDLE/rootfs/seed/sub"
  echo seeded >"$BUNDLE/rootfs/seed/sub/f"
  chmod 750 "$BUNDLE/rootfs/seed/sub"
  ln -s sub/f "$BUNDLE/rootfs/seed/link"
  update_config '.mounts += [{"destination": "/seed", "type": "tmpfs", "source": "tmpfs", "options": ["tmpcopyup"]}]'
  set_args sh -c 'grep -c " /seed tmpfs" /proc/mounts; cat /seed/sub/f; stat -c %a /seed/sub; readlink /seed/link; echo new > /seed/x'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = 1 ]
  [ "${lines[1]}" = seeded ]
  [ "${lines[2]}" = 750 ]
  [ "${lines[3]}" = sub/f ]
  [ ! -e "$BUNDLE/rootfs/seed/x" ]
  run rt features
  echo "$output" | jq -e '.mountOptions | index("tmpcopyup") != null'
}
