// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * map.c - script arrays: 1 to 9 keys, each a long or a string; values
 * long, string or statistics.
 *
 * One generic implementation, driven by each map's key types, instead of
 * upstream's copies instantiated per key-type tuple: a node is a header,
 * then each key (8 bytes for a long, MAXSTRINGLEN for a string), then
 * the value, at offsets computed when the map is made.  All nodes are
 * preallocated (the declared size, or MAXMAPENTRIES) so that probe
 * handlers never allocate.  Nodes in use sit in a hash table for lookup
 * and on a list, in insertion order, for foreach; sorting reorders that
 * list.  A map declared with `%` recycles its oldest entry when full.
 *
 * The generated code holds the global's lock around every call.
 */

#include <linux/jhash.h>
#include <linux/list_sort.h>

#define STP_MAP_MAXKEYS 9

enum { STP_VAL_LONG, STP_VAL_STRING, STP_VAL_STAT };

/* Map flags. */
#define STP_MAP_SIZED 1		/* size declared: error names it */
#define STP_MAP_WRAP 2		/* declared with %: recycle the oldest */

/* One key, as the generated code passes them: STP_KEYS(...) below. */
union stp_key {
	s64 l;
	const char *s;
};

#define STP_KEYS(...) ((const union stp_key[]){ __VA_ARGS__ })
#define STP_KL(x) { .l = (x) }
#define STP_KS(x) { .s = (x) }

struct stp_map_node {
	struct hlist_node hnode;
	struct list_head lnode;
	u32 hash;
	bool in_use;		/* on the used list, not the free one */
};

struct stp_map {
	int nkeys;
	bool kstr[STP_MAP_MAXKEYS];	/* key i is a string */
	size_t koff[STP_MAP_MAXKEYS];
	int vtype;
	size_t voff, nsize;
	struct stp_hist hist;		/* statistics values */
	int maxentries, count, flags;
	struct list_head used, free;
	struct hlist_head *table;
	unsigned int hbits;
	char *pool;
	char overflow_msg[64];
	/* The sort in progress (list_sort's comparator reads them). */
	int sort_col, sort_dir, sort_op;
};

static inline void *stp_node_key(const struct stp_map *m,
				 const struct stp_map_node *n, int i)
{
	return (char *)n + m->koff[i];
}

static inline s64 stp_node_key_l(const struct stp_map *m,
				 const struct stp_map_node *n, int i)
{
	return *(s64 *)stp_node_key(m, n, i);
}

static inline const char *stp_node_key_s(const struct stp_map *m,
					 const struct stp_map_node *n, int i)
{
	return stp_node_key(m, n, i);
}

static inline void *stp_node_val(const struct stp_map *m,
				 const struct stp_map_node *n)
{
	return (char *)n + m->voff;
}

static inline s64 stp_node_val_l(const struct stp_map *m,
				 const struct stp_map_node *n)
{
	return *(s64 *)stp_node_val(m, n);
}

static inline const char *stp_node_val_s(const struct stp_map *m,
					 const struct stp_map_node *n)
{
	return stp_node_val(m, n);
}

static inline struct stp_stat_data *
stp_node_val_stat(const struct stp_map *m, const struct stp_map_node *n)
{
	return stp_node_val(m, n);
}

/*
 * A new map.  keys: one letter per key, 'l' (long) or 's' (string);
 * vtype: STP_VAL_*; hist: the statistics' shape for STP_VAL_STAT;
 * size: the declared size, or 0 for MAXMAPENTRIES.
 */
