#!/usr/bin/env bats
# linux.intelRdt (config-linux.md "IntelRdt") through resctrl. Where resctrl is not mounted (no Intel RDT
# or AMD QoS: every machine this suite runs on today) create, run and update must say so and leave
# nothing, and features must not claim it. The tests that need resctrl skip without it; the groups,
# schemata, tasks, MON groups and their removal are unit-tested on a tree that plays the kernel
# (tests/unit/test_resctrl.c).

load helpers

setup() { setup_bundle; set_args sleep 100; }
teardown() {
  if [ -n "${RDT_REMOVE:-}" ]; then rmdir "$RDT_REMOVE" 2>/dev/null || true; fi
  teardown_bundle
}

# The mount point of resctrl in this mount namespace, from mountinfo (empty without one).
resctrl_root() {
  awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 1) == "resctrl" && $4 == "/") { print $5; exit } break } }' \
    /proc/self/mountinfo
}
requires_resctrl() {
  RESCTRL=$(resctrl_root)
  [ -n "$RESCTRL" ] || skip "resctrl is not mounted here (no Intel RDT or AMD QoS)"
}
requires_no_resctrl() { [ -z "$(resctrl_root)" ] || skip "resctrl is mounted here"; }

# create must fail with $1 in its message and leave no state or cgroup.
expect_create_error() {
  run_bg rt create --bundle "$BUNDLE" "$ID"
  echo "$output"
  [ "$status" -ne 0 ]
  [[ "${output//\\/}" == *"$1"* ]]
  [ -z "$(ls -A "$ROOT")" ]
  ! ls -d /sys/fs/cgroup/*/"$CGROUP_PARENT/$ID" >/dev/null 2>&1
}

@test "features claims intelRdt only where resctrl is mounted" {
  requires_brownie # runc claims it everywhere
  run rt features
  [ "$status" -eq 0 ]
  if [ -z "$(resctrl_root)" ]; then
    jq -e '.linux.intelRdt == {"enabled": false, "schemata": false, "monitoring": false}' <<<"$output"
  else
    jq -e '.linux.intelRdt.enabled == true and .linux.intelRdt.schemata == true' <<<"$output"
    [ "$(jq -r .linux.intelRdt.monitoring <<<"$output")" = "$([ -d "$(resctrl_root)/info/L3_MON" ] && echo true || echo false)" ]
  fi
}

@test "without resctrl, create and run of a container with intelRdt fail saying so, leaving nothing" {
  requires_no_resctrl
  local rdt
  for rdt in '{}' '{"closID": "guaranteed"}' '{"closID": "/"}' '{"l3CacheSchema": "L3:0=f"}' \
    '{"memBwSchema": "MB:0=50", "enableMonitoring": true}' '{"schemata": ["L3:0=f", "MB:0=50"]}' '{"enableCMT": true}'; do
    update_config '.linux.intelRdt = $r' --argjson r "$rdt"
    run_bg rt create --bundle "$BUNDLE" "$ID"
    echo "$rdt: $output"
    [ "$status" -ne 0 ]
    [ -z "$(ls -A "$ROOT")" ]
    ! ls -d /sys/fs/cgroup/*/"$CGROUP_PARENT/$ID" >/dev/null 2>&1
    if is_brownie; then
      [[ "$output" == *"config.json: linux.intelRdt: the resctrl filesystem is not mounted"* ]]
      [ "${#lines[@]}" -eq 1 ]
    fi
  done
  run_bg rt run --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [ -z "$(ls -A "$ROOT")" ]
}

@test "a malformed intelRdt is refused on any host, naming the field" {
  requires_brownie
  update_config '.linux.intelRdt = {"memBwSchema": "L3:0=f"}'
  expect_create_error 'linux.intelRdt.memBwSchema: "L3:0=f" must start with "MB:"'
  update_config '.linux.intelRdt = {"closID": "a/b"}'
  expect_create_error 'linux.intelRdt.closID: "a/b" is not a resctrl group name'
}

