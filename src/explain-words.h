/*
 * explain-words.h - the per-language sentence templates of explain.c.
 */
#ifndef IW_EXPLAIN_WORDS_H
#define IW_EXPLAIN_WORDS_H

#include "ipsecwatch.h"

/* Texts that are not in the knowledge base, per language. */
struct ex_words {
	const char	*ev[IW_EV__COUNT];	/* "said" templates */
	const char	*not_ipsec, *unrecognized, *duplicate, *malformed;
	const char	*p1_v1, *p2_v1, *p1_v2, *p2_v2, *sa;
	const char	*p1_short_v1, *p1_short_v2;
	const char	*for_tunnel, *of_tunnel, *ref_pluto, *ref_ike, *ref_child;
	const char	*replaces, *at;
	const char	*header, *header_rev, *meaning, *causes, *checks,
			*explained_above, *verdict, *no_tunnel;
	const char	*state[5];
	const char	*v_up_same, *v_up_both, *v_up_p2, *v_up_rekey,
			*v_up_normal, *v_up_errors, *v_up_later;
	const char	*v_p1_err, *v_p1_wait, *v_p1_down;
	const char	*v_neg, *v_neg_err;
	const char	*v_fail, *v_fail_noerr;
	const char	*v_down_after, *v_down;
	const char	*why_dpd, *why_delete, *why_give_up, *why_stop;
	const char	*v_ups, *v_rekeys, *v_refail, *why_no_answer;
	const char	*v_unknown, *v_unknown_err;
};

extern const struct ex_words explain_words[IW_LANG__COUNT];

#endif
