/*
 * conf-private.h - what the files of the configuration loader share:
 * the state of one load, the key tables and the functions one file of
 * conf*.c calls in another.  Not for callers of conf.h.
 */
#ifndef CONF_PRIVATE_H
#define CONF_PRIVATE_H

#include <sys/types.h>

#include <libconfig.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"

#define CONF_DUR_MAX	(366 * 86400)	/* no duration setting is longer than a year */
#define NOSTORE		SIZE_MAX	/* key.off: checked, not stored (caller reads it) */

/* What a key of a group holds. */
enum ktype {
	KT_STR,		/* non-empty string */
	KT_PATH,	/* absolute path */
	KT_BOOL,
	KT_INT,		/* int in [min, max] */
	KT_DUR,		/* duration in [min, max] seconds */
	KT_SIZE,	/* byte size ("16M") in [min, max], kept as int64_t */
	KT_STRV,	/* list of non-empty strings (or one string) */
	KT_LANG,	/* en | de */
	KT_SEV,		/* info | warning | critical */
	KT_CHOICE,	/* one of choices[], kept as a string */
	KT_MODE,	/* octal string such as "0660" */
	KT_SECRET,	/* string that must stay secret */
	KT_SUB,		/* handled by a function */
};

struct ctx;

/* One known key of a group. */
struct key {
	const char		*name;
	enum ktype		 type;
	size_t			 off;	/* offset of the field in the target */
	size_t			 noff;	/* KT_STRV: offset of the count */
	int64_t			 min;
	int64_t			 max;
	const char *const	*choices;
	void			(*sub)(struct ctx *, config_setting_t *, const char *);
};

/* State of one load. */
struct ctx {
	struct causes		*causes;
	const char		*path;	/* main file, as given */
	char			*dir;	/* include directory, NULL: the cwd */
	struct iw_config	*cf;
	uid_t			 uid;	/* who may own secret files besides root */
	size_t			 base;	/* causes->n when the load began */
	int			*lines;	/* line of each message since base */
	char			**files;/* file of each message since base */
	size_t			 nmsg;
};

/*
 * A list of groups whose elements carry a unique name (inputs, receivers,
 * diagnostics): how to check one element and how to word a duplicate.
 */
struct conf_list {
	const char	*what;		/* "receiver" in "duplicate receiver name" */
	size_t		 size;		/* of one element */
	size_t		 name_off;	/* of its char *name */
	size_t		 line_off;	/* of its int line */
	bool		 at_name;	/* report a duplicate at its name setting */
	const char	*hint;		/* appended to the duplicate message */
	void		(*elem)(struct ctx *, config_setting_t *, const char *,
			    void *);
};

/* Keys of a receiver; the plugin masks in conf-receiver.c use the order. */
enum {
	RK_NAME, RK_PLUGIN, RK_MINSEV, RK_KINDS, RK_TUNNELS, RK_RATE, RK_LANG,
	RK_URL, RK_FROM, RK_TO, RK_USER, RK_PASS, RK_PASSFILE, RK_STARTTLS,
	RK_FORMAT, RK_HEADERS, RK_TOKEN, RK_TOKENFILE, RK_CAFILE, RK_TLSVERIFY,
	RK_TIMEOUT, RK_COMMAND, RK__N
};

/* Keys of a diagnostic command. */
enum { DK_NAME, DK_COMMAND, DK_TIMEOUT, DK__N };

extern const struct key receiver_keys[];
extern const struct key diag_keys[];

/* conf.c */
void	 conf_err(struct ctx *, const config_setting_t *, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
char	*conf_file_of(struct ctx *, const config_setting_t *);
char	*conf_key_path(const char *, const char *);
void	 conf_scan(struct ctx *, config_setting_t *, const char *,
	    const struct key *, void *, config_setting_t **);
void	*conf_list(struct ctx *, config_setting_t *, const char *,
	    const struct conf_list *, size_t *);

/* conf-value.c */
void	 conf_set(struct ctx *, config_setting_t *, const char *,
	    const struct key *, void *);
const char *conf_type_name(const config_setting_t *);
void	 conf_strv_free(char **, size_t);
void	 conf_join(char **, const char *);

/* conf-secret.c */
void	 conf_receiver_secrets(struct ctx *, config_setting_t **, const char *,
	    struct receiver_config *);
void	 conf_strv_freezero(char **, size_t);

/* conf-receiver.c */
void	 conf_top_receivers(struct ctx *, config_setting_t *, const char *);
void	 conf_top_diagnostics(struct ctx *, config_setting_t *, const char *);

#endif /* CONF_PRIVATE_H */
