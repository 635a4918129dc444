"""``python -m cxlab.quiz build|check``: seal the question banks in banks/."""

import sys

from .bank import main

sys.exit(main())
