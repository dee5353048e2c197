// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stat.c - statistics (`<<<`, @count, @sum, @min, @max, @avg, @variance,
 * @hist_linear, @hist_log).
 *
 * A scalar statistic keeps one struct stp_stat_data per CPU, so `<<<`
 * from many CPUs at once needs no shared write: the generated code takes
 * the global's lock for reading around `<<<` and for writing around an
 * extraction, which merges the CPUs' data (upstream's inverted locking).
 * Statistics in arrays keep one stp_stat_data per entry (map.c).
 *
 * The numbers, the variance included (Welford's algorithm on values
 * shifted left by the @variance bit shift, merged over CPUs with the
 * total variance formula), and the histogram text are upstream's.
 */

enum { STP_HIST_NONE, STP_HIST_LINEAR, STP_HIST_LOG };

#define STP_HIST_LOG_BUCKET0 (HIST_LOG_BUCKETS / 2)
#define STP_MAX_BUCKETS 128

/* The shape of a statistic: histogram, bit shift of @variance. */
struct stp_hist {
	int type;
	int start, stop, interval;	/* linear */
	int buckets;			/* including under/overflow */
	int shift;
};

struct stp_stat_data {
	s64 count, sum, min, max;
	s64 avg_s, m2, variance_s, variance;
	s64 histogram[];
};

struct stp_stat {
	struct stp_hist hist;
	struct stp_stat_data __percpu *cpu;
	struct stp_stat_data *agg;
};

static size_t stp_stat_data_size(const struct stp_hist *h)
{
	return sizeof(struct stp_stat_data) + h->buckets * sizeof(s64);
}

/* Fill in h->buckets; false if the linear parameters make no sense. */
static __maybe_unused bool stp_hist_setup(struct stp_hist *h)
{
	switch (h->type) {
	case STP_HIST_LINEAR:
		if (h->interval <= 0 || h->stop <= h->start)
			return false;
		h->buckets = (h->stop - h->start) / h->interval + 3;
		return h->buckets <= STP_MAX_BUCKETS;
	case STP_HIST_LOG:
		h->buckets = HIST_LOG_BUCKETS;
		return true;
	default:
		h->buckets = 0;
		return true;
	}
}

/* Bucket of a value in a log histogram: 64 + floor(log2) + 1, mirrored. */
static int stp_hist_log_bucket(s64 val)
{
	u64 v;
	int b;

	if (val == 0)
		return STP_HIST_LOG_BUCKET0;
	v = val < 0 ? -(u64)val : (u64)val;
	b = STP_HIST_LOG_BUCKET0 + fls64(v);
	if (val < 0)
		b = HIST_LOG_BUCKETS - b;
	return b;
}

/* The value a log bucket stands for. */
static s64 stp_hist_log_value(int b)
{
	if (b == STP_HIST_LOG_BUCKET0)
		return 0;
	if (b < STP_HIST_LOG_BUCKET0)
		return (s64)0x8000000000000000ULL >> b;
	return 1LL << (b - STP_HIST_LOG_BUCKET0 - 1);
}

/* Add one value to a stat_data (the running CPU's, or an entry's). */
static void stp_stat_data_add(const struct stp_hist *h,
			      struct stp_stat_data *sd, s64 val)
{
	s64 b;

	if (sd->count == 0) {
		sd->count = 1;
		sd->sum = sd->min = sd->max = val;
		sd->avg_s = val << h->shift;
		sd->m2 = 0;
	} else {
		/* int, as upstream: its variance depends on it. */
		int delta;

		sd->count++;
		sd->sum += val;
		if (val > sd->max)
			sd->max = val;
		if (val < sd->min)
			sd->min = val;
		delta = (val << h->shift) - sd->avg_s;
		sd->avg_s += div64_s64(delta, sd->count);
		sd->m2 += delta * ((val << h->shift) - sd->avg_s);
		sd->variance_s = div64_s64(sd->m2, sd->count - 1);
	}
	switch (h->type) {
	case STP_HIST_LOG:
		sd->histogram[min(stp_hist_log_bucket(val), h->buckets - 1)]++;
		break;
	case STP_HIST_LINEAR:
		if (val < h->start)
			b = 0;
		else
			b = div64_s64(val - h->start, h->interval) + 1;
		sd->histogram[min_t(s64, b, h->buckets - 1)]++;
		break;
	}
}

/*
 * Make the variance of an array entry's data.  Upstream keeps such data
 * per CPU and copies a single CPU's variance as it is; it also never
 * records the bit shift and operations of an array of statistics that
 * has a histogram, so there @variance is always 0.  Both are reproduced.
 */
