"""store layer: SQLAlchemy models, the Database handle, Alembic migrations, repositories.

Nothing here is handed to the UI: repositories return ``skillmatrix.core`` dataclasses.
"""
