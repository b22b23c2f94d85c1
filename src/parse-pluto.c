/*
 * parse-pluto.c - the pluto dialect: Openswan 2.4/2.6, Libreswan 3.x, 4.x
 * and 5.x, and strongSwan 4.x's IKEv1 pluto.
 *
 * A line is, in this order, all optional:
 *   whack return code     "004 ", "1v2 " (pasted "ipsec auto" output)
 *   stream prefix         "ERROR: ", "WARNING: ", "FATAL ERROR: ",
 *                         "EXPECTATION FAILED: ", "| " (debug)
 *   connection prefix     "conn"[inst][inst] peer $serial #state:
 *                         (or "packet from ip:port: ")
 *   stream prefix again   (Openswan and Libreswan 3.x put it here)
 *   state name            "STATE_MAIN_I4: ", "IKE_SA_INIT_I: "
 *   the message
 * Typographic quotes (U+201C, U+201D) count as '"'.  A nested instance
 * "c"[1][2] keeps the outer part in the connection name ("c[1]") and the
 * innermost number as the instance, so that the tunnel key stays unique.
 *
 * Matching: errors first, then lifecycle, then known uninteresting lines.
 * Lines with a connection prefix that match nothing are UNRECOGNIZED, and
 * so are unknown lines without one, except pluto's indented start-up
 * tables and self-tests ("  AES_CBC ...").
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "parse-internal.h"

/* Extraction steps of pluto rules. */
enum {
	PX_NONE = 0,
	PX_GIVEUP,	/* retransmission give-up: the id from the suffix */
	PX_DELSTATE,	/* "deleting state (STATE_X)": SA kind from the state */
	PX_DELSA,	/* "received Delete SA ... State #N": the deleted SA */
	PX_PARENT_EST,	/* "PARENT SA established": Child SA too if details follow */
	PX_NOTIFY,	/* informational/notification payload: id by type */
	PX_CHILDNOTIFY,	/* a Child SA refused with a notify: id by type */
	PX_SECS,	/* "... in N seconds": seconds */
	PX_STATEKIND,	/* SA kind from the state name (retransmits, "initiate") */
};

