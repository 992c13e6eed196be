"""`python -m app` is the same as the `street-audit` command."""

import sys

from app.cli import main

sys.exit(main())
