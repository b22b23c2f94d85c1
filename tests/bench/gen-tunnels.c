/*
 * gen-tunnels.c - write a deterministic gateway log with many tunnels up
 * and rekeying at once, for the tracker's size benchmark (10,000 tunnels
 * must fit in 16 MB of peak RSS of the whole analyze process).
 *
 * Usage: gen-tunnels [-n TUNNELS] [-H HOURS] [FILE]
 * Defaults: 10,000 tunnels, 8 hours, standard output.
 *
 * Even tunnels are strongSwan charon IKEv2 tunnels (ipsec.conf style: the
 * Child SA has the connection's name), odd ones Libreswan 4.x pluto IKEv2
 * tunnels.  All come up within the first 10 minutes; each rekeys its
 * Child SA every hour and its IKE SA every 4 hours, make-before-break (new
 * SA first, then the old one deleted), with the line formats of the real
 * daemons (see tests/data/corpus).  No tunnel fails: analyze must report
 * 10,000 tunnels up and no alert.  The output is the same on every run.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define START_TIME	1795737600	/* 2026-11-27 00:00:00 UTC */
#define CHILD_EVERY	3600
#define IKE_EVERY	14400

struct gtunnel {
	uint64_t	 ike;		/* pluto #N / charon [N] of the IKE SA */
	uint64_t	 child;		/* pluto #N / charon {N} of the Child SA */
	uint32_t	 spi;
	int64_t		 next_child;
	int64_t		 next_ike;
};

static uint64_t	 pluto_serial = 1, charon_ike = 1, charon_child = 1;
static FILE	*out;

