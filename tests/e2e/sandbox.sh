#!/bin/sh
# sandbox.sh - inside a fresh mount and UTS namespace (already entered by
# "ip netns exec NS unshare --mount --uts --propagation private"), give one
# IKE daemon its own world and exec it: hostname, a private /dev whose
# /dev/log is the gateway's rsyslog socket, a private /run and, for charon,
# the unpacked charon packages overlaid on /usr/lib/ipsec.
#
# usage: sandbox.sh HOSTNAME LOGSOCK RUNDIR OVERLAY|- COMMAND [ARG...]
# Every mount uses -n: nothing is written to the host's mount table.
set -e
host=$1 sock=$2 run=$3 overlay=$4
shift 4
hostname "$host"
mount -n -t tmpfs -o mode=0755,size=1m iwdev /dev
mknod -m 666 /dev/null c 1 3
mknod -m 666 /dev/zero c 1 5
mknod -m 666 /dev/full c 1 7
mknod -m 666 /dev/random c 1 8
mknod -m 666 /dev/urandom c 1 9
mkdir -m 755 /dev/net /dev/shm
mknod -m 666 /dev/net/tun c 10 200
ln -s "$sock" /dev/log
mount -n --bind "$run" /run
if [ "$overlay" != - ]; then
	# Read-only overlay: two lower layers, no upper one.
	mount -n -t overlay iwovl -o "lowerdir=$overlay:/usr/lib/ipsec" \
	    /usr/lib/ipsec
fi
exec "$@"
