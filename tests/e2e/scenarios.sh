# scenarios.sh - the e2e scenarios, one sc_<name> function each (sourced
# by run.sh).  Each makes something happen between real gateways and
# names exactly the alerts that must arrive for it (see check.py for the
# "status:kind:tunnel:error[:min_s:max_s]" form; times from the scenario's
# decisive action, sc_mark); anything else that arrives fails the scenario.

# The decisive action happens now: alert times are counted from here.
sc_mark() { T0=$(date +%s.%N); }

# Fail the scenario with a message.
sc_fail() { lab_note "FAIL: $*"; return 1; }

# Is there traffic through the tunnel (LAN to LAN)?
sc_ping() {
	ip netns exec "$NS_W" ping -c 2 -W 1 -I $W_LAN $E_LAN > /dev/null 2>&1
}

# strongSwan IKEv2 up, two CHILD_SA rekeys (30 s) and an IKE_SA rekey
# (50 s): no alert.
sc_ss_ikev2_rekey() {
	sc_begin ss_ikev2_rekey || return 1
	lab_charon east && lab_charon west || return 1
	lab_ss_initiate || sc_fail "initiate failed" || return 1
	sc_ping || sc_fail "no traffic through the tunnel" || return 1
	sleep 65
	grep -q 'rekeying CHILD_SA\|CHILD_SA .* rekeyed' "$S/west.log" || grep -q 'rekey' "$S/west.log" ||
	    sc_fail "no CHILD_SA rekey in the log" || return 1
	grep -q 'IKE_SA .* rekeyed\|rekeying IKE_SA\|IKE_SA rekey' "$S/west.log" ||
	    sc_fail "no IKE_SA rekey in the log" || return 1
	[ "$(lab_ss_ike_up west)" -ge 1 ] || sc_fail "IKE_SA not established at the end" || return 1
	sc_ping || sc_fail "no traffic after the rekeys" || return 1
	sc_tunnels west-east:up:3 || sc_fail "ipsecwatch does not see the tunnel up and rekeyed" || return 1
	sc_end 3
}

# strongSwan IKEv1 main mode up and quick-mode rekeys: no alert.
sc_ss_ikev1_rekey() {
	sc_begin ss_ikev1_rekey || return 1
	SS_VERSION=1 lab_charon east && SS_VERSION=1 lab_charon west || return 1
	lab_ss_initiate || sc_fail "initiate failed" || return 1
	sc_ping || sc_fail "no traffic through the tunnel" || return 1
	sleep 65
	[ "$(grep -c 'CHILD_SA net{[0-9]*} established' "$S/west.log")" -ge 2 ] ||
	    sc_fail "no quick-mode rekey in the log" || return 1
	[ "$(lab_ss_ike_up west)" -ge 1 ] || sc_fail "ISAKMP SA not established at the end" || return 1
	sc_ping || sc_fail "no traffic after the rekeys" || return 1
	sc_tunnels west-east:up:2 || sc_fail "ipsecwatch does not see the tunnel up and rekeyed" || return 1
	sc_end 3
}

# Different pre-shared keys: the responder rejects the initiator's AUTH.
sc_psk_mismatch() {
	FOLLOW="west east"
	sc_begin psk_mismatch || return 1
	SS_PSK=not-the-same-key lab_charon east && lab_charon west || return 1
	sc_mark
	lab_ss_initiate && sc_fail "initiate succeeded with different keys" && return 1
	sleep 8
	# Both logs are followed: east's "MAC mismatched" says why west got
	# AUTHENTICATION_FAILED.  One failure, one alert; it may carry either
	# gateway's name of the tunnel (the responder's line decides).
	sc_end 3 "firing:negotiation_failed:west-east|east-west:psk_mismatch_ikev2:0:20"
}

# Proposals without anything in common: NO_PROPOSAL_CHOSEN.
sc_proposal_mismatch() {
	sc_begin proposal_mismatch || return 1
	SS_PROPOSAL=aes256-sha512-modp4096 lab_charon east && lab_charon west || return 1
	sc_mark
	lab_ss_initiate && sc_fail "initiate succeeded without a common proposal" && return 1
	sleep 5
	sc_end 3 "firing:negotiation_failed:west-east:ike_proposal_mismatch:0:20"
}

# West expects another identity than the one east has.
sc_wrong_remote_id() {
	FOLLOW="west east"
	sc_begin wrong_remote_id || return 1
	lab_charon east && SS_REMOTE_ID=east-gw.example lab_charon west || return 1
	sc_mark
	lab_ss_initiate && sc_fail "initiate succeeded with a wrong remote ID" && return 1
	sleep 5
	# Both gateways' logs are followed: west's AUTHENTICATION_FAILED and
	# east's "no matching peer config" are one failure of one tunnel.
	sc_end 3 "firing:negotiation_failed:west-east:id_mismatch:0:20"
}

