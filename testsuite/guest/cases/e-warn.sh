# A kernel warning: reported from dmesg and the taint; the kernel is then
# unfit, so the remaining cases run in a fresh boot.
insmod data/vmwarn.ko
rmmod vmwarn
