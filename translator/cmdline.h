/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmdline.h - stap's command line, with upstream's options and messages. */
#ifndef STAP_CMDLINE_H
#define STAP_CMDLINE_H

#include "session.h"

/*
 * Parse argv into s.  Returns -1 to go on, or an exit status to stop
 * with (after --help, --version, or a bad option, already reported).
 */
int cmdline_parse(struct session *s, int argc, char **argv);

#endif
