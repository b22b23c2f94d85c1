/*
 * state.h - the durable state file: one JSON document with sections.
 *
 *   {"format": "ipsecwatch-state", "version": 1,
 *    "inputs": [ ... ], "tunnels": ..., "alerts": ... }
 *
 * Each module owns a section (a JSON value under its name) and reads and
 * writes it with state_get/state_set; this file knows only the envelope
 * and the "inputs" section.  The file is written atomically (temporary
 * file, fsync, rename, fsync of the directory), so a crash leaves either
 * the old or the new document.  Loading never fails: a missing file is a
 * clean start; a corrupt, truncated or foreign one is a warning and a
 * clean start (the bad file is kept as PATH.bad for inspection).
 */
#ifndef IW_STATE_H
#define IW_STATE_H

#include <stdbool.h>

#include <jansson.h>

#include "input.h"

#define STATE_FORMAT	"ipsecwatch-state"
#define STATE_VERSION	1

struct causes;
struct state;

struct state	*state_new(void);
/* Load path; warnings (why the file was not used) go to log_warnx. */
struct state	*state_load(const char *path);
/* True when the state came from a valid file. */
bool		 state_loaded(const struct state *);
void		 state_free(struct state *);
int		 state_save(struct state *, const char *path, struct causes *);

/* A module's section: borrowed reference or NULL; state_set steals value. */
json_t		*state_get(struct state *, const char *section);
void		 state_set(struct state *, const char *section, json_t *value);
void		 state_drop(struct state *, const char *section);

/* The inputs section. */
int		 state_get_input(struct state *, const char *name, struct input_positions *);
void		 state_set_input(struct state *, const char *name, enum input_kind,
		    const struct input_positions *);
void		 state_drop_input(struct state *, const char *name);

#endif
