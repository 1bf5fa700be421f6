"""SkillMatrix: team skills matrix for engineering managers."""

__version__ = "0.1.0"