static void	 stamp(int64_t, const char *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static void	 up(struct gtunnel *, int, int64_t);
static void	 rekey_child(struct gtunnel *, int, int64_t);
static void	 rekey_ike(struct gtunnel *, int, int64_t);
static void	 usage(void);

/* Write one syslog line of a program at a time. */
static void
stamp(int64_t t, const char *prog, const char *fmt, ...)
{
	char		 ts[32];
	time_t		 s = (time_t)t;
	struct tm	 tm;
	va_list		 ap;

	gmtime_r(&s, &tm);
	strftime(ts, sizeof(ts), "%b %e %H:%M:%S", &tm);
	fprintf(out, "%s gw %s: ", ts, prog);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
}

/* The tunnel comes up. */
static void
up(struct gtunnel *g, int i, int64_t t)
{
	if (i % 2 == 0) {
		g->ike = charon_ike++;
		g->child = charon_child++;
		stamp(t, "charon", "09[IKE] initiating IKE_SA t%05d[%" PRIu64
		    "] to 10.%d.%d.1", i, g->ike, i / 256 % 256, i % 256);
		stamp(t, "charon",
		    "09[IKE] IKE_SA t%05d[%" PRIu64 "] established "
		    "between 192.0.2.1[gw.example]...10.%d.%d.1[peer%d.example]",
		    i, g->ike, i / 256 % 256, i % 256, i);
		stamp(t, "charon", "09[IKE] scheduling rekeying in %ds",
		    IKE_EVERY);
		stamp(t, "charon", "09[IKE] maximum IKE_SA lifetime %ds",
		    IKE_EVERY + 1440);
		stamp(t, "charon",
		    "09[IKE] CHILD_SA t%05d{%" PRIu64 "} established "
		    "with SPIs %08x_i %08x_o and TS 172.16.0.0/24 === 10.%d.%d.0/24",
		    i, g->child, g->spi, g->spi ^ 0x5a5a5a5a, i / 256 % 256,
		    i % 256);
	} else {
		g->ike = pluto_serial++;
		g->child = pluto_serial++;
		stamp(t, "pluto[4242]",
		    "\"t%05d\" #%" PRIu64 ": initiating IKEv2 "
		    "connection", i, g->ike);
		stamp(t, "pluto[4242]", "\"t%05d\" #%" PRIu64 ": initiator "
		    "established IKE SA; authenticated peer using authby=secret "
		    "and ID_FQDN '@peer%d'", i, g->ike, i);
		stamp(t, "pluto[4242]", "\"t%05d\" #%" PRIu64 ": initiator "
		    "established Child SA using #%" PRIu64 "; IPsec tunnel "
		    "[172.16.0.0-172.16.0.255:0-65535 0] -> [10.%d.%d.0-10.%d.%d.255:"
		    "0-65535 0] {ESP/ESN=>0x%08x <0x%08x xfrm=AES_GCM_16_256-NONE "
		    "DPD=passive}", i, g->child, g->ike, i / 256 % 256, i % 256,
		    i / 256 % 256, i % 256, g->spi, g->spi ^ 0x5a5a5a5a);
	}
	g->next_child = t + CHILD_EVERY;
	g->next_ike = t + IKE_EVERY;
}

/* Child SA rekey: new SA first, then the old one goes. */
static void
rekey_child(struct gtunnel *g, int i, int64_t t)
{
	uint64_t old = g->child;

	g->spi = g->spi * 1103515245u + 12345u;
	if (i % 2 == 0) {
		g->child = charon_child++;
		stamp(t, "charon",
		    "11[IKE] establishing CHILD_SA t%05d{%" PRIu64
		    "} reqid %d", i, g->child, i + 1);
		stamp(t, "charon",
		    "11[IKE] inbound CHILD_SA t%05d{%" PRIu64 "} "
		    "established with SPIs %08x_i %08x_o and TS 172.16.0.0/24 === "
		    "10.%d.%d.0/24", i, g->child, g->spi, g->spi ^ 0x5a5a5a5a,
		    i / 256 % 256, i % 256);
		stamp(t, "charon",
		    "11[IKE] outbound CHILD_SA t%05d{%" PRIu64 "} "
		    "established with SPIs %08x_i %08x_o and TS 172.16.0.0/24 === "
		    "10.%d.%d.0/24", i, g->child, g->spi, g->spi ^ 0x5a5a5a5a,
		    i / 256 % 256, i % 256);
		stamp(t, "charon",
		    "11[IKE] closing CHILD_SA t%05d{%" PRIu64 "} "
		    "with SPIs %08x_i (1512 bytes) %08x_o (0 bytes) and TS "
		    "172.16.0.0/24 === 10.%d.%d.0/24", i, old, g->spi + 1,
		    g->spi + 2, i / 256 % 256, i % 256);
	} else {
		g->child = pluto_serial++;
		stamp(t, "pluto[4242]",
		    "\"t%05d\" #%" PRIu64 ": initiator rekeyed "
		    "Child SA #%" PRIu64 " using #%" PRIu64 "; IPsec tunnel "
		    "[172.16.0.0-172.16.0.255:0-65535 0] -> [10.%d.%d.0-10.%d.%d.255:"
		    "0-65535 0] {ESP/ESN=>0x%08x <0x%08x xfrm=AES_GCM_16_256-NONE "
		    "DPD=passive}", i, g->child, old, g->ike, i / 256 % 256,
		    i % 256, i / 256 % 256, i % 256, g->spi,
		    g->spi ^ 0x5a5a5a5a);
		stamp(t, "pluto[4242]",
		    "\"t%05d\" #%" PRIu64 ": deleting state "
		    "(STATE_V2_ESTABLISHED_CHILD_SA) aged %d.000000s and sending "
		    "notification", i, old, CHILD_EVERY);
	}
	g->next_child = t + CHILD_EVERY;
}

/* IKE SA rekey: new SA first, then the old one goes. */
static void
rekey_ike(struct gtunnel *g, int i, int64_t t)
{
	uint64_t old = g->ike;

	if (i % 2 == 0) {
		g->ike = charon_ike++;
		stamp(t, "charon", "12[IKE] IKE_SA t%05d[%" PRIu64 "] rekeyed "
		    "between 192.0.2.1[gw.example]...10.%d.%d.1[peer%d.example]",
		    i, g->ike, i / 256 % 256, i % 256, i);
		stamp(t, "charon", "12[IKE] scheduling rekeying in %ds",
		    IKE_EVERY);
		stamp(t, "charon", "12[IKE] maximum IKE_SA lifetime %ds",
		    IKE_EVERY + 1440);
		stamp(t, "charon", "12[IKE] deleting IKE_SA t%05d[%" PRIu64 "] "
		    "between 192.0.2.1[gw.example]...10.%d.%d.1[peer%d.example]",
		    i, old, i / 256 % 256, i % 256, i);
	} else {
		g->ike = pluto_serial++;
		stamp(t, "pluto[4242]",
		    "\"t%05d\" #%" PRIu64 ": initiating rekey "
		    "to replace IKE SA #%" PRIu64, i, g->ike, old);
		stamp(t, "pluto[4242]",
		    "\"t%05d\" #%" PRIu64 ": initiator rekeyed "
		    "IKE SA #%" PRIu64 " {cipher=AES_CBC_256 integ=HMAC_SHA2_256_128 "
		    "prf=HMAC_SHA2_256 group=MODP2048}", i, g->ike, old);
		stamp(t, "pluto[4242]",
		    "\"t%05d\" #%" PRIu64 ": deleting state "
		    "(STATE_V2_ESTABLISHED_IKE_SA) aged %d.000000s and sending "
		    "notification", i, old, IKE_EVERY);
	}
	g->next_ike = t + IKE_EVERY;
}

/* Usage message. */
static void
usage(void)
{
	fprintf(stderr, "usage: gen-tunnels [-n TUNNELS] [-H HOURS] [FILE]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct gtunnel	*g;
	int		 n = 10000, hours = 8, ch, i;
	int64_t		 t, end;

	while ((ch = getopt(argc, argv, "n:H:")) != -1) {
		switch (ch) {
		case 'n':
			n = atoi(optarg);
			break;
		case 'H':
			hours = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (n < 1 || hours < 1 || argc > 1)
		usage();
	out = stdout;
	if (argc == 1 && (out = fopen(argv[0], "w")) == NULL) {
		perror(argv[0]);
		return (1);
	}
	if ((g = calloc((size_t)n, sizeof(*g))) == NULL) {
		perror("calloc");
		return (1);
	}
	stamp(START_TIME, "charon", "00[DMN] Starting IKE charon daemon "
	    "(strongSwan 5.9.8, Linux 6.1.0, x86_64)");
	stamp(START_TIME, "pluto[4242]",
	    "Starting Pluto (Libreswan Version 4.10 "
	    "IKEv2 IKEv1 XFRM NSS)");
	/* Up within the first 10 minutes, in order. */
	for (i = 0; i < n; i++) {
		g[i].spi = 0x10000000u + (uint32_t)i * 7919u;
		up(&g[i], i, START_TIME + 1 + (int64_t)i * 600 / n);
	}
	/* Then second by second: rekeys as they come due. */
	end = START_TIME + (int64_t)hours * 3600;
	for (t = START_TIME + 1; t <= end; t++) {
		for (i = 0; i < n; i++) {
			if (g[i].next_ike == t)
				rekey_ike(&g[i], i, t);
			if (g[i].next_child == t)
				rekey_child(&g[i], i, t);
		}
		if (t % 60 == 0)
			stamp(t, "CRON[777]",
			    "(root) CMD (command -v debian-sa1 > "
			    "/dev/null && debian-sa1 1 1)");
	}
	free(g);
	if (fflush(out) == EOF || (out != stdout && fclose(out) == EOF)) {
		perror("write");
		return (1);
	}
	return (0);
}
