"""Domain errors: each carries a one-line message fit to show a user as it is."""


class SkillMatrixError(Exception):
    """Base of every error the app reports to a user without a traceback."""


class FrameworkError(SkillMatrixError):
    """A framework file is missing, malformed or inconsistent (names the file and field)."""


class ValidationError(SkillMatrixError):
    """A value given by a user (level, name, cycle ...) is not acceptable."""


class NotFoundError(SkillMatrixError):
    """A named person, team, cycle or competency does not exist."""


class DatabaseError(SkillMatrixError):
    """The database cannot be opened, is foreign, corrupt, newer, locked or full."""


class BusyError(DatabaseError):
    """Another program kept the database locked for longer than we were willing to wait."""


class PermissionDeniedError(SkillMatrixError):
    """The database login may not make this change.

    A shared database's roles and row-level security refused it, or a row count showed it
    was not written.
    """


class ChangedMeanwhileError(SkillMatrixError):
    """A write found its row changed since it was loaded (another manager, program or window).

    An edit or import whose row version moved, an undo or redo whose cell no longer holds
    what the step left there. Nothing was changed.

    ``cells`` lists the rating cells concerned as (cycle id, source, person id,
    competency id), so a window can show their stored values again.
    """

    cells: tuple[tuple[object, ...], ...] = ()


class ReadOnlyError(SkillMatrixError):
    """A change was attempted on a closed assessment cycle."""


class ImportProblem(SkillMatrixError):
    """An import was refused; ``problems`` lists every (location, reason) found."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []
