#!/usr/bin/env python3
"""Set up and run the cxlab cohort hub (as root): ``python3 hub/cohort.py up --roster ...``.

See hub/README.md and ``python3 hub/cohort.py --help``.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cxlab_hub.cohort import main

if __name__ == "__main__":
    sys.exit(main())