#define IKE	IW_SA_IKE
#define CHILD	IW_SA_CHILD
#define NOSA	IW_SA_NONE
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct parse_rule pluto_errors[] = {
	PR(PH_PFX, "asynchronous network error report on", NULL, IW_EV_ERROR,
	    NOSA, 0, PX_NONE, 0, "icmp_unreachable"),
	PR(PH_PFX, "max number of retransmissions (", NULL, IW_EV_GIVE_UP, IKE,
	    0, PX_GIVEUP, 0, NULL),
	PR(PH_NUM, " second timeout exceeded after ", NULL, IW_EV_GIVE_UP, IKE,
	    0, PX_GIVEUP, 0, NULL),
	/* Pre-shared keys. */
	PR(PH_PFX,
	    "probable authentication failure (mismatch of preshared secrets?)",
	    NULL, IW_EV_ERROR, IKE, 1, PX_NONE, 0, "psk_mismatch_ikev1"),
	PR(PH_PFX, "next payload type of ISAKMP ", "has an unknown value",
	    IW_EV_ERROR, IKE, 1, PX_NONE, 0, "psk_mismatch_ikev1"),
	PR(PH_PFX, "received Hash Payload does not match computed value", NULL,
	    IW_EV_ERROR, IKE, 1, PX_NONE, 0, "psk_mismatch_ikev1"),
	PR(PH_PFX, "received '", "data does not match computed value",
	    IW_EV_ERROR, CHILD, 1, PX_NONE, 0, "psk_mismatch_ikev1"),
	PR(PH_PFX, "authentication failed: computed hash does not match", NULL,
	    IW_EV_ERROR, IKE, 2, PX_NONE, 0, "psk_mismatch_ikev2"),
	PR(PH_PFX, "PSK Authentication failed: AUTH mismatch", NULL,
	    IW_EV_ERROR, IKE, 2, PX_NONE, 0, "psk_mismatch_ikev2"),
	PR(PH_PFX, "AUTH mismatch: Received AUTH != computed AUTH", NULL,
	    IW_EV_ERROR, IKE, 2, PX_NONE, 0, "psk_mismatch_ikev2"),
	PR(PH_PFX, "PSK authentication failed", NULL, IW_EV_ERROR, IKE, 2,
	    PX_NONE, 0, "psk_mismatch_ikev2"),
	PR(PH_PFX, "Can't authenticate: no preshared key found for", NULL,
	    IW_EV_ERROR, IKE, 1, PX_NONE, 0, "psk_missing"),
	PR(PH_PFX, "Failed to find our PreShared Key", NULL, IW_EV_ERROR, IKE,
	    0, PX_NONE, 0, "psk_missing"),
	PR(PH_PFX, "authentication failed: no PSK found for", NULL, IW_EV_ERROR,
	    IKE, 0, PX_NONE, 0, "psk_missing"),
	PR(PH_PFX, "IKE SA authentication request rejected by peer", NULL,
	    IW_EV_ERROR, IKE, 2, PX_NONE, 0, "auth_failed_by_peer"),
	PR(PH_PFX, "IKE SA authentication failed", NULL, IW_EV_ERROR, IKE, 2,
	    PX_NONE, 0, "auth_failed_by_peer"),
	/* Notifications (by type). */
	PR(PH_PFX, "ignoring informational payload", NULL, IW_EV_ERROR, NOSA, 1,
	    PX_NOTIFY, 0, NULL),
	PR(PH_PFX, "ignoring secured informational payload", NULL, IW_EV_ERROR,
	    NOSA, 1, PX_NOTIFY, 0, NULL),
	PR(PH_PFX, "ignoring unsecured informational payload", NULL,
	    IW_EV_ERROR, NOSA, 1, PX_NOTIFY, 0, NULL),
	PR(PH_PFX, "received and ignored notification payload: ", NULL,
	    IW_EV_ERROR, NOSA, 1, PX_NOTIFY, 0, NULL),
	PR(PH_PFX, "IKE_AUTH response rejected Child SA with ", NULL,
	    IW_EV_ERROR, CHILD, 2, PX_CHILDNOTIFY, 0, NULL),
	PR(PH_PFX, "IKE_AUTH response contained the error notification ", NULL,
	    IW_EV_ERROR, CHILD, 2, PX_CHILDNOTIFY, 0, NULL),
	PR(PH_PFX, "CHILD SA failed: ", NULL, IW_EV_ERROR, CHILD, 2,
	    PX_CHILDNOTIFY, 0, NULL),
	PR(PH_PFX, "CREATE_CHILD_SA failed with error notification ", NULL,
	    IW_EV_ERROR, CHILD, 2, PX_CHILDNOTIFY, 0, NULL),
	PR(PH_PFX, "response for Child SA #", " was rejected with ",
	    IW_EV_ERROR, CHILD, 2, PX_CHILDNOTIFY, 0, NULL),
	/* Proposals. */
	PR(PH_PFX, "no acceptable Oakley Transform", NULL, IW_EV_ERROR, IKE, 1,
	    PX_NONE, 0, "ike_proposal_mismatch"),
	PR(PH_PFX, "Oakley Transform [", "] refused", IW_EV_ERROR, IKE, 1,
	    PX_NONE, 0, "ike_proposal_mismatch"),
	PR(PH_PFX, "IPsec Transform [", "] refused", IW_EV_ERROR, CHILD, 1,
	    PX_NONE, 0, "esp_proposal_mismatch"),
	PR(PH_PFX, "no local proposal matches remote proposals", NULL,
	    IW_EV_ERROR, IKE, 2, PX_NONE, 0, "ike_proposal_mismatch"),
	PR(PH_PFX,
	    "ignoring IKE_SA_INIT response containing NO_PROPOSAL_CHOSEN", NULL,
	    IW_EV_ERROR, IKE, 2, PX_NONE, 0, "ike_proposal_mismatch"),
	PR(PH_PFX,
	    "dropping unexpected IKE_SA_INIT message containing NO_PROPOSAL_CHOSEN",
	    NULL, IW_EV_ERROR, IKE, 2, PX_NONE, 0, "ike_proposal_mismatch"),
	/* Libreswan 4.7 responder (libreswan/libreswan#786). */
	PR(PH_PFX, "No IKEv2 connection found with compatible Traffic Selectors",
	    NULL, IW_EV_ERROR, CHILD, 2, PX_NONE, 0, "ts_unacceptable"),
	/* Libreswan 5.1 drops the "dropping " (libreswan/libreswan#2108). */
	PR(PH_PFX,
	    "unexpected IKE_SA_INIT message containing NO_PROPOSAL_CHOSEN",
	    NULL, IW_EV_ERROR, IKE, 2, PX_NONE, 0, "ike_proposal_mismatch"),
	PR(PH_PFX, "received unauthenticated v2N_NO_PROPOSAL_CHOSEN", NULL,
	    IW_EV_ERROR, IKE, 2, PX_NONE, 0, "ike_proposal_mismatch"),
	PR(PH_PFX, "no acceptable Proposal in IPsec SA", NULL, IW_EV_ERROR,
	    CHILD, 1, PX_NONE, 0, "esp_proposal_mismatch"),
	PR(PH_PFX, "IKE_AUTH responder matching remote ESP/AH proposals failed",
	    NULL, IW_EV_ERROR, CHILD, 2, PX_NONE, 0, "esp_proposal_mismatch"),
	PR(PH_PFX, "Received unauthenticated INVALID_KE_PAYLOAD response to ",
	    "resending with suggested", IW_EV_INFO, IKE, 2, PX_NONE, 0,
	    "dh_group_mismatch"),
	PR(PH_PFX, "received unauthenticated INVALID_KE_PAYLOAD response to ",
	    "resending with suggested", IW_EV_INFO, IKE, 2, PX_NONE, 0,
	    "dh_group_mismatch"),
	PR(PH_PFX, "discarding unauthenticated INVALID_KE_PAYLOAD response",
	    NULL, IW_EV_ERROR, IKE, 2, PX_NONE, 0, "dh_group_mismatch"),
	PR(PH_PFX, "initiator guessed wrong keying material group", NULL,
	    IW_EV_INFO, IKE, 2, PX_NONE, 0, "dh_group_mismatch"),
	PR(PH_PFX,
	    "we require PFS but Quick I1 SA specifies no GROUP_DESCRIPTION",
	    NULL, IW_EV_ERROR, CHILD, 1, PX_NONE, 0, "pfs_mismatch"),
	PR(PH_PFX, "only OAKLEY_GROUP", " supported for PFS", IW_EV_ERROR,
	    CHILD, 1, PX_NONE, 0, "pfs_mismatch"),
	PR(PH_PFX, "OAKLEY_GROUP ", " supported for PFS", IW_EV_ERROR, CHILD, 1,
	    PX_NONE, 0, "pfs_mismatch"),
	PR(PH_PFX, "missing KE payload in ", NULL, IW_EV_ERROR, CHILD, 0,
	    PX_NONE, 0, "pfs_mismatch"),
	/* No connection, wrong IDs, subnets. */
	PR(PH_PFX, "initial Main Mode message received", NULL, IW_EV_ERROR, IKE,
	    1, PX_NONE, 0, "no_conn_for_peer_p1"),
	PR(PH_PFX, "initial parent SA message received on ", NULL, IW_EV_ERROR,
	    IKE, 2, PX_NONE, 0, "no_conn_for_peer_p1"),
	PR(PH_PFX, "dropping ",
	    "no suitable connection found with IKEv2 policy", IW_EV_ERROR, IKE,
	    2, PX_NONE, 0, "no_conn_for_peer_p1"),
	PR(PH_PFX, "IKE_SA_INIT message received on ",
	    "no suitable connection found with IKEv2 policy", IW_EV_ERROR, IKE,
	    2, PX_NONE, 0, "no_conn_for_peer_p1"),
	/* The exchange's enum name, as some 4.x/5.x builds print it. */
	PR(PH_PFX, "ISAKMP_v2_IKE_SA_INIT message received on ",
	    "no suitable connection found with IKEv2 policy", IW_EV_ERROR, IKE,
	    2, PX_NONE, 0, "no_conn_for_peer_p1"),
	PR(PH_PFX, "ISAKMP_v2_SA_INIT message received on ",
	    "no suitable connection found with IKEv2 policy", IW_EV_ERROR, IKE,
	    2, PX_NONE, 0, "no_conn_for_peer_p1"),
	PR(PH_PFX, "initial Aggressive Mode ", NULL, IW_EV_ERROR, IKE, 1,
	    PX_NONE, 0, "aggr_no_conn"),
	PR(PH_PFX, "we require ", "peer to have ID '", IW_EV_ERROR, IKE, 0,
	    PX_NONE, 0, "id_mismatch"),
	PR(PH_PFX, "no suitable connection for peer ", NULL, IW_EV_ERROR, IKE,
	    0, PX_NONE, 0, "id_mismatch"),
	PR(PH_PFX, "Peer ID '", "mismatched on first found connection",
	    IW_EV_ERROR, IKE, 0, PX_NONE, 0, "id_mismatch"),
	PR(PH_EQ, "INVALID_ID_INFORMATION", NULL, IW_EV_ERROR, IKE, 2, PX_NONE,
	    0, "invalid_id_information"),
	PR(PH_PFX, "sending encrypted notification INVALID_ID_INFORMATION",
	    NULL, IW_EV_ERROR, NOSA, 1, PX_NONE, 0, "invalid_id_information"),
	PR(PH_PFX,
	    "cannot respond to IPsec SA request because no connection is known for",
	    NULL, IW_EV_ERROR, CHILD, 1, PX_NONE, 0,
	    "p2_subnet_mismatch_ikev1"),
	PR(PH_PFX, "Child SA's Traffic Selector request ", "TS_UNACCEPTABLE",
	    IW_EV_ERROR, CHILD, 2, PX_NONE, 0, "ts_unacceptable"),
	/* Stale SAs. */
	PR(PH_PFX, "Informational Exchange is for an unknown (expired?) SA",
	    NULL, IW_EV_ERROR, NOSA, 1, PX_NONE, 0, "stale_sa_unknown_spi"),
	PR(PH_PFX, "ignoring Delete SA payload", NULL, IW_EV_ERROR, NOSA, 1,
	    PX_NONE, 0, "stale_sa_unknown_spi"),
	PR(PH_PFX,
	    "Quick Mode message is for a non-existent (expired?) ISAKMP SA",
	    NULL, IW_EV_ERROR, NOSA, 1, PX_NONE, 0, "stale_sa_unknown_spi"),
	PR(PH_PFX, "discarding encrypted message for an unknown ISAKMP SA",
	    NULL, IW_EV_ERROR, NOSA, 1, PX_NONE, 0, "stale_sa_unknown_spi"),
	PR(PH_PFX, "received delete request for ", "not found", IW_EV_ERROR,
	    CHILD, 2, PX_NONE, 0, "stale_sa_unknown_spi"),
	PR(PH_PFX, "INFORMATIONAL ", "has no corresponding IKE SA", IW_EV_ERROR,
	    NOSA, 2, PX_NONE, 0, "stale_sa_unknown_spi"),
	PR(PH_PFX, "CREATE_CHILD_SA ", "has no corresponding IKE SA",
	    IW_EV_ERROR, NOSA, 2, PX_NONE, 0, "stale_sa_unknown_spi"),
	PR(PH_PFX, "IKE_AUTH ", "has no corresponding IKE SA", IW_EV_ERROR,
	    NOSA, 2, PX_NONE, 0, "stale_sa_unknown_spi"),
	/* DPD and liveness. */
	PR(PH_PFX, "DPD", "declaring peer dead", IW_EV_DPD_DEAD, IKE, 1,
	    PX_NONE, 1, "dpd_dead_peer"),
	PR(PH_PFX, "DPD action - ", NULL, IW_EV_DPD_DEAD, IKE, 1, PX_NONE, 1,
	    "dpd_dead_peer"),
	PR(PH_PFX, "IKEv1 DPD action - ", NULL, IW_EV_DPD_DEAD, IKE, 1, PX_NONE,
	    1, "dpd_dead_peer"),
	PR(PH_PFX, "IKEv1 DPD: action - ", NULL, IW_EV_DPD_DEAD, IKE, 1,
	    PX_NONE, 1, "dpd_dead_peer"),
	PR(PH_PFX, "liveness action - ", NULL, IW_EV_DPD_DEAD, IKE, 2, PX_NONE,
	    1, "dpd_dead_peer"),
	PR(PH_PFX, "IKEv2 liveness action - ", NULL, IW_EV_DPD_DEAD, IKE, 2,
	    PX_NONE, 1, "dpd_dead_peer"),
	PR(PH_PFX, "IKEv2 liveness: action - ", NULL, IW_EV_DPD_DEAD, IKE, 2,
	    PX_NONE, 1, "dpd_dead_peer"),
	PR(PH_PFX, "liveness_check - peer ", "has not responded",
	    IW_EV_DPD_DEAD, IKE, 2, PX_NONE, 1, "dpd_dead_peer"),
	/* NAT-T. */
	PR(PH_PFX, "NAT-Traversal: Only ", "NAT-D - Aborting", IW_EV_ERROR, IKE,
	    0, PX_NONE, 0, "nat_t_problem"),
	PR(PH_PFX, "received Vendor ID payload ", "but port floating is off",
	    IW_EV_ERROR, IKE, 0, PX_NONE, 0, "nat_t_problem"),
	PR(PH_PFX, "NAT-Traversal is turned OFF due to lack of KERNEL support",
	    NULL, IW_EV_ERROR, NOSA, 0, PX_NONE, 0, "nat_t_problem"),
	PR(PH_PFX, "NAT-Traversal: ESPINUDP", "not supported", IW_EV_ERROR,
	    NOSA, 0, PX_NONE, 0, "nat_t_problem"),
	PR(PH_PFX, "Warning: peer is NATed but source port is still udp/", NULL,
	    IW_EV_ERROR, IKE, 0, PX_NONE, 0, "nat_t_problem"),
	PR(PH_PFX,
	    "connection is NATed but nic-offload=packet does not support NAT",
	    NULL, IW_EV_ERROR, NOSA, 0, PX_NONE, 0, "nat_t_problem"),
	/* Kernel. */
	PR(PH_PFX, "netlink ", " response for flow ", IW_EV_ERROR, CHILD, 0,
	    PX_NONE, 0, "kernel_policy_failed"),
	PR(PH_PFX, "PF_KEY ", " response for flow ", IW_EV_ERROR, CHILD, 0,
	    PX_NONE, 0, "kernel_policy_failed"),
	PR(PH_PFX, "kernel: xfrm ", " response for flow ", IW_EV_ERROR, CHILD,
	    0, PX_NONE, 0, "kernel_policy_failed"),
	PR(PH_PFX, "netlink response for ", NULL, IW_EV_ERROR, CHILD, 0,
	    PX_NONE, 0, "kernel_sa_install_failed"),
	PR(PH_PFX, "PF_KEY ", " response for ", IW_EV_ERROR, CHILD, 0, PX_NONE,
	    0, "kernel_sa_install_failed"),
	PR(PH_PFX, "installing IPsec SA failed", NULL, IW_EV_ERROR, CHILD, 0,
	    PX_NONE, 0, "kernel_sa_install_failed"),
	PR(PH_PFX, "Warning: Adding IPsec SA", NULL, IW_EV_ERROR, CHILD, 0,
	    PX_NONE, 0, "kernel_sa_install_failed"),
	PR(PH_PFX, "ESP encryption algorithm ", "is not implemented or allowed",
	    IW_EV_ERROR, CHILD, 0, PX_NONE, 0, "kernel_sa_install_failed"),
	PR(PH_PFX, "setup_half_ipsec_sa() hit fail", NULL, IW_EV_INFO, CHILD, 0,
	    PX_NONE, 0, "kernel_sa_install_failed"),
	PR(PH_PFX, "cannot route", NULL, IW_EV_ERROR, CHILD, 0, PX_NONE, 0,
	    "route_conflict"),
	PR(PH_PFX, "cannot install eroute -- it is in use for", NULL,
	    IW_EV_ERROR, CHILD, 0, PX_NONE, 0, "route_conflict"),
	PR(PH_PFX, "route to peer's client conflicts with", NULL, IW_EV_ERROR,
	    CHILD, 0, PX_NONE, 0, "route_conflict"),
	PR(PH_PFX, "could not route", NULL, IW_EV_ERROR, CHILD, 0, PX_NONE, 0,
	    "route_conflict"),
	/* Certificates and keys. */
	PR(PH_PFX, "X.509 certificate expired at", NULL, IW_EV_ERROR, IKE, 0,
	    PX_NONE, 0, "cert_expired"),
	PR(PH_PFX, "X.509 certificate is not valid until", NULL, IW_EV_ERROR,
	    IKE, 0, PX_NONE, 0, "cert_expired"),
	PR(PH_PFX, "Peer's Certificate has expired", NULL, IW_EV_ERROR, IKE, 0,
	    PX_NONE, 0, "cert_expired"),
	PR(PH_PFX, "NSS: ", "SEC_ERROR_EXPIRED_CERTIFICATE", IW_EV_ERROR, IKE,
	    0, PX_NONE, 0, "cert_expired"),
	PR(PH_PFX, "groundhog ", "has expired", IW_EV_ERROR, NOSA, 0, PX_NONE,
	    0, "cert_expired"),
	PR(PH_HAS, "is expired or not yet valid", NULL, IW_EV_ERROR, NOSA, 0,
	    PX_NONE, 0, "cert_expired"),
	PR(PH_PFX, "NSS: ", "SEC_ERROR_REVOKED_CERTIFICATE", IW_EV_ERROR, IKE,
	    0, PX_NONE, 0, "cert_revoked"),
	PR(PH_PFX, "certificate was revoked on", NULL, IW_EV_ERROR, IKE, 0,
	    PX_NONE, 0, "cert_revoked"),
	PR(PH_PFX, "certificate payload rejected; crl-strict=yes", NULL,
	    IW_EV_ERROR, IKE, 0, PX_NONE, 0, "cert_revoked"),
	PR(PH_PFX, "issuer cacert not found", NULL, IW_EV_ERROR, IKE, 0,
	    PX_NONE, 0, "cert_untrusted"),
	PR(PH_PFX, "no RSA public key known for", NULL, IW_EV_ERROR, IKE, 0,
	    PX_NONE, 0, "cert_untrusted"),
	PR(PH_PFX, "NSS: ", "SEC_ERROR_UNKNOWN_ISSUER", IW_EV_ERROR, IKE, 0,
	    PX_NONE, 0, "cert_untrusted"),
	PR(PH_PFX, "X509: CERT payload bogus or revoked", NULL, IW_EV_ERROR,
	    IKE, 0, PX_NONE, 0, "cert_untrusted"),
	PR(PH_PFX, "X509: certificate payload rejected for this connection",
	    NULL, IW_EV_ERROR, IKE, 0, PX_NONE, 0, "cert_untrusted"),
	PR(PH_PFX, "no Certificate Authority in NSS Certificate DB", NULL,
	    IW_EV_ERROR, IKE, 0, PX_NONE, 0, "cert_untrusted"),
	PR(PH_PFX, "authentication failed: no certificate matched", NULL,
	    IW_EV_ERROR, IKE, 0, PX_NONE, 0, "cert_untrusted"),
	PR(PH_PFX, "X509: authentication failed;", NULL, IW_EV_ERROR, IKE, 0,
	    PX_NONE, 0, "cert_id_mismatch"),
	PR(PH_PFX, "ID_DER_ASN1_DN '", "does not match expected", IW_EV_ERROR,
	    IKE, 0, PX_NONE, 0, "cert_id_mismatch"),
	PR(PH_PFX, "unable to locate my private key", NULL, IW_EV_ERROR, IKE, 0,
	    PX_NONE, 0, "private_key_missing"),
	PR(PH_PFX, "connection ", "private key not found", IW_EV_ERROR, IKE, 0,
	    PX_NONE, 0, "private_key_missing"),
	PR(PH_PFX, "private key matching CKAID '", NULL, IW_EV_ERROR, IKE, 0,
	    PX_NONE, 0, "private_key_missing"),
	/* Openswan 2.6 / Libreswan 3 NSS wordings (xelerance/Openswan#77). */
	PR(PH_PFX, "Can't find the private key from the NSS", NULL, IW_EV_ERROR,
	    IKE, 0, PX_NONE, 0, "private_key_missing"),
	PR(PH_PFX, "Can't find the certificate or private key from the NSS",
	    NULL, IW_EV_ERROR, IKE, 0, PX_NONE, 0, "private_key_missing"),
	/* XAUTH, leases, policy. */
	PR(PH_PFX, "XAUTH: User ", "Authentication Failed", IW_EV_ERROR, IKE, 1,
	    PX_NONE, 0, "xauth_failed"),
	PR(PH_PFX, "leasing IPv", "address pool exhausted", IW_EV_ERROR, IKE, 0,
	    PX_NONE, 0, "vip_pool_exhausted"),
	PR(PH_PFX, "Quick Mode request rejected, peer requested lease of", NULL,
	    IW_EV_ERROR, CHILD, 1, PX_NONE, 0, "vip_pool_exhausted"),
	PR(PH_PFX, "ignoring IKEv1 packet as global policy", NULL, IW_EV_ERROR,
	    NOSA, 1, PX_NONE, 0, "ikev1_refused"),
	PR(PH_PFX, "rejecting IKEv1 packet as global policy", NULL, IW_EV_ERROR,
	    NOSA, 1, PX_NONE, 0, "ikev1_refused"),
	PR(PH_PFX, "ignoring packet with IKE major version", NULL, IW_EV_ERROR,
	    NOSA, 0, PX_NONE, 0, "ikev1_refused"),
	PR(PH_PFX, "failed to add ", "ikev1-policy does not allow", IW_EV_ERROR,
	    NOSA, 1, PX_NONE, 0, "ikev1_refused"),
	PR(PH_PFX, "IKEv1 Aggressive Mode with PSK is vulnerable", NULL,
	    IW_EV_INFO, IKE, 1, PX_NONE, 0, "aggr_psk_refused"),
	PR(PH_PFX, "multiple DH groups in aggressive mode", NULL, IW_EV_INFO,
	    IKE, 1, PX_NONE, 0, "aggr_psk_refused"),
	PR(PH_PFX, "DOS mode on", NULL, IW_EV_ERROR, IKE, 2, PX_NONE, 0,
	    "half_open_dos"),
	PR(PH_PFX, "responding to IKE_SA_INIT request with ", "DOS mode is on",
	    IW_EV_ERROR, IKE, 2, PX_NONE, 0, "half_open_dos"),
	PR(PH_PFX, "received anti-DDOS COOKIE response", NULL, IW_EV_INFO, IKE,
	    2, PX_NONE, 0, "half_open_dos"),
	PR(PH_PFX, "cannot initiate connection without knowing peer IP address",
	    NULL, IW_EV_ERROR, IKE, 0, PX_NONE, 0, "dns_resolution_failed"),
	PR(PH_PFX, "pending ddns", NULL, IW_EV_INFO, NOSA, 0, PX_NONE, 0,
	    "dns_resolution_failed"),
};