static struct stp_map *stp_map_new(const char *keys, int vtype,
				   const struct stp_hist *hist, int size,
				   int flags)
{
	struct stp_map *m = kzalloc(sizeof(*m), GFP_KERNEL);
	size_t off = ALIGN(sizeof(struct stp_map_node), 8);
	int i;

	if (!m)
		return NULL;
	m->nkeys = strlen(keys);
	if (m->nkeys < 1 || m->nkeys > STP_MAP_MAXKEYS)
		goto fail;
	for (i = 0; i < m->nkeys; i++) {
		m->kstr[i] = keys[i] == 's';
		m->koff[i] = off;
		off += m->kstr[i] ? ALIGN(MAXSTRINGLEN, 8) : 8;
	}
	m->vtype = vtype;
	if (hist)
		m->hist = *hist;
	if (vtype == STP_VAL_STAT && !stp_hist_setup(&m->hist))
		goto fail;
	m->voff = off;
	if (vtype == STP_VAL_LONG)
		off += 8;
	else if (vtype == STP_VAL_STRING)
		off += ALIGN(MAXSTRINGLEN, 8);
	else
		off += stp_stat_data_size(&m->hist);
	m->nsize = ALIGN(off, 8);
	if (size > 0)
		flags |= STP_MAP_SIZED;
	m->maxentries = size > 0 ? size : MAXMAPENTRIES;
	m->flags = flags;
	if (flags & STP_MAP_SIZED)
		snprintf(m->overflow_msg, sizeof(m->overflow_msg),
			 "Array overflow, check size limit (%d)", m->maxentries);
	else
		strscpy(m->overflow_msg, "Array overflow, check MAXMAPENTRIES",
			sizeof(m->overflow_msg));
	m->hbits = max(ilog2(roundup_pow_of_two(m->maxentries)), 1);
	m->table = kvcalloc(1U << m->hbits, sizeof(*m->table), GFP_KERNEL);
	m->pool = vzalloc(array_size(m->maxentries, m->nsize));
	if (!m->table || !m->pool)
		goto fail;
	INIT_LIST_HEAD(&m->used);
	INIT_LIST_HEAD(&m->free);
	for (i = 0; i < m->maxentries; i++) {
		struct stp_map_node *n = (void *)(m->pool + i * m->nsize);

		list_add_tail(&n->lnode, &m->free);
	}
	return m;
fail:
	kvfree(m->table);
	vfree(m->pool);
	kfree(m);
	return NULL;
}

static void stp_map_free(struct stp_map *m)
{
	if (!m)
		return;
	kvfree(m->table);
	vfree(m->pool);
	kfree(m);
}

static u32 stp_map_hash(const struct stp_map *m, const union stp_key *k)
{
	u32 h = 0;
	int i;

	for (i = 0; i < m->nkeys; i++) {
		if (m->kstr[i])
			h = jhash(k[i].s, strnlen(k[i].s, MAXSTRINGLEN - 1), h);
		else
			h = jhash_2words((u32)k[i].l, (u32)(k[i].l >> 32), h);
	}
	return h;
}

static bool stp_node_match(const struct stp_map *m,
			   const struct stp_map_node *n,
			   const union stp_key *k, unsigned int wild)
{
	int i;

	for (i = 0; i < m->nkeys; i++) {
		if (wild & (1U << i))
			continue;
		if (m->kstr[i] ?
		    strncmp(stp_node_key_s(m, n, i), k[i].s, MAXSTRINGLEN - 1) :
		    stp_node_key_l(m, n, i) != k[i].l)
			return false;
	}
	return true;
}

static struct stp_map_node *stp_map_find(const struct stp_map *m,
					 const union stp_key *k)
{
	u32 h = stp_map_hash(m, k);
	struct stp_map_node *n;

	hlist_for_each_entry(n, &m->table[hash_32(h, m->hbits)], hnode)
		if (n->hash == h && stp_node_match(m, n, k, 0))
			return n;
	return NULL;
}

static void stp_map_unlink(struct stp_map *m, struct stp_map_node *n)
{
	n->in_use = false;
	hlist_del(&n->hnode);
	list_move_tail(&n->lnode, &m->free);
	m->count--;
}

/* The entry for k, made (zeroed) if missing; NULL and the error set if
 * the map is full. */
