"""``python -m partyscreen.cli``: the same as the ``partyscreen`` command."""

from partyscreen.cli import main

main()
