/*
 * gen-log.c - write a realistic, deterministic VPN gateway syslog for the
 * parser benchmark.
 *
 * Usage: gen-log [-n LINES] [-s SEED] [-t TUNNELS] [FILE]
 * Defaults: 1,000,000 lines, seed 1, 150 tunnels, standard output.
 *
 * About 90% of the lines are the ordinary noise of a gateway (sshd, CRON,
 * kernel firewall lines, dnsmasq, systemd, postfix, chronyd, dhcpd); about
 * 10% come from the IKE daemons: half of the tunnels are Libreswan pluto
 * IKEv1 tunnels, half strongSwan charon IKEv2 tunnels; each rekeys its
 * Child SA about hourly and its IKE SA every few hours, and a few fail
 * (retransmission give-ups, dead peers, a road warrior with a wrong PSK).
 * Timestamps are RFC 3164 ("Nov 23 06:25:01"), increasing, spanning days.
 * The same seed always gives the same file, byte for byte.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define START_TIME	1795415100	/* 2026-11-23 06:25:00 UTC */
#define BLOCK_MAX	40		/* lines of one IPsec block */
#define LINE_MAX_LEN	512

/* One tunnel of the simulated gateway. */
struct tunnel {
	int		 charon;	/* 0 pluto, 1 charon */
	char		 name[32];
	char		 peer[20];
	double		 due;		/* next Child SA rekey */
	int		 rekeys;	/* Child rekeys since the last IKE rekey */
	uint64_t	 ike_sa;	/* pluto #N or charon [N] of the IKE SA */
	uint64_t	 child_sa;	/* pluto #N or charon {N} of the Child SA */
	uint32_t	 spi_in, spi_out;
	int		 reqid;
};

/* A line waiting to be written at a given time. */
struct pending {
	double		 t;
	uint64_t	 seq;		/* keeps lines of the same time in order */
	char		 text[LINE_MAX_LEN];
};

static uint64_t		 rng_state;
static struct tunnel	*tunnels;
static int		 ntunnels;
static struct pending	*queue;		/* min-heap on t */
static size_t		 nqueue, capqueue;
static uint64_t		 queue_seq;
static uint64_t		 pluto_serial = 1, charon_ike = 1, charon_child = 1;
static unsigned		 pluto_pid = 1432, noise_pid = 2000;
static int		 charon_ikename;	/* <name|uid> prefixes on */
static double		 now;

static uint64_t	 rng(void);
static double	 rng_unit(void);
static int	 rng_range(int, int);
static void	 push(double, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static int	 before(const struct pending *, const struct pending *);
static void	 heap_up(size_t);
static void	 heap_down(size_t);
static struct pending pop(void);
static void	 stamp(char *, size_t, double);
static void	 noise_line(char *, size_t);
static void	 pluto_block(struct tunnel *, double);
static void	 charon_block(struct tunnel *, double);
static void	 charon_prefix(char *, size_t, const struct tunnel *, const char *);
static void	 failure_block(struct tunnel *, double);
static void	 daemon_start(double);
static void	 usage(void) __attribute__((noreturn));

/* The splitmix64 generator: small, fast, and the same everywhere. */
static uint64_t
rng(void)
{
	uint64_t	 z;

	z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31));
}

/* A uniform number in [0, 1). */
static double
rng_unit(void)
{
	return ((double)(rng() >> 11) / 9007199254740992.0);
}

/* A uniform integer in [lo, hi]. */
static int
rng_range(int lo, int hi)
{
	return (lo + (int)(rng() % (uint64_t)(hi - lo + 1)));
}

/* Whether queue entry a comes before b (time, then order of queuing). */
static int
before(const struct pending *a, const struct pending *b)
{
	if (a->t != b->t)
		return (a->t < b->t);
	return (a->seq < b->seq);
}

/* Move a queue entry up to its place in the heap. */
static void
heap_up(size_t i)
{
	struct pending	 tmp;
	size_t		 p;

	while (i > 0) {
		p = (i - 1) / 2;
		if (!before(&queue[i], &queue[p]))
			break;
		tmp = queue[p];
		queue[p] = queue[i];
		queue[i] = tmp;
		i = p;
	}
}

