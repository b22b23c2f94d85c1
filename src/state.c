/*
 * state.c - the durable state file (see state.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "causes.h"
#include "log.h"
#include "state.h"
#include "xmalloc.h"

struct state {
	json_t	*doc;
	bool	 loaded;
};

static json_t	*state_inputs(struct state *);
static bool	 state_valid_input(json_t *, const char **why);

/* An empty state: the envelope only. */
struct state *
state_new(void)
{
	struct state	*s;

	s = xcalloc(1, sizeof *s);
	s->doc = json_pack("{s:s, s:i}", "format", STATE_FORMAT, "version", STATE_VERSION);
	if (s->doc == NULL)
		fatalx("state: out of memory");
	return s;
}

/* Whether the state was loaded from a valid file. */
bool
state_loaded(const struct state *s)
{
	return s->loaded;
}

/* Free a state. */
void
state_free(struct state *s)
{
	if (s == NULL)
		return;
	json_decref(s->doc);
	free(s);
}

/* Keep a bad state file aside and say why it was not used. */
static void
state_reject(const char *path, const char *why)
{
	char	*bad;

	xasprintf(&bad, "%s.bad", path);
	if (rename(path, bad) == 0)
		log_warnx("state file %s not used (%s); kept as %s; starting clean",
		    path, why, bad);
	else
		log_warnx("state file %s not used (%s); starting clean", path, why);
	free(bad);
}

/* Check one entry of the inputs section. */
static bool
state_valid_input(json_t *e, const char **why)
{
	json_t	*files, *f;
	size_t	 i;

	if (!json_is_object(e) || !json_is_string(json_object_get(e, "name"))) {
		*why = "an input without a name";
		return false;
	}
	if ((files = json_object_get(e, "files")) != NULL) {
		if (!json_is_array(files)) {
			*why = "\"files\" is not a list";
			return false;
		}
		json_array_foreach(files, i, f) {
			json_t	*fp = json_object_get(f, "fp");

			if (!json_is_object(f) ||
			    !json_is_string(json_object_get(f, "path")) ||
			    !json_is_integer(json_object_get(f, "dev")) ||
			    !json_is_integer(json_object_get(f, "ino")) ||
			    !json_is_integer(json_object_get(f, "offset")) ||
			    json_integer_value(json_object_get(f, "offset")) < 0 ||
			    !json_is_integer(json_object_get(f, "fp_len")) ||
			    json_integer_value(json_object_get(f, "fp_len")) < 0 ||
			    json_integer_value(json_object_get(f, "fp_len")) > IW_FP_LEN ||
			    !json_is_string(fp) || strlen(json_string_value(fp)) != 16 ||
			    strspn(json_string_value(fp), "0123456789abcdef") != 16) {
				*why = "a malformed file position";
				return false;
			}
		}
	}
	if (json_object_get(e, "cursor") != NULL &&
	    !json_is_string(json_object_get(e, "cursor"))) {
		*why = "a malformed journal cursor";
		return false;
	}
	return true;
}

/*
 * Load a state file.  Anything unexpected makes a clean start: the state
 * is only an optimisation of where to resume, so a bad file must never
 * keep the daemon from starting.
 */
struct state *
state_load(const char *path)
{
	struct state	*s = state_new();
	json_error_t	 err;
	json_t		*doc, *fmt, *ver, *inputs, *e;
	const char	*why = NULL;
	char		 buf[512];
	size_t		 i;

	doc = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
	if (doc == NULL) {
		if (access(path, F_OK) == -1 && errno == ENOENT)
			return s;
		snprintf(buf, sizeof buf, "line %d: %s", err.line, err.text);
		state_reject(path, buf);
		return s;
	}
	fmt = json_object_get(doc, "format");
	ver = json_object_get(doc, "version");
	if (!json_is_object(doc) || !json_is_string(fmt) ||
	    strcmp(json_string_value(fmt), STATE_FORMAT) != 0)
		why = "not an ipsecwatch state file";
	else if (!json_is_integer(ver) || json_integer_value(ver) != STATE_VERSION)
		why = "unsupported version";
	else if ((inputs = json_object_get(doc, "inputs")) != NULL) {
		if (!json_is_array(inputs))
			why = "\"inputs\" is not a list";
		else
			json_array_foreach(inputs, i, e)
				if (!state_valid_input(e, &why))
					break;
	}
	if (why != NULL) {
		state_reject(path, why);
		json_decref(doc);
		return s;
	}
	json_decref(s->doc);
	s->doc = doc;
	s->loaded = true;
	return s;
}

/*
 * Write the state atomically: a crash at any moment leaves the old or the
 * new file, never a mix (the reason for fsync before rename and of the
 * directory after it).
 */
