#!/usr/bin/env bats
# Idmapped bind mounts: the mount's own uidMappings/gidMappings, or "idmap" with the container's user
# namespace mappings; "ridmap" for submounts; refused where the spec does not allow them.

load helpers

setup() {
  setup_bundle
  DATA="$TEST_TMP/data"
  mkdir -p "$DATA"
  echo root >"$DATA/f0" && chown 0:0 "$DATA/f0"
  echo user >"$DATA/f1000" && chown 1000:1000 "$DATA/f1000"
  chmod 777 "$DATA"
}
teardown() { teardown_bundle; }

@test "mount-level mappings: host ids are shown through the mount's idmapping" {
  requires_brownie # runc 1.1 has no idmapped mounts
  add_mount '{"destination": "/data", "type": "bind", "source": "'"$DATA"'", "options": ["bind"],
    "uidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}],
    "gidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}]}'
  set_cmd 'stat -c "%u:%g" /data/f0 /data/f1000; echo new > /data/by-1000' # run as root: unmapped, refused
  run_container
  [ "${lines[0]}" = 1000:1000 ] # on disk 0, seen as 1000
  [ "${lines[1]}" = 65534:65534 ] # no mapping for 1000 on disk
  [ ! -e "$DATA/by-1000" ]
  # a process of uid 1000 writes through the mount: on disk it is 0
  update_config '.process.user = {"uid": 1000, "gid": 1000}'
  set_cmd 'echo new > /data/new; stat -c "%u:%g" /data/new'
  run_container
  [ "$status" -eq 0 ]
  [ "$output" = 1000:1000 ]
  [ "$(stat -c %u:%g "$DATA/new")" = 0:0 ]
}

@test "idmap with a user namespace: the container's root owns the host's root files through the mount" {
  requires_brownie # runc 1.1 has no idmapped mounts
  userns_config
  add_mount '{"destination": "/data", "type": "bind", "source": "'"$DATA"'", "options": ["bind", "idmap"]}'
  add_mount '{"destination": "/plain", "type": "bind", "source": "'"$DATA"'", "options": ["bind"]}'
  set_cmd 'stat -c "%u:%g" /data/f0 /plain/f0; echo made > /data/by-root; stat -c "%u:%g" /data/by-root'
  run_container
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = 0:0 ]         # idmapped: host root is the container's root
  [ "${lines[1]}" = 65534:65534 ] # without it: nobody
  [ "${lines[2]}" = 0:0 ]
  [ "$(stat -c %u:%g "$DATA/by-root")" = 0:0 ] # and what it makes is the host's root's
}

@test "ridmap maps submounts too; idmap maps only the top of an rbind" {
  requires_brownie
  mkdir -p "$DATA/sub" "$TEST_TMP/inner"
  echo x >"$TEST_TMP/inner/g" && chown 0:0 "$TEST_TMP/inner/g"
  mount --bind "$TEST_TMP/inner" "$DATA/sub"
  add_mount '{"destination": "/r", "type": "bind", "source": "'"$DATA"'", "options": ["rbind", "ridmap"],
    "uidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}],
    "gidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}]}'
  add_mount '{"destination": "/i", "type": "bind", "source": "'"$DATA"'", "options": ["rbind", "idmap"],
    "uidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}],
    "gidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}]}'
  set_cmd 'stat -c %u /r/f0 /r/sub/g /i/f0 /i/sub/g'
  run_container
  umount "$DATA/sub"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = 1000 ]
  [ "${lines[1]}" = 1000 ]
  [ "${lines[2]}" = 1000 ]
  [ "${lines[3]}" = 0 ]
}

@test "idmap on a mount that is not a bind, or without any mappings, is an error naming it; nothing is left" {
  requires_brownie # runc 1.1 ignores the idmap options
  add_mount '{"destination": "/t", "type": "tmpfs", "source": "tmpfs", "options": ["idmap"],
    "uidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}],
    "gidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}]}'
  run_bg rt_t run -d --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  if is_brownie; then [[ "$output" == *'uidMappings: id-mapped mounts must be bind mounts'* ]]; fi
  [ -z "$(test_containers "$ROOT")" ]
  update_config '.mounts |= map(select(.destination != "/t"))'
  add_mount '{"destination": "/d", "type": "bind", "source": "'"$DATA"'", "options": ["bind", "idmap"]}'
  run_bg rt_t run -d --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  if is_brownie; then [[ "$output" == *'/d'*'an idmapped mount needs uidMappings and gidMappings'* ]]; fi
  [ -z "$(test_containers "$ROOT")" ]
}
