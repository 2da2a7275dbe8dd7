#!/usr/bin/env bats
# User namespaces: the maps, root inside, ownership on the host; joined by path.

load helpers

setup() {
  setup_bundle
  userns_config
}
teardown() {
  [ -z "${HOLDER:-}" ] || { kill -9 "$HOLDER" 2>/dev/null; wait "$HOLDER" 2>/dev/null || true; }
  teardown_bundle
}

@test "the maps are written and the process is root inside" {
  set_args sh -c 'cat /proc/self/uid_map /proc/self/gid_map; id -u; id -g'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "$(echo "${lines[0]}" | tr -s ' ' | sed 's/^ //')" = "0 100000 65536" ]
  [ "$(echo "${lines[1]}" | tr -s ' ' | sed 's/^ //')" = "0 100000 65536" ]
  [ "${lines[2]}" = 0 ]
  [ "${lines[3]}" = 0 ]
}

@test "a file made in a bind-mounted host directory belongs to the mapped host id" {
  mkdir -p "$TEST_TMP/shared"
  chown 100000:100000 "$TEST_TMP/shared"
  update_config '.mounts += [{"destination": "/shared", "source": "'"$TEST_TMP/shared"'", "options": ["bind"]}]'
  set_args touch /shared/made-inside
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "$(stat -c %u:%g "$TEST_TMP/shared/made-inside")" = 100000:100000 ]
}

@test "bind sources below a directory the user namespace may not enter are mounted, for run and exec" {
  mkdir -p "$TEST_TMP/closed/a" "$TEST_TMP/closed/b"
  echo one >"$TEST_TMP/closed/a/f"
  echo two >"$TEST_TMP/closed/b/f"
  chmod 700 "$TEST_TMP/closed" # root's: the container's root (host uid 100000) may not pass
  update_config '.mounts += [
      {"destination": "/m1", "source": "'"$TEST_TMP/closed/a"'", "options": ["bind"]},
      {"destination": "/m2", "source": "'"$TEST_TMP/closed/b"'", "options": ["rbind", "ro"]}]'
  set_args sh -c 'cat /m1/f /m2/f; touch /m2/x 2>/dev/null || echo ro'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "$output" = "$(printf 'one\ntwo\nro')" ]
  set_args sleep 100
  run_detached
  run rt exec "$ID" cat /m1/f /m2/f
  [ "$status" -eq 0 ]
  [ "$output" = "$(printf 'one\ntwo')" ]
}

@test "the user namespace differs from the host's and devices are the host's nodes" {
  set_args sh -c 'readlink /proc/self/ns/user; stat -c "%t:%T" /dev/null'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" != "$(readlink /proc/self/ns/user)" ]
  [ "${lines[1]}" = 1:3 ]
}

@test "a user namespace given by path is joined, with the other namespaces owned by it" {
  requires_brownie
  unshare --user --map-root-user sleep 100 &
  HOLDER=$!
  wait_for sh -c "[ \"\$(readlink /proc/$HOLDER/ns/user)\" != \"\$(readlink /proc/self/ns/user)\" ]"
  chown -R 0:0 "$BUNDLE/rootfs"
  update_config 'del(.linux.uidMappings) | del(.linux.gidMappings)
    | (.mounts[] | select(.destination == "/dev/pts") | .options) -= ["gid=5"]
    | .linux.namespaces |= map(if .type == "user" then .path = "/proc/'"$HOLDER"'/ns/user" else . end)'
  set_args sh -c 'readlink /proc/self/ns/user; cat /proc/self/uid_map; echo $$'
  run rt run --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "$(readlink "/proc/$HOLDER/ns/user")" ]
  [ "${lines[2]}" = 1 ]
}

@test "a new user namespace with a network namespace joined by path (staged creation)" {
  requires_brownie
  unshare --net sleep 100 &
  HOLDER=$!
  wait_for sh -c "[ \"\$(readlink /proc/$HOLDER/ns/net)\" != \"\$(readlink /proc/self/ns/net)\" ]"
  update_config '.linux.namespaces |= map(if .type == "network" then .path = "/proc/'"$HOLDER"'/ns/net" else . end)'
  set_args sh -c 'readlink /proc/self/ns/net; echo $$; id -u'
  run rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "$(readlink "/proc/$HOLDER/ns/net")" ]
  [ "${lines[1]}" = 1 ]
  [ "${lines[2]}" = 0 ]
}