static const struct parse_rule pluto_events[] = {
	/* Revival and retries (before "deleting ..."). */
	PR(PH_PFX, "connection is supposed to remain up", NULL, IW_EV_RETRY,
	    IKE, 0, PX_SECS, 0, NULL),
	PR(PH_PFX, "deleting ", "supposed to remain up", IW_EV_RETRY, IKE, 0,
	    PX_SECS, 0, NULL),
	PR(PH_PFX, "reviving connection", NULL, IW_EV_RETRY, IKE, 0, PX_NONE, 0,
	    NULL),
	PR(PH_PFX, "initiating connection '", "must remain up", IW_EV_RETRY,
	    IKE, 0, PX_NONE, 0, NULL),
	PR(PH_PFX, "starting keying attempt ", NULL, IW_EV_RETRY, IKE, 0,
	    PX_NONE, 0, NULL),
	/* Libreswan 3.x after a failed IKE_AUTH (libreswan/libreswan#1794). */
	PR(PH_PFX, "scheduling retry attempt ", NULL, IW_EV_RETRY, IKE, 0,
	    PX_NONE, 0, NULL),
	/* Negotiation starts. */
	PR(PH_PFX, "initiating Main Mode", NULL, IW_EV_NEG_START, IKE, 1,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "initiating IKEv1 Main Mode connection", NULL,
	    IW_EV_NEG_START, IKE, 1, PX_NONE, 0, NULL),
	PR(PH_PFX, "initiating Aggressive Mode", NULL, IW_EV_NEG_START, IKE, 1,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "initiating IKEv1 Aggressive Mode connection", NULL,
	    IW_EV_NEG_START, IKE, 1, PX_NONE, 0, NULL),
	PR(PH_PFX, "initiating v2 parent SA", NULL, IW_EV_NEG_START, IKE, 2,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "initiating IKEv2 IKE SA", NULL, IW_EV_NEG_START, IKE, 2,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "initiating IKEv2 connection", NULL, IW_EV_NEG_START, IKE, 2,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "initiating Quick Mode", NULL, IW_EV_NEG_START, CHILD, 1,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "initiating Child SA using IKE SA #", NULL, IW_EV_NEG_START,
	    CHILD, 2, PX_NONE, 0, NULL),
	PR(PH_PFX, "sent CREATE_CHILD_SA request for new IPsec SA", NULL,
	    IW_EV_NEG_START, CHILD, 2, PX_NONE, 0, NULL),
	PR(PH_PFX, "initiating rekey to replace Child SA #", NULL,
	    IW_EV_REKEY_START, CHILD, 2, PX_NONE, 0, NULL),
	PR(PH_PFX, "initiating rekey to replace IKE SA #", NULL,
	    IW_EV_REKEY_START, IKE, 2, PX_NONE, 0, NULL),
	PR(PH_PFX, "initiate rekey of IKEv2 CREATE_CHILD_SA IKE Rekey", NULL,
	    IW_EV_REKEY_START, IKE, 2, PX_NONE, 0, NULL),
	PR(PH_EQ, "initiate", NULL, IW_EV_NEG_START, IKE, 0, PX_STATEKIND, 0,
	    NULL),
	PR(PH_PFX, "responding to Main Mode", NULL, IW_EV_NEG_RESPOND, IKE, 1,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "responding to Aggressive Mode", NULL, IW_EV_NEG_RESPOND,
	    IKE, 1, PX_NONE, 0, NULL),
	PR(PH_PFX, "responding to Quick Mode", NULL, IW_EV_NEG_RESPOND, CHILD,
	    1, PX_NONE, 0, NULL),
	PR(PH_PFX, "received v2I1, sent v2R1", NULL, IW_EV_NEG_RESPOND, IKE, 2,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "sent IKE_SA_INIT reply", NULL, IW_EV_NEG_RESPOND, IKE, 2,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "sent IKE_SA_INIT response", NULL, IW_EV_NEG_RESPOND, IKE, 2,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "processed IKE_SA_INIT request", NULL, IW_EV_NEG_RESPOND,
	    IKE, 2, PX_NONE, 0, NULL),
	/* Established. */
	PR(PH_PFX, "PARENT SA established", NULL, IW_EV_P1_UP, IKE, 2,
	    PX_PARENT_EST, 0, NULL),
	PR(PH_PFX, "received v2I2, PARENT SA established", NULL, IW_EV_P1_UP,
	    IKE, 2, PX_PARENT_EST, 0, NULL),
	PR(PH_PFX, "ISAKMP SA established", NULL, IW_EV_P1_UP, IKE, 1, PX_NONE,
	    0, NULL),
	PR(PH_PFX, "sent MR3, ISAKMP SA established", NULL, IW_EV_P1_UP, IKE, 1,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "sent AI2, ISAKMP SA established", NULL, IW_EV_P1_UP, IKE, 1,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "IKE SA established", NULL, IW_EV_P1_UP, IKE, 1, PX_NONE, 0,
	    NULL),
	PR(PH_PFX, "initiator established IKE SA", NULL, IW_EV_P1_UP, IKE, 2,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "responder established IKE SA", NULL, IW_EV_P1_UP, IKE, 2,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "established IKE SA", NULL, IW_EV_P1_UP, IKE, 2, PX_NONE, 0,
	    NULL),
	PR(PH_PFX, "authenticated using ", NULL, IW_EV_P1_UP, IKE, 2, PX_NONE,
	    0, NULL),
	PR(PH_PFX, "Authenticated using ", NULL, IW_EV_P1_UP, IKE, 2, PX_NONE,
	    0, NULL),
	PR(PH_PFX, "initiator rekeyed IKE SA #", NULL, IW_EV_REKEY_DONE, IKE, 2,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "responder rekeyed IKE SA #", NULL, IW_EV_REKEY_DONE, IKE, 2,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "IPsec SA established", NULL, IW_EV_P2_UP, CHILD, 0, PX_NONE,
	    0, NULL),
	PR(PH_PFX, "sent QI2, IPsec SA established", NULL, IW_EV_P2_UP, CHILD,
	    1, PX_NONE, 0, NULL),
	PR(PH_PFX, "initiator established Child SA", NULL, IW_EV_P2_UP, CHILD,
	    2, PX_NONE, 0, NULL),
	PR(PH_PFX, "responder established Child SA", NULL, IW_EV_P2_UP, CHILD,
	    2, PX_NONE, 0, NULL),
	PR(PH_PFX, "established Child SA", NULL, IW_EV_P2_UP, CHILD, 2, PX_NONE,
	    0, NULL),
	PR(PH_PFX, "initiator rekeyed Child SA #", NULL, IW_EV_REKEY_DONE,
	    CHILD, 2, PX_NONE, 0, NULL),
	PR(PH_PFX, "responder rekeyed Child SA #", NULL, IW_EV_REKEY_DONE,
	    CHILD, 2, PX_NONE, 0, NULL),
	/* Expiry. */
	PR(PH_PFX, "IPsec SA expired (", NULL, IW_EV_EXPIRE, CHILD, 0, PX_NONE,
	    0, NULL),
	PR(PH_PFX, "ISAKMP SA expired (", NULL, IW_EV_EXPIRE, IKE, 1, PX_NONE,
	    0, NULL),
	PR(PH_PFX, "IKE SA expired (", NULL, IW_EV_EXPIRE, IKE, 0, PX_NONE, 0,
	    NULL),
	PR(PH_PFX, "received hard EXPIRE for ", NULL, IW_EV_EXPIRE, CHILD, 0,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "received soft EXPIRE for ", NULL, IW_EV_REKEY_START, CHILD,
	    0, PX_NONE, 0, NULL),
	/* Delete. */
	PR(PH_PFX, "deleting state (", NULL, IW_EV_DELETE, IKE, 0, PX_DELSTATE,
	    0, NULL),
	PR(PH_PFX, "deleting IKE SA", NULL, IW_EV_DELETE, IKE, 2, PX_NONE, 0,
	    NULL),
	PR(PH_PFX, "deleting ISAKMP SA", NULL, IW_EV_DELETE, IKE, 1, PX_NONE, 0,
	    NULL),
	PR(PH_PFX, "deleting IPsec SA", NULL, IW_EV_DELETE, CHILD, 0, PX_NONE,
	    0, NULL),
	PR(PH_PFX, "deleting Child SA", NULL, IW_EV_DELETE, CHILD, 2, PX_NONE,
	    0, NULL),
	PR(PH_PFX, "deleting connection ", "instance with peer", IW_EV_DELETE,
	    NOSA, 0, PX_NONE, 0, NULL),
	PR(PH_PFX, "deleting incomplete state after", NULL, IW_EV_DELETE, IKE,
	    0, PX_NONE, 0, NULL),
	PR(PH_PFX, "received Delete SA", NULL, IW_EV_DELETE, IKE, 0, PX_DELSA,
	    0, NULL),
	PR(PH_PFX, "sent INFORMATIONAL request to delete IKE SA", NULL,
	    IW_EV_DELETE, IKE, 2, PX_NONE, 0, NULL),
	PR(PH_PFX, "sent INFORMATIONAL request to delete ", "Child SA",
	    IW_EV_DELETE, CHILD, 2, PX_NONE, 0, NULL),
	PR(PH_PFX, "expire pending IPsec SA", NULL, IW_EV_DELETE, CHILD, 1,
	    PX_NONE, 0, NULL),
	/* Retransmissions. */
	PR(PH_PFX, "retransmission; will wait ", NULL, IW_EV_RETRANSMIT, IKE, 0,
	    PX_STATEKIND, 0, NULL),
	PR(PH_PFX, "retransmitting ", "; will wait ", IW_EV_RETRANSMIT, IKE, 2,
	    PX_NONE, 0, NULL),
	/* The daemon. */
	PR(PH_PFX, "Starting Pluto", NULL, IW_EV_DAEMON_START, NOSA, 0, PX_NONE,
	    0, NULL),
	PR(PH_PFX, "Pluto is shutting down", NULL, IW_EV_DAEMON_STOP, NOSA, 0,
	    PX_NONE, 0, NULL),
	PR(PH_EQ, "shutting down", NULL, IW_EV_DAEMON_STOP, NOSA, 0, PX_NONE, 0,
	    NULL),
};