/* Move a queue entry down to its place in the heap. */
static void
heap_down(size_t i)
{
	struct pending	 tmp;
	size_t		 l, m;

	for (;;) {
		l = 2 * i + 1;
		m = i;
		if (l < nqueue && before(&queue[l], &queue[m]))
			m = l;
		if (l + 1 < nqueue && before(&queue[l + 1], &queue[m]))
			m = l + 1;
		if (m == i)
			break;
		tmp = queue[m];
		queue[m] = queue[i];
		queue[i] = tmp;
		i = m;
	}
}

/* Queue an IPsec line (the message after the envelope) for time t. */
static void
push(double t, const char *fmt, ...)
{
	va_list	 ap;

	if (nqueue == capqueue) {
		capqueue = capqueue ? capqueue * 2 : 1024;
		if ((queue = realloc(queue, capqueue * sizeof *queue)) == NULL) {
			perror("realloc");
			exit(1);
		}
	}
	queue[nqueue].t = t;
	queue[nqueue].seq = queue_seq++;
	va_start(ap, fmt);
	vsnprintf(queue[nqueue].text, sizeof queue[nqueue].text, fmt, ap);
	va_end(ap);
	nqueue++;
	heap_up(nqueue - 1);
}

/* Take the earliest queued line. */
static struct pending
pop(void)
{
	struct pending	 top = queue[0];

	queue[0] = queue[--nqueue];
	heap_down(0);
	return (top);
}

