/*
 * parse-envelope.c - the syslog envelopes around an IKE daemon's message.
 *
 * Forms understood (an optional "<PRI>" may precede any of them):
 *   RFC 3164     Nov 27 22:49:46 host prog[pid]: msg   ("Nov  7" too;
 *                host may be missing; a "facility.priority" field may
 *                follow the host; "prog:" without pid)
 *   busybox      Fri Nov 27 22:49:46 2026 fac.pri prog[pid]: msg
 *                (OpenWrt's logread: ctime form with the year)
 *   RFC 5424     1 2026-11-27T22:49:46.123Z host app procid msgid [sd] msg
 *   rsyslog      2026-11-27T22:49:46.123456+01:00 host prog[pid]: msg
 *   IPCop viewer 22:49:47 pluto[585] "abc" #624: msg   (time of day only)
 *   Libreswan    Nov 18 14:49:43.848976: "conn" #5: msg   (logfile=)
 *   strongSwan   Nov 18 14:49:43 09[IKE] <conn|1> msg   (filelog with
 *                time_format = %b %e %T, the documented example; also
 *                with time_add_ms, and with an ISO 8601 date and time)
 *
 * Only positions and numbers are extracted here; turning the time into
 * microseconds (with the year inference) is done by parse.c, and only for
 * lines that passed the program filter.  Every access is bounds-checked.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "parse-internal.h"

static int	month_from_name(const char *);
static int	two_digits(const char *, int *);
static size_t	parse_hms(const char *, size_t, size_t, struct parse_raw *);
static size_t	parse_frac(const char *, size_t, size_t, struct parse_raw *);
static int	parse_prog_token(const char *, size_t, struct parse_raw *);
static int	is_prog_token(const char *, size_t);
static int	rfc3164_rest(const char *, size_t, size_t, struct parse_raw *);
static int	iso_time(const char *, size_t, size_t *, struct parse_raw *);
static int	rfc5424_rest(const char *, size_t, size_t, struct parse_raw *);
static size_t	next_space(const char *, size_t, size_t);
static int	filelog_rest(const char *, size_t, size_t, struct parse_raw *);
static int	filelog_any(const char *, size_t, struct parse_raw *);
static int	is_weekday(const char *);
static int	is_facility_priority(const char *, size_t);

/* Month number (1..12) of a three-letter English month name, 0 if none. */
static int
month_from_name(const char *s)
{
	switch (s[0]) {
	case 'J':
		if (s[1] == 'a' && s[2] == 'n')
			return (1);
		if (s[1] == 'u' && s[2] == 'n')
			return (6);
		if (s[1] == 'u' && s[2] == 'l')
			return (7);
		break;
	case 'F':
		if (s[1] == 'e' && s[2] == 'b')
			return (2);
		break;
	case 'M':
		if (s[1] == 'a' && s[2] == 'r')
			return (3);
		if (s[1] == 'a' && s[2] == 'y')
			return (5);
		break;
	case 'A':
		if (s[1] == 'p' && s[2] == 'r')
			return (4);
		if (s[1] == 'u' && s[2] == 'g')
			return (8);
		break;
	case 'S':
		if (s[1] == 'e' && s[2] == 'p')
			return (9);
		break;
	case 'O':
		if (s[1] == 'c' && s[2] == 't')
			return (10);
		break;
	case 'N':
		if (s[1] == 'o' && s[2] == 'v')
			return (11);
		break;
	case 'D':
		if (s[1] == 'e' && s[2] == 'c')
			return (12);
		break;
	}
	return (0);
}

/*
 * Whether a token is "facility.priority" or "<facility.severity>" in
 * numbers (busybox and some syslog templates print them; with no host
 * before them they must not be taken for one).
 */
