/*
 * parse-charon.c - the strongSwan charon dialect (4.x to 6.x, syslog and
 * charon-systemd's journal).
 *
 * A syslog body is "NN[GRP] <name|uid> msg": a worker thread (two or more
 * digits, never an identifier), a group (with a level digit when
 * log_level = yes), and the IKE_SA name and unique id when ike_name = yes.
 * charon-systemd's MESSAGE has no prefix; its fields give the same.
 *
 * Tunnel key (ev->conn): the IKE_SA name where the line gives it (the
 * "<name|uid>" prefix, the journal's IKE_SA_NAME, or an "IKE_SA name[N]"
 * in the text); otherwise the CHILD_SA name of "CHILD_SA name{N}".  With
 * ipsec.conf both are the conn name; with swanctl they differ, and only
 * ike_name = yes (or the journal) ties a Child SA line to its IKE_SA.
 *
 * Matching: errors first, then lifecycle, then known uninteresting lines
 * (INFO).  Lines of the library-level groups (NET, ENC, LIB, ASN, TLS and
 * the TNC groups) that are not errors are INFO whatever they say; lines of
 * IKE, CFG, KNL, CHD, JOB, MGR, DMN, ESP and APP must match a known
 * wording, else they are UNRECOGNIZED.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "parse-internal.h"

/* Extraction steps of charon rules. */
enum {
	CX_NONE = 0,
	CX_IKESA,	/* "IKE_SA name[N]": conn, sa_id; peer from "to"/"between" */
	CX_CHILDSA,	/* "CHILD_SA name{N}": conn, sa_id */
	CX_SECS,	/* first "Ns" in the text: seconds */
	CX_RESTART,	/* "restarting CHILD_SA name" */
	CX_RESPOND,	/* "H is initiating ...": peer */
	CX_RETX2,	/* "retransmit N of request with message ID M" */
	CX_RETX1,	/* "sending retransmit N of request message ID M, seq S" */
	CX_GIVEUP,	/* "giving up after N retransmits": which exchange */
	CX_DPDREQ,	/* "sending DPD request" */
	CX_REKEYED,	/* 6.0 "rekeyed CHILD_SA a{N} ... with b{M} ..." */
	CX_NOTIFY,	/* "received X notify error" / "received X error notify" */
	CX_CHILDNOTIFY,	/* "received X notify, no CHILD_SA built" */
	CX_ESTABLISH,	/* "establishing CHILD_SA name{N}[ reqid R]" */
	CX_SECS_IN,	/* seconds after " in " ("... scheduling ... in Ns") */
	CX_SPLIT,	/* "splitting IKE message ... into N fragments" */
};

#define IKE	IW_SA_IKE
#define CHILD	IW_SA_CHILD
#define NOSA	IW_SA_NONE

