# Runs in the same boot after the user-space hang; the environment comes
# from d-uafter.env; the module of b-stays is gone.
echo "after: $GREETING"
grep -c vmhello /proc/modules
