#!/usr/bin/env bats
# state and list: the JSON and table shapes clients parse, compared with runc's.

load helpers

# ref_create SUFFIX: the same bundle created by the reference runtime as "$ID-SUFFIX".
ref_create() {
  run_bg ref create --bundle "$(bundle_for "$1")" "$ID-$1"
  [ "$status" -eq 0 ]
}

@test "state of a created container: runc's keys and the right values" {
  set_args sleep 100
  create_container
  run rt state "$ID"
  [ "$status" -eq 0 ]
  mine="$output"
  jq -e --arg id "$ID" --arg b "$BUNDLE" '.id == $id and .status == "created" and .pid > 0
    and .bundle == $b and .rootfs == ($b + "/rootfs") and (.ociVersion | length > 0) and (.owner | type == "string")' <<<"$mine"
  # created is an RFC 3339 time of about now
  created=$(jq -r .created <<<"$mine")
  [ $(($(date +%s) - $(date -d "$created" +%s))) -lt 60 ]
  ref_create ref
  [ "$(jq -c 'keys' <<<"$mine")" = "$(ref state "$ID-ref" | jq -c 'keys')" ]
  [ "$(jq -c 'keys' <<<"$mine")" = '["bundle","created","id","ociVersion","owner","pid","rootfs","status"]' ]
}

@test "state of a running and of a stopped container: the same keys as runc's" {
  set_args sleep 100
  run_detached
  ref_create ref
  ref start "$ID-ref"
  [ "$(container_state "$ID" | jq -c 'keys')" = "$(ref state "$ID-ref" | jq -c 'keys')" ]
  [ "$(container_status "$ID")" = running ]
  rt kill "$ID" KILL
  ref kill "$ID-ref" KILL
  wait_for status_is "$ID" stopped
  WAIT_TRIES=50 wait_for eval '[ "$(ref state "$ID-ref" | jq -r .status)" = stopped ]'
  [ "$(container_state "$ID" | jq -c 'keys')" = "$(ref state "$ID-ref" | jq -c 'keys')" ]
}

@test "state shows the config's annotations" {
  update_config '.annotations = {"org.example.key": "value", "io.kubernetes.cri.container-type": "container"}'
  set_args sleep 100
  create_container
  run rt state "$ID"
  [ "$(jq -r '.annotations["org.example.key"]' <<<"$output")" = value ]
  [ "$(jq -r '.annotations["io.kubernetes.cri.container-type"]' <<<"$output")" = container ]
  mine="$output"
  ref_create ref
  [ "$(jq -c 'keys' <<<"$mine")" = "$(ref state "$ID-ref" | jq -c 'keys')" ]
}

@test "state.bundle is absolute when --bundle is relative" {
  set_args sleep 100
  run_bg sh -c "cd '$TEST_TMP' && '$RUNTIME' --root '$ROOT' create --bundle bundle '$ID'"
  [ "$status" -eq 0 ]
  save_container_pids "$ID"
  [ "$(container_state "$ID" | jq -r .bundle)" = "$BUNDLE" ]
}

@test "state of an unknown container: non-zero, does not exist" {
  run rt state "$ID-unknown"
  [ "$status" -ne 0 ]
  [[ "$output" == *"does not exist"* ]]
}

@test "list: runc's table header, a row per container; -q the ids; -f json the states" {
  set_args sleep 100
  create_container
  run_bg rt run -d --bundle "$(bundle_for 2)" "$ID-2"
  [ "$status" -eq 0 ]
  save_container_pids "$ID-2"
  run rt list
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" =~ ^ID\ +PID\ +STATUS\ +BUNDLE\ +CREATED\ +OWNER$ ]]
  row=$(printf '%s\n' "${lines[@]}" | grep "^$ID ")
  read -r id pid st bundle created owner <<<"$row"
  [ "$pid" = "$(init_pid "$ID")" ]
  [ "$st" = created ]
  [ "$bundle" = "$BUNDLE" ]
  [ "$owner" = root ]
  printf '%s\n' "${lines[@]}" | grep -q "^$ID-2 .* running "
  run rt list -q
  [ "$status" -eq 0 ]
  printf '%s\n' "${lines[@]}" | grep -qx "$ID"
  printf '%s\n' "${lines[@]}" | grep -qx "$ID-2"
  run rt list -f json
  [ "$status" -eq 0 ]
  jq -e --arg id "$ID" 'map(select(.id == $id))[0] | .status == "created" and .owner == "root"' <<<"$output"
  # the same keys as runc's list -f json
  mine="$output"
  ref_create ref
  [ "$(jq -c --arg id "$ID" 'map(select(.id == $id))[0] | keys' <<<"$mine")" = "$(ref list -f json | jq -c --arg id "$ID-ref" 'map(select(.id == $id))[0] | keys')" ]
  run rt list --format=json
  [ "$status" -eq 0 ]
  jq -e 'type == "array"' <<<"$output"
}

@test "list of an empty root: the header alone, and null for json, as runc" {
  empty="$TEST_TMP/empty-root"
  run "$RUNTIME" --root "$empty" list
  [ "$status" -eq 0 ]
  [ "$output" = "$("$REFERENCE" --root "$TEST_TMP/empty-ref" list)" ]
  run "$RUNTIME" --root "$empty" list -f json
  [ "$status" -eq 0 ]
  [ "$output" = "$("$REFERENCE" --root "$TEST_TMP/empty-ref" list -f json)" ]
  run "$RUNTIME" --root "$empty" list -q
  [ "$status" -eq 0 ]
  [ -z "$output" ]
}