# Nobody answers on the peer's address: retransmissions, giving up.
sc_no_responder() {
	sc_begin no_responder || return 1
	SS_RETRANS=1 lab_charon west || return 1
	sc_mark
	lab_ss_initiate
	lab_wait 400 grep -q 'giving up after' "$S/west.log" ||
	    sc_fail "charon did not give up" || return 1
	sc_end 4 "firing:negotiation_failed:west-east:peer_no_response_p1:15:45"
}

# The responder's charon is killed with SIGKILL: DPD, retransmissions,
# giving up, the tunnel is down; the peer comes back: resolved.
sc_peer_killed() {
	sc_begin peer_killed || return 1
	lab_charon east && SS_RETRANS=1 lab_charon west || return 1
	lab_ss_initiate || sc_fail "initiate failed" || return 1
	sc_ping || sc_fail "no traffic through the tunnel" || return 1
	sleep 3
	sc_mark
	lab_stop charon_east KILL
	lab_note "east charon killed"
	lab_wait 600 grep -q 'giving up after' "$S/west.log" ||
	    sc_fail "west did not give up on the dead peer" || return 1
	sleep 8
	lab_charon east || return 1
	lab_ss_initiate || sc_fail "initiate after the restart failed" || return 1
	sc_ping || sc_fail "no traffic after the restart" || return 1
	sleep 2
	sc_tunnels west-east:up:0 || sc_fail "ipsecwatch does not see the tunnel back up" || return 1
	sc_end 5 "firing:tunnel_down:west-east:dpd_dead_peer|keying_retries_exhausted:10:50" \
	    "resolved:tunnel_down:west-east:*:20:90"
}

# The gateway's own charon is restarted (SIGTERM, start, load, initiate):
# one ike_daemon_restarted, the tunnel comes back, nothing else.
sc_ike_restart() {
	sc_begin ike_restart || return 1
	lab_charon east && lab_charon west || return 1
	lab_ss_initiate || sc_fail "initiate failed" || return 1
	sc_ping || sc_fail "no traffic through the tunnel" || return 1
	sleep 3
	sc_mark
	lab_stop charon_west TERM
	lab_charon west || return 1
	lab_ss_initiate || sc_fail "initiate after the restart failed" || return 1
	sc_ping || sc_fail "no traffic after the restart" || return 1
	sleep 10
	# The restart is the gateway's, not a tunnel's: no tunnel name.
	sc_end 3 "firing:ike_daemon_restarted::-:0:20"
}

# Libreswan to Libreswan, IKEv1 main mode: the ISAKMP SA comes up, the
# IPsec SA cannot be installed (no ESP in this kernel).
sc_ls_ikev1_main() {
	FOLLOW="west east"
	sc_begin ls_ikev1_main || return 1
	lab_pluto east && lab_pluto west || return 1
	sc_mark
	lab_whack west --name west-east --initiate --asynchronous > /dev/null ||
	    sc_fail "whack --initiate failed" || return 1
	lab_wait 200 sh -c "ipsec whack --ctlsocket '$S/west-pluto/run/pluto.ctl' --status | grep -q STATE_MAIN_I4" ||
	    sc_fail "ISAKMP SA not established" || return 1
	lab_wait 300 grep -q 'timeout exceeded after' "$S/west.log" ||
	    sc_fail "west's quick mode did not time out" || return 1
	sleep 2
	# East's failed SA install and west's quick-mode timeout are one
	# failure: one alert with the root cause.
	sc_end 3 "firing:negotiation_failed:west-east:kernel_sa_install_failed:0:30"
}

# Mixed peers: strongSwan west initiates IKEv1 to Libreswan east; both
# gateways' logs are followed.
sc_mixed() {
	FOLLOW="west east"
	sc_begin mixed || return 1
	lab_pluto east && SS_VERSION=1 SS_RETRANS=1 lab_charon west || return 1
	sc_mark
	lab_ss_initiate
	lab_wait 400 grep -q 'giving up after' "$S/west.log" ||
	    sc_fail "west did not give up on quick mode" || return 1
	# Each side says what it saw: Libreswan cannot install the IPsec SA,
	# strongSwan gets no answer to its quick mode.
	sc_end 4 "firing:negotiation_failed:east-west:kernel_sa_install_failed:0:40" \
	    "firing:negotiation_failed:west-east:qm_no_response:0:60"
}