static int
is_facility_priority(const char *t, size_t n)
{
	static const char *const fac[] = { "kern", "user", "mail", "daemon",
	    "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp",
	    "local0", "local1", "local2", "local3", "local4", "local5",
	    "local6", "local7" };
	static const char *const pri[] = { "emerg", "alert", "crit", "err",
	    "warn", "warning", "notice", "info", "debug" };
	const char	*dot;
	size_t		 k, fl;

	if (n >= 5 && t[0] == '<' && t[n - 1] == '>') {
		for (k = 1; k < n - 1; k++)
			if ((t[k] < '0' || t[k] > '9') && t[k] != '.')
				return (0);
		return (memchr(t, '.', n) != NULL);
	}
	if ((dot = memchr(t, '.', n)) == NULL)
		return (0);
	fl = (size_t)(dot - t);
	for (k = 0; k < sizeof(fac) / sizeof(fac[0]); k++)
		if (strlen(fac[k]) == fl && memcmp(t, fac[k], fl) == 0)
			break;
	if (k == sizeof(fac) / sizeof(fac[0]))
		return (0);
	for (k = 0; k < sizeof(pri) / sizeof(pri[0]); k++)
		if (strlen(pri[k]) == n - fl - 1 &&
		    memcmp(dot + 1, pri[k], n - fl - 1) == 0)
			return (1);
	return (0);
}

/* Whether s starts with a three-letter English weekday name. */
static int
is_weekday(const char *s)
{
	static const char	 days[] = "MonTueWedThuFriSatSun";
	size_t			 k;

	for (k = 0; k < sizeof(days) - 1; k += 3)
		if (memcmp(s, days + k, 3) == 0)
			return (1);
	return (0);
}

/* Two decimal digits into *v; 0 if they are not digits. */
static int
two_digits(const char *s, int *v)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return (0);
	*v = (s[0] - '0') * 10 + (s[1] - '0');
	return (1);
}

/* "hh:mm:ss" at offset i; the offset after it, or 0 if there is none. */
static size_t
parse_hms(const char *l, size_t len, size_t i, struct parse_raw *r)
{
	if (len < i + 8 || l[i + 2] != ':' || l[i + 5] != ':')
		return (0);
	if (!two_digits(l + i, &r->hour) || !two_digits(l + i + 3, &r->min) ||
	    !two_digits(l + i + 6, &r->sec))
		return (0);
	if (r->hour > 23 || r->min > 59 || r->sec > 60)
		return (0);
	r->has_time = 1;
	return (i + 8);
}

/* An optional ".ffffff" fraction at i; the offset after it. */
static size_t
parse_frac(const char *l, size_t len, size_t i, struct parse_raw *r)
{
	int	 digits = 0, us = 0;

	if (i >= len || l[i] != '.')
		return (i);
	i++;
	while (i < len && l[i] >= '0' && l[i] <= '9') {
		if (digits < 6) {
			us = us * 10 + (l[i] - '0');
			digits++;
		}
		i++;
	}
	while (digits++ < 6)
		us *= 10;
	r->usec = us;
	return (i);
}

/* The offset of the next space at or after i (len if none). */
static size_t
next_space(const char *l, size_t len, size_t i)
{
	const char	*sp;

	if (i >= len)
		return (len);
	sp = memchr(l + i, ' ', len - i);
	return (sp == NULL ? len : (size_t)(sp - l));
}

/*
 * Whether a token is a program field: "prog:", "prog[pid]:" (the colon is
 * what tells it from a host name or a facility.priority field).
 */
static int
is_prog_token(const char *t, size_t n)
{
	return (n >= 2 && t[n - 1] == ':');
}

/* Split "prog[pid]:" or "prog[pid]" or "prog:" into r->prog and r->pid. */
static int
parse_prog_token(const char *t, size_t n, struct parse_raw *r)
{
	const char	*br;
	uint32_t	 pid = 0;
	size_t		 i;

	if (n > 0 && t[n - 1] == ':')
		n--;
	if (n == 0)
		return (-1);
	br = memchr(t, '[', n);
	if (br == NULL) {
		r->prog = t;
		r->prog_len = n;
		return (0);
	}
	if (t[n - 1] != ']' || br == t)
		return (-1);
	for (i = (size_t)(br - t) + 1; i < n - 1; i++) {
		if (t[i] < '0' || t[i] > '9' || pid > 429496729)
			return (-1);
		pid = pid * 10 + (uint32_t)(t[i] - '0');
	}
	r->prog = t;
	r->prog_len = (size_t)(br - t);
	r->pid = pid;
	return (0);
}

