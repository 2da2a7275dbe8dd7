#!/usr/bin/env bash
# Makes a minimal busybox-static rootfs at $1 (used by the demo, the tests and the benchmark).
set -euo pipefail
dest="$1"
bb=/bin/busybox
[ -x "$bb" ] || { echo "mkrootfs: $bb missing (apt-get install busybox-static)" >&2; exit 1; }
mkdir -p "$dest"/{bin,sbin,etc,proc,sys,dev,tmp,root,home/user,usr/bin,usr/sbin,var,run}
cp "$bb" "$dest/bin/busybox"
for applet in $("$bb" --list); do
  [ -e "$dest/bin/$applet" ] || ln -s busybox "$dest/bin/$applet"
done
chmod 1777 "$dest/tmp"
cat >"$dest/etc/passwd" <<'P'
root:x:0:0:root:/root:/bin/sh
user:x:1000:1000:user:/home/user:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
P
cat >"$dest/etc/group" <<'G'
root:x:0:
user:x:1000:
audio:x:29:user
nogroup:x:65534:
G
echo "brownie" >"$dest/etc/hostname"
