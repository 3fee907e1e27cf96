"""`python -m validator` is the `doccontract` command."""

import sys

from validator.cli import main

sys.exit(main())