/* Known lines with no effect on tunnel state. */
static const struct parse_rule pluto_info[] = {
	/* Negotiation progress. */
	PR(PH_PFX, "sent Main Mode ", NULL, IW_EV_INFO, IKE, 1, PX_NONE, 0,
	    NULL),
	PR(PH_PFX, "sent Aggressive Mode ", NULL, IW_EV_INFO, IKE, 1, PX_NONE,
	    0, NULL),
	PR(PH_PFX, "sent Quick Mode ", NULL, IW_EV_INFO, CHILD, 1, PX_NONE, 0,
	    NULL),
	PR(PH_PFX, "sent MI", NULL, IW_EV_INFO, IKE, 1, PX_NONE, 0, NULL),
	PR(PH_PFX, "sent MR", NULL, IW_EV_INFO, IKE, 1, PX_NONE, 0, NULL),
	PR(PH_PFX, "sent AI", NULL, IW_EV_INFO, IKE, 1, PX_NONE, 0, NULL),
	PR(PH_PFX, "sent AR", NULL, IW_EV_INFO, IKE, 1, PX_NONE, 0, NULL),
	PR(PH_PFX, "sent QR1, inbound IPsec SA installed", NULL, IW_EV_INFO,
	    CHILD, 1, PX_NONE, 0, NULL),
	PR(PH_PFX, "sent v2", NULL, IW_EV_INFO, IKE, 2, PX_NONE, 0, NULL),
	PR(PH_PFX, "received v2", NULL, IW_EV_INFO, IKE, 2, PX_NONE, 0, NULL),
	PR(PH_PFX, "sent IKE_", NULL, IW_EV_INFO, IKE, 2, PX_NONE, 0, NULL),
	PR(PH_PFX, "sent CREATE_CHILD_SA ", NULL, IW_EV_INFO, NOSA, 2, PX_NONE,
	    0, NULL),
	PR(PH_PFX, "sent INFORMATIONAL ", NULL, IW_EV_INFO, NOSA, 2, PX_NONE, 0,
	    NULL),
	PR(PH_PFX, "processing IKE_", NULL, IW_EV_INFO, IKE, 2, PX_NONE, 0,
	    NULL),
	PR(PH_PFX, "processed IKE_", NULL, IW_EV_INFO, IKE, 2, PX_NONE, 0,
	    NULL),
	PR(PH_PFX, "processing decrypted ", NULL, IW_EV_INFO, IKE, 2, PX_NONE,
	    0, NULL),
	PR(PH_PFX, "processing CREATE_CHILD_SA ", NULL, IW_EV_INFO, NOSA, 2,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "processed CREATE_CHILD_SA ", NULL, IW_EV_INFO, NOSA, 2,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "processing INFORMATIONAL ", NULL, IW_EV_INFO, NOSA, 2,
	    PX_NONE, 0, NULL),
	PR_INFO("transition from state "),
	PR(PH_PFX, "Main mode peer ID is ", NULL, IW_EV_INFO, IKE, 1, PX_NONE,
	    0, NULL),
	PR(PH_PFX, "Aggressive mode peer ID is ", NULL, IW_EV_INFO, IKE, 1,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "IKEv2 mode peer ID is ", NULL, IW_EV_INFO, IKE, 2, PX_NONE,
	    0, NULL),
	PR(PH_PFX, "Peer ID is ", NULL, IW_EV_INFO, IKE, 0, PX_NONE, 0, NULL),
	PR(PH_PFX, "proposal ", "chosen from remote proposals", IW_EV_INFO,
	    NOSA, 0, PX_NONE, 0, NULL),
	PR_INFO("IKE SA proposals "),
	PR_INFO("Child SA proposals "),
	PR(PH_PFX, "the peer proposed: ", NULL, IW_EV_INFO, CHILD, 0, PX_NONE,
	    0, NULL),
	PR(PH_PFX, "negotiated tunnel [", NULL, IW_EV_INFO, CHILD, 2, PX_NONE,
	    0, NULL),
	PR(PH_PFX, "negotiated connection [", NULL, IW_EV_INFO, CHILD, 2,
	    PX_NONE, 0, NULL),
	PR_INFO("received Vendor ID payload"),
	PR_INFO("ignoring Vendor ID payload"),
	PR_INFO("ignoring unknown Vendor ID payload"),
	PR_INFO("NAT-Traversal"),
	PR_INFO("enabling possible NAT-traversal"),
	PR_INFO("Dead Peer Detection (RFC 3706)"),
	PR_INFO("Configured DPD (RFC 3706)"),
	PR_INFO("DPD: "),
	PR_INFO("DPD Info: "),
	PR(PH_PFX, "ESP traffic information: ", NULL, IW_EV_INFO, CHILD, 0,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "AH traffic information: ", NULL, IW_EV_INFO, CHILD, 0,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "IPCOMP traffic information: ", NULL, IW_EV_INFO, CHILD, 0,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "not ", "; as already got a newer ", IW_EV_INFO, NOSA, 0,
	    PX_NONE, 0, NULL),
	PR_INFO("not replacing stale "),
	PR_INFO("replacing stale "),
	PR_INFO("state transition function for "),
	PR(PH_PFX, "XAUTH: User ", "Authentication Successful", IW_EV_INFO, IKE,
	    1, PX_NONE, 0, NULL),
	PR(PH_PFX, "XAUTH: Successfully Authenticated", NULL, IW_EV_INFO, IKE,
	    1, PX_NONE, 0, NULL),
	PR(PH_PFX, "X.509 certificate rejected", NULL, IW_EV_INFO, IKE, 0,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "XAUTH: ", NULL, IW_EV_INFO, IKE, 1, PX_NONE, 0, NULL),
	PR(PH_PFX, "I did not send a certificate", NULL, IW_EV_INFO, IKE, 0,
	    PX_NONE, 0, NULL),
	PR(PH_PFX, "I am sending ", NULL, IW_EV_INFO, IKE, 0, PX_NONE, 0, NULL),
	PR_INFO("new NAT mapping for "),
	PR_INFO("received and ignored informational message"),
	PR_INFO("received INTERNAL_IP"),
	PR_INFO("received IPv4 lease "),
	PR_INFO("received IPv6 lease "),
	PR_INFO("deleting connection"),
	PR_INFO("no secrets filename matched"),
	PR_INFO("message digest rate limited log reached limit"),
	PR_INFO("IKEv2 ignores dpdtimeout"),
	/* _updown output relayed by pluto. */
	PR(PH_PFX, "command \"", "output:", IW_EV_INFO, NOSA, 0, PX_NONE, 0,
	    NULL),
	PR(PH_PFX, "up-", " output: ", IW_EV_INFO, NOSA, 0, PX_NONE, 0, NULL),
	PR(PH_PFX, "down-", " output: ", IW_EV_INFO, NOSA, 0, PX_NONE, 0, NULL),
	PR(PH_PFX, "route-", " output: ", IW_EV_INFO, NOSA, 0, PX_NONE, 0,
	    NULL),
	PR(PH_PFX, "unroute-", " output: ", IW_EV_INFO, NOSA, 0, PX_NONE, 0,
	    NULL),
	PR(PH_PFX, "prepare-", " output: ", IW_EV_INFO, NOSA, 0, PX_NONE, 0,
	    NULL),
	/* Connection administration. */
	PR(PH_PFX, "added ", "connection", IW_EV_INFO, NOSA, 0, PX_NONE, 0,
	    NULL),
	PR_INFO("terminating SAs using this connection"),
	PR_INFO("deleting non-instance connection"),
	PR_INFO("reapchild failed"),
	PR_INFO("switching CHILD #"),
	PR_INFO("warning: Delete SA payload: "),
	PR_INFO("received and ignored empty informational"),
	PR_INFO("reschedule pending Phase 2"),
	/*
	 * The responder's refusals; the reason is on the line before
	 * ("no suitable connection", "unable to locate my private key").
	 */
	PR_INFO("sending notification AUTHENTICATION_FAILED to "),
	PR(PH_PFX, "responding to IKE_SA_INIT ", "with unencrypted notification",
	    IW_EV_INFO, IKE, 2, PX_NONE, 0, NULL),
	PR(PH_PFX, "responding to ", "notification TS_UNACCEPTABLE", IW_EV_INFO,
	    CHILD, 2, PX_NONE, 0, "ts_unacceptable"),
	PR_INFO("oriented "),
	PR_INFO("instantiated connection"),
	PR_INFO("Initializing libevent"),
	PR_INFO("Opening NSS database"),
	PR_INFO("received duplicate "),
	PR_INFO("discarding duplicate packet"),
	PR_INFO("phase 1 message is part of an unknown exchange"),
	PR_INFO("adding the CA"),
	PR_INFO("initiate on-demand for packet "),
	PR_INFO("netlink_expire got message with length"),
	PR_INFO("conn: \""),
	/* Start-up and shutdown housekeeping (no connection prefix). */
	PR_INFO("Initializing NSS"),
	PR_INFO("NSS "),
	PR_INFO("FIPS "),
	PR_INFO("libcap-ng support"),
	PR_INFO("Linux audit support"),
	PR_INFO("core dump dir: "),
	PR_INFO("secrets file: "),
	PR_INFO("leak-detective "),
	PR_INFO("leak detective "),
	PR_INFO("XAUTH PAM support"),
	PR_INFO("initializing libevent"),
	PR_INFO("Encryption algorithms:"),
	PR_INFO("Hash algorithms:"),
	PR_INFO("PRF algorithms:"),
	PR_INFO("Integrity algorithms:"),
	PR_INFO("DH algorithms:"),
	PR_INFO("KEM algorithms:"),
	PR_INFO("IPCOMP algorithms:"),
	PR_INFO("testing "),
	PR_INFO("starting up "),
	PR_INFO("started thread for helper"),
	PR_INFO("started helper"),
	PR_INFO("helper("),
	PR_INFO("using Linux "),
	PR_INFO("Using "),
	PR_INFO("selinux support"),
	PR_INFO("seccomp security"),
	PR_INFO("systemd watchdog"),
	PR_INFO("listening for IKE messages"),
	PR_INFO("adding UDP interface "),
	PR_INFO("adding TCP interface "),
	PR_INFO("adding interface "),
	PR_INFO("skipping interface "),
	PR_INFO("shutting down interface "),
	PR_INFO("forgetting secrets"),
	PR_INFO("loading secrets from "),
	PR_INFO("loaded private key "),
	PR_INFO("loading CA cert"),
	PR_INFO("Changing to directory "),
	PR_INFO("Changed path to directory "),
	PR_INFO("Kernel supports NIC esp-hw-offload"),
	PR_INFO("Kernel does not support NIC esp-hw-offload"),
	PR_INFO("Setting NAT-Traversal port-4500 floating to "),
	PR_INFO("ike_alg_register_"),
	PR(PH_PFX, "/", "pluto:", IW_EV_INFO, NOSA, 0, PX_NONE, 0, NULL),
	/* ipsec_setup / the ipsec script. */
	PR_INFO("Starting Openswan IPsec"),
	PR_INFO("Stopping Openswan IPsec"),
	PR_INFO("Starting Libreswan IPsec"),
	PR_INFO("Stopping Libreswan IPsec"),
	PR(PH_PFX, "...", " IPsec started", IW_EV_INFO, NOSA, 0, PX_NONE, 0,
	    NULL),
	PR(PH_PFX, "...", " IPsec stopped", IW_EV_INFO, NOSA, 0, PX_NONE, 0,
	    NULL),
};