static __maybe_unused void stp_stat_data_finish(const struct stp_hist *h,
						struct stp_stat_data *sd)
{
	if (h->type != STP_HIST_NONE || sd->count < 2)
		sd->variance = 0;
	else
		sd->variance = sd->variance_s >> (2 * h->shift);
}

static __maybe_unused struct stp_stat *stp_stat_new(int type, int start, int stop,
				     int interval, int shift)
{
	struct stp_stat *st = kzalloc(sizeof(*st), GFP_KERNEL);

	if (!st)
		return NULL;
	st->hist = (struct stp_hist){ .type = type, .start = start,
		.stop = stop, .interval = interval, .shift = shift };
	if (!stp_hist_setup(&st->hist))
		goto fail;
	st->cpu = __alloc_percpu(stp_stat_data_size(&st->hist), 8);
	st->agg = kzalloc(stp_stat_data_size(&st->hist), GFP_KERNEL);
	if (st->cpu && st->agg)
		return st;
fail:
	free_percpu(st->cpu);
	kfree(st->agg);
	kfree(st);
	return NULL;
}

static __maybe_unused void stp_stat_free(struct stp_stat *st)
{
	if (!st)
		return;
	free_percpu(st->cpu);
	kfree(st->agg);
	kfree(st);
}

/* s <<< v, under the global's read lock. */
static inline void stp_stat_add(struct stp_stat *st, s64 val)
{
	stp_stat_data_add(&st->hist, this_cpu_ptr(st->cpu), val);
}

/* delete s, under the write lock. */
static __maybe_unused void stp_stat_clear(struct stp_stat *st)
{
	int cpu;

	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(st->cpu, cpu), 0,
		       stp_stat_data_size(&st->hist));
}

/* The CPUs' data merged, under the write lock; count 0 when empty. */
static __maybe_unused struct stp_stat_data *stp_stat_get(struct stp_stat *st)
{
	const struct stp_hist *h = &st->hist;
	struct stp_stat_data *agg = st->agg, *sd;
	s64 s1 = 0, s2 = 0;
	int cpu, j;

	memset(agg, 0, stp_stat_data_size(h));
	for_each_possible_cpu(cpu) {
		sd = per_cpu_ptr(st->cpu, cpu);
		if (!sd->count)
			continue;
		if (agg->count == 0) {
			agg->min = sd->min;
			agg->max = sd->max;
		}
		agg->count += sd->count;
		agg->sum += sd->sum;
		agg->max = max(agg->max, sd->max);
		agg->min = min(agg->min, sd->min);
		for (j = 0; j < h->buckets; j++)
			agg->histogram[j] += sd->histogram[j];
	}
	if (!agg->count)
		return agg;
	agg->avg_s = div64_s64(agg->sum << h->shift, agg->count);
	for_each_possible_cpu(cpu) {
		sd = per_cpu_ptr(st->cpu, cpu);
		if (!sd->count)
			continue;
		s1 += sd->count * (sd->avg_s - agg->avg_s) *
		      (sd->avg_s - agg->avg_s);
		s2 += (sd->count - 1) * sd->variance_s;
	}
	agg->variance_s = agg->count > 1 ?
			  div64_s64(s1 + s2, agg->count - 1) : 0;
	agg->variance = agg->variance_s >> (2 * h->shift);
	return agg;
}

/* @avg: the integer quotient, as upstream. */
static inline s64 stp_stat_avg(const struct stp_stat_data *sd)
{
	return div64_s64(sd->sum, sd->count);
}

/* @hist_*(s)[i]: bucket i's count, or an error. */
static __maybe_unused s64 stp_hist_bucket(struct context *c,
					  const struct stp_hist *h,
					  const struct stp_stat_data *sd,
					  s64 i, const char *stmt)
{
	if (i < 0 || i >= h->buckets) {
		stp_error_at(c, "histogram index out of range", stmt);
		return 0;
	}
	return sd->histogram[i];
}

/* Characters of v in decimal, with its sign. */
static int stp_num_width(s64 v)
{
	int n = v <= 0 ? 1 : 0;
	u64 u = v < 0 ? -(u64)v : (u64)v;

	for (; u; u /= 10)
		n++;
	return n;
}

/* Whether row i is a zero within HIST_ELISION rows of zeros. */
static bool stp_hist_elide(const struct stp_hist *h,
			   const struct stp_stat_data *sd,
			   int i, int low, int high)
{
	int k, lo = max(low, i - HIST_ELISION), hi = min(high, i + HIST_ELISION);

	if (HIST_ELISION < 0)
		return false;
	for (k = lo; k <= hi; k++)
		if (sd->histogram[k])
			return false;
	return true;
}

