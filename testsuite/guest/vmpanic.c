// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmpanic.c - a module that panics the kernel while loading.  The guest
 * reboots at once (panic=-1), which ends qemu (-no-reboot); stap-vm must
 * report the case as the one during which the guest died, with the
 * console's last lines, and run the remaining cases in a fresh boot.
 */
#include <linux/module.h>
#include <linux/kernel.h>

static int __init vmpanic_init(void)
{
	panic("vmpanic: a deliberate panic");
	return 0;
}

static void __exit vmpanic_exit(void)
{
}

module_init(vmpanic_init);
module_exit(vmpanic_exit);
MODULE_DESCRIPTION("stap-vm self-test: a kernel panic");
MODULE_LICENSE("GPL");
