"""Scales a database is created with, and frameworks moved onto a database's scale."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillmatrix.core.errors import FrameworkError, ValidationError
from skillmatrix.core.frameworks import builtin_frameworks, fit_to_scale, load_framework
from skillmatrix.core.model import Seniority
from skillmatrix.core.scale import DEFAULT_SCALE, Level, Scale
from skillmatrix.core.scales import ONE_TO_FIVE, scale_choice


def test_presets_and_the_default_rule_level() -> None:
    assert scale_choice("0-4") is DEFAULT_SCALE
    assert scale_choice(" 1-5 ") is ONE_TO_FIVE
    assert (ONE_TO_FIVE.min, ONE_TO_FIVE.max) == (1, 5)
    # "Proficient" on both, one below the top.
    assert DEFAULT_SCALE.label(DEFAULT_SCALE.default_min_level) == "Proficient"
    assert ONE_TO_FIVE.label(ONE_TO_FIVE.default_min_level) == "Proficient"


def test_unknown_scale_names_the_choices() -> None:
    with pytest.raises(ValidationError, match=r"unknown scale '0-10': use 0-4 or 1-5"):
        scale_choice("0-10")


def test_a_scale_file(tmp_path: Path) -> None:
    path = tmp_path / "three.toml"
    path.write_text(
        '[[level]]\nvalue = 1\nlabel = "Learning"\n'
        '[[level]]\nvalue = 2\nlabel = "  Doing  "\ndescription = "Does it alone."\n'
        '[[level]]\nvalue = 3\nlabel = "Teaching"\n',
        encoding="utf-8",
    )
    scale = scale_choice(str(path))
    assert [(lv.value, lv.label) for lv in scale.levels] == [
        (1, "Learning"),
        (2, "Doing"),
        (3, "Teaching"),
    ]
    assert scale.level(2).description == "Does it alone."


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[level]]\nvalue = 1\nlabel = "A"\n', "at least 2 levels"),
        (
            '[[level]]\nvalue = 1\nlabel = "A"\n[[level]]\nvalue = 3\nlabel = "B"\n',
            "does not follow 1",
        ),
        ('[[level]]\nvalue = 1\nlabel = "A"\n[[level]]\nvalue = 2\nlabel = "a"\n', "used twice"),
        (
            '[[level]]\nvalue = 1\nlabel = "A"\n[[level]]\nvalue = 2\nlabel = "7"\n',
            "read as a number",
        ),
        ('[[level]]\nvalue = 1\nlabel = "A"\n[[level]]\nvalue = 2\n', r"level #2\.label"),
        (
            '[[level]]\nvalue = "1"\nlabel = "A"\n[[level]]\nvalue = 2\nlabel = "B"\n',
            r"level #1\.value",
        ),
        ("level = [", "not a valid TOML file"),
    ],
)
def test_bad_scale_files_are_one_line_naming_the_field(
    tmp_path: Path, body: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValidationError, match=message) as err:
        scale_choice(str(path))
    assert "bad.toml" in str(err.value) and "\n" not in str(err.value)


def test_a_builtin_framework_moves_onto_a_one_to_five_scale_level_for_level() -> None:
    engineer = next(fw for fw in builtin_frameworks() if fw.name == "Engineer")
    assert engineer.written_for == (0, 4)
    moved = fit_to_scale(engineer, ONE_TO_FIVE)
    assert moved.written_for == (1, 5)
    for old, new in zip(engineer.competencies, moved.competencies, strict=True):
        assert {s: v + 1 for s, v in old.targets.items()} == new.targets
        assert new.rule.min_level == old.rule.min_level + 1
        assert {v + 1 for v in old.level_descriptions} == set(new.level_descriptions)
    assert fit_to_scale(engineer, DEFAULT_SCALE) is engineer


def test_a_framework_for_a_scale_of_another_size_is_refused() -> None:
    engineer = next(fw for fw in builtin_frameworks() if fw.name == "Engineer")
    three = Scale(tuple(Level(v, str(v), "") for v in range(1, 4)))
    with pytest.raises(FrameworkError, match=r"written for a 0-4 scale .* uses 1-3"):
        fit_to_scale(engineer, three)


def test_a_framework_file_names_its_scale(tmp_path: Path) -> None:
    path = tmp_path / "role.toml"
    path.write_text(
        '[framework]\nname = "Tester"\nscale = "1-5"\n'
        '[[competency]]\nname = "Testing"\ncategory = "Skills"\ndescription = "Tests."\n'
        "targets = { Junior = 2, Mid = 3, Senior = 4, Staff = 5, Principal = 5 }\n",
        encoding="utf-8",
    )
    fw = load_framework(path)  # checked against 1-5, not the default 0-4
    assert fw.written_for == (1, 5)
    spec = fw.competencies[0]
    assert spec.targets[Seniority.PRINCIPAL] == 5
    assert spec.rule.min_level == 4  # the usual rule, on the file's scale
    back = fit_to_scale(fw, DEFAULT_SCALE)
    assert back.competencies[0].targets[Seniority.JUNIOR] == 1


def test_a_framework_file_with_a_bad_scale_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "role.toml"
    path.write_text('[framework]\nname = "X"\nscale = "five"\n', encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"role\.toml: framework\.scale"):
        load_framework(path)
