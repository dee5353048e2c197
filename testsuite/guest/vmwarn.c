// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmwarn.c - a module that makes the kernel WARN while loading (and so taints
 * it with W); stap-vm must report the warning, the taint, and go on with
 * the remaining cases in a fresh boot.
 */
#include <linux/module.h>
#include <linux/kernel.h>

static int __init vmwarn_init(void)
{
	WARN(1, "vmwarn: a deliberate warning\n");
	return 0;
}

static void __exit vmwarn_exit(void)
{
}

module_init(vmwarn_init);
module_exit(vmwarn_exit);
MODULE_DESCRIPTION("stap-vm self-test: a kernel warning");
MODULE_LICENSE("GPL");