/*
 * After an RFC 3164 (or rsyslog ISO) timestamp: "[host] [fac.pri] prog: msg".
 * i points at the first byte after the timestamp's space.
 */
static int
rfc3164_rest(const char *l, size_t len, size_t i, struct parse_raw *r)
{
	size_t	 e, k;

	/* An empty host leaves several spaces ("Jul  4 08:35:07   pluto[1]:"). */
	while (i < len && l[i] == ' ')
		i++;
	for (k = 0; k < 3 && i < len; k++) {
		e = next_space(l, len, i);
		if (is_prog_token(l + i, e - i)) {
			if (parse_prog_token(l + i, e - i, r) == -1)
				return (-1);
			r->msg = l + (e < len ? e + 1 : len);
			r->msg_len = len - (size_t)(r->msg - l);
			return (0);
		}
		/*
		 * Not a program: a facility.priority field (before or after
		 * the host), else the host; a second non-program token must
		 * at least look like "fac.pri".
		 */
		if (is_facility_priority(l + i, e - i))
			;
		else if (r->host == NULL) {
			r->host = l + i;
			r->host_len = e - i;
		} else if (memchr(l + i, '.', e - i) == NULL)
			return (-1);
		i = e + 1;
	}
	return (-1);
}

/*
 * After a timestamp: charon's own file logger writes the message right
 * after the time, "09[IKE] ...", with no host and no program.  0 if so.
 */
static int
filelog_rest(const char *l, size_t len, size_t i, struct parse_raw *r)
{
	if (!parse_charon_body(l + i, len - i))
		return (-1);
	r->logfile = PARSE_LOGFILE_CHARON;
	r->msg = l + i;
	r->msg_len = len - i;
	return (0);
}

/*
 * charon's file logger with a time_format of the admin's choosing
 * ("Mon, 2021-05-10, 16:19:17 09[IKE] ..."): the message starts at the
 * first "NN[GRP]" after a space within FILELOG_MAX_PREFIX bytes, and the
 * text before it must hold a time of day.  The time is read from it, the
 * date too when it is "YYYY-MM-DD" or "Mmm dd"; without a date the line
 * counts as time of day only.  0 if the line has this form.
 */
#define FILELOG_MAX_PREFIX	48
static int
filelog_any(const char *l, size_t len, struct parse_raw *r)
{
	size_t	 p, i, end;
	int	 y1, y2;

	for (p = 1; p < len && p <= FILELOG_MAX_PREFIX; p++) {
		if (l[p - 1] == ' ' && l[p] >= '0' && l[p] <= '9' &&
		    parse_charon_body(l + p, len - p))
			break;
	}
	if (p >= len || p > FILELOG_MAX_PREFIX)
		return (-1);
	memset(r, 0, sizeof(*r));
	for (i = 0; i + 8 <= p && !r->has_time; i++) {
		if ((end = parse_hms(l, p, i, r)) != 0)
			parse_frac(l, p, end, r);
	}
	if (!r->has_time)
		return (-1);
	for (i = 0; i + 10 <= p; i++) {
		if (l[i + 4] == '-' && l[i + 7] == '-' &&
		    two_digits(l + i, &y1) && two_digits(l + i + 2, &y2) &&
		    two_digits(l + i + 5, &r->mon) &&
		    two_digits(l + i + 8, &r->mday) && r->mon >= 1 &&
		    r->mon <= 12 && r->mday >= 1 && r->mday <= 31) {
			r->year = y1 * 100 + y2;
			break;
		}
		r->mon = r->mday = 0;
	}
	for (i = 0; r->mon == 0 && i + 6 <= p; i++) {
		if ((i == 0 || l[i - 1] == ' ') && l[i + 3] == ' ' &&
		    (r->mon = month_from_name(l + i)) != 0) {
			if (l[i + 4] == ' ' && l[i + 5] >= '1' && l[i + 5] <= '9')
				r->mday = l[i + 5] - '0';
			else if (!two_digits(l + i + 4, &r->mday))
				r->mday = 0;
			if (r->mday < 1 || r->mday > 31)
				r->mon = r->mday = 0;
		}
	}
	r->logfile = PARSE_LOGFILE_CHARON;
	r->msg = l + p;
	r->msg_len = len - p;
	return (0);
}

