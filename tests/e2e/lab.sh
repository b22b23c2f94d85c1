# lab.sh - library of the end-to-end lab: two gateways "west" and "east"
# in network namespaces joined by one veth pair (documentation addresses
# only), a private rsyslogd writing one RSYSLOG_FileFormat file per
# gateway, real strongSwan charon and real Libreswan pluto in per-daemon
# sandboxes (sandbox.sh), ipsecwatchd following the gateway's log with a
# webhook and an SMTP receiver on 127.0.0.1.
#
# Everything started is recorded by PID in $LAB/pids and stopped by
# lab_cleanup (a trap), which also removes the namespaces and $LAB.
#
# Sourced by run.sh; expects E2E (this directory), DEPS (unpacked charon
# packages), IPSECWATCHD, IPSECWATCH, PLUGIN_DIR, PY (python3 with aiosmtpd).

NS_W=iwe$$w
NS_E=iwe$$e
W_IP=192.0.2.1
E_IP=192.0.2.2
W_LAN=198.51.100.1
E_LAN=198.51.100.129
PSK="e2e-lab-shared-secret-0123456789"

# Print a lab message on stderr.
lab_note() { echo "    [$(date -u +%T)] $*" >&2; }

# Start "$@" in the background, remember its PID under name $1.
# usage: lab_bg NAME LOGFILE CMD...
lab_bg() {
	local name log
	name=$1 log=$2
	shift 2
	"$@" >>"$log" 2>&1 &
	echo "$! $name" >> "$LAB/pids"
	eval "PID_$name=$!"
}

# Stop the process recorded under name $1 with signal $2 (TERM) and wait
# up to 10 s for it; forget it.
lab_stop() {
	local name sig pid i
	name=$1 sig=${2:-TERM}
	pid=$(awk -v n="$name" '$2 == n { p = $1 } END { print p }' "$LAB/pids")
	[ -n "$pid" ] || return 0
	kill -"$sig" "$pid" 2>/dev/null
	i=0
	while kill -0 "$pid" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -ge 100 ]; then
			kill -KILL "$pid" 2>/dev/null
		fi
		[ $i -ge 120 ] && break
		sleep 0.1
	done
	wait "$pid" 2>/dev/null
	awk -v n="$name" '$2 != n' "$LAB/pids" > "$LAB/pids.new"
	mv "$LAB/pids.new" "$LAB/pids"
}

# Wait up to $1 tenths of a second for the command in the rest to succeed.
lab_wait() {
	local n i
	n=$1
	shift
	i=0
	while ! "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -ge "$n" ] && return 1
		sleep 0.1
	done
}

# Stop every recorded process (newest first), remove the namespaces.
lab_down() {
	local name
	[ -f "$LAB/pids" ] || return 0
	for name in $(awk '{ print $2 }' "$LAB/pids" | tac); do
		lab_stop "$name" TERM
	done
	ip netns del "$NS_W" 2>/dev/null
	ip netns del "$NS_E" 2>/dev/null
	return 0
}

# Trap handler: stop everything, remove $LAB unless E2E_KEEP is set.
lab_cleanup() {
	lab_down
	lab_stop smtp
	lab_stop hook
	if [ -n "$E2E_KEEP" ]; then
		echo "lab kept in $LAB" >&2
	else
		rm -rf "$LAB"
	fi
}

# Network: two namespaces, one veth pair created inside them.
lab_net() {
	ip netns add "$NS_W" || return 1
	ip netns add "$NS_E" || return 1
	ip -n "$NS_W" link add ipl-w0 type veth peer name ipl-e0 netns "$NS_E" ||
	    return 1
	ip -n "$NS_W" link set lo up
	ip -n "$NS_E" link set lo up
	ip -n "$NS_W" addr add $W_IP/24 dev ipl-w0
	ip -n "$NS_E" addr add $E_IP/24 dev ipl-e0
	ip -n "$NS_W" addr add $W_LAN/32 dev lo
	ip -n "$NS_E" addr add $E_LAN/32 dev lo
	ip -n "$NS_W" link set ipl-w0 up
	ip -n "$NS_E" link set ipl-e0 up
	lab_wait 50 ip netns exec "$NS_W" ping -c1 -W1 $E_IP
}