@test "update --l3-cache-schema and --mem-bw-schema are refused clearly, and change nothing" {
  requires_brownie # runc 1.1 says "Intel RDT/CAT: l3 cache schema is not enabled"
  update_config '.linux.resources.pids = {"limit": 50}'
  run_detached
  run rt update --pids-limit 7 --l3-cache-schema "L3:0=f" "$ID"
  echo "$output"
  [ "$status" -ne 0 ]
  if [ -z "$(resctrl_root)" ]; then
    [[ "$output" == *"--l3-cache-schema: the resctrl filesystem is not mounted"* ]]
  else
    [[ "${output//\\/}" == *"--l3-cache-schema: container \"$ID\" has no linux.intelRdt"* ]]
  fi
  run rt update --mem-bw-schema "MB:0=50" "$ID"
  [ "$status" -ne 0 ]
  [[ "$output" == *"--mem-bw-schema: "* ]]
  run rt update --mem-bw-schema "L3:0=f" "$ID"
  [ "$status" -ne 0 ]
  [[ "${output//\\/}" == *'--mem-bw-schema: "L3:0=f" must start with "MB:"'* ]] # logrus-style lines escape quotes
  # nothing was changed by the refused updates
  [ "$(rt events --stats "$ID" | jq .data.pids.limit)" = 50 ]
  # an empty value is no value, as in runc
  run rt update --pids-limit 9 --l3-cache-schema "" "$ID"
  [ "$status" -eq 0 ]
  [ "$(rt events --stats "$ID" | jq .data.pids.limit)" = 9 ]
}

@test "events --stats has runc's intel_rdt object, empty without intelRdt" {
  run_detached
  run rt events --stats "$ID"
  [ "$status" -eq 0 ]
  jq -e '.data.intel_rdt == {}' <<<"$output"
}

# ---- hosts with resctrl ----

@test "resctrl: a group of the container's own with its schemata, tasks and MON group, removed by delete" {
  requires_resctrl
  local l3 mon=false pid epid
  l3=$(sed -n 's/^ *L3: */L3:/p' "$RESCTRL/schemata")
  [ -d "$RESCTRL/info/L3_MON" ] && mon=true
  update_config '.linux.intelRdt = {"enableMonitoring": $m} | if $l3 != "" then .linux.intelRdt.l3CacheSchema = $l3 else . end' \
    --argjson m "$mon" --arg l3 "$l3"
  RDT_REMOVE="$RESCTRL/$ID"
  run_detached
  pid=$(init_pid "$ID")
  [ -d "$RESCTRL/$ID" ]
  grep -qx "$pid" "$RESCTRL/$ID/tasks"
  if [ "$mon" = true ]; then grep -qx "$pid" "$RESCTRL/$ID/mon_groups/$ID/tasks"; fi
  rt exec -d --pid-file "$TEST_TMP/exec.pid" "$ID" sleep 100
  epid=$(cat "$TEST_TMP/exec.pid")
  grep -qx "$epid" "$RESCTRL/$ID/tasks"
  run rt events --stats "$ID"
  jq -e '.data.intel_rdt.schemata | length > 0' <<<"$output"
  # killed behind the runtime's back: delete still removes the group it made
  kill -9 "$pid"
  wait_for status_is "$ID" stopped
  rt delete "$ID"
  [ ! -e "$RESCTRL/$ID" ]
}

@test "resctrl: an existing closID group is joined and kept; one that does not exist is an error" {
  requires_resctrl
  local group="brownie-$ID"
  update_config '.linux.intelRdt = {"closID": $g}' --arg g "$group"
  expect_create_error "linux.intelRdt.closID: group \"$RESCTRL/$group\" does not exist"
  mkdir "$RESCTRL/$group"
  RDT_REMOVE="$RESCTRL/$group"
  run_detached
  grep -qx "$(init_pid "$ID")" "$RESCTRL/$group/tasks"
  rt delete --force "$ID"
  [ -d "$RESCTRL/$group" ]
}