int
state_save(struct state *s, const char *path, struct causes *c)
{
	char	*tmp, *dcopy;
	int	 fd, dfd;
	FILE	*fp;

	xasprintf(&tmp, "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1) {
		causes_add(c, "%s: %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	if ((fp = fdopen(fd, "w")) == NULL) {
		causes_add(c, "%s: %s", tmp, strerror(errno));
		close(fd);
		goto fail;
	}
	if (json_dumpf(s->doc, fp, JSON_INDENT(1) | JSON_PRESERVE_ORDER) == -1 ||
	    fputc('\n', fp) == EOF || fflush(fp) == EOF || fsync(fd) == -1) {
		causes_add(c, "%s: write: %s", tmp, strerror(errno));
		fclose(fp);
		goto fail;
	}
	if (fclose(fp) == EOF) {
		causes_add(c, "%s: close: %s", tmp, strerror(errno));
		goto fail;
	}
	if (rename(tmp, path) == -1) {
		causes_add(c, "rename %s: %s", path, strerror(errno));
		goto fail;
	}
	free(tmp);
	dcopy = xstrdup(path);
	if ((dfd = open(dirname(dcopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		if (fsync(dfd) == -1)
			log_warn("state: fsync of the directory of %s", path);
		close(dfd);
	}
	free(dcopy);
	return 0;
fail:
	unlink(tmp);
	free(tmp);
	return -1;
}

/* A section, or NULL. */
json_t *
state_get(struct state *s, const char *section)
{
	return json_object_get(s->doc, section);
}

/* Replace a section (the envelope keys are not sections). */
void
state_set(struct state *s, const char *section, json_t *value)
{
	if (strcmp(section, "format") == 0 || strcmp(section, "version") == 0) {
		json_decref(value);
		return;
	}
	json_object_set_new(s->doc, section, value);
}

/* Remove a section (the envelope keys are not sections). */
void
state_drop(struct state *s, const char *section)
{
	if (strcmp(section, "format") == 0 || strcmp(section, "version") == 0)
		return;
	json_object_del(s->doc, section);
}

/* The inputs list, created when missing. */
static json_t *
state_inputs(struct state *s)
{
	json_t	*a = json_object_get(s->doc, "inputs");

	if (a == NULL) {
		a = json_array();
		json_object_set_new(s->doc, "inputs", a);
	}
	return a;
}

/* Saved positions of an input: 0 when found, -1 when there are none. */
int
state_get_input(struct state *s, const char *name, struct input_positions *out)
{
	json_t		*a, *e, *files, *f, *cur;
	size_t		 i, k;
	const char	*fps;

	out->v = NULL;
	out->n = 0;
	a = state_inputs(s);
	json_array_foreach(a, i, e) {
		if (strcmp(json_string_value(json_object_get(e, "name")), name) != 0)
			continue;
		if ((cur = json_object_get(e, "cursor")) != NULL) {
			out->v = xcalloc(1, sizeof *out->v);
			out->v[0].cursor = xstrdup(json_string_value(cur));
			out->n = 1;
			return 0;
		}
		files = json_object_get(e, "files");
		if (files == NULL)
			return 0;
		out->v = xcalloc(json_array_size(files) + 1, sizeof *out->v);
		json_array_foreach(files, k, f) {
			struct input_position	*p = &out->v[out->n++];

			p->path = xstrdup(json_string_value(json_object_get(f, "path")));
			p->dev = json_integer_value(json_object_get(f, "dev"));
			p->ino = json_integer_value(json_object_get(f, "ino"));
			p->offset = json_integer_value(json_object_get(f, "offset"));
			p->fp_len = json_integer_value(json_object_get(f, "fp_len"));
			fps = json_string_value(json_object_get(f, "fp"));
			p->fp = strtoull(fps, NULL, 16);
		}
		return 0;
	}
	return -1;
}

/* Remove an input's entry. */
void
state_drop_input(struct state *s, const char *name)
{
	json_t	*a, *e;
	size_t	 i;

	a = state_inputs(s);
	json_array_foreach(a, i, e)
		if (strcmp(json_string_value(json_object_get(e, "name")), name) == 0) {
			json_array_remove(a, i);
			return;
		}
}

/* Record the positions of an input (replacing what was there). */
void
state_set_input(struct state *s, const char *name, enum input_kind kind,
    const struct input_positions *ps)
{
	json_t	*e, *files;
	char	 fps[17];
	size_t	 i;

	state_drop_input(s, name);
	e = json_pack("{s:s, s:s}", "name", name, "kind",
	    kind == INPUT_KIND_FILE ? "file" : "journal");
	if (kind == INPUT_KIND_FILE) {
		files = json_array();
		for (i = 0; i < ps->n; i++) {
			if (ps->v[i].path == NULL)
				continue;
			snprintf(fps, sizeof fps, "%016" PRIx64, ps->v[i].fp);
			json_array_append_new(files, json_pack("{s:s, s:I, s:I, s:s, s:i, s:I}",
			    "path", ps->v[i].path,
			    "dev", (json_int_t)ps->v[i].dev,
			    "ino", (json_int_t)ps->v[i].ino,
			    "fp", fps,
			    "fp_len", (int)ps->v[i].fp_len,
			    "offset", (json_int_t)ps->v[i].offset));
		}
		json_object_set_new(e, "files", files);
	} else {
		for (i = 0; i < ps->n; i++)
			if (ps->v[i].cursor != NULL)
				json_object_set_new(e, "cursor", json_string(ps->v[i].cursor));
	}
	json_array_append_new(state_inputs(s), e);
}
