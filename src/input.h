/*
 * input.h - live log inputs: files (inotify, rotation-safe) and the systemd
 * journal, on a libevent base, with positions that survive a restart.
 *
 * An input delivers complete lines to a callback, each exactly once across
 * rotations and restarts, provided the caller saves the positions
 * (input_positions) together with whatever it derived from the lines it has
 * seen (state.h).  What is guaranteed, case by case:
 *
 * - rename + create (logrotate's default): the old file is read to its end,
 *   and kept open for rotate_wait seconds after its last growth, so lines a
 *   writer still appends to it are read too; then the new file from 0.
 * - delete + recreate: as above (the deleted file stays readable while open).
 * - truncate in place: detected by the size and by the head fingerprint
 *   (a hash of the first IW_FP_LEN bytes, re-checked before every read);
 *   the file is read again from 0.
 * - copytruncate: detected the same way, even when the file has grown past
 *   the old offset before the next read.  The lines not yet read from the
 *   old contents are recovered from the copy (a sibling file whose head
 *   fingerprint matches and which is at least as long as the offset).  Lines
 *   the writer appended between the copy and the truncation are in neither
 *   file: they are lost, by the nature of copytruncate.
 * - rotation while the process was down: the saved (device, inode) is looked
 *   up at the path and, failing that, among the other files of the directory
 *   (path.1, path-20261127, ...); found with the same head fingerprint, it is
 *   finished from the saved offset before the file now at the path is read
 *   from 0.  A predecessor already compressed or deleted is reported as a
 *   warning (its unread lines are gone).
 * - a file that does not exist yet: the directory watch sees it appear.
 * - an unreadable file: health STALLED with the reason; retried on any
 *   inotify event on the file or directory and on the periodic stat.
 * - IN_Q_OVERFLOW: every file is checked again (nothing is lost: reading
 *   is position based, events only wake the reader).
 *
 * Limits (inherent; the torture test keeps to them): the reader must see
 * each file a rotation starts before the next rotation.  A file created and
 * rotated away or truncated between two looks of the reader (two rotations
 * within milliseconds, or two rotations between the last save and a
 * restart) is never known to it and its lines are not read.  A file that
 * was still empty at the last save has no fingerprint, so its copytruncate
 * copy cannot be recognised after a restart.  The fingerprint covers the
 * first IW_FP_LEN bytes: new contents starting with the same 64 bytes as
 * the old (same timestamp, host and message) hide a copytruncate that left
 * the file at least as long as the offset.
 *
 * Line ages: struct input_line carries the file's mtime (files) or the
 * entry's time (journal); the caller applies its maximum catch-up age.
 *
 * A restart resumes exactly after the last line that was delivered before
 * the positions were taken (offsets point at line starts; a partial line at
 * the end of a file is not delivered until its newline arrives, or until the
 * file is finished after a rotation).
 *
 * The line callback may not free the input it is called for.
 */
#ifndef IW_INPUT_H
#define IW_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipsecwatch.h"
#include "parse.h"

struct event_base;
struct causes;
struct input;

#define IW_FP_LEN		64	/* bytes of a file's head that are fingerprinted */
#define INPUT_POLL_DEFAULT	5	/* seconds between the fallback stats */
#define INPUT_ROTATE_WAIT	10	/* seconds a rotated file is kept open after it last grew */

enum input_kind {
	INPUT_KIND_FILE = 0,
	INPUT_KIND_JOURNAL,
};

/* Health of an input; the daemon raises input_stalled on STALLED. */
enum input_health {
	INPUT_OK = 0,		/* reading */
	INPUT_WAITING,		/* the file (or any file matching the glob) does not exist yet */
	INPUT_STALLED,		/* cannot read: reason says why */
};

/*
 * The position of one followed file, or of a journal input.  An input
 * following a glob or a rotated file has several.
 */
