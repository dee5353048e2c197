# A kernel panic ends the guest: the case is reported as the one during
# which it died, the rest run in a fresh boot.
insmod data/vmpanic.ko