static struct parse_table pluto_errors_t = {
	.rules = pluto_errors, .n = NELEM(pluto_errors)
};
static struct parse_table pluto_events_t = {
	.rules = pluto_events, .n = NELEM(pluto_events)
};
static struct parse_table pluto_info_t = {
	.rules = pluto_info, .n = NELEM(pluto_info)
};

/* Build the rule indexes of this dialect (once). */
void
parse_pluto_init(void)
{
	parse_table_build(&pluto_errors_t);
	parse_table_build(&pluto_events_t);
	parse_table_build(&pluto_info_t);
}

static int	quote_open(const char *, size_t, size_t);
static int	quote_close(const char *, size_t, size_t);
static size_t	conn_prefix(const char *, size_t, struct iw_event *);
static size_t	packet_from(const char *, size_t, struct iw_event *);
static size_t	stream_prefix(const char *, size_t, int *);
static size_t	state_prefix(const char *, size_t, const char **, size_t *);
static enum iw_sa_kind state_kind(const char *, size_t, uint8_t *);
static const char *notify_id(const char *, size_t, int);
static void	links(const char *, size_t, struct iw_event *);
static void	giveup(const char *, size_t, const char *, size_t,
		    struct iw_event *);

/* Length of an opening quote at m[i] ('"' or U+201C), 0 if none. */
static int
quote_open(const char *m, size_t n, size_t i)
{
	if (i < n && m[i] == '"')
		return (1);
	if (i + 3 <= n && (unsigned char)m[i] == 0xe2 &&
	    (unsigned char)m[i + 1] == 0x80 && (unsigned char)m[i + 2] == 0x9c)
		return (3);
	return (0);
}

