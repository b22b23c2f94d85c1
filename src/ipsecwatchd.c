/*
 * ipsecwatchd.c - main() of the daemon: options and the startup sequence.
 *
 * Startup runs in a fixed order, each step relying on the ones before:
 *
 *   1. read the config (errors to stderr; -n stops here);
 *   2. open what needs privilege: every module's open hook (daemon.c),
 *      the status socket today;
 *   3. drop privileges to the configured user and group, with
 *      initgroups() so that supplementary groups such as adm and
 *      systemd-journal (reading logs) are kept;
 *   4. detach, unless -f or started by systemd, keeping a pipe to the
 *      starting process so startup errors still reach the terminal and
 *      make its exit status non-zero;
 *   5. write the pid file, refusing while another live instance holds it;
 *   6. start the modules on the event base, send READY=1, run the loop.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <getopt.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <event2/event.h>
#include <jansson.h>
#include <libconfig.h>

#include "causes.h"
#include "conf.h"
#include "daemon.h"
#include "log.h"
#include "notify.h"
#include "pidfile.h"
#include "xmalloc.h"

#define DEFAULT_CONFIG	SYSCONFDIR "/ipsecwatch/ipsecwatch.conf"
#define JOURNAL_SOCKET	"/run/systemd/journal/socket"

static int	startup_fd = -1;	/* pipe to the starting process while detaching */

static void	usage(int) __attribute__((noreturn));
static void	version(void);
static void	print_causes(const struct causes *);
static int	drop_privileges(const struct iw_config *, struct causes *);
static int	detach(void);
static void	startup_failed(struct daemon *, struct causes *) __attribute__((noreturn));

/* Print usage and exit. */
static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: ipsecwatchd [-dfhnV] [-c file]\n"
	    "  -c file  configuration file (default %s)\n"
	    "  -d       debug logging\n"
	    "  -f       stay in the foreground, log to stderr\n"
	    "  -h       this help\n"
	    "  -n       check the configuration and exit\n"
	    "  -V       print the version and the library versions\n",
	    DEFAULT_CONFIG);
	exit(status);
}

/* Print our version and those of the libraries we run with. */
static void
version(void)
{
	printf("ipsecwatchd %s\n", PACKAGE_VERSION);
	printf("libevent %s\n", event_get_version());
	printf("libcurl %s\n", curl_version_info(CURLVERSION_NOW)->version);
	printf("libconfig %d.%d.%d\n", LIBCONFIG_VER_MAJOR, LIBCONFIG_VER_MINOR,
	    LIBCONFIG_VER_REVISION);
#if JANSSON_VERSION_HEX >= 0x020d00
	printf("jansson %s\n", jansson_version_str());
#else
	printf("jansson %s\n", JANSSON_VERSION);
#endif
#if defined(HAVE_LIBSYSTEMD) && defined(LIBSYSTEMD_VERSION)
	printf("libsystemd %s\n", LIBSYSTEMD_VERSION);
#elif defined(HAVE_LIBSYSTEMD)
	printf("libsystemd yes\n");
#else
	printf("libsystemd no (built --without-systemd)\n");
#endif
}

/* Write every collected error to stderr (or the log once detached). */
static void
print_causes(const struct causes *c)
{
	size_t	 i;

	for (i = 0; i < c->n; i++) {
		if (log_get_target() == LOG_TO_STDERR)
			fprintf(stderr, "%s\n", c->msg[i]);
		else
			log_warnx("%s", c->msg[i]);
	}
}

/*
 * Become the configured user and group.  Nothing to do without a user;
 * never keep root when one is configured.
 */
static int
drop_privileges(const struct iw_config *conf, struct causes *c)
{
	struct passwd	*pw;
	struct group	*gr;
	uid_t		 uid;
	gid_t		 gid;
	char		*user;

	if (conf->user == NULL) {
		if (conf->group != NULL)
			log_warnx("group \"%s\" is ignored without a user",
			    conf->group);
		if (geteuid() == 0)
			log_info("no user configured: running as root");
		return (0);
	}
	if ((pw = getpwnam(conf->user)) == NULL) {
		causes_add(c, "%s: user \"%s\": no such user", conf->path, conf->user);
		return (-1);
	}
	uid = pw->pw_uid;
	gid = pw->pw_gid;
	user = xstrdup(pw->pw_name);
	if (conf->group != NULL) {
		if ((gr = getgrnam(conf->group)) == NULL) {
			causes_add(c, "%s: group \"%s\": no such group", conf->path,
			    conf->group);
			goto fail;
		}
		gid = gr->gr_gid;
	}
	if (uid == 0) {
		causes_add(c, "%s: user \"%s\" is root: refusing to keep root "
		    "privileges; name an unprivileged user or leave user unset",
		    conf->path, conf->user);
		goto fail;
	}
	if (geteuid() != 0) {
		/* Started as that user already (systemd User=): nothing to drop. */
		if (geteuid() == uid) {
			free(user);
			return (0);
		}
		causes_add(c, "cannot become user \"%s\": not started as root",
		    conf->user);
		goto fail;
	}
	/* Supplementary groups first, then the group, then the user. */
	if (initgroups(user, gid) == -1) {
		causes_add(c, "initgroups %s: %s", user, strerror(errno));
		goto fail;
	}
	if (setresgid(gid, gid, gid) == -1) {
		causes_add(c, "setresgid %ld: %s", (long)gid, strerror(errno));
		goto fail;
	}
	if (setresuid(uid, uid, uid) == -1) {
		causes_add(c, "setresuid %ld: %s", (long)uid, strerror(errno));
		goto fail;
	}
	/* Paranoia: root must be gone for good. */
	if (setuid(0) != -1 || geteuid() != uid || getuid() != uid) {
		causes_add(c, "could not drop root privileges");
		goto fail;
	}
	log_info("running as user %s (uid %ld, gid %ld)", user, (long)uid,
	    (long)gid);
	free(user);
	return (0);

fail:
	free(user);
	return (-1);
}

