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


class ChangedMeanwhileError(SkillMatrixError):
    """Undo or redo found the cell no longer holding what the step left there (another
    program or window changed it since); nothing was changed."""


class ReadOnlyError(SkillMatrixError):
    """A change was attempted on a closed assessment cycle."""


class ImportProblem(SkillMatrixError):
    """An import was refused; ``problems`` lists every (location, reason) found."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []
