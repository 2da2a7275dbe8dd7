#!/usr/bin/env bats
# Id-mapped mounts (config.md: mounts[].uidMappings/gidMappings, the "idmap" and "ridmap" options):
# the owners the container sees through the mount, the owners its files get on the host, submounts,
# and the configs that are refused.

load helpers

# The runtime must say it does them (runc before 1.2 does not): brownie always must.
requires_idmap() {
  is_brownie && return 0
  [ "$("$RUNTIME" features 2>/dev/null | jq -r '.linux.mountExtensions.idmap.enabled // false')" = true ] ||
    skip "$(runtime_name) does not do id-mapped mounts"
}

setup() {
  setup_bundle
  # The source: a directory and a file owned by 1000:1000, and a file owned by 0:0.
  SRC="$TEST_TMP/src"
  mkdir -p "$SRC"
  touch "$SRC/file" "$SRC/rootfile"
  chown 1000:1000 "$SRC" "$SRC/file"
  chmod 755 "$SRC"
  SUBMOUNT=""
}
teardown() {
  [ -z "${HOLDER:-}" ] || { kill -9 "$HOLDER" 2>/dev/null; wait "$HOLDER" 2>/dev/null || true; }
  [ -z "$SUBMOUNT" ] || umount "$SUBMOUNT"
  teardown_bundle
}

# has_message TEXT: the output carries TEXT (logrus-style lines escape quotes).
has_message() { [[ "${output//\\/}" == *"$1"* ]]; }

# A container user namespace mapping 0-65535 to 100000-165535 (its rootfs owned accordingly).
use_userns() {
  chown -R 100000:100000 "$BUNDLE/rootfs"
  update_config '.linux.namespaces += [{"type": "user"}]
    | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
    | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
}

# mapped_mount DEST OPTIONS_JSON CONTAINER_ID HOST_ID [SOURCE]: a bind of $SRC with one uid and gid mapping.
mapped_mount() {
  add_mount "$(jq -nc --arg d "$1" --arg s "${5:-$SRC}" --argjson o "$2" --argjson c "$3" --argjson h "$4" \
    '{destination: $d, source: $s, options: $o,
      uidMappings: [{containerID: $c, hostID: $h, size: 1}],
      gidMappings: [{containerID: $c, hostID: $h, size: 1}]}')"
}

@test "features: idmap is enabled and idmap, ridmap are mount options" {
  requires_idmap
  run rt features
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r '.linux.mountExtensions.idmap.enabled')" = true ]
  [ "$(echo "$output" | jq -r '.mountOptions | map(select(. == "idmap" or . == "ridmap")) | length')" = 2 ]
}

@test "the mount's mappings: the container sees host 1000 as its root, and its files get 1000 on the host" {
  requires_idmap
  use_userns
  # On-disk 1000 is shown as host 100000, the container's 0; on-disk 0 is not mapped.
  mapped_mount /mnt '["bind", "idmap"]' 1000 100000
  set_cmd 'stat -c %u:%g /mnt/file /mnt/rootfile; touch /mnt/made-inside && mkdir /mnt/dir-inside && echo ok'
  run rt_t run --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = 0:0 ]
  [ "${lines[1]}" = 65534:65534 ]
  [ "${lines[2]}" = ok ]
  [ "$(stat -c %u:%g "$SRC/made-inside")" = 1000:1000 ]
  [ "$(stat -c %u:%g "$SRC/dir-inside")" = 1000:1000 ]
}

@test "mount mappings without a container user namespace" {
  requires_idmap
  mapped_mount /mnt '["bind"]' 1000 0
  set_cmd 'stat -c %u:%g /mnt/file /mnt/rootfile; touch /mnt/made-inside && echo ok'
  run rt_t run --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = 0:0 ]
  [ "${lines[1]}" = 65534:65534 ]
  [ "${lines[2]}" = ok ]
  [ "$(stat -c %u:%g "$SRC/made-inside")" = 1000:1000 ]
}

@test "idmap without mappings takes the container's user namespace mappings" {
  requires_idmap
  use_userns
  chown 0:0 "$SRC" # shown as the container's root through /mapped: it may write there
  add_mount '{"destination": "/plain", "source": "'"$SRC"'", "options": ["bind"]}'
  add_mount '{"destination": "/mapped", "source": "'"$SRC"'", "options": ["bind", "idmap"]}'
  set_cmd 'stat -c %u:%g /plain/file /mapped/file /mapped/rootfile; touch /mapped/made-inside && echo ok'
  run rt_t run --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = 65534:65534 ]
  [ "${lines[1]}" = 1000:1000 ]
  [ "${lines[2]}" = 0:0 ]
  [ "${lines[3]}" = ok ]
  [ "$(stat -c %u:%g "$SRC/made-inside")" = 0:0 ]
}

@test "ridmap maps the submounts of an rbind, idmap only its top mount" {
  requires_idmap
  mkdir -p "$TEST_TMP/other" "$SRC/sub"
  touch "$TEST_TMP/other/subfile"
  chown 1000:1000 "$TEST_TMP/other/subfile"
  mount --bind "$TEST_TMP/other" "$SRC/sub"
  SUBMOUNT="$SRC/sub"
  mapped_mount /r '["rbind", "ridmap"]' 1000 0
  mapped_mount /i '["rbind", "idmap"]' 1000 0
  set_cmd 'stat -c %u:%g /r/file /r/sub/subfile /i/file /i/sub/subfile'
  run rt_t run --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = 0:0 ]
  [ "${lines[1]}" = 0:0 ]
  [ "${lines[2]}" = 0:0 ]
  [ "${lines[3]}" = 1000:1000 ]
}

@test "mount options apply to the id-mapped mount" {
  requires_idmap
  use_userns
  mapped_mount /mnt '["bind", "ro", "nosuid", "idmap"]' 1000 100000
  set_cmd 'stat -c %u:%g /mnt/file; grep " /mnt " /proc/self/mountinfo | cut -d" " -f6; touch /mnt/x 2>&1'
  run rt_t run --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "${lines[0]}" = 0:0 ]
  [[ "${lines[1]}" == ro,nosuid* ]]
  [[ "${lines[2]}" == *"Read-only file system"* ]]
  [ ! -e "$SRC/x" ]
}

@test "an id-mapped mount with a staged creation (network namespace joined by path)" {
  requires_brownie
  unshare --net sleep 100 &
  HOLDER=$!
  wait_for sh -c "[ \"\$(readlink /proc/$HOLDER/ns/net)\" != \"\$(readlink /proc/self/ns/net)\" ]"
  use_userns
  update_config '.linux.namespaces |= map(if .type == "network" then .path = "/proc/'"$HOLDER"'/ns/net" else . end)'
  mapped_mount /mnt '["bind"]' 1000 100000
  add_mount '{"destination": "/mapped", "source": "'"$SRC"'", "options": ["bind", "idmap"]}'
  set_cmd 'stat -c %u:%g /mnt/file /mapped/file'
  run rt_t run --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = 0:0 ]
  [ "${lines[1]}" = 1000:1000 ]
}

@test "a relative source is taken from the bundle" {
  requires_idmap
  mkdir -p "$BUNDLE/data"
  touch "$BUNDLE/data/f"
  chown 1000:1000 "$BUNDLE/data/f"
  mapped_mount /mnt '["bind"]' 1000 0 data
  set_args stat -c %u:%g /mnt/f
  run rt_t run --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$output" = 0:0 ]
}

@test "idmap on a mount that is not a bind is refused, and nothing is left" {
  requires_idmap
  use_userns
  add_mount '{"destination": "/t", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "idmap"]}'
  n=$(jq '.mounts | length - 1' "$BUNDLE/config.json")
  run_bg rt_t create --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -ne 0 ]
  requires_brownie
  has_message "config.json: mounts[$n].options[1]: \"idmap\": id-mapped mounts must be bind mounts"
  nothing_left "$ID"
}

@test "idmap without mappings nor a user namespace is refused" {
  requires_idmap
  add_mount '{"destination": "/mnt", "source": "'"$SRC"'", "options": ["rbind", "ridmap"]}'
  n=$(jq '.mounts | length - 1' "$BUNDLE/config.json")
  run_bg rt_t create --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -ne 0 ]
  requires_brownie
  has_message "config.json: mounts[$n].options[1]: \"ridmap\" without uidMappings and gidMappings takes the container's user namespace mappings, but there is no user namespace"
  nothing_left "$ID"
}

@test "a filesystem that cannot be id-mapped fails create with the mount and its source named" {
  requires_brownie
  mapped_mount /mnt '["bind"]' 1000 0 /sys/kernel
  run_bg rt_t create --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -ne 0 ]
  has_message 'mount "/mnt" (id-mapped): set MOUNT_ATTR_IDMAP on bind source "/sys/kernel": invalid argument (does its filesystem support id-mapped mounts on this kernel?)'
  nothing_left "$ID"
}

@test "a read-only host mount stays locked read-only through the id-mapped clone" {
  requires_idmap
  use_userns
  mkdir -p "$TEST_TMP/ro"
  chown 1000:1000 "$TEST_TMP/ro"
  mount --bind "$TEST_TMP/ro" "$TEST_TMP/ro"
  SUBMOUNT="$TEST_TMP/ro"
  mount -o remount,bind,ro "$TEST_TMP/ro"
  mapped_mount /mnt '["bind"]' 1000 100000 "$TEST_TMP/ro"
  update_config '.process.capabilities |= with_entries(.value += ["CAP_SYS_ADMIN"])'
  set_cmd 'stat -c %u:%g /mnt; mount -o remount,bind,rw /mnt 2>&1; echo rc=$?; touch /mnt/x 2>&1'
  run rt_t run --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "${lines[0]}" = 0:0 ]
  [[ "$output" == *"rc=1"* || "$output" == *"rc=255"* ]]
  [[ "$output" == *"Read-only file system"* ]]
  [ ! -e "$TEST_TMP/ro/x" ]
}
