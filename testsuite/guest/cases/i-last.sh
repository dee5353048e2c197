# After a warning and a hung guest: a fresh, untainted kernel.
echo "tainted: $(cat /proc/sys/kernel/tainted)"
