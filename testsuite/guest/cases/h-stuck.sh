# A module whose loading never returns: insmod can be neither stopped nor
# killed, the guest makes no progress and the host kills qemu.  No exit
# status comes back; the remaining cases run in a fresh boot.
exec insmod data/vmstuck.ko
