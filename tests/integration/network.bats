#!/usr/bin/env bats
# Networking for standalone use (issue 14): --network / --publish and the org.brownie.* annotations, carried
# out by Debian's CNI plugins. Every test runs the runtime inside a network namespace of its own ($NETNS,
# entered with nsenter, never `ip netns exec`, which remounts /sys), never the host's: the bridge, the veths
# and the iptables rules are made there. The CNI config directory is the test's ($CNI_DIR) and host-local's
# data lives under the test's state root ($ROOT/.cni): /etc/cni and /var/lib/cni are never touched.
# brownie-only: runc has no networking of its own.

load helpers

UDPECHO="${BROWNIE_BUILD:-$REPO_DIR/build}/tests/helpers/udpecho"
PLUGINS="${CNI_PLUGINS:-/usr/lib/cni}"
OTHER_IP=198.51.100.1 # the test namespace's address besides loopback

setup() {
  setup_bundle
  requires_brownie
  # A state root of the test's own: host-local's data (<root>/.cni) and the pins go with the test, and the
  # other files' "nothing left in the root" checks never see them.
  ROOT="$TEST_TMP/root"
  mkdir -p "$ROOT"
  [ -x "$PLUGINS/bridge" ] || skip "no CNI plugins in $PLUGINS (apt-get install containernetworking-plugins)"
  command -v iptables >/dev/null || skip "no iptables"
  NETNS="bnet-$$-${BATS_TEST_NUMBER}"
  ip netns add "$NETNS"
  echo "$NETNS" >"$TEST_TMP/netns"
  ip -n "$NETNS" link set lo up
  ip -n "$NETNS" link add nv0 type veth peer name nv1
  ip -n "$NETNS" addr add "$OTHER_IP/24" dev nv0
  ip -n "$NETNS" link set nv0 up
  ip -n "$NETNS" link set nv1 up
  CNI_DIR="$TEST_TMP/cni"
  mkdir -p "$CNI_DIR"
  cp "$UDPECHO" "$BUNDLE/rootfs/bin/udpecho"
  mkdir -p "$BUNDLE/rootfs/www"
  echo "hello from $ID" >"$BUNDLE/rootfs/www/index.html"
}

teardown() {
  local id
  # Deleted inside the test's namespace: the plugins' DEL must never run against the host's.
  if [ -n "${NETNS:-}" ]; then
    for id in $(test_containers "$ROOT"); do
      in_ns "$RUNTIME" --root "$ROOT" delete -f "$id" >/dev/null 2>&1 || true
    done
  fi
  teardown_bundle
  if [ -n "${NETNS:-}" ]; then
    ip netns del "$NETNS" 2>/dev/null || true
  fi
}

in_ns() { nsenter --net="/run/netns/$NETNS" "$@"; }
# nrt ARGS...: the runtime in the test's namespace, with the test's CNI directory (create/run flags).
nrt() { timeout -k 5 "$RT_TIMEOUT" nsenter --net="/run/netns/$NETNS" "$RUNTIME" --root "$ROOT" "$@"; }
net_run() { nrt run -d --cni-config-dir "$CNI_DIR" --cni-path "$PLUGINS" "$@"; }

# addr_of ID: the container's first address without its prefix length, from state's extension field.
addr_of() { nrt state "$1" | jq -r '.["org.brownie.network"].addresses[0] | split("/")[0]'; }
# http ADDR PORT: GET / with busybox nc from the test's namespace.
http() { printf 'GET / HTTP/1.0\r\n\r\n' | in_ns "$BUSYBOX" nc -w 3 "$1" "$2"; }
# the iptables rules of the test's namespace that name the container, its address or its host port
rules_of() {
  { in_ns iptables -t nat -S; in_ns iptables -S; } | grep -e "id: \"$1\"" -e "$2/" -e "$2:" -e "dport $3\b" || true
}
veths() { in_ns ip -o link show master brownie0 2>/dev/null | grep -c veth || true; }
ipam_file() { echo "$ROOT/.cni/networks/brownie/$1"; }
pinned() { grep -q " $ROOT/$1/netns " /proc/self/mountinfo; }

