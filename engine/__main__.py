"""``python -m engine`` runs the same command line as the ``peercoach`` script."""

import sys

from engine.cli import main

sys.exit(main())