# Private rsyslogd: sockets $S/west.sock and $S/east.sock, files
# $S/west.log and $S/east.log (ISO 8601 timestamps with microseconds).
lab_syslog() {
	mkdir -p "$S/rsyslog"
	: > "$S/west.log"
	: > "$S/east.log"
	cat > "$S/rsyslog.conf" <<EOC
global(workDirectory="$S/rsyslog")
module(load="imuxsock" SysSock.Use="off")
input(type="imuxsock" Socket="$S/west.sock" HostName="west" Ruleset="west"
      RateLimit.Interval="0" UseSysTimeStamp="on")
input(type="imuxsock" Socket="$S/east.sock" HostName="east" Ruleset="east"
      RateLimit.Interval="0" UseSysTimeStamp="on")
ruleset(name="west") {
	action(type="omfile" file="$S/west.log" template="RSYSLOG_FileFormat")
}
ruleset(name="east") {
	action(type="omfile" file="$S/east.log" template="RSYSLOG_FileFormat")
}
EOC
	lab_bg rsyslog "$S/rsyslogd.out" rsyslogd -n -f "$S/rsyslog.conf" \
	    -i "$S/rsyslog/rsyslogd.pid"
	lab_wait 50 test -S "$S/west.sock" -a -S "$S/east.sock"
}

# $1 = west|east: its namespace, address, peer address, LANs.
lab_side() {
	case $1 in
	west) ns=$NS_W me=$W_IP peer=$E_IP myid=west peerid=east
	      mylan=198.51.100.0/25 peerlan=198.51.100.128/25 ;;
	east) ns=$NS_E me=$E_IP peer=$W_IP myid=east peerid=west
	      mylan=198.51.100.128/25 peerlan=198.51.100.0/25 ;;
	esac
}

# --- strongSwan -------------------------------------------------------

