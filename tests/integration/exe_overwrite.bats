#!/usr/bin/env bats
# CVE-2019-5736: a container must not be able to write the runtime's binary. A container's init is a clone
# of the runtime until its execve, and so is an exec'd process; a program that is /proc/self/exe (or a
# script whose interpreter is) runs the runtime's binary inside the container. Each test gets hold of
# that file from inside, waits until no process runs it, and tries to write it through the fd.
# The runtime under test is a copy in the test's directory, so that a vulnerable build damages only the
# copy; its hash is compared before and after.

load helpers

setup() {
  setup_bundle
  EXE="$TEST_TMP/runtime-copy"
  cp "$(command -v "$RUNTIME")" "$EXE"
  SUM=$(sha256sum <"$EXE")
  RUNTIME_SAVED="$RUNTIME"
  RUNTIME="$EXE"
  # An image with a C library, as the original exploit's: the runtime's binary can run inside.
  local lib
  for lib in $(ldd "$EXE" 2>/dev/null | grep -o '/[^ ]*'); do
    mkdir -p "$BUNDLE/rootfs$(dirname "$lib")"
    cp -L "$lib" "$BUNDLE/rootfs$lib"
  done
}

teardown() {
  RUNTIME="$RUNTIME_SAVED"
  teardown_bundle
}

# The attacker's last step: once nothing runs the binary, append to it through fd 7 (reopened for
# writing through /proc/self/fd); writes "wrote" or the shell's error into /result. Attackers run detached:
# a runtime waiting in the foreground would itself keep the binary busy.
write_back='for i in $(seq 50); do echo pwned 2>>/result >>/proc/self/fd/7 && { echo wrote >>/result; break; }; sleep 0.1; done'

binary_intact() {
  [ "$(sha256sum <"$EXE")" = "$SUM" ]
}

@test "CVE-2019-5736: the init's /proc/1/exe, held across start, cannot be written" {
  set_args sleep 100
  create_container
  # The init still runs the runtime's code (it waits for start): take its exe, wait for start.
  # (a failed redirection of exec would end the shell: try the open first)
  rt_t exec -d "$ID" sh -c "cat /proc/1/exe >/dev/null 2>&1 || { echo open-failed >/result; exit; }
    exec 7</proc/1/exe
    while [ ! -e /go ]; do sleep 0.05; done; $write_back"
  start_container
  touch "$BUNDLE/rootfs/go"
  wait_for test -s "$BUNDLE/rootfs/result"
  sleep 0.5
  echo "attacker: $(cat "$BUNDLE/rootfs/result")"
  [ -z "$(grep wrote "$BUNDLE/rootfs/result")" ]
  binary_intact
}

# attacker_for COMM: an attacker that finds the process whose comm is COMM (the runtime's binary, blocked
# opening the FIFO /fifo), takes its exe, lets it go on and, once it is gone, writes through the fd.
attacker_for() {
  rt_t exec -d "$ID" sh -c "for i in \$(seq 50); do pid=\$(grep -lx $1 /proc/[0-9]*/comm | cut -d/ -f3 | head -n1)
      [ -n \"\$pid\" ] && break; sleep 0.1; done
    cat /proc/\$pid/exe >/dev/null 2>&1 || { echo open-failed >/result; exit; }
    exec 7</proc/\$pid/exe
    cat /fifo >/dev/null # lets it go on; it fails and exits
    while [ -e /proc/\$pid ]; do sleep 0.05; done
    $write_back"
}

attack_blocked_process() {
  attacker_for "$1"
  # (up to 15 s: a process it never finds, one exec'd through the exec stub, costs it its 5 s search)
  WAIT_TRIES=150 wait_for test -s "$BUNDLE/rootfs/result"
  sleep 0.5
  echo "attacker: $(cat "$BUNDLE/rootfs/result")"
  [ -z "$(grep wrote "$BUNDLE/rootfs/result")" ]
  binary_intact
}

@test "CVE-2019-5736: a process exec'd as /proc/self/exe cannot have its binary written" {
  set_args sleep 100
  run_detached
  mkfifo "$BUNDLE/rootfs/fifo"
  # The runtime's binary, run inside the container: it blocks opening its log (a FIFO nobody reads).
  rt_t exec -d "$ID" /proc/self/exe --log /fifo state nothing
  attack_blocked_process exe
}

@test "CVE-2019-5736: a script whose interpreter is /proc/self/exe cannot get the binary written" {
  set_args sleep 100
  run_detached
  # The kernel runs the interpreter, the runtime's binary, as "/proc/self/exe --log=/fifo /evil": it
  # blocks opening the FIFO.
  printf '#!/proc/self/exe --log=/fifo\n' >"$BUNDLE/rootfs/evil"
  chmod 755 "$BUNDLE/rootfs/evil"
  mkfifo "$BUNDLE/rootfs/fifo"
  rt_t exec -d "$ID" /evil
  attack_blocked_process evil
}

# The init's own execve (brownie does not re-execute itself for create and run: the program is exec'd
# through the exec stub). The attacker cannot outlive the init (its pid namespace goes with it), so it
# tries to open the interpreter's binary for writing while it runs: "Text file busy" means it reached a
# writable file, the runtime's binary.
@test "CVE-2019-5736: the init's program, a script whose interpreter is /proc/self/exe, does not reach the binary" {
  printf '#!/proc/self/exe --log=/fifo\n' >"$BUNDLE/rootfs/evil"
  chmod 755 "$BUNDLE/rootfs/evil"
  mkfifo "$BUNDLE/rootfs/fifo"
  set_args /evil
  create_container
  # In (exec into the created container) before the init execs the program.
  rt_t exec -d "$ID" sh -c 'for i in $(seq 50); do pid=$(grep -lx evil /proc/[0-9]*/comm | cut -d/ -f3 | head -n1)
      [ -n "$pid" ] && break; sleep 0.1; done
    if [ -z "$pid" ]; then echo not-found >/result; exit; fi
    { exec 8<>/proc/$pid/exe; } 2>>/result && echo opened-for-writing >>/result
    echo tried >>/result'
  start_container
  # The attacker reports, or the container has ended and the attacker with it.
  wait_for sh -c "test -s '$BUNDLE/rootfs/result' || [ \"\$('$RUNTIME' --root '$ROOT' state '$ID' | jq -r .status)\" = stopped ]"
  echo "attacker: $(cat "$BUNDLE/rootfs/result" 2>/dev/null)"
  [ -z "$(grep -i -e busy -e opened-for-writing "$BUNDLE/rootfs/result" 2>/dev/null)" ]
  binary_intact
}

@test "the init waiting for start is out of the container's reach: its fds, environ and exe, until the program runs" {
  requires_brownie # runc's init is a re-exec of runc, non-dumpable as well; it has other fds
  set_args sleep 100
  create_container
  run rt_t exec "$ID" sh -c 'for f in /proc/1/fd/0 /proc/1/exe /proc/1/environ /proc/1/ns/mnt; do
      if cat "$f" >/dev/null 2>&1 || [ -n "$(readlink "$f")" ]; then echo "reached $f"; fi; done'
  echo "$output"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
  start_container
  # the user's program is dumpable again: tools (and CRIU) can inspect it
  run rt_t exec "$ID" readlink /proc/1/exe
  [ "$output" = /bin/busybox ]
}
