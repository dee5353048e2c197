# A kernel oops: insmod is killed, the kernel tainted (D), the module
# stuck half-loaded; reported, and the remaining cases get a fresh boot.
insmod data/vmoops.ko