static struct stp_map_node *stp_map_make(struct context *c, struct stp_map *m,
					 const union stp_key *k)
{
	u32 h = stp_map_hash(m, k);
	struct stp_map_node *n;
	int i;

	hlist_for_each_entry(n, &m->table[hash_32(h, m->hbits)], hnode)
		if (n->hash == h && stp_node_match(m, n, k, 0))
			return n;
	if (list_empty(&m->free)) {
		if (!(m->flags & STP_MAP_WRAP) || list_empty(&m->used)) {
			c->last_error = m->overflow_msg;
			return NULL;
		}
		stp_map_unlink(m, list_first_entry(&m->used,
						   struct stp_map_node, lnode));
	}
	n = list_first_entry(&m->free, struct stp_map_node, lnode);
	memset((char *)n + sizeof(*n), 0, m->nsize - sizeof(*n));
	for (i = 0; i < m->nkeys; i++) {
		if (m->kstr[i])
			strscpy(stp_node_key(m, n, i), k[i].s, MAXSTRINGLEN);
		else
			*(s64 *)stp_node_key(m, n, i) = k[i].l;
	}
	n->hash = h;
	n->in_use = true;
	hlist_add_head(&n->hnode, &m->table[hash_32(h, m->hbits)]);
	list_move_tail(&n->lnode, &m->used);
	m->count++;
	return n;
}

/* a[k]: 0 or "" when missing. */
static __maybe_unused s64 stp_map_get_l(const struct stp_map *m,
					const union stp_key *k)
{
	struct stp_map_node *n = stp_map_find(m, k);

	return n ? stp_node_val_l(m, n) : 0;
}

static __maybe_unused const char *stp_map_get_s(const struct stp_map *m,
						const union stp_key *k)
{
	struct stp_map_node *n = stp_map_find(m, k);

	return n ? stp_node_val_s(m, n) : "";
}

/* a[k] = v; false with the error set when the array is full. */
static __maybe_unused bool stp_map_set_l(struct context *c, struct stp_map *m,
					 const union stp_key *k, s64 v)
{
	struct stp_map_node *n = stp_map_make(c, m, k);

	if (n)
		*(s64 *)stp_node_val(m, n) = v;
	return n;
}

static __maybe_unused bool stp_map_set_s(struct context *c, struct stp_map *m,
					 const union stp_key *k, const char *v)
{
	struct stp_map_node *n = stp_map_make(c, m, k);

	if (n)
		strscpy(stp_node_val(m, n), v, MAXSTRINGLEN);
	return n;
}

/* a[k] <<< v */
static __maybe_unused bool stp_map_add_stat(struct context *c,
					    struct stp_map *m,
					    const union stp_key *k, s64 v)
{
	struct stp_map_node *n = stp_map_make(c, m, k);

	if (n)
		stp_stat_data_add(&m->hist, stp_node_val_stat(m, n), v);
	return n;
}

/* @op(a[k]): the entry's statistics, or NULL (an empty aggregate). */
static __maybe_unused struct stp_stat_data *
stp_map_get_stat(const struct stp_map *m, const union stp_key *k)
{
	struct stp_map_node *n = stp_map_find(m, k);

	if (!n)
		return NULL;
	stp_stat_data_finish(&m->hist, stp_node_val_stat(m, n));
	return stp_node_val_stat(m, n);
}

/* k in a */
static __maybe_unused bool stp_map_exists(const struct stp_map *m,
					  const union stp_key *k)
{
	return stp_map_find(m, k) != NULL;
}

/* delete a[k] */
static __maybe_unused void stp_map_delete(struct stp_map *m,
					  const union stp_key *k)
{
	struct stp_map_node *n = stp_map_find(m, k);

	if (n)
		stp_map_unlink(m, n);
}

/* delete a */
static __maybe_unused void stp_map_clear(struct stp_map *m)
{
	struct stp_map_node *n, *tmp;

	list_for_each_entry_safe(n, tmp, &m->used, lnode)
		stp_map_unlink(m, n);
}