run_web() {
  set_cmd 'udpecho serve 53 & exec httpd -f -p 80 -h /www'
  run_bg net_run --network -p 8080:80 -p 5353:53/udp --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ] || { echo "$output" >&2; return 1; }
  save_container_pids "$ID"
}

@test "network: two containers on the default network reach each other by IP; lo up, files bound, state shows it" {
  set_cmd 'exec httpd -f -p 80 -h /www'
  run_bg net_run --network --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  save_container_pids "$ID"
  b=$(bundle_for b)
  CONFIG="$b/config.json" update_config '.process.args = ["sleep", "100"]'
  run_bg net_run --network --bundle "$b" "$ID-b"
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  save_container_pids "$ID-b"

  a=$(addr_of "$ID")
  [[ "$a" == 10.* ]] || [[ "$a" == 172.* ]]
  # busybox nc (this busybox's wget crashes)
  run nrt exec "$ID-b" sh -c "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 $a 80"
  [ "$status" -eq 0 ]
  [[ "$output" == *"hello from $ID"* ]]
  # the default network was written on first use, into the test's directory
  [ -f "$CNI_DIR/brownie.conflist" ]
  [ "$(jq -r .name "$CNI_DIR/brownie.conflist")" = brownie ]
  # loopback is up; the network files come from the state directory, the image's are untouched
  run nrt exec "$ID-b" ip -o link show lo
  [[ "$output" == *"UP"* ]]
  run nrt exec "$ID" cat /etc/hosts
  [[ "$output" == *"$a"* ]]
  [[ "$output" == *localhost* ]]
  run nrt exec "$ID" grep -c -e " /etc/hosts " -e " /etc/hostname " -e " /etc/resolv.conf " /proc/self/mountinfo
  [ "$output" = 3 ]
  [ "$(cat "$BUNDLE/rootfs/etc/hostname")" = brownie-test ]
  [ ! -s "$BUNDLE/rootfs/etc/hosts" ]
  # state: the extension field, next to runc's keys
  run nrt state "$ID"
  [ "$(jq -r '.["org.brownie.network"].network' <<<"$output")" = brownie ]
  [ "$(jq -r '.["org.brownie.network"].interface' <<<"$output")" = eth0 ]
  [ "$(jq -r '.status' <<<"$output")" = running ]
}

@test "network: a published TCP and UDP port answer from loopback and from the namespace's other address" {
  run_web
  a=$(addr_of "$ID")
  run http 127.0.0.1 8080
  [[ "$output" == *"hello from $ID"* ]]
  run http "$OTHER_IP" 8080
  [[ "$output" == *"hello from $ID"* ]]
  run in_ns "$UDPECHO" send 127.0.0.1 5353 ping
  [ "$output" = "echo: ping" ]
  run in_ns "$UDPECHO" send "$OTHER_IP" 5353 pong
  [ "$output" = "echo: pong" ]
  run nrt state "$ID"
  [ "$(jq -c '[.["org.brownie.network"].ports[] | [.hostPort, .containerPort, .protocol]]' <<<"$output")" = '[[8080,80,"tcp"],[5353,53,"udp"]]' ]
}

# gone_after_delete ID ADDR: the veth, the address's IPAM file, the port rules and the pin are gone.
gone() {
  [ "$(veths)" = 0 ] || { echo "veth left: $(in_ns ip -o link)"; return 1; }
  [ ! -e "$(ipam_file "$2")" ] || { echo "IPAM allocation left: $(ipam_file "$2")"; return 1; }
  [ -z "$(rules_of "$1" "$2" 8080)" ] || { echo "rules left: $(rules_of "$1" "$2" 8080)"; return 1; }
  ! pinned "$1" || { echo "namespace pin left"; return 1; }
}
there() {
  [ "$(veths)" = 1 ]
  [ -e "$(ipam_file "$2")" ]
  [ -n "$(rules_of "$1" "$2" 8080)" ]
  pinned "$1"
}