/* Length of a closing quote at m[i] ('"' or U+201D), 0 if none. */
static int
quote_close(const char *m, size_t n, size_t i)
{
	if (i < n && m[i] == '"')
		return (1);
	if (i + 3 <= n && (unsigned char)m[i] == 0xe2 &&
	    (unsigned char)m[i + 1] == 0x80 && (unsigned char)m[i + 2] == 0x9d)
		return (3);
	return (0);
}

/*
 * A connection prefix at the start of m: fills conn, instance, peer and
 * sa_id, and returns the offset of the message after it (0 if none).
 */
static size_t
conn_prefix(const char *m, size_t n, struct iw_event *ev)
{
	size_t		 i, s, e, ts, te, first_br = 0, last_br = 0, k;
	uint64_t	 v, inst = 0;
	int		 q, tokens, ninst = 0, last;

	if ((q = quote_open(m, n, 0)) == 0)
		return (0);
	s = i = (size_t)q;
	while (i < n && (q = quote_close(m, n, i)) == 0)
		i++;
	if (i >= n)
		return (0);
	e = i;
	i += (size_t)q;
	/* Instances: "[1]", nested "[1][2]". */
	while (i < n && m[i] == '[') {
		size_t	 b = i + 1;

		if (!parse_uint(m, n, &b, &v) || b >= n || m[b] != ']')
			break;
		if (ninst++ == 0)
			first_br = i;
		last_br = i;
		inst = v;
		i = b + 1;
	}
	/* The name; a nested instance keeps its outer part: "c[1]". */
	parse_set_str(ev->conn, sizeof(ev->conn), m + s, e - s);
	if (ninst > 1) {
		k = strlen(ev->conn);
		if (k + (last_br - first_br) < sizeof(ev->conn))
			parse_set_str(ev->conn + k, sizeof(ev->conn) - k,
			    m + first_br, last_br - first_br);
	}
	ev->instance = (uint32_t)(inst > UINT32_MAX ? UINT32_MAX : inst);

	/* Then " peer", " ...peer", " $N", " #N", until ':'. */
	for (tokens = 0;; tokens++) {
		if (i < n && m[i] == ':') {
			i++;
			break;
		}
		if (tokens >= 8 || i >= n || m[i] != ' ')
			return (0);
		ts = ++i;
		while (i < n && m[i] != ' ')
			i++;
		te = i;
		last = 0;
		if (te > ts && m[te - 1] == ':') {
			te--;
			last = 1;
		}
		if (te > ts && m[ts] == '#') {
			size_t	 b = ts + 1;

			if (parse_uint(m, te, &b, &v) && b == te)
				ev->sa_id = v;
		} else if (te > ts && m[ts] == '$') {
			/* A connection serial (Libreswan 5), not a state. */
		} else if (te - ts > 3 && memcmp(m + ts, "...", 3) == 0) {
			/* Opportunistic: "...peer" or "...peer===client". */
			const char	*eq = parse_find(m + ts + 3, te - ts - 3,
			    "===", 3);

			parse_set_str(ev->peer, sizeof(ev->peer), m + ts + 3,
			    (eq != NULL ? (size_t)(eq - m) : te) - ts - 3);
		} else if (te > ts && ev->peer[0] == '\0' &&
		    parse_find(m + ts, te - ts, "===", 3) == NULL)
			parse_set_str(ev->peer, sizeof(ev->peer), m + ts, te - ts);
		if (last)
			break;
	}
	if (i < n && m[i] == ' ')
		i++;
	return (i);
}