/*
 * Slices: [k1, *] in a, delete a[*, k2], foreach ([x, *] in a).  wild
 * has bit i set when key i is `*`.
 */
static __maybe_unused bool stp_map_exists_match(const struct stp_map *m,
						const union stp_key *k,
						unsigned int wild)
{
	struct stp_map_node *n;

	list_for_each_entry(n, &m->used, lnode)
		if (stp_node_match(m, n, k, wild))
			return true;
	return false;
}

static __maybe_unused void stp_map_delete_match(struct stp_map *m,
						const union stp_key *k,
						unsigned int wild)
{
	struct stp_map_node *n, *tmp;

	list_for_each_entry_safe(n, tmp, &m->used, lnode)
		if (stp_node_match(m, n, k, wild))
			stp_map_unlink(m, n);
}

/* Entries in a, for foreach: first, next, or NULL at the end. */
static __maybe_unused struct stp_map_node *stp_map_first(struct stp_map *m)
{
	return list_first_entry_or_null(&m->used, struct stp_map_node, lnode);
}

/*
 * A loop body that deleted the entry it stands on (pass 2 should forbid
 * modifying the array a foreach iterates) ends the loop instead of
 * walking into the free list.
 */
static __maybe_unused struct stp_map_node *
stp_map_next(struct stp_map *m, struct stp_map_node *n)
{
	if (!n->in_use || list_is_last(&n->lnode, &m->used))
		return NULL;
	return list_next_entry(n, lnode);
}

static __maybe_unused int stp_map_size(const struct stp_map *m)
{
	return m->count;
}

/* What a statistics value sorts by (foreach ... in a @sum-). */
enum { STP_SORT_COUNT, STP_SORT_SUM, STP_SORT_MIN, STP_SORT_MAX,
       STP_SORT_AVG };

static s64 stp_sort_stat(const struct stp_map *m, const struct stp_map_node *n)
{
	const struct stp_stat_data *sd = stp_node_val_stat(m, n);

	switch (m->sort_op) {
	case STP_SORT_SUM:
		return sd->sum;
	case STP_SORT_MIN:
		return sd->min;
	case STP_SORT_MAX:
		return sd->max;
	case STP_SORT_AVG:
		return sd->count ? stp_stat_avg(sd) : 0;
	default:
		return sd->count;
	}
}

static int stp_map_cmp(void *priv, const struct list_head *a,
		       const struct list_head *b)
{
	const struct stp_map *m = priv;
	const struct stp_map_node *x = list_entry(a, struct stp_map_node, lnode);
	const struct stp_map_node *y = list_entry(b, struct stp_map_node, lnode);
	int col = m->sort_col, r;

	if (col == 0 && m->vtype == STP_VAL_STRING) {
		r = strcmp(stp_node_val_s(m, x), stp_node_val_s(m, y));
	} else if (col > 0 && m->kstr[col - 1]) {
		r = strcmp(stp_node_key_s(m, x, col - 1),
			   stp_node_key_s(m, y, col - 1));
	} else {
		s64 u, v;

		if (col > 0) {
			u = stp_node_key_l(m, x, col - 1);
			v = stp_node_key_l(m, y, col - 1);
		} else if (m->vtype == STP_VAL_STAT) {
			u = stp_sort_stat(m, x);
			v = stp_sort_stat(m, y);
		} else {
			u = stp_node_val_l(m, x);
			v = stp_node_val_l(m, y);
		}
		r = u < v ? -1 : u > v;
	}
	return r * m->sort_dir;
}

/*
 * Sort for foreach: col 0 is the value, 1..9 a key; dir 1 ascending,
 * -1 descending; stat_op what a statistics value sorts by.  Stable, so
 * equal entries keep their insertion order.
 */
static __maybe_unused void stp_map_sort(struct stp_map *m, int col, int dir,
					int stat_op)
{
	m->sort_col = col;
	m->sort_dir = dir;
	m->sort_op = stat_op;
	list_sort(m, &m->used, stp_map_cmp);
}