@test "network: delete removes the veth, the IPAM allocation and the port rules" {
  [ -z "$(rules_of "$ID" 10.88.0. 8080)" ]
  run_web
  a=$(addr_of "$ID")
  there "$ID" "$a"
  run nrt delete -f "$ID"
  [ "$status" -eq 0 ]
  gone "$ID" "$a"
}

@test "network: a container killed -9 is torn down whole by delete" {
  run_web
  a=$(addr_of "$ID")
  kill -9 "$(init_pid "$ID")"
  wait_for status_is "$ID" stopped
  there "$ID" "$a"
  run nrt delete "$ID"
  [ "$status" -eq 0 ]
  gone "$ID" "$a"
}

@test "network: after brownie crashed mid-create, delete --force frees the address and the port rules" {
  # a prestart hook runs after CNI ADD, in the runtime's namespaces: it kills the create that runs it
  update_config '.hooks.prestart = [{"path": "/bin/sh", "args": ["sh", "-c", "kill -9 $PPID"]}]'
  run_bg net_run -p 8080:80 --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 137 ]
  [ -e "$ROOT/$ID/network.json" ]
  a=$(jq -r '.result.ips[0].address | split("/")[0]' "$ROOT/$ID/network.json")
  [ -e "$(ipam_file "$a")" ]
  [ -n "$(rules_of "$ID" "$a" 8080)" ]
  run nrt delete -f "$ID"
  [ "$status" -eq 0 ]
  wait_for eval '[ "$(veths)" = 0 ]'
  gone "$ID" "$a"
  nothing_left "$ID"
}

@test "network: create killed at increasing delays: delete --force leaves no veth, address, rule or pin (21 kills)" {
  local i phases="" left
  set_args sleep 100
  # kills 5 ms apart over create's first 100 ms: before, during and after the plugins' ADD
  mkfifo "$TEST_TMP/never"
  exec 9<>"$TEST_TMP/never"
  for i in $(seq 0 20); do
    nsenter --net="/run/netns/$NETNS" "$RUNTIME" --root "$ROOT" create --cni-config-dir "$CNI_DIR" \
      --cni-path "$PLUGINS" --network -p 8080:80 --bundle "$BUNDLE" "$ID" >/dev/null 2>&1 </dev/null &
    create=$!
    read -r -t "$(printf '0.%03d' $((i * 5)))" -u 9 || true
    kill -9 "$create" 2>/dev/null || true
    wait "$create" 2>/dev/null || true
    phases+="$i:$(if [ -e "$ROOT/$ID/network.json" ]; then echo added; elif [ -e "$ROOT/$ID" ]; then echo dir; else echo none; fi) "
    run nrt delete --force "$ID"
    [ "$status" -eq 0 ] || { echo "kill $i: $output" >&2; false; }
    [ "$(veths)" = 0 ] || { echo "kill $i: veth left: $(in_ns ip -o link)" >&2; false; }
    left=$(ls "$ROOT/.cni/networks/brownie" 2>/dev/null | grep -v -e '^lock$' -e '^last_reserved_ip' || true)
    [ -z "$left" ] || { echo "kill $i: IPAM allocations left: $left" >&2; false; }
    [ -z "$(rules_of "$ID" 10.88. 8080)" ] || { echo "kill $i: rules left: $(rules_of "$ID" 10.88. 8080)" >&2; false; }
    ! pinned "$ID" || { echo "kill $i: namespace pin left" >&2; false; }
    nothing_left "$ID" || { echo "kill $i" >&2; false; }
  done
  exec 9>&-
  echo "$phases"
}

