/*
 * track-deadline.c - the tracker's deadlines: one binary min-heap of
 * slots keyed by time.
 *
 * Every slot knows its heap index, so arming, moving and cancelling a
 * deadline is O(log n) and finding the next one O(1).  Slots live inside
 * their owners (a tunnel, or the tracker for daemon-wide deadlines).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "track.h"
#include "track-private.h"
#include "xmalloc.h"

static void	 heap_swap(struct track *, size_t, size_t);
static void	 heap_up(struct track *, size_t);
static void	 heap_down(struct track *, size_t);

/* Swap two heap entries and keep their back indexes right. */
static void
heap_swap(struct track *t, size_t a, size_t b)
{
	struct slot *x = t->heap[a];

	t->heap[a] = t->heap[b];
	t->heap[b] = x;
	t->heap[a]->idx = (int32_t)a;
	t->heap[b]->idx = (int32_t)b;
}

/* Move an entry up to its place. */
static void
heap_up(struct track *t, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;

		if (t->heap[p]->at <= t->heap[i]->at)
			break;
		heap_swap(t, p, i);
		i = p;
	}
}

/* Move an entry down to its place. */
static void
heap_down(struct track *t, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < t->nheap && t->heap[l]->at < t->heap[m]->at)
			m = l;
		if (r < t->nheap && t->heap[r]->at < t->heap[m]->at)
			m = r;
		if (m == i)
			break;
		heap_swap(t, i, m);
		i = m;
	}
}

/* Arm (or move) a deadline. */
void
track_slot_arm(struct track *t, struct slot *s, int64_t at)
{
	int64_t	 old;

	if (s->idx >= 0) {
		old = s->at;
		s->at = at;
		if (at < old)
			heap_up(t, (size_t)s->idx);
		else
			heap_down(t, (size_t)s->idx);
		return;
	}
	if (t->nheap == t->heap_cap) {
		t->heap_cap = t->heap_cap ? t->heap_cap * 2 : 64;
		t->heap = xreallocarray(t->heap, t->heap_cap, sizeof(*t->heap));
	}
	s->at = at;
	s->idx = (int32_t)t->nheap;
	t->heap[t->nheap++] = s;
	heap_up(t, (size_t)s->idx);
}

/* Disarm a deadline (no-op when not armed). */
void
track_slot_cancel(struct track *t, struct slot *s)
{
	size_t	 i;

	if (s->idx < 0)
		return;
	i = (size_t)s->idx;
	s->idx = -1;
	t->nheap--;
	if (i == t->nheap)
		return;
	t->heap[i] = t->heap[t->nheap];
	t->heap[i]->idx = (int32_t)i;
	heap_down(t, i);
	heap_up(t, (size_t)t->heap[i]->idx);
}

/* Earliest pending deadline, or INT64_MAX. */
int64_t
track_next_deadline(const struct track *t)
{
	return (t->nheap > 0 ? t->heap[0]->at : INT64_MAX);
}
