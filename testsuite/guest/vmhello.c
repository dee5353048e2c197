// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmhello.c - the guest runner's own test module: it only logs its loading
 * (with the module parameter "greeting") and its removal, creating
 * nothing, so a run of it shows whether stap-vm boots, runs, collects the
 * kernel's messages and sees the module gone.
 */
#include <linux/module.h>
#include <linux/kernel.h>

static char *greeting = "hello";
module_param(greeting, charp, 0444);
MODULE_PARM_DESC(greeting, "word logged on loading");

static int __init vmhello_init(void)
{
	pr_info("vmhello: loaded, greeting=%s\n", greeting);
	return 0;
}

static void __exit vmhello_exit(void)
{
	pr_info("vmhello: removed\n");
}

module_init(vmhello_init);
module_exit(vmhello_exit);
MODULE_DESCRIPTION("stap-vm self-test: log loading and removal");
MODULE_LICENSE("GPL");