@test "network: a host port already in use gives a clear error and leaves nothing behind" {
  # nsenter execs nc: the holder's pid is the listener's, so stop_holders ends it
  start_holder nsenter --net="/run/netns/$NETNS" "$BUSYBOX" nc -l -p 8080
  wait_for eval 'in_ns cat /proc/net/tcp /proc/net/tcp6 | grep -q ":1F90 "'
  run_bg net_run -p 8080:80 --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [ "${#lines[@]}" -eq 1 ]
  [[ "$output" == *"host port 8080/tcp is already in use"* ]]
  nothing_left "$ID"
  [ -z "$(rules_of "$ID" 10.88.0. 8080)" ]
  [ -z "$(ls "$ROOT/.cni/networks/brownie" 2>/dev/null | grep '^10\.')" ]
  # a port another container publishes
  stop_holders || true
  run_web
  b=$(bundle_for b)
  run_bg net_run -p 8080:8080 --bundle "$b" "$ID-b"
  [ "$status" -ne 0 ]
  [ "${#lines[@]}" -eq 1 ]
  [[ "$output" == *"host port 8080/tcp is already published by container \\\"$ID\\\""* ]]
  nothing_left "$ID-b"
}

@test "network: an unknown network, a malformed --publish and a plugin's error get one clear line" {
  run_bg net_run --network nosuch --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [ "${#lines[@]}" -eq 1 ]
  [[ "$output" == *'network \"nosuch\": not found (no conflist of that name in'* ]]
  nothing_left "$ID"
  for bad in 80 80:http 0:80 8080:80/sctp 1.2.3:8080:80 70000:80; do
    run_bg net_run -p "$bad" --bundle "$BUNDLE" "$ID"
    [ "$status" -ne 0 ]
    [ "${#lines[@]}" -eq 1 ]
    [[ "$output" == *"--publish: \\\"$bad\\\": "* ]]
    nothing_left "$ID"
  done
  # tuning alone refuses to be a list's first plugin: its message, verbatim, with its name
  echo '{"cniVersion": "1.0.0", "name": "lonely", "plugins": [{"type": "tuning"}]}' >"$CNI_DIR/lonely.conflist"
  run_bg net_run --network lonely --bundle "$BUNDLE" "$ID"
  [ "$status" -ne 0 ]
  [ "${#lines[@]}" -eq 1 ]
  [[ "$output" == *'network \"lonely\": plugin \"tuning\" (ADD): '* ]]
  nothing_left "$ID"
}

@test "network: the bundle's annotations ask for the network; --network none is loopback alone" {
  set_cmd 'exec httpd -f -p 80 -h /www'
  update_config '.annotations = {"org.brownie.network": "", "org.brownie.publish": "8080:80"}'
  run_bg net_run --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  save_container_pids "$ID"
  run http 127.0.0.1 8080
  [[ "$output" == *"hello from $ID"* ]]

  b=$(bundle_for b)
  CONFIG="$b/config.json" update_config '.process.args = ["sleep", "100"] | del(.annotations)'
  run_bg net_run --network=none --bundle "$b" "$ID-b"
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  save_container_pids "$ID-b"
  run nrt exec "$ID-b" ip -o link
  [ "${#lines[@]}" -eq 1 ]
  [[ "$output" == *"lo:"*"UP"* ]]
  run nrt state "$ID-b"
  [ "$(jq -r '.["org.brownie.network"].network' <<<"$output")" = none ]
}

@test "network: without --network nothing changes (the engines wire the namespace themselves)" {
  set_args sleep 100
  run_bg nrt run -d --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ]
  save_container_pids "$ID"
  run nrt exec "$ID" ip -o link show lo
  [[ "$output" != *",UP"* ]]
  run nrt exec "$ID" grep -c " /etc/hosts " /proc/self/mountinfo
  [ "$output" = 0 ]
  [ ! -e "$ROOT/$ID/network.json" ]
  run nrt state "$ID"
  [ "$(jq 'has("org.brownie.network")' <<<"$output")" = false ]
  [ ! -e "$CNI_DIR/brownie.conflist" ]
}

@test "network: the default network's subnet avoids the routes of the caller's namespace" {
  in_ns ip route add 10.88.0.0/16 via 198.51.100.2
  set_args sleep 100
  run_bg net_run --network --bundle "$BUNDLE" "$ID"
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  save_container_pids "$ID"
  [ "$(jq -r '.plugins[0].ipam.ranges[0][0].subnet' "$CNI_DIR/brownie.conflist")" = 10.89.0.0/16 ]
  [[ "$(addr_of "$ID")" == 10.89.* ]]
}