# Start charon on side $1 with swanctl connection options from the
# environment (SS_VERSION 1|2, SS_PROPOSAL, SS_PSK, SS_REMOTE_ID,
# SS_RETRANS (1 = short retransmissions), SS_DPD_ACTION); load the config.
lab_charon() {
	side=$1
	lab_side "$side"
	d=$S/$side-charon
	mkdir -p "$d/run" "$d/swanctl/conf.d"
	retrans=""
	if [ "${SS_RETRANS:-0}" = 1 ]; then
		retrans="retransmit_timeout = 2
	retransmit_base = 1.8
	retransmit_tries = 3"
	fi
	cat > "$d/strongswan.conf" <<EOC
charon {
	load_modular = no
	load = random nonce aes sha1 sha2 md5 hmac kdf gmp pem pkcs1 x509 pubkey kernel-libipsec kernel-netlink socket-default vici updown
	install_routes = yes
	$retrans
	plugins {
		vici { socket = unix://$d/charon.vici }
	}
	syslog {
		identifier = charon
		daemon { default = 1 }
	}
}
swanctl {
	load = pem pkcs1 x509 pubkey random nonce aes sha1 sha2 hmac
}
EOC
	cat > "$d/swanctl/swanctl.conf" <<EOC
connections {
	$myid-$peerid {
		version = ${SS_VERSION:-2}
		local_addrs = $me
		remote_addrs = $peer
		proposals = ${SS_PROPOSAL:-aes128-sha256-modp2048}
		rekey_time = 50s
		reauth_time = ${SS_REAUTH:-0}
		over_time = 10s
		rand_time = 0
		dpd_delay = 5s
		local { auth = psk
			id = $myid }
		remote { auth = psk
			id = ${SS_REMOTE_ID:-$peerid} }
		children {
			net {
				local_ts = $mylan
				remote_ts = $peerlan
				esp_proposals = aes128-sha256-modp2048
				rekey_time = 30s
				life_time = 40s
				rand_time = 0
				dpd_action = ${SS_DPD_ACTION:-clear}
			}
		}
	}
}
secrets {
	ike-lab { id-1 = $myid
		id-2 = $peerid
		secret = "${SS_PSK:-$PSK}" }
}
EOC
	# A restart: no stale vici socket or pid file of the previous charon.
	rm -f "$d/charon.vici" "$d/run/charon.pid"
	lab_bg "charon_$side" "$d/charon.out" env STRONGSWAN_CONF="$d/strongswan.conf" \
	    ip netns exec "$ns" unshare --mount --uts --propagation private \
	    /bin/sh "$E2E/sandbox.sh" "$side" "$S/$side.sock" "$d/run" \
	    "$DEPS/root/usr/lib/ipsec" /usr/lib/ipsec/charon
	lab_wait 100 test -S "$d/charon.vici" || { lab_note "charon $side did not start"; return 1; }
	lab_wait 50 env STRONGSWAN_CONF="$d/strongswan.conf" swanctl --load-all \
	    --file "$d/swanctl/swanctl.conf" --uri "unix://$d/charon.vici" ||
	    { lab_note "swanctl --load-all $side failed"; return 1; }
}

# swanctl on side $1 with the rest as arguments.
lab_swanctl() {
	d=$S/$1-charon
	shift
	STRONGSWAN_CONF="$d/strongswan.conf" swanctl "$@" --uri "unix://$d/charon.vici"
}

# Initiate west-east from west (swanctl detaches after 10 s).
lab_ss_initiate() {
	lab_swanctl west --initiate --child net --ike west-east --timeout 10 \
	    >>"$S/west-charon/swanctl.out" 2>&1
}

# Number of ESTABLISHED IKE_SAs on side $1.
lab_ss_ike_up() {
	lab_swanctl "$1" --list-sas 2>/dev/null | grep -c ESTABLISHED
}

# --- Libreswan --------------------------------------------------------

# Start pluto on side $1 with connection options from the environment
# (LS_IKEV2 no|yes, LS_IKE proposal); add the connection.
lab_pluto() {
	side=$1
	lab_side "$side"
	d=$S/$side-pluto
	mkdir -p "$d/run" "$d/ipsec.d" "$d/nss"
	certutil -N --empty-password -d "sql:$d/nss" >/dev/null 2>&1 ||
	    { lab_note "certutil failed"; return 1; }
	cat > "$d/ipsec.conf" <<EOC
config setup
	listen=$me
	audit-log=no
	ikev1-policy=accept
	logfile=
	plutodebug=none

conn $myid-$peerid
	left=$me
	leftid=@$myid
	leftsubnet=$mylan
	right=$peer
	rightid=@$peerid
	rightsubnet=$peerlan
	authby=secret
	ikev2=${LS_IKEV2:-no}
	ike=${LS_IKE:-aes128-sha2_256;modp2048}
	esp=aes128-sha2_256
	ikelifetime=${LS_IKELIFETIME:-60s}
	salifetime=30s
	rekeymargin=20s
	rekeyfuzz=0%
	retransmit-timeout=${LS_RETRANSMIT:-15s}
	dpddelay=5
	dpdtimeout=15
	dpdaction=clear
	auto=add
EOC
	printf '@%s @%s : PSK "%s"\n' "$myid" "$peerid" "${LS_PSK:-$PSK}" > "$d/ipsec.secrets"
	chmod 600 "$d/ipsec.secrets"
	lab_bg "pluto_$side" "$d/pluto.out" ip netns exec "$ns" \
	    unshare --mount --uts --propagation private \
	    /bin/sh "$E2E/sandbox.sh" "$side" "$S/$side.sock" "$d/run" - \
	    /usr/libexec/ipsec/pluto --nofork --config "$d/ipsec.conf" \
	    --rundir "$d/run" --ipsecdir "$d/ipsec.d" --nssdir "$d/nss" \
	    --secretsfile "$d/ipsec.secrets"
	lab_wait 150 test -S "$d/run/pluto.ctl" || { lab_note "pluto $side did not start"; return 1; }
	# pluto loads auto=add connections from --config itself; wait for it.
	lab_wait 100 lab_whack "$side" --status -q 2>/dev/null
	lab_wait 100 sh -c "ipsec whack --ctlsocket '$d/run/pluto.ctl' --status | grep -q '\"$myid-$peerid\"'"
}

# whack on side $1 with the rest as arguments.
lab_whack() {
	d=$S/$1-pluto
	shift
	ipsec whack --ctlsocket "$d/run/pluto.ctl" "$@"
}

# Stop pluto on side $1 the way an admin would (whack --shutdown).
lab_pluto_stop() {
	lab_whack "$1" --shutdown >/dev/null 2>&1
	lab_stop "pluto_$1" TERM
}
