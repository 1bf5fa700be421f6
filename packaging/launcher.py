"""Entry script of the frozen app: PyInstaller runs this file as ``__main__``.

It does what the ``skillmatrix`` console script does: the desktop app by default, or a
headless command (``SkillMatrix --version``, ``SkillMatrix demo --db FILE`` ...).
"""

import sys

if __name__ == "__main__":
    if sys.platform == "win32":
        # Only Windows re-runs the executable for child processes; elsewhere PyInstaller's
        # runtime hook covers it, and importing multiprocessing would only slow start-up.
        import multiprocessing

        multiprocessing.freeze_support()

    from skillmatrix.cli import main

    sys.exit(main())
