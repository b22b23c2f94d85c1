/*
 * fuzz-conf.c - libFuzzer target for the configuration loader: the input
 * is written to a private file and loaded; a load must return either a
 * config and no message or no config and at least one message.
 *
 * Run (with a copy of the corpus: libFuzzer adds files to it):
 *	cp -r tests/conf/good /tmp/c
 *	./tests/fuzz/fuzz-conf -max_total_time=120 /tmp/c
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "causes.h"
#include "conf.h"
#include "log.h"

int		 LLVMFuzzerTestOneInput(const uint8_t *, size_t);
const char	*__lsan_default_suppressions(void);

static char	 path[64];

/* libconfig 1.5 leaks on some syntax errors inside strings; not ours. */
const char *
__lsan_default_suppressions(void)
{
	return ("leak:libconfig.so\n");
}

/* Remove the private file at exit. */
static void
cleanup(void)
{
	if (path[0] != '\0')
		unlink(path);
}

/* Write the input to the private file, load it, check the outcome. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct causes		 c;
	struct iw_config	*cf;
	FILE			*f;

	if (path[0] == '\0') {
		int	 fd;

		snprintf(path, sizeof path, "/tmp/fuzz-conf.XXXXXX");
		if ((fd = mkstemp(path)) == -1)
			abort();
		close(fd);
		atexit(cleanup);
		log_init(LOG_TO_STDERR, 0, "fuzz-conf");
	}
	if ((f = fopen(path, "w")) == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, f) != size)
		abort();
	if (fclose(f) != 0)
		abort();
	causes_init(&c);
	cf = conf_load(path, &c);
	if ((cf != NULL) != (c.n == 0))
		abort();
	conf_free(cf);
	causes_free(&c);
	return (0);
}
