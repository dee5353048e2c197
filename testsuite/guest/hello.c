// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hello.c - the guest runner's own test module: it only logs its loading
 * (with the module parameter "greeting") and its removal, creating
 * nothing, so a run of it shows whether stap-vm boots, runs, collects the
 * kernel's messages and sees the module gone.
 */
#include <linux/module.h>
#include <linux/kernel.h>

static char *greeting = "hello";
module_param(greeting, charp, 0444);
MODULE_PARM_DESC(greeting, "word logged on loading");

static int __init hello_init(void)
{
	pr_info("stapvm_hello: loaded, greeting=%s\n", greeting);
	return 0;
}

static void __exit hello_exit(void)
{
	pr_info("stapvm_hello: removed\n");
}

module_init(hello_init);
module_exit(hello_exit);
MODULE_DESCRIPTION("stap-vm self-test: log loading and removal");
MODULE_LICENSE("GPL");
