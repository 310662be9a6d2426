"""``python -m optim`` = the ``optim`` command."""
from optim.cli import main

main()