/*
 * ISO 8601 date and time at *ip ("2026-11-27T22:49:46[.f][Z|+hh:mm]");
 * advances *ip past it.  0 on success.
 */
static int
iso_time(const char *l, size_t len, size_t *ip, struct parse_raw *r)
{
	size_t	 i = *ip;
	int	 y1, y2, oh, om;

	if (len < i + 19 || l[i + 4] != '-' || l[i + 7] != '-' ||
	    (l[i + 10] != 'T' && l[i + 10] != ' '))
		return (-1);
	if (!two_digits(l + i, &y1) || !two_digits(l + i + 2, &y2) ||
	    !two_digits(l + i + 5, &r->mon) || !two_digits(l + i + 8, &r->mday))
		return (-1);
	r->year = y1 * 100 + y2;
	if (r->mon < 1 || r->mon > 12 || r->mday < 1 || r->mday > 31)
		return (-1);
	if ((i = parse_hms(l, len, i + 11, r)) == 0)
		return (-1);
	i = parse_frac(l, len, i, r);
	if (i < len && l[i] == 'Z') {
		r->has_offset = 1;
		i++;
	} else if (i + 6 <= len && (l[i] == '+' || l[i] == '-') &&
	    two_digits(l + i + 1, &oh) && l[i + 3] == ':' &&
	    two_digits(l + i + 4, &om)) {
		r->has_offset = 1;
		r->offset = (oh * 3600L + om * 60L) * (l[i] == '-' ? -1 : 1);
		i += 6;
	}
	*ip = i;
	return (0);
}

/* After the RFC 5424 timestamp: "host app procid msgid sd [msg]". */
static int
rfc5424_rest(const char *l, size_t len, size_t i, struct parse_raw *r)
{
	size_t	 e, k, app = 0, app_len = 0;
	uint32_t pid = 0;
	int	 inq;

	for (k = 0; k < 4; k++) {
		if (i >= len)
			return (-1);
		e = next_space(l, len, i);
		if (k == 0 && !(e - i == 1 && l[i] == '-')) {
			r->host = l + i;
			r->host_len = e - i;
		} else if (k == 1 && !(e - i == 1 && l[i] == '-')) {
			app = i;
			app_len = e - i;
		} else if (k == 2) {
			size_t	 j;

			for (j = i; j < e && l[j] >= '0' && l[j] <= '9' &&
			    pid <= 429496729; j++)
				pid = pid * 10 + (uint32_t)(l[j] - '0');
			if (j != e)
				pid = 0;
		}
		i = e + 1;
	}
	/* Structured data: "-" or one or more "[...]" with quoted values. */
	if (i < len && l[i] == '-')
		i++;
	else {
		while (i < len && l[i] == '[') {
			inq = 0;
			for (i++; i < len; i++) {
				if (inq && l[i] == '\\') {
					i++;
					continue;
				}
				if (l[i] == '"')
					inq = !inq;
				else if (!inq && l[i] == ']')
					break;
			}
			if (i >= len)
				return (-1);
			i++;
		}
	}
	if (i < len && l[i] == ' ')
		i++;
	if (i + 3 <= len && (unsigned char)l[i] == 0xef &&
	    (unsigned char)l[i + 1] == 0xbb && (unsigned char)l[i + 2] == 0xbf)
		i += 3;
	if (i > len)
		i = len;
	r->prog = l + app;
	r->prog_len = app_len;
	r->pid = pid;
	r->msg = l + i;
	r->msg_len = len - i;
	return (0);
}

/*
 * Split a line into its envelope parts.  0 on success, -1 if the line has
 * no envelope this parser knows.
 */
