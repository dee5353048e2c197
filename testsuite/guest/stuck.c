// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stuck.c - a module whose initialisation never returns: it sleeps,
 * uninterruptibly, forever.  insmod cannot be killed, so the guest makes
 * no progress; stap-vm must kill qemu, report the case as hung and run
 * the remaining cases in a fresh boot.  Sleeping (rather than spinning)
 * keeps the emulated CPU idle while the host waits.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/delay.h>

static int __init stuck_init(void)
{
	pr_info("stapvm_stuck: sleeping forever\n");
	for (;;)
		ssleep(10);
	return 0;
}

static void __exit stuck_exit(void)
{
}

module_init(stuck_init);
module_exit(stuck_exit);
MODULE_DESCRIPTION("stap-vm self-test: a module that never finishes loading");
MODULE_LICENSE("GPL");