struct input_position {
	char		*path;		/* file: path it was followed under; NULL for journal */
	uint64_t	 dev;
	uint64_t	 ino;
	uint64_t	 fp;		/* FNV-1a 64 of the first fp_len bytes */
	uint32_t	 fp_len;	/* 0..IW_FP_LEN */
	uint64_t	 offset;	/* start of the first line not yet delivered */
	char		*cursor;	/* journal: cursor of the last delivered entry */
};

struct input_positions {
	struct input_position	*v;
	size_t			 n;
};

/* One delivered line. */
struct input_line {
	const char	*line;		/* without the newline; not NUL-terminated */
	size_t		 len;
	bool		 cut;		/* the line was longer than IW_LINE_MAX and was cut */
	const char	*path;		/* file it came from; NULL for the journal */
	int64_t		 mtime_us;	/* file: mtime when read (bounds the line's age) */
	int64_t		 ts_us;		/* journal: time of the entry; 0 for files */
	const struct parse_journal_fields *jf;	/* journal only, else NULL */
};

struct input_stats {
	uint64_t	 lines;		/* lines delivered */
	uint64_t	 bytes;		/* bytes read */
	uint64_t	 cut;		/* lines longer than IW_LINE_MAX */
	uint64_t	 rotations;	/* files switched (rename, delete, recreate) */
	uint64_t	 truncations;	/* files found truncated or rewritten */
	uint64_t	 recovered;	/* copies/predecessors read to recover lines */
	uint64_t	 overflows;	/* inotify queue overflows (each caused a rescan) */
	uint64_t	 errors;	/* read/open errors */
	enum input_health health;
	char		 reason[256];	/* why STALLED or WAITING; "" when OK */
	char		 current[1024];	/* file being read now; journal: "journal" */
	uint64_t	 offset;	/* its offset */
	uint64_t	 pos_gen;	/* changes whenever a position moved */
};

typedef void	(*input_line_fn)(struct input *, const struct input_line *, void *);
typedef void	(*input_health_fn)(struct input *, enum input_health, const char *reason,
		    void *);

/* Options common to both kinds. */
struct input_options {
	bool		 from_beginning;	/* without a saved position: start at 0, not the end */
	int		 poll_interval;		/* seconds between fallback stats; 0 = default */
	int		 rotate_wait;		/* seconds; 0 = default */
};

/*
 * Follow a file or a glob (wildcards only in the last component).  saved
 * may be NULL (no saved state: the options decide where to start); with
 * saved state, files not in it are new since the save and read from 0.
 * Returns NULL and fills causes on a configuration error (bad glob, no
 * inotify); a missing or unreadable file is not an error but a health state.
 */
struct input	*input_file_new(struct event_base *, const char *name, const char *path,
		    const struct input_positions *saved, const struct input_options *,
		    input_line_fn, void *, struct causes *);

/* Journal matches: an entry from any of the identifiers or any of the units. */
struct input_journal_config {
	const char * const *identifiers;	size_t n_identifiers;
	const char * const *units;		size_t n_units;
	const char	*dir;		/* read journal files in this directory; NULL = system */
};

/* Follow the journal.  Without libsystemd this fails with a clear cause. */
struct input	*input_journal_new(struct event_base *, const char *name,
		    const struct input_journal_config *, const struct input_positions *saved,
		    const struct input_options *, input_line_fn, void *, struct causes *);

void		 input_free(struct input *);

void		 input_set_health_cb(struct input *, input_health_fn, void *);
const char	*input_name(const struct input *);
enum input_kind	 input_kind(const struct input *);
const struct input_stats *input_get_stats(const struct input *);

/* Positions now (caller frees with input_positions_free). */
void		 input_get_positions(struct input *, struct input_positions *);
void		 input_positions_free(struct input_positions *);
void		 input_positions_copy(struct input_positions *, const struct input_positions *);

/* Check everything now, as after an inotify queue overflow (tests, SIGHUP). */
void		 input_rescan(struct input *);

const char	*input_health_name(enum input_health);

#endif /* IW_INPUT_H */
