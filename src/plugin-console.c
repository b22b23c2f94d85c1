/*
 * plugin-console.c - the console receiver: prints each notification to
 * standard output (foreground runs and demos).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ipsecwatch-plugin.h"
#include "plugin-text.h"

struct console {
	const struct ipsecwatch_host	*host;
};

static void	*console_init(const struct ipsecwatch_receiver *,
		    const struct ipsecwatch_host *, char **);
static int	 console_send(void *, const struct ipsecwatch_notification *,
		    ipsecwatch_done_fn, void *);
static void	 console_shutdown(void *);

const struct ipsecwatch_plugin_ops ipsecwatch_plugin = {
	.abi_version = IPSECWATCH_PLUGIN_ABI,
	.name = "console",
	.init = console_init,
	.send = console_send,
	.shutdown = console_shutdown,
};

/* Create an instance (no settings). */
static void *
console_init(const struct ipsecwatch_receiver *rcv, const struct ipsecwatch_host *host,
    char **error)
{
	struct console	*c;

	c = ptext_alloc(sizeof *c);
	c->host = host;
	return (c);
}

/* Print subject and body; done at once. */
static int
console_send(void *inst, const struct ipsecwatch_notification *n,
    ipsecwatch_done_fn done, void *arg)
{
	char	*subject, *body;
	int	 ok;

	subject = ptext_subject(n);
	body = ptext_body(n);
	ok = printf("==== %s\n%s\n", subject, body) >= 0 && fflush(stdout) == 0;
	free(subject);
	free(body);
	done(arg, ok, 0, ok ? "printed" : "cannot write to standard output");
	return (0);
}

/* Free the instance. */
static void
console_shutdown(void *inst)
{
	free(inst);
}
