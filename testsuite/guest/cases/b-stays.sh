# A module left loaded is a problem; the runner removes it for the next case.
insmod data/vmhello.ko
