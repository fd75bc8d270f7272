"""``python -m archcite``: the same entry point as the ``archcite`` command."""

from archcite.cli import main

if __name__ == "__main__":
    main()
