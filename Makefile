# Makefile for SystemTap in C.  Hand-written; ./configure only fills in
# config.mak.autogen.  Put your own settings in config.mak (not tracked).
#
# Targets:
#   make                the translator, ./stap, and the loader, staprun/staprun
#   make check          all tests (testsuite/run-tests.sh); T=WORD runs only
#                       tests whose name contains WORD, V=1 is verbose
#   make fuzz           build ./fuzz-parse (clang libFuzzer + ASan + UBSan)
#                       and run it for FUZZ_SECONDS
#   make install        install under DESTDIR/prefix
#   make clean          remove build products; distclean also configure's
#
# Knobs (on the command line, in config.mak, or from ./configure):
#   DEVELOPER=1         treat warnings as errors, plus the extra warnings
#                       listed at DEVELOPER_CFLAGS
#   CC, CFLAGS, LDFLAGS the usual; CFLAGS defaults to -O2 -g
#   DW_CFLAGS, DW_LIBS  how to compile and link against libdw/libelf
#   FUZZ_CC             compiler for `make fuzz' (clang)
#   FUZZ_SECONDS        how long `make fuzz' runs (default 60)
#   FUZZ_FLAGS          libFuzzer options (default: leaks on, 5s timeout)
#   prefix, bindir, datadir, mandir, DESTDIR   for `make install'

# Defaults, for a build without ./configure.
CC = cc
CFLAGS = -O2 -g
LDFLAGS =
DW_CFLAGS =
DW_LIBS = -ldw -lelf
FUZZ_CC = clang
HAVE_LIBFUZZER = yes
FUZZ_SECONDS = 60
prefix = /usr/local
exec_prefix = $(prefix)
bindir = $(exec_prefix)/bin
datarootdir = $(prefix)/share
datadir = $(datarootdir)
mandir = $(datarootdir)/man
INSTALL = install

-include config.mak.autogen
-include config.mak

# Always on: the language level and warnings are not a matter of taste.
# STAP_PKGDATADIR is where `make install' puts tapset/ and runtime/.
BASIC_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra $(DW_CFLAGS) \
	-DSTAP_PKGDATADIR='"$(datadir)/systemtap"'

# DEVELOPER=1: every warning is an error, and a few more warnings that
# catch real mistakes in this code base:
#   -Wmissing-prototypes     a non-static function without a header declaration
#   -Wstrict-prototypes      `int f()' instead of `int f(void)'
#   -Wold-style-definition   K&R definitions
#   -Wvla                    variable-length arrays (use the arena)
#   -Wformat-security        printf(s) with a non-literal format
ifdef DEVELOPER
DEVELOPER_CFLAGS = -Werror -Wmissing-prototypes -Wstrict-prototypes \
	-Wold-style-definition -Wvla -Wformat-security
endif

ALL_CFLAGS = $(BASIC_CFLAGS) $(DEVELOPER_CFLAGS) $(CFLAGS)