/* "packet from ip:port: " at m: the peer; the offset after it (0 none). */
static size_t
packet_from(const char *m, size_t n, struct iw_event *ev)
{
	const char	*p;
	size_t		 s = sizeof("packet from ") - 1, e, c;

	if (!PARSE_PFX(m, n, "packet from "))
		return (0);
	if ((p = parse_find(m + s, n - s, ": ", 2)) == NULL) {
		if (n > s && m[n - 1] == ':')
			p = m + n - 1;
		else
			return (0);
	}
	e = (size_t)(p - m);
	/* Strip ":port" (the last colon) and IPv6 brackets. */
	for (c = e; c > s && m[c - 1] != ':'; c--)
		;
	if (c > s + 1)
		c--;
	else
		c = e;
	if (c > s + 1 && m[s] == '[' && m[c - 1] == ']')
		parse_set_str(ev->peer, sizeof(ev->peer), m + s + 1, c - s - 2);
	else
		parse_set_str(ev->peer, sizeof(ev->peer), m + s, c - s);
	e += 1;
	if (e < n && m[e] == ' ')
		e++;
	return (e);
}

/*
 * A stream prefix ("ERROR: ", "| " ...) at m: sets *is_error for error
 * streams, *is_error = 2 for debug; the offset after it.
 */
static size_t
stream_prefix(const char *m, size_t n, int *is_error)
{
	if (PARSE_PFX(m, n, "ERROR: ")) {
		*is_error = 1;
		return (7);
	}
	if (PARSE_PFX(m, n, "FATAL ERROR: ")) {
		*is_error = 1;
		return (13);
	}
	if (PARSE_PFX(m, n, "EXPECTATION FAILED: ")) {
		*is_error = 1;
		return (20);
	}
	if (PARSE_PFX(m, n, "WARNING: "))
		return (9);
	if (PARSE_PFX(m, n, "| ") || (n == 1 && m[0] == '|')) {
		*is_error = 2;
		return (n == 1 ? 1 : 2);
	}
	return (0);
}

/*
 * A state name ("STATE_MAIN_I4: ", "IKE_SA_INIT_I: ", or the IPCop viewer's
 * "STATE_QUICK_I1 ") at m: *st and *stl set; the offset after it.
 */
static size_t
state_prefix(const char *m, size_t n, const char **st, size_t *stl)
{
	size_t	 i = 0;
	int	 under = 0;

	while (i < n && ((m[i] >= 'A' && m[i] <= 'Z') ||
	    (m[i] >= '0' && m[i] <= '9') || m[i] == '_')) {
		if (m[i] == '_')
			under = 1;
		i++;
	}
	if (i < 4 || !under || i >= n)
		return (0);
	if (m[i] == ':' && i + 1 < n && m[i + 1] == ' ') {
		*st = m;
		*stl = i;
		return (i + 2);
	}
	if (m[i] == ' ' && PARSE_PFX(m, n, "STATE_")) {
		*st = m;
		*stl = i;
		return (i + 1);
	}
	return (0);
}

/* SA kind (and IKE version) of a pluto state name. */
static enum iw_sa_kind
state_kind(const char *st, size_t n, uint8_t *ikev)
{
	if (n == 0)
		return (IW_SA_NONE);
	if (parse_find(st, n, "QUICK", 5) != NULL) {
		*ikev = 1;
		return (IW_SA_CHILD);
	}
	if (parse_find(st, n, "MAIN", 4) != NULL ||
	    parse_find(st, n, "AGGR", 4) != NULL) {
		*ikev = 1;
		return (IW_SA_IKE);
	}
	*ikev = 2;
	if (parse_find(st, n, "IPSEC", 5) != NULL ||
	    parse_find(st, n, "CHILD", 5) != NULL)
		return (IW_SA_CHILD);
	return (IW_SA_IKE);
}

/* The catalog id of a notify type named in a pluto message, or NULL. */
static const char *
notify_id(const char *m, size_t n, int child)
{
	if (PARSE_HAS(m, n, "NO_PROPOSAL_CHOSEN"))
		return (child ? "esp_proposal_mismatch" : "ike_proposal_mismatch");
	if (PARSE_HAS(m, n, "TS_UNACCEPTABLE"))
		return ("ts_unacceptable");
	if (PARSE_HAS(m, n, "INVALID_ID_INFORMATION"))
		return ("invalid_id_information");
	if (PARSE_HAS(m, n, "AUTHENTICATION_FAILED") ||
	    PARSE_HAS(m, n, "INVALID_KEY_INFORMATION"))
		return ("auth_failed_by_peer");
	if (PARSE_HAS(m, n, "INVALID_HASH_INFORMATION") ||
	    PARSE_HAS(m, n, "PAYLOAD_MALFORMED"))
		return ("psk_mismatch_ikev1");
	if (PARSE_HAS(m, n, "INVALID_KE_PAYLOAD"))
		return (child ? "pfs_mismatch" : "dh_group_mismatch");
	if (PARSE_HAS(m, n, "INTERNAL_ADDRESS_FAILURE") ||
	    PARSE_HAS(m, n, "FAILED_CP_REQUIRED"))
		return ("vip_pool_exhausted");
	if (PARSE_HAS(m, n, "INVALID_SPI"))
		return ("stale_sa_unknown_spi");
	if (PARSE_HAS(m, n, "SINGLE_PAIR_REQUIRED"))
		return ("ts_unacceptable");
	return (NULL);
}

/*
 * Links between states written in the text: the SA replaced ("to replace
 * #N", "rekeyed Child SA #N") and the parent ISAKMP/IKE SA ("using
 * isakmp#N", "using ISAKMP SA #N", "using IKE SA #N", "using #N").
 */
static void
links(const char *m, size_t n, struct iw_event *ev)
{
	static const struct {
		const char	*mark;
		int		 parent;
	} marks[] = {
		{ "to replace #", 0 }, { "to replace IKE SA #", 0 },
		{ "to replace Child SA #", 0 }, { "to replace IPsec SA #", 0 },
		{ "replacing #", 0 }, { "rekeyed IKE SA #", 0 },
		{ "rekeyed Child SA #", 0 },
		{ "using isakmp#", 1 }, { "using ISAKMP SA #", 1 },
		{ "using IKE SA #", 1 }, { "using #", 1 },
		{ "the ISAKMP SA #", 1 },
	};
	size_t		 k;
	uint64_t	 v;
	int		 found;

	if (memchr(m, '#', n) == NULL)
		return;
	for (k = 0; k < NELEM(marks); k++) {
		if (marks[k].parent ? ev->parent_id != 0 : ev->replaces_id != 0)
			continue;
		v = parse_uint_after(m, n, marks[k].mark, strlen(marks[k].mark),
		    &found);
		if (!found)
			continue;
		if (marks[k].parent)
			ev->parent_id = v;
		else
			ev->replaces_id = v;
	}
	/* An IKE SA has no parent ("replace IKE SA #1 using IKE SA #1"). */
	if (ev->sa_kind == IW_SA_IKE)
		ev->parent_id = 0;
}

/*
 * A retransmission give-up: the catalog id from the suffix (or, without
 * one, from the state), and whether the SA had been established.
 */
static void
giveup(const char *m, size_t n, const char *st, size_t stl,
    struct iw_event *ev)
{
	const char	*p;
	uint8_t		 v = 0;
	size_t		 i;