static s64 stp_hist_row_value(const struct stp_hist *h, int i,
			      const char **prefix)
{
	*prefix = "";
	if (h->type == STP_HIST_LOG)
		return stp_hist_log_value(i);
	if (i == 0) {
		*prefix = "<";
		return h->start;
	}
	if (i == h->buckets - 1) {
		*prefix = ">";
		return h->start + (s64)(i - 2) * h->interval;
	}
	return h->start + (s64)(i - 1) * h->interval;
}

/*
 * Render a histogram as upstream does: a "value |---...--- count" header,
 * one row per bucket from two empty buckets below the lowest used one to
 * two above the highest, bars of '@' scaled to HIST_WIDTH, runs of empty
 * rows elided as "~", an empty line at the end.
 */
static void stp_hist_render(struct stp_out *o, const struct stp_hist *h,
			    const struct stp_stat_data *sd)
{
	int low = -1, high = 0, under = 0, over = 0, i, j, val_space;
	int cnt_space, scale, row;
	bool eliding = false;
	s64 valmax = 0;

	for (i = 0; i < h->buckets; i++) {
		if (sd->histogram[i] > 0) {
			if (low == -1)
				low = i;
			high = i;
		}
		valmax = max(valmax, sd->histogram[i]);
	}
	for (i = 0; i < 2; i++) {
		if (h->type == STP_HIST_LOG) {
			if (low != STP_HIST_LOG_BUCKET0 && low > 0)
				low--;
		} else if (low > 0) {
			low--;
		}
		if (high < h->buckets - 1)
			high++;
	}
	if (h->type == STP_HIST_LINEAR) {
		if (low == 0 && sd->histogram[0] == 0)
			low++;
		if (high == h->buckets - 1 && sd->histogram[high] == 0)
			high--;
		under = low == 0;
		over = high == h->buckets - 1;
	}
	scale = valmax <= HIST_WIDTH ? 1 : DIV_ROUND_UP_ULL(valmax, HIST_WIDTH);
	cnt_space = stp_num_width(valmax);
	if (h->type == STP_HIST_LINEAR)
		val_space = max(stp_num_width(h->start) + under,
				stp_num_width(h->start + (s64)h->interval * high) +
				over);
	else
		val_space = max(stp_num_width(stp_hist_log_value(high)),
				stp_num_width(stp_hist_log_value(low)));
	val_space = max(val_space, 5);
	/* The longest line: value, prefix, bar, count, separators. */
	row = val_space + HIST_WIDTH + cnt_space + 24;

	stp_out_room(o, row);
	stp_out_fill(o, ' ', val_space - 5);
	for (j = 0; j < 7; j++)
		stp_out_char(o, "value |"[j]);
	stp_out_fill(o, '-', HIST_WIDTH);
	for (j = 0; j < 7; j++)
		stp_out_char(o, " count\n"[j]);
	for (i = low; i <= high; i++) {
		const char *prefix;
		s64 val, n = sd->histogram[i], bar = div_u64(n, scale);

		if (stp_hist_elide(h, sd, i, low, high)) {
			eliding = true;
			continue;
		}
		stp_out_room(o, 2 * row);
		if (eliding) {
			stp_out_fill(o, ' ', val_space);
			stp_out_char(o, ' ');
			stp_out_char(o, '~');
			stp_out_char(o, '\n');
			eliding = false;
		}
		val = stp_hist_row_value(h, i, &prefix);
		stp_out_fill(o, ' ', val_space - stp_num_width(val) -
			     (int)strlen(prefix));
		while (*prefix)
			stp_out_char(o, *prefix++);
		stp_fmt_number(o, val, 10, -1, -1, STP_F_SIGN);
		stp_out_char(o, ' ');
		stp_out_char(o, '|');
		stp_out_fill(o, '@', bar);
		stp_fmt_number(o, n, 10, HIST_WIDTH - bar + 1 + cnt_space, -1,
			       STP_F_SIGN);
		stp_out_char(o, '\n');
	}
	stp_out_char(o, '\n');
}

/* print(@hist_*(s)): straight into the print buffer, in pieces. */
static __maybe_unused void stp_hist_print(const struct stp_hist *h,
					  const struct stp_stat_data *sd)
{
	struct stp_out o = { .pb = &stp_this_context()->pbuf };

	/* Row by row, so a histogram longer than the buffer is whole. */
	stp_out_room(&o, 0);
	stp_hist_render(&o, h, sd);
	stp_out_room(&o, 0);
}

/* sprint(@hist_*(s)): into a script string, truncated. */
static __maybe_unused char *stp_hist_sprint(char *buf,
					    const struct stp_hist *h,
					    const struct stp_stat_data *sd)
{
	struct stp_out o = { .buf = buf, .size = MAXSTRINGLEN - 1 };

	stp_hist_render(&o, h, sd);
	buf[min(o.len, o.size)] = '\0';
	return buf;
}