/*
 * Go to the background.  The starting process waits on a pipe: the
 * daemon writes its fatal startup errors there (log.c) and a NUL byte
 * once it is ready; the starter copies the errors to stderr and exits 0
 * only after the NUL.  Returns the daemon's end of the pipe.
 */
static int
detach(void)
{
	char	 buf[512];
	ssize_t	 n, i;
	pid_t	 pid;
	int	 p[2], fd, ready = 0, status;

	if (pipe2(p, O_CLOEXEC) == -1)
		fatal("pipe");
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1)
		fatal("fork");
	if (pid > 0) {
		close(p[1]);
		for (;;) {
			n = read(p[0], buf, sizeof buf);
			if (n == -1 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			for (i = 0; i < n; i++) {
				if (buf[i] == '\0')
					ready = 1;
				else
					fputc(buf[i], stderr);
			}
		}
		(void)waitpid(pid, &status, 0);
		/* The daemon owns everything allocated so far: no atexit work here. */
		fflush(stderr);
		_exit(ready ? 0 : 1);
	}
	close(p[0]);
	if (setsid() == -1)
		fatal("setsid");
	if ((pid = fork()) == -1)
		fatal("fork");
	if (pid > 0)
		_exit(0);
	if (chdir("/") == -1)
		fatal("chdir /");
	if ((fd = open("/dev/null", O_RDWR)) != -1) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
	return (p[1]);
}

/* Undo the startup so far and exit 1 with every error logged. */
static void
startup_failed(struct daemon *d, struct causes *c)
{
	size_t	 i;

	for (i = 0; i < c->n; i++) {
		log_warnx("%s", c->msg[i]);
		/* The starter shows every reason, not only the final line. */
		if (startup_fd != -1)
			dprintf(startup_fd, "%s\n", c->msg[i]);
	}
	causes_free(c);
	if (d != NULL)
		daemon_free(d);
	fatalx("startup failed");
}

/* Options, then the startup sequence described at the top. */
int
main(int argc, char **argv)
{
	const char		*conf_path = DEFAULT_CONFIG;
	struct iw_config	*conf;
	struct daemon		*d;
	struct causes		 c;
	char			 line[256];
	pid_t			 other;
	bool			 foreground = false, check = false, supervised;
	int			 ch, debug = 0;

	while ((ch = getopt(argc, argv, "c:dfhnV")) != -1) {
		switch (ch) {
		case 'c':
			conf_path = optarg;
			break;
		case 'd':
			debug = 1;
			break;
		case 'f':
			foreground = true;
			break;
		case 'h':
			usage(0);
		case 'n':
			check = true;
			break;
		case 'V':
			version();
			return (0);
		default:
			usage(1);
		}
	}
	if (optind != argc)
		usage(1);

	log_init(LOG_TO_STDERR, debug, IW_LOG_IDENT);
	causes_init(&c);

	/* 1. The config. */
	if ((conf = conf_load(conf_path, &c)) == NULL ||
	    daemon_conf_check(conf, &c) == -1) {
		print_causes(&c);
		causes_free(&c);
		conf_free(conf);
		return (1);
	}
	if (check) {
		printf("configuration OK\n");
		conf_free(conf);
		return (0);
	}
	/* Refuse early, before touching the socket, when one is running. */
	if ((other = pidfile_running(conf->pidfile)) != 0) {
		fprintf(stderr, "%s: another ipsecwatchd is running (pid %ld)\n",
		    conf->pidfile, (long)other);
		conf_free(conf);
		return (1);
	}
	supervised = getenv("NOTIFY_SOCKET") != NULL ||
	    getenv("INVOCATION_ID") != NULL;
	d = daemon_new(conf, conf_path, foreground, supervised);

	/* 2. What needs privilege. */
	if (daemon_open(d, &c) == -1)
		startup_failed(d, &c);

	/* 3. Privileges. */
	if (drop_privileges(d->conf, &c) == -1)
		startup_failed(d, &c);

	/* 4. Detach, and choose where the log goes. */
	if (foreground)
		log_init(LOG_TO_STDERR, debug, IW_LOG_IDENT);
	else if (supervised) {
		/*
		 * Some supervisors speak sd_notify without a journal (containers,
		 * s6): there stderr is what they collect.
		 */
		if (access(JOURNAL_SOCKET, W_OK) == 0)
			log_init(LOG_TO_JOURNAL, debug, IW_LOG_IDENT);
		else
			log_init(LOG_TO_STDERR, debug, IW_LOG_IDENT);
	}
	else {
		startup_fd = detach();
		log_init(LOG_TO_SYSLOG, debug, IW_LOG_IDENT);
		log_set_startup_fd(startup_fd);
	}

	/* 5. The pid file, 6. the loop. */
	if (pidfile_write(d->conf->pidfile, &c) == -1)
		startup_failed(d, &c);
	if (daemon_start(d, &c) == -1) {
		pidfile_remove(d->conf->pidfile);
		startup_failed(d, &c);
	}
	daemon_status_line(d, line, sizeof line);
	notify_ready(line);
	log_info("ipsecwatchd %s started (pid %ld, configuration %s)",
	    PACKAGE_VERSION, (long)getpid(), d->conf_path);
	if (startup_fd != -1) {
		(void)write(startup_fd, "", 1);
		close(startup_fd);
		log_set_startup_fd(-1);
	}

	daemon_loop(d);

	pidfile_remove(d->conf->pidfile);
	daemon_free(d);
	causes_free(&c);
	log_info("stopped");
	return (0);
}