	if (stl == 0 && (p = parse_find(m, n, "reached ", 8)) != NULL) {
		/* Openswan: "max number of retransmissions (2) reached STATE_X." */
		st = p + 8;
		i = 0;
		while (st + i < m + n && st[i] != '.' && st[i] != ' ' &&
		    st[i] != ',')
			i++;
		stl = i;
	}
	ev->sa_kind = state_kind(st, stl, &v);
	if (ev->sa_kind == IW_SA_NONE)
		ev->sa_kind = IW_SA_IKE;
	ev->ike_version = v;
	if (PARSE_HAS(m, n, "to our first IKE"))
		parse_set_error(ev, "peer_no_response_p1");
	else if (PARSE_HAS(m, n, "Possible authentication failure"))
		parse_set_error(ev, "auth_no_response_p1");
	else if (PARSE_HAS(m, n, "first Quick Mode message"))
		/*
		 * "perhaps peer likes no proposal", but all the initiator
		 * knows is that no acceptable answer came (in the corpus the
		 * peer accepted and failed to install its SA).
		 */
		parse_set_error(ev, "qm_no_response");
	else if (stl > 0 && (parse_find(st, stl, "MAIN_I1", 7) != NULL ||
	    parse_find(st, stl, "AGGR_I1", 7) != NULL ||
	    parse_find(st, stl, "PARENT_I1", 9) != NULL ||
	    parse_find(st, stl, "IKE_SA_INIT", 11) != NULL))
		parse_set_error(ev, "peer_no_response_p1");
	else if (stl > 0 && (parse_find(st, stl, "MAIN_I3", 7) != NULL ||
	    parse_find(st, stl, "AGGR_I2", 7) != NULL ||
	    parse_find(st, stl, "PARENT_I2", 9) != NULL ||
	    parse_find(st, stl, "IKE_AUTH", 8) != NULL))
		parse_set_error(ev, "auth_no_response_p1");
	else if (stl > 0 && parse_find(st, stl, "QUICK_I1", 8) != NULL)
		parse_set_error(ev, "qm_no_response");
	else {
		/* An established IKE SA's request (liveness, rekey, delete). */
		parse_set_error(ev, "established_sa_timeout");
		ev->established_before = true;
	}
	if (stl > 0 && parse_find(st, stl, "ESTABLISHED", 11) != NULL)
		ev->established_before = true;
}

/* Parse a pluto message (after the syslog envelope). */
enum parse_result
parse_pluto(struct parse_ctx *ctx, const char *m, size_t n,
    struct iw_event *ev)
{
	const struct parse_rule	*r;
	const char		*st = NULL, *id, *p;
	size_t			 stl = 0, k;
	int			 err = 0, has_prefix = 0;
	uint64_t		 v;
	uint8_t			 iv = 0;
	int			 found;

	ev->daemon = IW_DAEMON_PLUTO;
	/* Whack return codes of pasted "ipsec auto" output: "004 ", "1v2 ". */
	if (n > 4 && m[0] >= '0' && m[0] <= '9' && m[3] == ' ' &&
	    ((m[1] >= '0' && m[1] <= '9') || m[1] == 'v') &&
	    m[2] >= '0' && m[2] <= '9') {
		m += 4;
		n -= 4;
	}
	k = stream_prefix(m, n, &err);
	m += k;
	n -= k;
	if (err == 2) {
		/* Debug output: known, never an event. */
		ev->kind = IW_EV_INFO;
		ev->msg = m;
		ev->msg_len = n;
		return (PARSE_EVENT);
	}
	if ((k = conn_prefix(m, n, ev)) != 0 || (k = packet_from(m, n, ev)) != 0)
		has_prefix = 1;
	else {
		ev->conn[0] = '\0';
		ev->peer[0] = '\0';
		ev->instance = 0;
		ev->sa_id = 0;
	}
	m += k;
	n -= k;
	k = stream_prefix(m, n, &err);
	m += k;
	n -= k;
	if (err == 2) {
		ev->kind = IW_EV_INFO;
		ev->msg = m;
		ev->msg_len = n;
		return (PARSE_EVENT);
	}
	k = state_prefix(m, n, &st, &stl);
	m += k;
	n -= k;
	ev->msg = m;
	ev->msg_len = n;
	/* Start-up tables and self-tests are indented (and frequent). */
	if (!has_prefix && !err && stl == 0 && PARSE_PFX(m, n, "  ")) {
		ev->kind = IW_EV_INFO;
		return (PARSE_EVENT);
	}

	if ((r = parse_rule_match(&pluto_errors_t, m, n)) ==
	    NULL &&
	    (r = parse_rule_match(&pluto_events_t, m, n)) ==
	    NULL &&
	    (r = parse_rule_match(&pluto_info_t, m, n)) == NULL) {
		if (has_prefix && PARSE_PFX(m, n, "  ")) {
			/* "    us: ..." / "  them: ..." details. */
			ev->kind = IW_EV_INFO;
			return (PARSE_EVENT);
		}
		return (PARSE_UNRECOGNIZED);
	}
	parse_rule_apply(r, ev);
	switch (r->x) {
	case PX_GIVEUP:
		giveup(m, n, st, stl, ev);
		break;
	case PX_STATEKIND:
		if (stl > 0) {
			ev->sa_kind = state_kind(st, stl, &iv);
			ev->ike_version = iv;
		}
		break;
	case PX_DELSTATE:
		p = m + sizeof("deleting state (") - 1;
		for (k = 0; p + k < m + n && p[k] != ')'; k++)
			;
		ev->sa_kind = state_kind(p, k, &iv);
		ev->ike_version = iv;
		break;
	case PX_DELSA:
		/* The deleted SA is "State #N"; the prefix names its parent. */
		v = parse_uint_after(m, n, "State #", 7, &found);
		if (found) {
			if (PARSE_HAS(m, n, "ISAKMP State #"))
				ev->sa_kind = IW_SA_IKE;
			else {
				ev->sa_kind = IW_SA_CHILD;
				if (ev->sa_id != v)
					ev->parent_id = ev->sa_id;
			}
			ev->sa_id = v;
		} else if (PARSE_HAS(m, n, "IPsec") || PARSE_HAS(m, n, "IPSEC"))
			ev->sa_kind = IW_SA_CHILD;
		ev->ike_version = 1;
		if (PARSE_HAS(m, n, "delete IPsec State #"))
			ev->ike_version = 2;
		break;
	case PX_PARENT_EST:
		/* Openswan 2.6 / Libreswan <= 3.19 IKEv2: one line for both. */
		if (PARSE_HAS(m, n, " tunnel mode") ||
		    PARSE_HAS(m, n, " transport mode") || PARSE_HAS(m, n, "{ESP")) {
			ev->kind = IW_EV_P2_UP;
			ev->sa_kind = IW_SA_CHILD;
		}
		break;
	case PX_NOTIFY:
	case PX_CHILDNOTIFY:
		id = notify_id(m, n, r->x == PX_CHILDNOTIFY);
		if (id != NULL)
			parse_set_error(ev, id);
		else if (r->x == PX_NOTIFY)
			ev->kind = IW_EV_INFO;	/* e.g. IPSEC_INITIAL_CONTACT */
		else
			return (PARSE_UNRECOGNIZED);
		break;
	case PX_SECS:
		v = parse_uint_after(m, n, " scheduled in ", 14, &found);
		if (found)
			ev->seconds = (int64_t)v;
		break;
	}
	if (ev->kind == IW_EV_NEG_START && (PARSE_HAS(m, n, "to replace #") ||
	    PARSE_HAS(m, n, "to replace ")))
		ev->kind = IW_EV_REKEY_START;
	links(m, n, ev);
	if (ev->peer[0] == '\0') {
		if ((p = parse_find(m, n, "unknown peer ", 13)) != NULL ||
		    (p = parse_find(m, n, "complainant ", 12)) != NULL ||
		    (p = parse_find(m, n, "connection to ", 14)) != NULL) {
			const char	*s = p + (p[0] == 'u' ? 13 : p[1] == 'o' &&
			    p[2] == 'm' ? 12 : 14);
			size_t		 e;

			for (e = 0; s + e < m + n && s[e] != ' ' && s[e] != ','; e++)
				;
			if (e > 0 && s[e - 1] == ':')
				e--;
			/* An address, not a word ("connection to replace #1"). */
			if (e == 0 || !((s[0] >= '0' && s[0] <= '9') ||
			    s[0] == '[' || memchr(s, ':', e) != NULL))
				e = 0;
			/* Drop ":port" from "ip:port" (IPv4 only). */
			if (memchr(s, '.', e) != NULL) {
				const char *c = memchr(s, ':', e);
				if (c != NULL)
					e = (size_t)(c - s);
			}
			parse_set_str(ev->peer, sizeof(ev->peer), s, e);
		}
	}
	(void)ctx;
	return (PARSE_EVENT);
}