static const struct parse_rule charon_errors[] = {
	PR(PH_PFX, "giving up after ", NULL, IW_EV_GIVE_UP, IKE, 0, CX_GIVEUP,
	    0, NULL),
	PR(PH_PFX, "establishing IKE_SA failed, peer not responding", NULL,
	    IW_EV_GIVE_UP, IKE, 0, CX_NONE, 0, "keying_retries_exhausted"),
	PR(PH_PFX, "rekeying IKE_SA failed, peer not responding", NULL,
	    IW_EV_GIVE_UP, IKE, 0, CX_NONE, 1, "established_sa_timeout"),
	PR(PH_PFX, "proper IKE_SA delete failed, peer not responding", NULL,
	    IW_EV_GIVE_UP, IKE, 0, CX_NONE, 1, "established_sa_timeout"),
	PR(PH_PFX, "DPD check timed out, enforcing DPD action", NULL,
	    IW_EV_DPD_DEAD, IKE, 1, CX_NONE, 1, "dpd_dead_peer"),
	/* Authentication. */
	PR(PH_PFX, "tried ", "but MAC mismatched", IW_EV_ERROR, IKE, 2, CX_NONE,
	    0, "psk_mismatch_ikev2"),
	PR(PH_PFX, "invalid ", "payload length, decryption failed?",
	    IW_EV_ERROR, IKE, 1, CX_NONE, 0, "psk_mismatch_ikev1"),
	PR(PH_PFX, "calculated HASH does not match HASH payload", NULL,
	    IW_EV_ERROR, IKE, 1, CX_NONE, 0, "psk_mismatch_ikev1"),
	PR(PH_PFX, "ignore malformed INFORMATIONAL request", NULL, IW_EV_ERROR,
	    IKE, 1, CX_NONE, 0, "psk_mismatch_ikev1"),
	PR(PH_PFX, "no shared key found for ", NULL, IW_EV_ERROR, IKE, 0,
	    CX_NONE, 0, "psk_missing"),
	PR(PH_PFX, "received ", " notify, no CHILD_SA built", IW_EV_ERROR,
	    CHILD, 0, CX_CHILDNOTIFY, 0, NULL),
	PR(PH_PFX, "received ", " notify error", IW_EV_ERROR, IKE, 2, CX_NOTIFY,
	    0, NULL),
	PR(PH_PFX, "received ", " error notify", IW_EV_ERROR, IKE, 1, CX_NOTIFY,
	    0, NULL),
	/* Proposals. */
	PR(PH_PFX, "received proposals unacceptable", NULL, IW_EV_ERROR, IKE, 2,
	    CX_NONE, 0, "ike_proposal_mismatch"),
	PR(PH_PFX, "received proposals inacceptable", NULL, IW_EV_ERROR, IKE, 2,
	    CX_NONE, 0, "ike_proposal_mismatch"),
	PR(PH_PFX, "no proposal found", NULL, IW_EV_ERROR, IKE, 1, CX_NONE, 0,
	    "ike_proposal_mismatch"),
	PR(PH_PFX, "no acceptable proposal found", NULL, IW_EV_ERROR, CHILD, 2,
	    CX_NONE, 0, "esp_proposal_mismatch"),
	PR(PH_PFX, "no matching proposal found, sending NO_PROPOSAL_CHOSEN",
	    NULL, IW_EV_ERROR, CHILD, 1, CX_NONE, 0, "esp_proposal_mismatch"),
	PR(PH_PFX, "peer didn't accept DH group ", NULL, IW_EV_INFO, IKE, 2,
	    CX_NONE, 0, "dh_group_mismatch"),
	PR(PH_PFX, "peer didn't accept key exchange method ", NULL, IW_EV_INFO,
	    IKE, 2, CX_NONE, 0, "dh_group_mismatch"),
	PR(PH_PFX, "DH group ", " unacceptable, requesting ", IW_EV_INFO, IKE,
	    2, CX_NONE, 0, "dh_group_mismatch"),
	PR(PH_PFX, "key exchange method ", " unacceptable, requesting ",
	    IW_EV_INFO, IKE, 2, CX_NONE, 0, "dh_group_mismatch"),
	PR(PH_PFX, "failed to establish CHILD_SA, keeping IKE_SA", NULL,
	    IW_EV_INFO, CHILD, 2, CX_NONE, 0, NULL),
	PR(PH_PFX, "ignoring KE payload, agreed on a non-PFS proposal", NULL,
	    IW_EV_INFO, CHILD, 2, CX_NONE, 0, "pfs_mismatch"),
	/* Configuration lookups. */
	PR(PH_PFX, "no IKE config found for ", NULL, IW_EV_ERROR, IKE, 0,
	    CX_NONE, 0, "no_conn_for_peer_p1"),
	PR(PH_PFX, "no matching peer config found", NULL, IW_EV_ERROR, IKE, 2,
	    CX_NONE, 0, "id_mismatch"),
	PR(PH_PFX, "no peer config found", NULL, IW_EV_ERROR, IKE, 1, CX_NONE,
	    0, "id_mismatch"),
	PR(PH_PFX, "IDir '", "' does not match to '", IW_EV_ERROR, IKE, 1,
	    CX_NONE, 0, "id_mismatch"),
	PR(PH_PFX, "received IDr ", ", but require ", IW_EV_ERROR, IKE, 2,
	    CX_NONE, 0, "id_mismatch"),
	PR(PH_PFX, "selected peer config ", "' unacceptable", IW_EV_ERROR, IKE,
	    0, CX_NONE, 0, "id_mismatch"),
	PR(PH_PFX, "no matching CHILD_SA config found", NULL, IW_EV_ERROR,
	    CHILD, 1, CX_NONE, 0, "p2_subnet_mismatch_ikev1"),
	PR(PH_PFX, "traffic selectors ", " unacceptable", IW_EV_ERROR, CHILD, 2,
	    CX_NONE, 0, "ts_unacceptable"),
	PR(PH_PFX, "no acceptable traffic selectors found", NULL, IW_EV_ERROR,
	    CHILD, 2, CX_NONE, 0, "ts_unacceptable"),
	/* Stale SAs. */
	PR(PH_PFX, "received DELETE for unknown ", NULL, IW_EV_ERROR, CHILD, 0,
	    CX_NONE, 0, "stale_sa_unknown_spi"),
	PR(PH_PFX, "ignoring ", " in IKE_SA state ", IW_EV_ERROR, IKE, 0,
	    CX_NONE, 0, "stale_sa_unknown_spi"),
	PR(PH_PFX, "received message ID ", ", ignored", IW_EV_ERROR, IKE, 0,
	    CX_NONE, 0, "stale_sa_unknown_spi"),
	/* NAT-T and the kernel. */
	PR(PH_PFX, "unable to set UDP_ENCAP", NULL, IW_EV_ERROR, NOSA, 0,
	    CX_NONE, 0, "nat_t_problem"),
	PR(PH_PFX, "enabling UDP decapsulation for ", " failed", IW_EV_ERROR,
	    NOSA, 0, CX_NONE, 0, "nat_t_problem"),
	PR(PH_PFX, "unable to install IPsec policies (SPD) in kernel", NULL,
	    IW_EV_ERROR, CHILD, 0, CX_NONE, 0, "kernel_policy_failed"),
	PR(PH_PFX, "unable to install ", "IPsec SA (SAD) in kernel",
	    IW_EV_ERROR, CHILD, 0, CX_NONE, 0, "kernel_sa_install_failed"),
	PR(PH_PFX, "unable to add SAD entry with SPI", NULL, IW_EV_ERROR, CHILD,
	    0, CX_NONE, 0, "kernel_sa_install_failed"),
	PR(PH_PFX, "received netlink error: ", NULL, IW_EV_ERROR, CHILD, 0,
	    CX_NONE, 0, "kernel_sa_install_failed"),
	PR(PH_PFX, "algorithm ", " not supported by kernel!", IW_EV_ERROR,
	    CHILD, 0, CX_NONE, 0, "kernel_sa_install_failed"),
	PR(PH_PFX, "unable to ", " policy ", IW_EV_ERROR, CHILD, 0, CX_NONE, 0,
	    "kernel_policy_failed"),
	PR(PH_PFX, "policy already exists, try to update it", NULL, IW_EV_INFO,
	    CHILD, 0, CX_NONE, 0, "kernel_policy_failed"),
	/* Certificates and keys. */
	PR(PH_PFX, "peer certificate invalid (valid from", NULL, IW_EV_ERROR,
	    IKE, 0, CX_NONE, 0, "cert_expired"),
	PR(PH_PFX, "subject certificate invalid (valid from", NULL, IW_EV_ERROR,
	    IKE, 0, CX_NONE, 0, "cert_expired"),
	PR(PH_PFX, "issuer certificate invalid (valid from", NULL, IW_EV_ERROR,
	    IKE, 0, CX_NONE, 0, "cert_expired"),
	PR(PH_PFX, "intermediate certificate invalid (valid from", NULL,
	    IW_EV_ERROR, IKE, 0, CX_NONE, 0, "cert_expired"),
	PR(PH_PFX, "no issuer certificate found for ", NULL, IW_EV_ERROR, IKE,
	    0, CX_NONE, 0, "cert_untrusted"),
	PR(PH_PFX, "no trusted ", " public key found for '", IW_EV_ERROR, IKE,
	    0, CX_NONE, 0, "cert_untrusted"),
	PR(PH_PFX, "self-signed certificate ", " is not trusted", IW_EV_ERROR,
	    IKE, 0, CX_NONE, 0, "cert_untrusted"),
	PR(PH_PFX, "constraint check failed: peer not authenticated by CA",
	    NULL, IW_EV_ERROR, IKE, 0, CX_NONE, 0, "cert_untrusted"),
	PR(PH_PFX, "certificate was revoked on ", NULL, IW_EV_ERROR, IKE, 0,
	    CX_NONE, 0, "cert_revoked"),
	PR(PH_PFX, "certificate status is not available", NULL, IW_EV_ERROR,
	    IKE, 0, CX_NONE, 0, "cert_revoked"),
	PR(PH_PFX, "constraint check failed: RULE_CRL_VALIDATION", NULL,
	    IW_EV_ERROR, IKE, 0, CX_NONE, 0, "cert_revoked"),
	PR(PH_PFX, "peer certificate verification failed, deleting SA", NULL,
	    IW_EV_ERROR, IKE, 0, CX_NONE, 0, "cert_revoked"),
	PR(PH_PFX,
	    "constraint check failed: certificate does not confirm identity",
	    NULL, IW_EV_ERROR, IKE, 0, CX_NONE, 0, "cert_id_mismatch"),
	PR(PH_PFX, "constraint check failed: identity '", " required",
	    IW_EV_ERROR, IKE, 0, CX_NONE, 0, "cert_id_mismatch"),
	PR(PH_PFX, "id '", "' not confirmed by certificate, defaulting to",
	    IW_EV_ERROR, NOSA, 0, CX_NONE, 0, "cert_id_mismatch"),
	PR(PH_PFX, "no private key found for ", NULL, IW_EV_ERROR, IKE, 0,
	    CX_NONE, 0, "private_key_missing"),
	PR(PH_PFX, "no ", " private key found for '", IW_EV_ERROR, IKE, 0,
	    CX_NONE, 0, "private_key_missing"),
	/* User authentication and addresses. */
	PR(PH_PFX, "XAuth authentication of '", "' failed", IW_EV_ERROR, IKE, 1,
	    CX_NONE, 0, "xauth_failed"),
	PR(PH_PFX, "XAuth authentication of '", " failed", IW_EV_ERROR, IKE, 1,
	    CX_NONE, 0, "xauth_failed"),
	PR(PH_PFX, "destroying IKE_SA after failed XAuth authentication", NULL,
	    IW_EV_ERROR, IKE, 1, CX_NONE, 0, "xauth_failed"),
	PR(PH_PFX, "EAP method ", " failed for peer ", IW_EV_ERROR, IKE, 2,
	    CX_NONE, 0, "eap_failed"),
	PR(PH_PFX, "received EAP_FAILURE, EAP authentication failed", NULL,
	    IW_EV_ERROR, IKE, 2, CX_NONE, 0, "eap_failed"),
	PR(PH_PFX, "RADIUS authentication of '", "' failed", IW_EV_ERROR, IKE,
	    2, CX_NONE, 0, "eap_failed"),
	PR(PH_PFX, "verification of AUTH payload with", "EAP MSK failed",
	    IW_EV_ERROR, IKE, 2, CX_NONE, 0, "eap_failed"),
	PR(PH_PFX, "pool '", "' is full, unable to assign address", IW_EV_ERROR,
	    IKE, 0, CX_NONE, 0, "vip_pool_exhausted"),
	PR(PH_PFX, "no virtual IP found", NULL, IW_EV_ERROR, IKE, 0, CX_NONE, 0,
	    "vip_pool_exhausted"),
	PR(PH_PFX, "received unsupported IKE version ", NULL, IW_EV_ERROR, IKE,
	    0, CX_NONE, 0, "ikev1_refused"),
	PR(PH_PFX, "Aggressive Mode PSK disabled for security reasons", NULL,
	    IW_EV_ERROR, IKE, 1, CX_NONE, 0, "aggr_psk_refused"),
	PR(PH_PFX, "deleting duplicate IKE_SA for peer ", NULL, IW_EV_ERROR,
	    IKE, 0, CX_NONE, 0, "duplicate_sa_uniqueness"),
	PR(PH_PFX, "destroying duplicate IKE_SA for peer ", NULL, IW_EV_ERROR,
	    IKE, 0, CX_NONE, 0, "duplicate_sa_uniqueness"),
	PR(PH_PFX, "canceling IKE_SA setup due to uniqueness policy", NULL,
	    IW_EV_ERROR, IKE, 0, CX_NONE, 0, "duplicate_sa_uniqueness"),
	PR(PH_PFX, "schedule delete of duplicate IKE_SA for peer ", NULL,
	    IW_EV_ERROR, IKE, 0, CX_NONE, 0, "duplicate_sa_uniqueness"),
	PR(PH_PFX, "ignoring IKE_SA setup from ", NULL, IW_EV_ERROR, IKE, 0,
	    CX_NONE, 0, "half_open_dos"),
	PR(PH_PFX, "unable to resolve ", NULL, IW_EV_ERROR, IKE, 0, CX_NONE, 0,
	    "dns_resolution_failed"),
	PR(PH_PFX, "received lifetime ", "does not match configured lifetime",
	    IW_EV_INFO, IKE, 1, CX_NONE, 0, "lifetime_mismatch_ikev1"),
	PR(PH_PFX, "received ", "s lifetime, configured ", IW_EV_INFO, CHILD, 1,
	    CX_NONE, 0, "lifetime_mismatch_ikev1"),
};

