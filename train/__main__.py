import sys

from dovehawk.train import main

sys.exit(main())
