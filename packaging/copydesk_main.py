"""Entry point of the frozen app: the same ``copydesk`` command as the pip install."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