static const struct parse_rule charon_events[] = {
	/* Negotiation. */
	PR(PH_PFX, "initiating IKE_SA ", NULL, IW_EV_NEG_START, IKE, 2,
	    CX_IKESA, 0, NULL),
	PR(PH_PFX, "initiating Main Mode IKE_SA ", NULL, IW_EV_NEG_START, IKE,
	    1, CX_IKESA, 0, NULL),
	PR(PH_PFX, "initiating Aggressive Mode IKE_SA ", NULL, IW_EV_NEG_START,
	    IKE, 1, CX_IKESA, 0, NULL),
	PR(PH_ADDR, "is initiating an IKE_SA", NULL, IW_EV_NEG_RESPOND, IKE, 2,
	    CX_RESPOND, 0, NULL),
	PR(PH_ADDR, "is initiating a Main Mode IKE_SA", NULL, IW_EV_NEG_RESPOND,
	    IKE, 1, CX_RESPOND, 0, NULL),
	PR(PH_ADDR, "is initiating a Aggressive Mode IKE_SA", NULL,
	    IW_EV_NEG_RESPOND, IKE, 1, CX_RESPOND, 0, NULL),
	PR(PH_ADDR, "is initiating an Aggressive Mode IKE_SA", NULL,
	    IW_EV_NEG_RESPOND, IKE, 1, CX_RESPOND, 0, NULL),
	PR(PH_ADDR, "is initiating IKE_SA ", NULL, IW_EV_NEG_RESPOND, IKE, 2,
	    CX_RESPOND, 0, NULL),
	PR(PH_PFX, "establishing CHILD_SA ", NULL, IW_EV_NEG_START, CHILD, 0,
	    CX_ESTABLISH, 0, NULL),
	/* Up. */
	PR(PH_PFX, "IKE_SA ", " established between ", IW_EV_P1_UP, IKE, 0,
	    CX_IKESA, 0, NULL),
	PR(PH_PFX, "IKE_SA ", " rekeyed between ", IW_EV_REKEY_DONE, IKE, 2,
	    CX_IKESA, 0, NULL),
	PR(PH_PFX, "CHILD_SA ", " established with SPIs ", IW_EV_P2_UP, CHILD,
	    0, CX_CHILDSA, 0, NULL),
	PR(PH_PFX, "inbound CHILD_SA ", " established with SPIs ", IW_EV_P2_UP,
	    CHILD, 2, CX_CHILDSA, 0, NULL),
	PR(PH_PFX, "outbound CHILD_SA ", " established with SPIs ", IW_EV_P2_UP,
	    CHILD, 2, CX_CHILDSA, 0, NULL),
	PR(PH_PFX, "rekeyed CHILD_SA ", NULL, IW_EV_REKEY_DONE, CHILD, 0,
	    CX_REKEYED, 0, NULL),
	/* Schedule. */
	PR(PH_PFX, "scheduling rekeying in ", NULL, IW_EV_REKEY_SCHEDULED, IKE,
	    0, CX_SECS, 0, NULL),
	PR(PH_PFX, "scheduling reauthentication in ", NULL,
	    IW_EV_REKEY_SCHEDULED, IKE, 0, CX_SECS, 0, NULL),
	PR(PH_PFX, "rescheduling reauthentication in ", NULL,
	    IW_EV_REKEY_SCHEDULED, IKE, 0, CX_SECS, 0, NULL),
	PR(PH_PFX, "rescheduling rekeying in ", NULL, IW_EV_REKEY_SCHEDULED,
	    IKE, 0, CX_SECS, 0, NULL),
	PR(PH_PFX, "maximum IKE_SA lifetime ", NULL, IW_EV_LIFETIME, IKE, 0,
	    CX_SECS, 0, NULL),
	/* Rekey, expiry, delete. */
	PR(PH_PFX, "creating rekey job for CHILD_SA ", NULL, IW_EV_REKEY_START,
	    CHILD, 0, CX_NONE, 0, NULL),
	PR(PH_PFX, "detected rekeying of CHILD_SA ", NULL, IW_EV_REKEY_START,
	    CHILD, 0, CX_CHILDSA, 0, NULL),
	PR(PH_PFX, "reauthenticating IKE_SA ", NULL, IW_EV_REKEY_START, IKE, 0,
	    CX_IKESA, 0, NULL),
	PR(PH_PFX, "creating delete job for CHILD_SA ", NULL, IW_EV_EXPIRE,
	    CHILD, 0, CX_NONE, 0, NULL),
	PR(PH_PFX, "closing expired CHILD_SA ", NULL, IW_EV_EXPIRE, CHILD, 0,
	    CX_CHILDSA, 0, NULL),
	PR(PH_PFX, "closing CHILD_SA ", NULL, IW_EV_DELETE, CHILD, 0,
	    CX_CHILDSA, 0, NULL),
	PR(PH_EQ, "CHILD_SA closed", NULL, IW_EV_INFO, CHILD, 0, CX_NONE, 0,
	    NULL),
	PR(PH_PFX, "CHILD_SA ", "} closed", IW_EV_DELETE, CHILD, 0, CX_CHILDSA,
	    0, NULL),
	PR(PH_PFX, "deleting IKE_SA after ", NULL, IW_EV_INFO, IKE, 0, CX_NONE,
	    0, NULL),
	PR(PH_PFX, "deleting IKE_SA ", NULL, IW_EV_DELETE, IKE, 0, CX_IKESA, 0,
	    NULL),
	PR(PH_PFX, "deleting half open IKE_SA ", NULL, IW_EV_DELETE, IKE, 0,
	    CX_IKESA, 0, NULL),
	PR(PH_PFX, "received DELETE for IKE_SA ", NULL, IW_EV_DELETE, IKE, 0,
	    CX_IKESA, 0, NULL),
	PR(PH_PFX, "sending DELETE for IKE_SA ", NULL, IW_EV_INFO, IKE, 0,
	    CX_IKESA, 0, NULL),
	PR(PH_PFX, "sending DELETE for ", NULL, IW_EV_INFO, CHILD, 0, CX_NONE,
	    0, NULL),
	PR(PH_PFX, "received DELETE for ", NULL, IW_EV_INFO, CHILD, 0, CX_NONE,
	    0, NULL),
	PR(PH_EQ, "IKE_SA deleted", NULL, IW_EV_INFO, IKE, 0, CX_NONE, 0, NULL),
	PR(PH_PFX, "deleting CHILD_SA after ", NULL, IW_EV_INFO, CHILD, 0,
	    CX_NONE, 0, NULL),
	/* Retransmission, DPD, retry. */
	PR(PH_PFX, "splitting IKE message", NULL, IW_EV_INFO, NOSA, 0, CX_SPLIT,
	    0, NULL),
	PR(PH_PFX, "retransmit ", " of request with message ID ",
	    IW_EV_RETRANSMIT, IKE, 2, CX_RETX2, 0, NULL),
	PR(PH_PFX, "sending retransmit ", NULL, IW_EV_RETRANSMIT, IKE, 1,
	    CX_RETX1, 0, NULL),
	PR(PH_PFX, "sending DPD request", NULL, IW_EV_INFO, IKE, 0, CX_DPDREQ,
	    0, NULL),
	PR(PH_PFX, "peer not responding, trying again (", NULL, IW_EV_RETRY,
	    IKE, 0, CX_NONE, 0, NULL),
	PR(PH_PFX, "restarting CHILD_SA ", NULL, IW_EV_RETRY, CHILD, 0,
	    CX_RESTART, 0, NULL),
	PR(PH_PFX, "reinitiating IKE_SA ", NULL, IW_EV_RETRY, IKE, 0, CX_IKESA,
	    0, NULL),
	/* The daemon. */
	PR(PH_PFX, "Starting IKE", " charon daemon", IW_EV_DAEMON_START, NOSA,
	    0, CX_NONE, 0, NULL),
	PR(PH_PFX, "Starting charon-systemd IKE daemon", NULL,
	    IW_EV_DAEMON_START, NOSA, 0, CX_NONE, 0, NULL),
	PR(PH_PFX, "SIGTERM received, shutting down", NULL, IW_EV_DAEMON_STOP,
	    NOSA, 0, CX_NONE, 0, NULL),
	PR(PH_PFX, "SIGINT received, shutting down", NULL, IW_EV_DAEMON_STOP,
	    NOSA, 0, CX_NONE, 0, NULL),
	PR(PH_PFX, "signal of type SIGINT received. Shutting down", NULL,
	    IW_EV_DAEMON_STOP, NOSA, 0, CX_NONE, 0, NULL),
	PR(PH_PFX, "signal of type SIGTERM received. Shutting down", NULL,
	    IW_EV_DAEMON_STOP, NOSA, 0, CX_NONE, 0, NULL),
	/* charon could not start, or died (the starter says so). */
	PR(PH_PFX, "initialization failed - aborting charon", NULL,
	    IW_EV_DAEMON_STOP, NOSA, 0, CX_NONE, 0, NULL),
	PR(PH_PFX, "charon has died -- ", NULL, IW_EV_DAEMON_STOP, NOSA, 0,
	    CX_NONE, 0, NULL),
	PR(PH_PFX, "received AUTH_LIFETIME of ",
	    "scheduling reauthentication in ", IW_EV_REKEY_SCHEDULED, IKE, 0,
	    CX_SECS_IN, 0, NULL),
};