# The translator: every translator/*.c except the fuzz harnesses.
SRCS = $(filter-out translator/fuzz_%.c,$(wildcard translator/*.c))
OBJS = $(SRCS:translator/%.c=build/%.o)

all: stap staprun/staprun staprun/stap-merge

stap: $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $(OBJS) $(DW_LIBS)

# staprun, the loader: one static binary (no libdw, no NSS) so that it
# runs when copied alone into a guest or onto another machine.
# STAPRUN_LDFLAGS= (empty) links it dynamically.  build/test-session is
# the unit-test driver: the session code against a fake module.
STAPRUN_LDFLAGS = -static
STAPRUN_LIBS = -pthread
STAPRUN_SRCS = $(filter-out staprun/test_%.c,$(wildcard staprun/*.c))
STAPRUN_OBJS = $(STAPRUN_SRCS:staprun/%.c=build/staprun/%.o)
STAPRUN_TEST_OBJS = build/staprun/test_session.o \
	$(filter-out build/staprun/main.o,$(STAPRUN_OBJS))

staprun/staprun: $(STAPRUN_OBJS)
	$(CC) $(LDFLAGS) $(STAPRUN_LDFLAGS) -o $@ $(STAPRUN_OBJS) $(STAPRUN_LIBS)

# stap-merge: merges the per-CPU files of a bulk-mode (stap -b) run.
staprun/stap-merge: staprun/merge/stap-merge.c runtime/transport_msgs.h
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ staprun/merge/stap-merge.c

build/test-session: $(STAPRUN_TEST_OBJS)
	$(CC) $(LDFLAGS) -o $@ $(STAPRUN_TEST_OBJS) $(STAPRUN_LIBS)

build/staprun/%.o: staprun/%.c | build/staprun
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

build/staprun:
	mkdir -p $@

-include $(wildcard build/staprun/*.d)

# -MMD -MP write build/*.d, so a header change rebuilds what includes it.
build/%.o: translator/%.c | build
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

build build/fuzz:
	mkdir -p $@

-include $(OBJS:.o=.d)

# --- make check ------------------------------------------------------------
check: stap staprun/staprun staprun/stap-merge build/test-session
	testsuite/run-tests.sh $(if $(V),-v) $(T)

# --- make fuzz -------------------------------------------------------------
# The same translator objects, minus main.o, built again under the
# sanitizers in build/fuzz/, linked with the harness translator/fuzz_parse.c.
# The corpus in testsuite/fuzz/corpus/ (not tracked) starts from every golden
# test script and installed example; testsuite/fuzz/stap.dict holds the
# language's words.  Findings are written as testsuite/fuzz/crash-* (leak-*,
# timeout-*, oom-*); each fixed one becomes a case in testsuite/golden/fuzz/.
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS = $(BASIC_CFLAGS) -O1 -g -fno-omit-frame-pointer $(FUZZ_SAN)
FUZZ_OBJS = $(filter-out build/fuzz/main.o,$(SRCS:translator/%.c=build/fuzz/%.o))
# Leaks are findings; a parse that takes seconds is a hang.  Override with
# e.g. FUZZ_FLAGS='-jobs=1 -max_len=200000' (then see fuzz-*.log).
FUZZ_FLAGS = -detect_leaks=1 -timeout=5 -max_len=4096 -rss_limit_mb=2048
# The installed examples, if any, are good seeds too.
FUZZ_EXAMPLES = $(shell find /usr/share/systemtap/examples -name '*.stp' 2>/dev/null)

ifeq ($(HAVE_LIBFUZZER),yes)
fuzz: fuzz-parse
	mkdir -p testsuite/fuzz/corpus
	for f in testsuite/golden/*/*.stp $(FUZZ_EXAMPLES); do \
		[ -f "$$f" ] && cp "$$f" testsuite/fuzz/corpus/$$(echo "$$f" | tr / _); \
	done; true
	./fuzz-parse -max_total_time=$(FUZZ_SECONDS) $(FUZZ_FLAGS) \
		-dict=testsuite/fuzz/stap.dict \
		-artifact_prefix=testsuite/fuzz/ testsuite/fuzz/corpus

fuzz-parse: build/fuzz/fuzz_parse.o $(FUZZ_OBJS)
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(DW_LIBS)
else
fuzz fuzz-parse:
	@echo "make fuzz needs clang with libFuzzer: apt-get install clang libclang-rt-14-dev, then ./configure" >&2; exit 1
endif

build/fuzz/%.o: translator/%.c | build/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

-include $(wildcard build/fuzz/*.d)

# --- make install ----------------------------------------------------------
# Man pages go to man<N> by the digit after their last dot: stap.1 -> man1,
# stapprobes.3stap -> man3.
install: stap staprun/staprun staprun/stap-merge
	$(INSTALL) -d $(DESTDIR)$(bindir) $(DESTDIR)$(datadir)/systemtap
	$(INSTALL) -m 755 stap $(DESTDIR)$(bindir)/stap
	$(INSTALL) -m 755 staprun/staprun $(DESTDIR)$(bindir)/staprun
	$(INSTALL) -m 755 staprun/stap-merge $(DESTDIR)$(bindir)/stap-merge
	$(INSTALL) -m 755 vm/stap-vm $(DESTDIR)$(bindir)/stap-vm
	cp -R tapset runtime $(DESTDIR)$(datadir)/systemtap/
	for m in man/*.[0-9]*; do \
		[ -f "$$m" ] || continue; \
		s=$${m##*.}; s=$${s%"$${s#?}"}; \
		$(INSTALL) -d $(DESTDIR)$(mandir)/man$$s || exit 1; \
		$(INSTALL) -m 644 "$$m" $(DESTDIR)$(mandir)/man$$s/ || exit 1; \
	done

# --- cleaning ----------------------------------------------------------------
clean:
	rm -rf build stap fuzz-parse staprun/staprun staprun/stap-merge

distclean: clean
	rm -rf configure configure~ config.mak.autogen config.log config.status autom4te.cache

.PHONY: all check fuzz install clean distclean
.DELETE_ON_ERROR:
