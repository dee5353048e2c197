# A case that never ends in user space is stopped at its timeout (2 s);
# the batch goes on in the same boot.
echo "before the hang"
exec sleep 1000
