# A clean case: load and remove a module; stdout, stderr and the exit
# status come back separately.
insmod data/vmhello.ko greeting=batch
echo "on stdout"
echo "on stderr" >&2
dmesg | grep -o 'vmhello: loaded.*'
rmmod vmhello
exit 3
