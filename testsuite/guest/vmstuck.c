// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmstuck.c - a module whose initialisation never returns: it sleeps,
 * uninterruptibly, forever.  insmod cannot be killed, so the guest makes
 * no progress; stap-vm must kill qemu, report the case as hung and run
 * the remaining cases in a fresh boot.  Sleeping (rather than spinning)
 * keeps the emulated CPU idle while the host waits.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/delay.h>

static int __init vmstuck_init(void)
{
	pr_info("vmstuck: sleeping forever\n");
	for (;;)
		ssleep(10);
	return 0;
}

static void __exit vmstuck_exit(void)
{
}

module_init(vmstuck_init);
module_exit(vmstuck_exit);
MODULE_DESCRIPTION("stap-vm self-test: a module that never finishes loading");
MODULE_LICENSE("GPL");