/* Format an RFC 3164 timestamp with the host name. */
static void
stamp(char *buf, size_t sz, double t)
{
	static const char *mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t		 tt = (time_t)t;
	struct tm	 tm;

	gmtime_r(&tt, &tm);
	snprintf(buf, sz, "%s %2d %02d:%02d:%02d gw1", mon[tm.tm_mon],
	    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* One line of ordinary system noise (without the timestamp). */
static void
noise_line(char *buf, size_t sz)
{
	static const char *users[] = { "root", "admin", "backup", "deploy",
	    "nagios", "oracle", "test", "ubuntu", "guest", "pi" };
	static const char *hosts[] = { "updates.example.com",
	    "mail.example.org", "ntp.example.net", "www.example.com",
	    "api.github.com", "deb.debian.org", "login.example.org",
	    "cdn.example.net", "time.example.com", "vpn.example.com" };
	static const char *units[] = { "apt-daily.service",
	    "logrotate.service", "man-db.service", "fstrim.service",
	    "systemd-tmpfiles-clean.service", "phpsessionclean.service" };
	int		 r = rng_range(0, 999), a, b, c, d;

	a = rng_range(1, 223);
	b = rng_range(0, 255);
	c = rng_range(0, 255);
	d = rng_range(1, 254);
	if (r < 80) {		/* kernel firewall, the longest lines */
		snprintf(buf, sz, "kernel: [%u.%06u] [UFW BLOCK] IN=eth0 OUT= "
		    "MAC=52:54:00:12:34:56:52:54:00:ab:cd:ef:08:00 SRC=%d.%d.%d.%d "
		    "DST=203.0.113.10 LEN=%d TOS=0x00 PREC=0x00 TTL=%d ID=%d "
		    "PROTO=TCP SPT=%d DPT=%d WINDOW=%d RES=0x00 SYN URGP=0",
		    (unsigned)(now - START_TIME) + 86400, rng_range(0, 999999),
		    a, b, c, d, rng_range(40, 60), rng_range(30, 250),
		    rng_range(1, 65535), rng_range(1024, 65535),
		    (int[]){ 22, 23, 80, 443, 445, 3389, 8080, 5060 }[rng_range(0, 7)],
		    rng_range(1024, 65535));
	} else if (r < 420) {	/* sshd */
		switch (rng_range(0, 4)) {
		case 0:
			snprintf(buf, sz, "sshd[%u]: Failed password for invalid "
			    "user %s from %d.%d.%d.%d port %d ssh2", noise_pid++,
			    users[rng_range(0, 9)], a, b, c, d,
			    rng_range(1024, 65535));
			break;
		case 1:
			snprintf(buf, sz, "sshd[%u]: Invalid user %s from "
			    "%d.%d.%d.%d port %d", noise_pid++,
			    users[rng_range(0, 9)], a, b, c, d,
			    rng_range(1024, 65535));
			break;
		case 2:
			snprintf(buf, sz, "sshd[%u]: Accepted publickey for admin "
			    "from 198.51.100.%d port %d ssh2: ED25519 "
			    "SHA256:4l8yQk2m9ZtXbP0sVq1wRcJd7nE3uHfA6gYiKoLp5sM",
			    noise_pid++, d, rng_range(1024, 65535));
			break;
		case 3:
			snprintf(buf, sz, "sshd[%u]: Disconnected from invalid "
			    "user %s %d.%d.%d.%d port %d [preauth]", noise_pid++,
			    users[rng_range(0, 9)], a, b, c, d,
			    rng_range(1024, 65535));
			break;
		default:
			snprintf(buf, sz, "sshd[%u]: pam_unix(sshd:session): "
			    "session closed for user admin", noise_pid++);
			break;
		}
	} else if (r < 560) {	/* dnsmasq */
		switch (rng_range(0, 2)) {
		case 0:
			snprintf(buf, sz, "dnsmasq[811]: query[A] %s from "
			    "192.168.1.%d", hosts[rng_range(0, 9)], d);
			break;
		case 1:
			snprintf(buf, sz, "dnsmasq[811]: forwarded %s to 9.9.9.9",
			    hosts[rng_range(0, 9)]);
			break;
		default:
			snprintf(buf, sz, "dnsmasq[811]: reply %s is %d.%d.%d.%d",
			    hosts[rng_range(0, 9)], a, b, c, d);
			break;
		}
	} else if (r < 680) {	/* CRON */
		if (rng_range(0, 1))
			snprintf(buf, sz, "CRON[%u]: (root) CMD (command -v "
			    "debian-sa1 > /dev/null && debian-sa1 1 1)",
			    noise_pid++);
		else
			snprintf(buf, sz, "CRON[%u]: pam_unix(cron:session): "
			    "session opened for user root(uid=0) by (uid=0)",
			    noise_pid++);
	} else if (r < 790) {	/* systemd */
		switch (rng_range(0, 3)) {
		case 0:
			snprintf(buf, sz, "systemd[1]: Starting %s - Daily "
			    "maintenance...", units[rng_range(0, 5)]);
			break;
		case 1:
			snprintf(buf, sz, "systemd[1]: %s: Deactivated "
			    "successfully.", units[rng_range(0, 5)]);
			break;
		case 2:
			snprintf(buf, sz, "systemd[1]: Started session-%d.scope "
			    "- Session %d of User admin.", d, d);
			break;
		default:
			snprintf(buf, sz, "systemd-logind[702]: New session %d "
			    "of user admin.", d);
			break;
		}
	} else if (r < 910) {	/* postfix */
		switch (rng_range(0, 3)) {
		case 0:
			snprintf(buf, sz, "postfix/smtpd[%u]: connect from "
			    "unknown[%d.%d.%d.%d]", noise_pid++, a, b, c, d);
			break;
		case 1:
			snprintf(buf, sz, "postfix/smtpd[%u]: disconnect from "
			    "unknown[%d.%d.%d.%d] ehlo=1 auth=0/1 quit=1 "
			    "commands=2/3", noise_pid++, a, b, c, d);
			break;
		case 2:
			snprintf(buf, sz, "postfix/qmgr[1187]: %08X%02X: "
			    "from=<root@gw1.example.org>, size=%d, nrcpt=1 "
			    "(queue active)", (unsigned)rng(), d,
			    rng_range(600, 9000));
			break;
		default:
			snprintf(buf, sz, "postfix/smtp[%u]: %08X%02X: "
			    "to=<ops@example.org>, relay=mail.example.org"
			    "[192.0.2.25]:25, delay=0.%d, delays=0.01/0/0.1/0.1,"
			    " dsn=2.0.0, status=sent (250 2.0.0 Ok)", noise_pid++,
			    (unsigned)rng(), d, rng_range(10, 99));
			break;
		}
	} else if (r < 960) {	/* dhcpd */
		snprintf(buf, sz, "dhcpd[944]: DHCPACK on 192.168.1.%d to "
		    "52:54:00:%02x:%02x:%02x via eth1", d, b, c, a);
	} else {		/* chronyd */
		snprintf(buf, sz, "chronyd[655]: Selected source %d.%d.%d.%d "
		    "(time.example.com)", a, b, c, d);
	}
	if (noise_pid > 65000)
		noise_pid = 2000;
}

/* The "NN[GRP] <name|uid> " prefix of charon, the tunnel part optional. */
static void
charon_prefix(char *buf, size_t sz, const struct tunnel *tu, const char *grp)
{
	if (charon_ikename)
		snprintf(buf, sz, "charon: %02d[%s] <%s|%" PRIu64 "> ",
		    rng_range(1, 16), grp, tu->name, tu->ike_sa);
	else
		snprintf(buf, sz, "charon: %02d[%s] ", rng_range(1, 16), grp);
}

/* A Libreswan IKEv1 Child SA rekey (and every 8th time an ISAKMP SA one). */
static void
pluto_block(struct tunnel *tu, double t)
{
	uint64_t	 old_child = tu->child_sa, old_ike = tu->ike_sa, n;

	if (++tu->rekeys >= 8) {
		tu->rekeys = 0;
		tu->ike_sa = n = pluto_serial++;
		push(t, "pluto[%u]: \"%s\" #%" PRIu64 ": initiating IKEv1 Main "
		    "Mode connection to replace #%" PRIu64, pluto_pid, tu->name,
		    n, old_ike);
		push(t, "pluto[%u]: \"%s\" #%" PRIu64 ": sent Main Mode request, "
		    "replacing #%" PRIu64, pluto_pid, tu->name, n, old_ike);
		push(t, "pluto[%u]: \"%s\" #%" PRIu64 ": sent Main Mode I2",
		    pluto_pid, tu->name, n);
		push(t, "pluto[%u]: \"%s\" #%" PRIu64 ": sent Main Mode I3",
		    pluto_pid, tu->name, n);
		push(t, "pluto[%u]: \"%s\" #%" PRIu64 ": Peer ID is ID_FQDN: "
		    "'@%s.example.net'", pluto_pid, tu->name, n, tu->name);
		push(t + 1, "pluto[%u]: \"%s\" #%" PRIu64 ": IKE SA established "
		    "{auth=PRESHARED_KEY cipher=AES_CBC_256 integ=HMAC_SHA2_256 "
		    "group=MODP2048}", pluto_pid, tu->name, n);
		push(t + 20, "pluto[%u]: \"%s\" #%" PRIu64 ": deleting state "
		    "(STATE_MAIN_I4) aged %d.%06ds and sending notification",
		    pluto_pid, tu->name, old_ike, rng_range(28000, 28800),
		    rng_range(0, 999999));
	}
	tu->child_sa = n = pluto_serial++;
	push(t + 2, "pluto[%u]: \"%s\" #%" PRIu64 ": initiating Quick Mode "
	    "IKEv1+PSK+ENCRYPT+TUNNEL+PFS+UP+IKE_FRAG_ALLOW+ESN_NO to replace #%"
	    PRIu64 " {using isakmp#%" PRIu64 " msgid:%08x proposal="
	    "AES_CBC_256-HMAC_SHA2_256_128-MODP2048 pfsgroup=MODP2048}",
	    pluto_pid, tu->name, n, old_child, tu->ike_sa, (unsigned)rng());
	push(t + 2, "pluto[%u]: \"%s\" #%" PRIu64 ": sent Quick Mode request",
	    pluto_pid, tu->name, n);
	push(t + 2, "pluto[%u]: \"%s\" #%" PRIu64 ": IPsec SA established tunnel "
	    "mode {ESP=>0x%08x <0x%08x xfrm=AES_CBC_256-HMAC_SHA2_256_128-MODP2048"
	    " DPD=active}", pluto_pid, tu->name, n, (unsigned)rng(),
	    (unsigned)rng());
	push(t + 30, "pluto[%u]: \"%s\" #%" PRIu64 ": ESP traffic information: "
	    "in=%dKB out=%dKB", pluto_pid, tu->name, old_child,
	    rng_range(1, 90000), rng_range(1, 90000));
	push(t + 30, "pluto[%u]: \"%s\" #%" PRIu64 ": deleting state "
	    "(STATE_QUICK_I2) aged %d.%06ds and sending notification",
	    pluto_pid, tu->name, old_child, rng_range(3300, 3600),
	    rng_range(0, 999999));
}

/* A strongSwan IKEv2 Child SA rekey (and every 4th time an IKE SA rekey). */
static void
charon_block(struct tunnel *tu, double t)
{
	char		 p[LINE_MAX_LEN];
	uint64_t	 old = tu->child_sa, n, old_ike = tu->ike_sa;
	uint32_t	 oin = tu->spi_in, oout = tu->spi_out;

	tu->child_sa = n = charon_child++;
	tu->spi_in = (uint32_t)rng() | 0xc0000000u;
	tu->spi_out = (uint32_t)rng() | 0xc0000000u;
	push(t, "charon: %02d[KNL] creating rekey job for CHILD_SA ESP/0x%08x/"
	    "203.0.113.10", rng_range(1, 16), oin);
	charon_prefix(p, sizeof p, tu, "IKE");
	push(t, "%sestablishing CHILD_SA net{%" PRIu64 "} reqid %d", p, n,
	    tu->reqid);
	charon_prefix(p, sizeof p, tu, "ENC");
	push(t, "%sgenerating CREATE_CHILD_SA request %d [ N(REKEY_SA) SA No KE "
	    "TSi TSr ]", p, rng_range(2, 200));
	charon_prefix(p, sizeof p, tu, "NET");
	push(t, "%ssending packet: from 203.0.113.10[4500] to %s[4500] (480 "
	    "bytes)", p, tu->peer);
	push(t, "%sreceived packet: from %s[4500] to 203.0.113.10[4500] (464 "
	    "bytes)", p, tu->peer);
	charon_prefix(p, sizeof p, tu, "CFG");
	push(t, "%sselected proposal: ESP:AES_GCM_16_128/MODP_2048/NO_EXT_SEQ",
	    p);
	charon_prefix(p, sizeof p, tu, "IKE");
	push(t, "%sinbound CHILD_SA net{%" PRIu64 "} established with SPIs "
	    "%08x_i %08x_o and TS 10.%d.0.0/16 === 10.200.0.0/16", p, n,
	    tu->spi_in, tu->spi_out, tu->reqid);
	push(t, "%soutbound CHILD_SA net{%" PRIu64 "} established with SPIs "
	    "%08x_i %08x_o and TS 10.%d.0.0/16 === 10.200.0.0/16", p, n,
	    tu->spi_in, tu->spi_out, tu->reqid);
	push(t, "%sclosing CHILD_SA net{%" PRIu64 "} with SPIs %08x_i (%d bytes) "
	    "%08x_o (%d bytes) and TS 10.%d.0.0/16 === 10.200.0.0/16", p, old,
	    oin, rng_range(0, 9000000), oout, rng_range(0, 9000000), tu->reqid);
	push(t, "%ssending DELETE for ESP CHILD_SA with SPI %08x", p, oin);
	push(t, "%sCHILD_SA closed", p);

	if (++tu->rekeys >= 4) {
		tu->rekeys = 0;
		tu->ike_sa = charon_ike++;
		push(t + 600, "%sinitiating IKE_SA %s[%" PRIu64 "] to %s", p,
		    tu->name, tu->ike_sa, tu->peer);
		push(t + 600, "%sscheduling rekeying in %ds", p,
		    rng_range(12960, 14400));
		push(t + 600, "%smaximum IKE_SA lifetime %ds", p,
		    rng_range(15840, 15900));
		push(t + 600, "%sIKE_SA %s[%" PRIu64 "] rekeyed between "
		    "203.0.113.10[gw1.example.org]...%s[%s.example.net]", p,
		    tu->name, tu->ike_sa, tu->peer, tu->name);
		push(t + 600, "%sdeleting IKE_SA %s[%" PRIu64 "] between "
		    "203.0.113.10[gw1.example.org]...%s[%s.example.net]", p,
		    tu->name, old_ike, tu->peer, tu->name);
		push(t + 600, "%ssending DELETE for IKE_SA %s[%" PRIu64 "]", p,
		    tu->name, old_ike);
		push(t + 600, "%sIKE_SA deleted", p);
	}
}

/* A tunnel whose peer stops answering: retransmits, give-up, restart. */
static void
failure_block(struct tunnel *tu, double t)
{
	char	 p[LINE_MAX_LEN];
	int	 i;

	if (!tu->charon) {
		push(t, "pluto[%u]: \"%s\" #%" PRIu64 ": DPD action - restarting "
		    "all connections that share this peer", pluto_pid, tu->name,
		    tu->ike_sa);
		tu->ike_sa = pluto_serial++;
		push(t, "pluto[%u]: \"%s\" #%" PRIu64 ": initiating IKEv1 Main "
		    "Mode connection", pluto_pid, tu->name, tu->ike_sa);
		push(t, "pluto[%u]: \"%s\" #%" PRIu64 ": sent Main Mode request",
		    pluto_pid, tu->name, tu->ike_sa);
		for (i = 0; i < 7; i++)
			push(t + (1 << i) / 2.0, "pluto[%u]: \"%s\" #%" PRIu64
			    ": STATE_MAIN_I1: retransmission; will wait %d "
			    "seconds for response", pluto_pid, tu->name,
			    tu->ike_sa, 1 << i);
		push(t + 60, "pluto[%u]: \"%s\" #%" PRIu64 ": STATE_MAIN_I1: 60 "
		    "second timeout exceeded after 7 retransmits.  No response "
		    "(or no acceptable response) to our first IKEv1 message",
		    pluto_pid, tu->name, tu->ike_sa);
		return;
	}
	charon_prefix(p, sizeof p, tu, "IKE");
	push(t, "%ssending DPD request", p);
	for (i = 1; i <= 5; i++)
		push(t + 4 * i * i, "%sretransmit %d of request with message ID "
		    "%d", p, i, rng_range(2, 300));
	push(t + 165, "%sgiving up after 5 retransmits", p);
	push(t + 165, "%srestarting CHILD_SA net", p);
	tu->ike_sa = charon_ike++;
	charon_prefix(p, sizeof p, tu, "IKE");
	push(t + 165, "%sinitiating IKE_SA %s[%" PRIu64 "] to %s", p, tu->name,
	    tu->ike_sa, tu->peer);
	push(t + 166, "%sIKE_SA %s[%" PRIu64 "] established between "
	    "203.0.113.10[gw1.example.org]...%s[%s.example.net]", p, tu->name,
	    tu->ike_sa, tu->peer, tu->name);
	push(t + 166, "%sscheduling rekeying in %ds", p, rng_range(12960, 14400));
	tu->child_sa = charon_child++;
	push(t + 166, "%sCHILD_SA net{%" PRIu64 "} established with SPIs %08x_i "
	    "%08x_o and TS 10.%d.0.0/16 === 10.200.0.0/16", p, tu->child_sa,
	    tu->spi_in, tu->spi_out, tu->reqid);
}

/* Start-up lines of both IKE daemons. */
static void
daemon_start(double t)
{
	push(t, "pluto[%u]: Starting Pluto (Libreswan Version 4.10 IKEv2 IKEv1 "
	    "XFRM XFRMI esp-hw-offload FORK PTHREAD_SETSCHEDPRIO NSS (IPsec "
	    "profile) (NSS-KDF) DNSSEC SYSTEMD_WATCHDOG LIBCAP_NG AUTH_PAM) "
	    "pid:%u", pluto_pid, pluto_pid);
	push(t, "pluto[%u]: listening for IKE messages", pluto_pid);
	push(t, "charon: 00[DMN] Starting IKE charon daemon (strongSwan 5.9.8, "
	    "Linux 6.1.0-28-amd64, x86_64)");
	push(t, "charon: 00[JOB] spawning 16 worker threads");
}

/* Print usage and exit. */
static void
usage(void)
{
	fprintf(stderr, "usage: gen-log [-n lines] [-s seed] [-t tunnels] "
	    "[file]\n");
	exit(1);
}

/* Simulate the gateway line by line and write the log. */
int
main(int argc, char *argv[])
{
	FILE		*out = stdout;
	struct tunnel	*tu;
	struct pending	 pl;
	char		 ts[64], msg[LINE_MAX_LEN];
	long		 nlines = 1000000, i, nipsec = 0, last_rw = 0;
	uint64_t	 seed = 1;
	double		 noise_gap, t_noise;
	size_t		 bytes = 0;
	int		 ch, k, pick;

	while ((ch = getopt(argc, argv, "n:s:t:")) != -1) {
		switch (ch) {
		case 'n':
			nlines = strtol(optarg, NULL, 10);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 10);
			break;
		case 't':
			ntunnels = (int)strtol(optarg, NULL, 10);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1 || nlines <= 0)
		usage();
	if (argc == 1 && (out = fopen(argv[0], "w")) == NULL) {
		fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
		return (1);
	}
	if (ntunnels <= 0)
		ntunnels = 150;
	rng_state = seed;
	charon_ikename = (seed % 2) == 1;

	if ((tunnels = calloc((size_t)ntunnels, sizeof *tunnels)) == NULL) {
		perror("calloc");
		return (1);
	}
	now = START_TIME;
	daemon_start(now);
	for (k = 0; k < ntunnels; k++) {
		tu = &tunnels[k];
		tu->charon = k % 2;
		snprintf(tu->name, sizeof tu->name, "%s-%03d",
		    tu->charon ? "branch" : "site", k);
		snprintf(tu->peer, sizeof tu->peer, "198.18.%d.%d", k / 200,
		    k % 200 + 1);
		tu->reqid = k + 1;
		tu->due = now + 5 + rng_unit() * 3600;
		tu->rekeys = rng_range(0, 3);
		tu->ike_sa = tu->charon ? charon_ike++ : pluto_serial++;
		tu->child_sa = tu->charon ? charon_child++ : pluto_serial++;
		tu->spi_in = (uint32_t)rng() | 0xc0000000u;
		tu->spi_out = (uint32_t)rng() | 0xc0000000u;
	}

	/*
	 * Noise arrives as a Poisson process; its rate is chosen so that the
	 * IPsec blocks (about 10 lines per tunnel and hour) are 10% of the
	 * lines: 9 noise lines per IPsec line.
	 */
	noise_gap = 3600.0 / (ntunnels * 10.2 * 9.0);
	t_noise = now;
	for (i = 0; i < nlines; i++) {
		/* Tunnels due before the next noise line produce their block. */
		for (;;) {
			pick = -1;
			for (k = 0; k < ntunnels; k++) {
				if (tunnels[k].due <= t_noise &&
				    (pick < 0 || tunnels[k].due <
				    tunnels[pick].due))
					pick = k;
			}
			if (pick < 0)
				break;
			tu = &tunnels[pick];
			if (rng_range(0, 399) == 0)
				failure_block(tu, tu->due);
			else if (tu->charon)
				charon_block(tu, tu->due);
			else
				pluto_block(tu, tu->due);
			/* Hourly, minus the rekey margin and a random fuzz. */
			tu->due += 3600 - 540 * rng_unit() - 60;
		}
		if (nqueue > 0 && queue[0].t <= t_noise) {
			pl = pop();
			if (pl.t > now)
				now = pl.t;
			memcpy(msg, pl.text, sizeof msg);
			nipsec++;
		} else {
			now = t_noise;
			noise_line(msg, sizeof msg);
			t_noise += -log1p(-rng_unit()) * noise_gap;
		}
		stamp(ts, sizeof ts, now);
		bytes += (size_t)fprintf(out, "%s %s\n", ts, msg);
		/* A wrong-PSK road warrior knocks every ten minutes. */
		if ((long)now / 600 != last_rw) {
			last_rw = (long)now / 600;
			if (rng_range(0, 2) != 0)
				continue;
			push(now + 1, "charon: %02d[IKE] 192.0.2.%d is initiating "
			    "an IKE_SA", rng_range(1, 16), rng_range(2, 254));
			push(now + 1, "charon: %02d[IKE] tried 1 shared key for "
			    "'gw1.example.org' - 'rw.example.net', but MAC "
			    "mismatched", rng_range(1, 16));
		}
	}
	if (out != stdout && fclose(out) != 0) {
		perror("fclose");
		return (1);
	}
	fprintf(stderr, "gen-log: %ld lines, %zu bytes, %ld IPsec lines "
	    "(%.1f%%), %d tunnels, %.1f days\n", nlines, bytes, nipsec,
	    100.0 * (double)nipsec / (double)nlines, ntunnels,
	    (now - START_TIME) / 86400.0);
	free(tunnels);
	free(queue);
	return (0);
}
