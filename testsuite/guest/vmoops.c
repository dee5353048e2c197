// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmoops.c - a module whose initialisation dereferences a NULL pointer:
 * the kernel oopses, kills insmod and is tainted (D); the module stays
 * half-loaded.  stap-vm must report the oops, the taint and the module
 * that cannot be removed, and run the remaining cases in a fresh boot.
 */
#include <linux/module.h>
#include <linux/kernel.h>

static int *vmoops_nowhere;

static int __init vmoops_init(void)
{
	pr_info("vmoops: about to dereference NULL\n");
	/* READ_ONCE: the compiler must not drop or trap the access itself. */
	return READ_ONCE(*vmoops_nowhere);
}

static void __exit vmoops_exit(void)
{
}

module_init(vmoops_init);
module_exit(vmoops_exit);
MODULE_DESCRIPTION("stap-vm self-test: a kernel oops");
MODULE_LICENSE("GPL");
