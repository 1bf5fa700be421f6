"""services layer: one public function = one user action = one transaction.

Modules: ``database`` (open_database), ``frameworks`` (install, roles, competencies, scale),
``framework_edit`` (the Framework editor's operations), ``people``, ``cycles``, ``ratings``
(rate, rate_many, restore_rating for undo), ``snapshots`` (load_snapshot) and ``demo``.
Every function takes the ``Database`` first and keyword arguments after; it returns core
dataclasses or small change records, and raises only ``skillmatrix.core.errors`` types.
"""