/* Known lines with no effect on tunnel state. */
static const struct parse_rule charon_info[] = {
	PR_INFO("selected proposal: "),
	/* Level 2 (debug) lines of the IKE_SA state and kernel SA set-up. */
	PR(PH_PFX, "IKE_SA ", " state change: ", IW_EV_INFO, NOSA, 0, CX_NONE,
	    0, NULL),
	PR_INFO("looking for an ike config for "),
	PR_INFO("found matching ike config"),
	PR_INFO("found matching peer config"),
	PR_INFO("reinitiating already active tasks"),
	PR_INFO("activating new tasks"),
	PR_INFO("unable to terminate "),
	PR_INFO("nothing to initiate"),
	PR_INFO("selecting proposal:"),
	PR_INFO("deleting policy "),
	PR_INFO("adding policy "),
	PR_INFO("updating policy "),
	PR_INFO("getting iface index"),
	PR_INFO("getting a local address"),
	PR_INFO("installing route"),
	PR_INFO("adding SAD entry"),
	PR_INFO("deleting SAD entry"),
	PR_INFO("updating SAD entry"),
	PR_INFO("adding inbound "),
	PR_INFO("adding outbound "),
	PR_INFO("received proposals: "),
	PR_INFO("configured proposals: "),
	PR(PH_PFX, "received ", " vendor ID", IW_EV_INFO, NOSA, 0, CX_NONE, 0,
	    NULL),
	PR(PH_PFX, "sending ", " vendor ID", IW_EV_INFO, NOSA, 0, CX_NONE, 0,
	    NULL),
	PR_INFO("peer supports MOBIKE"),
	PR_INFO("remote host is behind NAT"),
	PR_INFO("local host is behind NAT"),
	PR_INFO("faking NAT situation"),
	PR_INFO("local host is not behind NAT anymore"),
	PR_INFO("remote host is not behind NAT anymore"),
	PR_INFO("NAT mappings of "),
	PR(PH_PFX, "authentication of '", NULL, IW_EV_INFO, IKE, 0, CX_NONE, 0,
	    NULL),
	PR(PH_PFX, "looking for ", "peer configs matching", IW_EV_INFO, IKE, 0,
	    CX_NONE, 0, NULL),
	PR(PH_PFX, "selected peer config ", NULL, IW_EV_INFO, IKE, 0, CX_NONE,
	    0, NULL),
	PR(PH_PFX, "detected reauth of existing IKE_SA", NULL, IW_EV_INFO, IKE,
	    0, CX_NONE, 0, NULL),
	PR(PH_PFX, "unable to reauthenticate in ", NULL, IW_EV_INFO, IKE, 0,
	    CX_NONE, 0, NULL),
	PR_INFO("sending keep alive"),
	PR_INFO("assigning virtual IP "),
	PR_INFO("installing new virtual IP "),
	PR_INFO("installing DNS server "),
	PR_INFO("removing DNS server "),
	PR_INFO("received fragment #"),
	PR_INFO("creating acquire job for policy "),
	PR_INFO("received AUTH_LIFETIME of "),
	PR_INFO("received ESP_TFC_PADDING_NOT_SUPPORTED"),
	PR_INFO("received retransmit of request with ID "),
	PR_INFO("sending cert request for "),
	PR_INFO("received cert request for "),
	PR_INFO("sending end entity cert "),
	PR_INFO("received end entity cert "),
	PR_INFO("received issuer cert "),
	PR_INFO("checking certificate status of "),
	PR_INFO("certificate status is good"),
	PR_INFO("fetching crl from "),
	PR_INFO("no IDr configured, fall back on IP address"),
	PR_INFO("loading "),
	PR(PH_PFX, "requesting ", " authentication", IW_EV_INFO, NOSA, 0,
	    CX_NONE, 0, NULL),
	/* Configuration and the daemon's own housekeeping. */
	PR_INFO("loaded "),
	PR_INFO("added vici "),
	PR_INFO("updated vici connection: "),
	PR_INFO("added configuration '"),
	PR_INFO("deleted vici connection: "),
	PR_INFO("vici "),
	PR_INFO("received stroke: "),
	PR(PH_PFX, "spawning ", " worker threads", IW_EV_INFO, NOSA, 0, CX_NONE,
	    0, NULL),
	PR_INFO("SIGHUP received, reloading configuration"),
	PR_INFO("flags changed for "),
	PR(PH_ADDR, "appeared on ", NULL, IW_EV_INFO, NOSA, 0, CX_NONE, 0,
	    NULL),
	PR(PH_ADDR, "disappeared from ", NULL, IW_EV_INFO, NOSA, 0, CX_NONE, 0,
	    NULL),
	PR_INFO("interface "),
	PR_INFO("listening on interfaces"),
	PR_INFO("  "),
	/* ipsec starter (ipsec[PID], starter, ipsec_starter). */
	PR_INFO("Starting strongSwan "),
	PR_INFO("charon ("),
	PR_INFO("charon stopped after "),
	PR_INFO("ipsec starter stopped"),
	PR_INFO("Stopping strongSwan IPsec"),
	PR_INFO("found netkey IPsec stack"),
	PR_INFO("no netkey IPsec stack detected"),
	PR_INFO("attempting to start charon"),
	PR_INFO("starter is already running"),
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static struct parse_table charon_errors_t = {
	.rules = charon_errors, .n = NELEM(charon_errors)
};
static struct parse_table charon_events_t = {
	.rules = charon_events, .n = NELEM(charon_events)
};
static struct parse_table charon_info_t = {
	.rules = charon_info, .n = NELEM(charon_info)
};

/* Build the rule indexes of this dialect (once). */
void
parse_charon_init(void)
{
	parse_table_build(&charon_errors_t);
	parse_table_build(&charon_events_t);
	parse_table_build(&charon_info_t);
}

static const char *notify_id(const char *, size_t, int);
static void	ike_sa_ids(const char *, size_t, struct iw_event *);
static int	child_sa_at(const char *, size_t, size_t, struct iw_event *, int);
static void	between_peer(const char *, size_t, struct iw_event *);
static void	to_peer(const char *, size_t, struct iw_event *);
static int64_t	first_secs(const char *, size_t);
static int	library_group(const char *, size_t);
static int	peer_config_name(const char *, size_t, char *, size_t);
static void	apply_x(struct parse_ctx *, const struct parse_rule *,
		    const char *, size_t, struct iw_event *);

/*
 * The catalog id of a notify type carried in an error notify: the
 * notify's name sits between "received " and the suffix.
 */
static const char *
notify_id(const char *m, size_t n, int child)
{
	static const struct {
		const char	*name;
		const char	*ike;		/* in an IKE_SA exchange */
		const char	*child;		/* refusing a CHILD_SA */
	} map[] = {
		{ "AUTHENTICATION_FAILED", "auth_failed_by_peer", "auth_failed_by_peer" },
		{ "NO_PROPOSAL_CHOSEN", "ike_proposal_mismatch", "esp_proposal_mismatch" },
		{ "TS_UNACCEPTABLE", "ts_unacceptable", "ts_unacceptable" },
		{ "INVALID_ID_INFORMATION", "invalid_id_information",
		    "invalid_id_information" },
		{ "INVALID_KE_PAYLOAD", "dh_group_mismatch", "pfs_mismatch" },
		{ "INVALID_SPI", "stale_sa_unknown_spi", "stale_sa_unknown_spi" },
		{ "INTERNAL_ADDRESS_FAILURE", "vip_pool_exhausted",
		    "vip_pool_exhausted" },
		{ "FAILED_CP_REQUIRED", "vip_pool_exhausted", "vip_pool_exhausted" },
		{ "SINGLE_PAIR_REQUIRED", "ts_unacceptable", "ts_unacceptable" },
		{ "INVALID_KEY_INFORMATION", "auth_failed_by_peer",
		    "auth_failed_by_peer" },
		{ "INVALID_HASH_INFORMATION", "psk_mismatch_ikev1",
		    "psk_mismatch_ikev1" },
		{ "INVALID_MAJOR_VERSION", "ikev1_refused", "ikev1_refused" },
		{ "PAYLOAD_MALFORMED", "psk_mismatch_ikev1", "psk_mismatch_ikev1" },
	};
	size_t	 i, start = sizeof("received ") - 1, end, l;

	if (n <= start)
		return (NULL);
	end = start;
	while (end < n && m[end] != ' ')
		end++;
	l = end - start;
	for (i = 0; i < NELEM(map); i++) {
		if (strlen(map[i].name) == l &&
		    memcmp(m + start, map[i].name, l) == 0)
			return (child ? map[i].child : map[i].ike);
	}
	return (NULL);
}

/* "CHILD_SA name{N}" at offset i: conn (unless set) and sa_id. */
static int
child_sa_at(const char *m, size_t n, size_t i, struct iw_event *ev, int setconn)
{
	size_t		 s = i, b;
	uint64_t	 v;

	while (i < n && m[i] != ' ' && m[i] != '{')
		i++;
	if (i >= n || m[i] != '{' || i == s)
		return (0);
	b = i + 1;
	if (!parse_uint(m, n, &b, &v) || b >= n || m[b] != '}')
		return (0);
	if (setconn && ev->conn[0] == '\0')
		parse_set_str(ev->conn, sizeof(ev->conn), m + s, i - s);
	ev->sa_id = v;
	return (1);
}

/* The IKE_SA "name[N]" after "IKE_SA " in a message: conn and sa_id. */
static void
ike_sa_ids(const char *m, size_t n, struct iw_event *ev)
{
	const char	*p;
	size_t		 i, s, e, b;
	uint64_t	 v;

	if ((p = parse_find(m, n, "IKE_SA ", 7)) == NULL)
		return;
	s = i = (size_t)(p - m) + 7;
	while (i < n && m[i] != ' ')
		i++;
	e = i;
	/* The unique id is the last "[N]" of the token (names may hold '['). */
	if (e <= s + 2 || m[e - 1] != ']')
		return;
	for (b = e - 1; b > s && m[b] != '['; b--)
		;
	if (b == s)
		return;
	i = b + 1;
	if (!parse_uint(m, e, &i, &v) || i != e - 1)
		return;
	if (ev->conn[0] == '\0' || ev->sa_kind == IW_SA_IKE)
		parse_set_str(ev->conn, sizeof(ev->conn), m + s, b - s);
	ev->sa_id = v;
}

/* The peer of "between me[id]...peer[id]". */
static void
between_peer(const char *m, size_t n, struct iw_event *ev)
{
	const char	*p, *d;
	size_t		 i, s;

	if ((p = parse_find(m, n, " between ", 9)) == NULL)
		return;
	i = (size_t)(p - m) + 9;
	if ((d = parse_find(m + i, n - i, "...", 3)) == NULL)
		return;
	s = i = (size_t)(d - m) + 3;
	while (i < n && m[i] != '[' && m[i] != ' ')
		i++;
	if (i > s)
		parse_set_str(ev->peer, sizeof(ev->peer), m + s, i - s);
}

/* The peer of "... to H" at the end of a message. */
static void
to_peer(const char *m, size_t n, struct iw_event *ev)
{
	const char	*p;
	size_t		 i, s;

	if ((p = parse_find(m, n, " to ", 4)) == NULL)
		return;
	s = i = (size_t)(p - m) + 4;
	while (i < n && m[i] != ' ' && m[i] != '[')
		i++;
	if (i > s)
		parse_set_str(ev->peer, sizeof(ev->peer), m + s, i - s);
}

/* The first "<digits>s" in a message, in seconds; 0 if none. */
static int64_t
first_secs(const char *m, size_t n)
{
	size_t		 i;
	uint64_t	 v;

	for (i = 0; i < n; i++) {
		if (m[i] < '0' || m[i] > '9' || (i > 0 && m[i - 1] != ' '))
			continue;
		if (parse_uint(m, n, &i, &v) && i < n && m[i] == 's')
			return ((int64_t)(v > INT64_MAX ? INT64_MAX : v));
	}
	return (0);
}

/*
 * Whether a log group is one of the library-level ones (always INFO):
 * packets, encoding, libraries, TNC, and the IKE_SA manager's and job
 * queue's bookkeeping (checkout/checkin, worker threads).
 */
static int
library_group(const char *g, size_t n)
{
	if (n != 3)
		return (0);
	return (memcmp(g, "NET", 3) == 0 || memcmp(g, "ENC", 3) == 0 ||
	    memcmp(g, "LIB", 3) == 0 || memcmp(g, "ASN", 3) == 0 ||
	    memcmp(g, "TLS", 3) == 0 || memcmp(g, "IMC", 3) == 0 ||
	    memcmp(g, "IMV", 3) == 0 || memcmp(g, "PTS", 3) == 0 ||
	    memcmp(g, "TNC", 3) == 0 || memcmp(g, "MGR", 3) == 0 ||
	    memcmp(g, "JOB", 3) == 0);
}

/* Run a rule's extraction step. */
static void
apply_x(struct parse_ctx *ctx, const struct parse_rule *r, const char *m,
    size_t n, struct iw_event *ev)
{
	const char	*p, *id;
	size_t		 i;
	uint64_t	 v;
	int		 found;

	switch (r->x) {
	case CX_IKESA:
		if (ev->kind == IW_EV_P1_UP)
			ctx->frag_pending = 0;	/* the fragmented exchange is done */
		ike_sa_ids(m, n, ev);
		between_peer(m, n, ev);
		if (ev->peer[0] == '\0' && ev->kind == IW_EV_NEG_START)
			to_peer(m, n, ev);
		break;
	case CX_CHILDSA:
		if ((p = parse_find(m, n, "CHILD_SA ", 9)) != NULL)
			child_sa_at(m, n, (size_t)(p - m) + 9, ev, 1);
		break;
	case CX_ESTABLISH:
		child_sa_at(m, n, sizeof("establishing CHILD_SA ") - 1, ev, 1);
		if (parse_find(m, n, " reqid ", 7) != NULL)
			ev->kind = IW_EV_REKEY_START;
		break;
	case CX_SECS:
		ev->seconds = first_secs(m, n);
		break;
	case CX_SECS_IN:
		if ((p = parse_find(m, n, " in ", 4)) != NULL)
			ev->seconds = first_secs(p, (size_t)(m + n - p));
		break;
	case CX_RESTART:
		i = sizeof("restarting CHILD_SA ") - 1;
		{
			size_t	 s = i;

			while (i < n && m[i] != ' ')
				i++;
			if (ev->conn[0] == '\0' && i > s)
				parse_set_str(ev->conn, sizeof(ev->conn), m + s,
				    i - s);
		}
		break;
	case CX_RESPOND:
		i = 0;
		while (i < n && m[i] != ' ')
			i++;
		parse_set_str(ev->peer, sizeof(ev->peer), m, i);
		if (r->ikev == 2 && parse_find(m, n, "IKE_SA ", 7) != NULL) {
			/* 6.0.6: "H is initiating IKE_SA (unnamed)[3]". */
			ike_sa_ids(m, n, ev);
			if (strcmp(ev->conn, "(unnamed)") == 0)
				ev->conn[0] = '\0';
		}
		break;
	case CX_RETX2:
		ctx->retx_ikev = 2;
		ctx->retx_msgid = parse_uint_after(m, n, "message ID ", 11, &found);
		ctx->retx_seq = 0;
		break;
	case CX_RETX1:
		ctx->retx_ikev = 1;
		ctx->retx_msgid = parse_uint_after(m, n, "message ID ", 11, &found);
		v = parse_uint_after(m, n, "seq ", 4, &found);
		ctx->retx_seq = (uint32_t)v;
		/* IKEv1 after phase 1, not a DPD: Quick Mode. */
		if (ctx->retx_msgid != 0 && !ctx->dpd_pending)
			ev->sa_kind = IW_SA_CHILD;
		break;
	case CX_DPDREQ:
		ctx->dpd_pending = 1;
		break;
	case CX_SPLIT:
		ctx->frag_pending = 1;
		break;
	case CX_GIVEUP:
		/*
		 * The give-up line does not say which exchange failed; the
		 * last retransmission does.  IKEv2: message ID 0 is
		 * IKE_SA_INIT, 1 IKE_AUTH, higher ones run on an established
		 * IKE_SA (DPD, rekey, delete).  IKEv1: message ID 0 is Main
		 * or Aggressive Mode (seq 3 and later: the encrypted
		 * messages), others Quick Mode or an informational (DPD).
		 */
		if (ctx->dpd_pending) {
			ev->kind = IW_EV_DPD_DEAD;
			ev->established_before = true;
			parse_set_error(ev, "dpd_dead_peer");
		} else if (ctx->retx_ikev == 2) {
			ev->ike_version = 2;
			if (ctx->retx_msgid == 0)
				parse_set_error(ev, "peer_no_response_p1");
			else if (ctx->retx_msgid == 1 && ctx->frag_pending)
				/* IKE_AUTH sent in fragments: the catalog's symptom. */
				parse_set_error(ev, "fragmentation_loss");
			else if (ctx->retx_msgid == 1)
				parse_set_error(ev, "auth_no_response_p1");
			else {
				parse_set_error(ev, "established_sa_timeout");
				ev->established_before = true;
			}
		} else if (ctx->retx_ikev == 1) {
			ev->ike_version = 1;
			if (ctx->retx_msgid == 0 && ctx->retx_seq >= 3 &&
			    ctx->frag_pending)
				parse_set_error(ev, "fragmentation_loss");
			else if (ctx->retx_msgid == 0 && ctx->retx_seq >= 3)
				parse_set_error(ev, "auth_no_response_p1");
			else if (ctx->retx_msgid == 0)
				parse_set_error(ev, "peer_no_response_p1");
			else {
				ev->sa_kind = IW_SA_CHILD;
				parse_set_error(ev, "qm_no_response");
			}
		} else
			parse_set_error(ev, "peer_no_response_p1");
		ctx->retx_ikev = 0;
		ctx->dpd_pending = 0;
		ctx->frag_pending = 0;
		break;
	case CX_REKEYED:
		/* "rekeyed CHILD_SA old{N} with SPIs ... with new{M} with SPIs". */
		if (child_sa_at(m, n, sizeof("rekeyed CHILD_SA ") - 1, ev, 1)) {
			ev->replaces_id = ev->sa_id;
			ev->sa_id = 0;
			p = parse_find(m, n, " with SPIs ", 11);
			if (p != NULL) {
				i = (size_t)(p - m) + 11;
				p = parse_find(m + i, n - i, " with ", 6);
				if (p != NULL)
					child_sa_at(m, n, (size_t)(p - m) + 6, ev, 0);
			}
		}
		break;
	case CX_NOTIFY:
	case CX_CHILDNOTIFY:
		id = notify_id(m, n, r->x == CX_CHILDNOTIFY);
		if (id == NULL)
			ev->kind = IW_EV_NONE;	/* unknown notify: unrecognized */
		else
			parse_set_error(ev, id);
		break;
	}
}

/* The name in "selected peer config 'NAME'"; 0 if the message is not that. */
static int
peer_config_name(const char *m, size_t n, char *out, size_t outlen)
{
	static const char	 pfx[] = "selected peer config '";
	const char		*q;
	size_t			 pl = sizeof(pfx) - 1;

	if (n <= pl || memcmp(m, pfx, pl) != 0)
		return (0);
	if ((q = memchr(m + pl, '\'', n - pl)) == NULL || q == m + pl)
		return (0);
	parse_set_str(out, outlen, m + pl, (size_t)(q - m) - pl);
	return (1);
}

/* Parse a charon message (syslog body, or a journal MESSAGE). */
enum parse_result
parse_charon(struct parse_ctx *ctx, const char *m, size_t n,
    struct iw_event *ev, const struct parse_charon_extra *x)
{
	const struct parse_rule	*r;
	const char		*g = NULL, *gt, *bar;
	size_t			 gl = 0, i = 0, s;
	uint64_t		 v;
	int			 thread = -1;
	struct parse_thread	*t;
	const char		*ike = NULL;	/* the IKE SA's name, if logged */
	size_t			 ike_len = 0;

	ev->daemon = IW_DAEMON_CHARON;
	/* "NN[GRP]" (with an optional level) then " <name|uid>". */
	if (parse_charon_body(m, n)) {
		if (parse_uint(m, n, &i, &v))
			thread = (int)(v & 0x7fffffff);
		while (i < n && m[i] != '[')
			i++;
		g = m + i + 1;
		for (i++; i < n && m[i] >= 'A' && m[i] <= 'Z'; i++)
			;
		gl = (size_t)(m + i - g);
		while (i < n && m[i] != ']' && i - (size_t)(g - m) < 8)
			i++;
		if (i >= n || m[i] != ']')
			return (PARSE_UNRECOGNIZED);
		i++;
		if (i < n && m[i] == ' ')
			i++;
		if (i < n && m[i] == '<' && (gt = memchr(m + i, '>', n - i)) != NULL) {
			s = i + 1;
			bar = NULL;
			for (const char *q = gt - 1; q >= m + s; q--)
				if (*q == '|') {
					bar = q;
					break;
				}
			if (bar != NULL) {
				ike = m + s;
				ike_len = (size_t)(bar - m) - s;
				parse_set_str(ev->conn, sizeof(ev->conn), ike,
				    ike_len);
			}
			s = bar != NULL ? (size_t)(bar - m) + 1 : s;
			if (parse_uint(m, (size_t)(gt - m), &s, &v) &&
			    s == (size_t)(gt - m))
				ev->parent_id = v;
			i = (size_t)(gt - m) + 1;
			if (i < n && m[i] == ' ')
				i++;
		}
		m += i;
		n -= i;
	} else if (x != NULL) {
		g = x->group;
		gl = x->group_len;
	}
	if (x != NULL && x->ike_name != NULL && ev->conn[0] == '\0') {
		ike = x->ike_name;
		ike_len = x->ike_name_len;
		parse_set_str(ev->conn, sizeof(ev->conn), ike, ike_len);
	}
	if (x != NULL && x->ike_uid != 0)
		ev->parent_id = x->ike_uid;
	ev->msg = m;
	ev->msg_len = n;

	if ((r = parse_rule_match(&charon_errors_t, m, n)) == NULL)
		r = parse_rule_match(&charon_events_t, m, n);
	if (r == NULL && g != NULL && library_group(g, gl)) {
		/* NET, ENC, LIB, MGR ...: packet and bookkeeping chatter. */
		ev->kind = IW_EV_INFO;
		return (PARSE_EVENT);
	}
	if (r == NULL && (r = parse_rule_match(&charon_info_t, m, n)) == NULL)
		return (PARSE_UNRECOGNIZED);
	parse_rule_apply(r, ev);
	apply_x(ctx, r, m, n, ev);
	ev->conn_is_ike = ike != NULL && ike_len == strlen(ev->conn) &&
	    memcmp(ev->conn, ike, ike_len) == 0;
	if (ev->kind == IW_EV_NONE) {
		ev->error[0] = '\0';
		return (PARSE_UNRECOGNIZED);
	}
	/*
	 * parent_id holds the IKE_SA's unique id from "<name|uid>": for an
	 * IKE_SA line that is the SA itself, not a parent.
	 */
	if (ev->sa_kind == IW_SA_IKE && ev->parent_id != 0) {
		if (ev->sa_id == 0)
			ev->sa_id = ev->parent_id;
		ev->parent_id = 0;
	}
	if (thread >= 0) {
		t = &ctx->thr[thread % PARSE_THREADS];
		if (ev->kind == IW_EV_INFO && ev->conn[0] == '\0' &&
		    peer_config_name(m, n, ev->conn, sizeof(ev->conn))) {
			/*
			 * A responder names its connection only here; the
			 * authentication errors that follow in the same
			 * thread and second belong to it.
			 */
			t->thread = thread;
			t->ts_us = ev->ts_us;
			t->sa_id = 0;
			memcpy(t->name, ev->conn, sizeof(t->name));
		} else if (r->x == CX_IKESA && ev->sa_id != 0 && ev->conn[0] != '\0') {
			t->thread = thread;
			t->ts_us = ev->ts_us;
			t->sa_id = ev->sa_id;
			memcpy(t->name, ev->conn, sizeof(t->name));
		} else if (t->thread == thread && t->ts_us == ev->ts_us) {
			if (ev->kind == IW_EV_REKEY_SCHEDULED ||
			    ev->kind == IW_EV_LIFETIME) {
				if (ev->conn[0] == '\0')
					memcpy(ev->conn, t->name, sizeof(ev->conn));
				if (ev->sa_id == 0 && strcmp(ev->conn, t->name) == 0)
					ev->sa_id = t->sa_id;
			} else if (ev->kind == IW_EV_ERROR && ev->conn[0] == '\0') {
				memcpy(ev->conn, t->name, sizeof(ev->conn));
			} else if (ev->sa_kind == IW_SA_CHILD && ev->parent_id == 0 &&
			    r->x == CX_CHILDSA)
				/* IKE_AUTH: the first CHILD_SA follows its IKE_SA. */
				ev->parent_id = t->sa_id;
		}
	}
	return (PARSE_EVENT);
}
