"""``python -m skillmatrix.reports.export._picture_child``: draws a report's pictures.

See :mod:`picture_worker`. A module of its own, so that ``-m`` does not run a module the
package has already imported.
"""

from skillmatrix.reports.export.picture_worker import main

if __name__ == "__main__":
    main()