int
parse_envelope_raw(const char *l, size_t len, struct parse_raw *r)
{
	size_t	 i = 0, j;
	int	 ctime_form = 0, y1, y2;

	memset(r, 0, sizeof(*r));
	/* Optional "<PRI>". */
	if (len > 0 && l[0] == '<') {
		for (j = 1; j < len && j < 5 && l[j] >= '0' && l[j] <= '9'; j++)
			;
		if (j < len && j > 1 && l[j] == '>')
			i = j + 1;
	}
	if (len < i + 9)
		return (-1);

	/* busybox (ctime): "Www Mmm dd hh:mm:ss yyyy"; the weekday is skipped. */
	if (len >= i + 26 && l[i + 3] == ' ' && l[i + 7] == ' ' &&
	    is_weekday(l + i) && month_from_name(l + i + 4) != 0) {
		ctime_form = 1;
		i += 4;
	}

	/* RFC 3164: "Mmm dd hh:mm:ss". */
	if (len >= i + 16 && l[i + 3] == ' ' &&
	    (r->mon = month_from_name(l + i)) != 0) {
		if (l[i + 4] == ' ' && l[i + 5] >= '1' && l[i + 5] <= '9')
			r->mday = l[i + 5] - '0';
		else if (!two_digits(l + i + 4, &r->mday))
			return (-1);
		if (r->mday < 1 || r->mday > 31 || l[i + 6] != ' ')
			return (-1);
		if ((j = parse_hms(l, len, i + 7, r)) == 0)
			return (-1);
		j = parse_frac(l, len, j, r);
		if (ctime_form) {
			if (j + 6 > len || l[j] != ' ' || l[j + 5] != ' ' ||
			    !two_digits(l + j + 1, &y1) ||
			    !two_digits(l + j + 3, &y2))
				return (-1);
			r->year = y1 * 100 + y2;
			j += 5;
		}
		if (j < len && l[j] == ':') {
			/* Libreswan logfile=: "Nov 18 14:49:43.848976: msg". */
			r->logfile = PARSE_LOGFILE_PLUTO;
			j++;
			if (j < len && l[j] == ' ')
				j++;
			r->msg = l + j;
			r->msg_len = len - j;
			return (0);
		}
		if (j >= len || l[j] != ' ')
			return (-1);
		if (filelog_rest(l, len, j + 1, r) == 0)
			return (0);
		return (rfc3164_rest(l, len, j + 1, r));
	}

	/* IPCop viewer: "hh:mm:ss prog[pid] msg" (time of day only). */
	if (l[i + 2] == ':' && l[i + 5] == ':') {
		if ((j = parse_hms(l, len, i, r)) == 0)
			return (-1);
		j = parse_frac(l, len, j, r);
		if (j >= len || l[j] != ' ')
			return (-1);
		i = j + 1;
		if (filelog_rest(l, len, i, r) == 0)
			return (0);
		j = next_space(l, len, i);
		if (parse_prog_token(l + i, j - i, r) == -1)
			return (-1);
		r->msg = l + (j < len ? j + 1 : len);
		r->msg_len = len - (size_t)(r->msg - l);
		return (0);
	}

	/* RFC 5424: "1 <ISO or -> host app procid msgid sd msg". */
	if (l[i] >= '1' && l[i] <= '9' && l[i + 1] == ' ') {
		i += 2;
		if (i < len && l[i] == '-') {
			i++;
		} else if (iso_time(l, len, &i, r) == -1)
			return (-1);
		if (i >= len || l[i] != ' ')
			return (-1);
		return (rfc5424_rest(l, len, i + 1, r));
	}

	/* rsyslog high-precision: "2026-11-27T22:49:46.123456+01:00 host ...". */
	if (iso_time(l, len, &i, r) == 0) {
		if (i >= len || l[i] != ' ')
			return (-1);
		if (filelog_rest(l, len, i + 1, r) == 0)
			return (0);
		return (rfc3164_rest(l, len, i + 1, r));
	}
	return (filelog_any(l, len, r));
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
int64_t
parse_days_from_civil(int y, int m, int d)
{
	int64_t	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468);
}
