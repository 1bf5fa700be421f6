"""Built-in role frameworks (resources/frameworks/*.toml) and the framework file loader."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from skillmatrix.core.errors import FrameworkError
from skillmatrix.core.frameworks import (
    Framework,
    builtin_dir,
    builtin_frameworks,
    find_framework,
    load_framework,
)
from skillmatrix.core.model import CoverageRule, Seniority

EXPECTED = {"Engineer", "Product Engineer", "Backend Engineer"}
CATEGORIES = {"Hard skills", "Soft skills", "Workflows", "Tools & platforms", "Product"}


@pytest.fixture(scope="module")
def frameworks() -> list[Framework]:
    return builtin_frameworks()


# ---------------------------------------------------------------- built-in content


def test_the_three_builtins_load_with_their_names(frameworks: list[Framework]) -> None:
    assert {fw.name for fw in frameworks} == EXPECTED
    assert len(list(builtin_dir().glob("*.toml"))) == 3
    for fw in frameworks:
        assert fw.description
        assert fw.source.startswith("Seed: ")
        assert fw.version == 1
        assert fw.path is not None and fw.path.parent == builtin_dir()


def test_each_builtin_has_a_sensible_size_and_shared_categories(
    frameworks: list[Framework],
) -> None:
    for fw in frameworks:
        assert 20 <= len(fw.competencies) <= 30, fw.name
        assert set(fw.categories) <= CATEGORIES, fw.name
        assert len(fw.categories) >= 4, fw.name
        critical = [c.name for c in fw.competencies if c.critical]
        assert 4 <= len(critical) <= 7, (fw.name, critical)


def test_every_competency_is_fully_described(frameworks: list[Framework]) -> None:
    for fw in frameworks:
        for c in fw.competencies:
            where = f"{fw.name} / {c.name}"
            assert c.description.strip(), where
            assert 1 <= len(c.name.split()) <= 4, where
            assert set(c.targets) == set(Seniority), where
            assert set(c.level_descriptions) == {1, 2, 3, 4}, where
            assert all(text.strip() for text in c.level_descriptions.values()), where


def test_targets_never_decrease_with_seniority(frameworks: list[Framework]) -> None:
    order = sorted(Seniority, key=lambda s: s.rank)
    for fw in frameworks:
        for c in fw.competencies:
            values = [c.targets[s] for s in order]
            assert values == sorted(values), f"{fw.name} / {c.name}: {values}"


def test_targets_fit_each_seniority(frameworks: list[Framework]) -> None:
    for fw in frameworks:
        for c in fw.competencies:
            t = c.targets
            assert t[Seniority.JUNIOR] <= 2, (fw.name, c.name)
            assert t[Seniority.MID] <= 3, (fw.name, c.name)
            assert t[Seniority.PRINCIPAL] >= 2, (fw.name, c.name)
        # critical skills are core: a Senior is at least Proficient in them
        for c in fw.competencies:
            if c.critical:
                assert c.targets[Seniority.SENIOR] >= 3, (fw.name, c.name)


def test_principal_is_not_expert_at_everything(frameworks: list[Framework]) -> None:
    for fw in frameworks:
        principal = [c.targets[Seniority.PRINCIPAL] for c in fw.competencies]
        experts = principal.count(4)
        assert 0 < experts <= len(principal) // 2, (fw.name, experts, len(principal))


def test_mentoring_rises_from_none_to_expert(frameworks: list[Framework]) -> None:
    for fw in frameworks:
        mentoring = next(c for c in fw.competencies if c.name == "Mentoring")
        assert mentoring.targets[Seniority.JUNIOR] < mentoring.targets[Seniority.PRINCIPAL]


def test_shared_competencies_are_identical_across_files(frameworks: list[Framework]) -> None:
    by_name: dict[str, list[tuple[str, object]]] = defaultdict(list)
    for fw in frameworks:
        for c in fw.competencies:
            shared = (c.category, c.description, c.level_descriptions, c.rule)
            by_name[c.name.casefold()].append((fw.name, shared))
    shared_names = {name for name, uses in by_name.items() if len(uses) > 1}
    # the core of every engineering role is shared by all three
    for name in (
        "api design",
        "database design",
        "security practices",
        "ci/cd pipelines",
        "communication",
        "automated testing",
        "incident response",
        "mentoring",
    ):
        assert len(by_name[name]) == 3, name
    assert len(shared_names) >= 15
    for name in shared_names:
        first_role, first = by_name[name][0]
        for role, other in by_name[name][1:]:
            assert other == first, f"{name!r} differs between {first_role} and {role}"


def test_names_are_spelled_the_same_everywhere(frameworks: list[Framework]) -> None:
    spellings: dict[str, set[str]] = defaultdict(set)
    for fw in frameworks:
        for c in fw.competencies:
            spellings[c.name.casefold()].add(c.name)
    assert all(len(s) == 1 for s in spellings.values()), spellings


def test_role_specific_focus(frameworks: list[Framework]) -> None:
    fws = {fw.name: {c.name: c for c in fw.competencies} for fw in frameworks}
    backend, product = fws["Backend Engineer"], fws["Product Engineer"]
    for name in (
        "Distributed systems",
        "Kafka messaging",
        "PostgreSQL operations",
        "Schema migrations",
        "Observability",
    ):
        assert name in backend, name
    for name in (
        "Full-stack development",
        "User empathy",
        "Product sense",
        "React & Next.js",
        "Test-driven development",
        "Feature delivery",
    ):
        assert name in product, name
    assert backend["Distributed systems"].critical
    assert product["User empathy"].critical
    # the same competency weighs differently per role
    top = Seniority.PRINCIPAL
    assert backend["Database design"].targets[top] > product["Database design"].targets[top]


def test_niche_competencies_need_one_specialist(frameworks: list[Framework]) -> None:
    rules = {c.name: c.rule for fw in frameworks for c in fw.competencies}
    assert rules["Redis caching"] == CoverageRule(min_people=1, min_level=3)
    assert rules["API design"] == CoverageRule()


@pytest.mark.parametrize(
    "query", ["Backend Engineer", "backend engineer", "  BACKEND ENGINEER ", "backend_engineer"]
)
def test_find_framework_by_name_in_any_case(query: str) -> None:
    assert find_framework(query).name == "Backend Engineer"


def test_find_framework_by_path(tmp_path: Path) -> None:
    path = tmp_path / "custom.toml"
    path.write_text(_framework(name="Custom"), encoding="utf-8")
    assert find_framework(str(path)).name == "Custom"


def test_find_framework_unknown_lists_builtins() -> None:
    with pytest.raises(FrameworkError, match=r"no framework named 'Astronaut'") as info:
        find_framework("Astronaut")
    assert "Backend Engineer" in str(info.value)


# ---------------------------------------------------------------- loader validation

TARGETS = "{ Junior = 1, Mid = 2, Senior = 3, Staff = 3, Principal = 4 }"


def _competency(name: str = "X", targets: str = TARGETS, extra: str = "", levels: str = "") -> str:
    text = (
        f'[[competency]]\nname = "{name}"\ncategory = "Hard skills"\n'
        f'description = "A skill."\ntargets = {targets}\n{extra}'
    )
    return text + (f"[competency.levels]\n{levels}" if levels else "")


def _framework(name: str = "Test", body: str | None = None) -> str:
    head = f'[framework]\nname = "{name}"\ndescription = "d"\nsource = "s"\nversion = 1\n\n'
    return head + (_competency() if body is None else body)


def _load_bad(tmp_path: Path, text: str) -> str:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        load_framework(path)
    return str(info.value)


def test_a_minimal_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    path.write_text(
        _framework(body=_competency(extra="critical = true\n", levels='1 = "a"\n4 = "b"\n')),
        encoding="utf-8",
    )
    fw = load_framework(path)
    (c,) = fw.competencies
    assert (fw.name, c.name, c.critical, c.rule) == ("Test", "X", True, CoverageRule())
    assert c.targets[Seniority.PRINCIPAL] == 4
    assert c.level_descriptions == {1: "a", 4: "b"}


def test_seniority_keys_are_case_insensitive(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    targets = "{ junior = 0, MID = 1, Senior = 2, staff = 3, Principal = 3 }"
    path.write_text(_framework(body=_competency(targets=targets)), encoding="utf-8")
    assert load_framework(path).competencies[0].targets[Seniority.MID] == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(_competency(), "bad.toml: [framework]: missing table", id="no-framework"),
        pytest.param(
            '[framework]\ndescription = "d"\n' + _competency(),
            "bad.toml: framework.name: must be a non-empty string",
            id="no-name",
        ),
        pytest.param(
            '[framework]\nname = "T"\nversion = "one"\n' + _competency(),
            "bad.toml: framework.version: must be an integer",
            id="version-string",
        ),
        pytest.param(
            '[framework]\nname = "T"\nversion = true\n' + _competency(),
            "bad.toml: framework.version: must be an integer",
            id="version-bool",
        ),
        pytest.param(
            '[framework]\nname = "T"\n',
            "bad.toml: [[competency]]: at least one competency is required",
            id="no-competency",
        ),
        pytest.param(
            _framework(body='[[competency]]\ncategory = "c"\ndescription = "d"\n'),
            "bad.toml: competency #1.name: must be a non-empty string",
            id="competency-no-name",
        ),
        pytest.param(
            _framework(body='[[competency]]\nname = "X"\ndescription = "d"\n'),
            "bad.toml: competency 'X'.category: must be a non-empty string",
            id="no-category",
        ),
        pytest.param(
            _framework(body=_competency().replace('description = "A skill."', 'description = ""')),
            "bad.toml: competency 'X'.description: must be a non-empty string",
            id="empty-description",
        ),
        pytest.param(
            _framework(body=_competency(targets=TARGETS.replace("Mid = 2", "Mid = 5"))),
            "bad.toml: competency 'X'.targets.Mid: must be a whole number from 0 to 4",
            id="target-too-high",
        ),
        pytest.param(
            _framework(body=_competency(targets=TARGETS.replace("Mid = 2", "Mid = -1"))),
            "bad.toml: competency 'X'.targets.Mid: must be a whole number from 0 to 4",
            id="target-negative",
        ),
        pytest.param(
            _framework(body=_competency(targets=TARGETS.replace("Mid = 2", "Mid = 2.5"))),
            "bad.toml: competency 'X'.targets.Mid: must be a whole number from 0 to 4",
            id="target-float",
        ),
        pytest.param(
            _framework(body=_competency(targets=TARGETS.replace("Mid = 2", "Mid = true"))),
            "bad.toml: competency 'X'.targets.Mid: must be a whole number from 0 to 4",
            id="target-bool",
        ),
        pytest.param(
            _framework(body=_competency(targets=TARGETS.replace("Staff", "Lead"))),
            "bad.toml: competency 'X'.targets.Lead: 'Lead' is not a seniority",
            id="unknown-seniority",
        ),
        pytest.param(
            _framework(body=_competency(targets=TARGETS.replace(", Principal = 4", ""))),
            "bad.toml: competency 'X'.targets: no target for Principal",
            id="missing-seniority",
        ),
        pytest.param(
            _framework(body=_competency(targets=TARGETS.replace("{", "{ junior = 2,"))),
            "bad.toml: competency 'X'.targets.Junior: duplicate target for Junior",
            id="duplicate-seniority",
        ),
        pytest.param(
            _framework(body='[[competency]]\nname = "X"\ncategory = "c"\ndescription = "d"\n'),
            "bad.toml: competency 'X'.targets: missing",
            id="no-targets",
        ),
        pytest.param(
            _framework(body=_competency("API design") + "\n" + _competency(" api DESIGN ")),
            "bad.toml: competency 'api DESIGN'.name: duplicate competency name",
            id="duplicate-competency",
        ),
        pytest.param(
            _framework(body=_competency(extra="rule = { min_people = 0, min_level = 3 }\n")),
            "bad.toml: competency 'X'.rule.min_people: must be a whole number of at least 1",
            id="rule-min-people",
        ),
        pytest.param(
            _framework(body=_competency(extra="rule = { min_people = 2, min_level = 7 }\n")),
            "bad.toml: competency 'X'.rule.min_level: must be a whole number from 0 to 4",
            id="rule-min-level",
        ),
        pytest.param(
            _framework(body=_competency(extra='rule = "2 at 3"\n')),
            "bad.toml: competency 'X'.rule: must be a table",
            id="rule-not-table",
        ),
        pytest.param(
            _framework(body=_competency(extra='critical = "yes"\n')),
            "bad.toml: competency 'X'.critical: must be true or false",
            id="critical-not-bool",
        ),
        pytest.param(
            _framework(body=_competency(extra="critical = 1\n")),
            "bad.toml: competency 'X'.critical: must be true or false",
            id="critical-int",
        ),
        pytest.param(
            _framework(body=_competency(levels='one = "a"\n')),
            "bad.toml: competency 'X'.levels.one: keys must be level numbers",
            id="level-key-not-number",
        ),
        pytest.param(
            _framework(body=_competency(levels='5 = "a"\n')),
            "bad.toml: competency 'X'.levels.5: must be a whole number from 0 to 4",
            id="level-key-out-of-range",
        ),
        pytest.param(
            _framework(body=_competency(levels='1 = "a"\n01 = "b"\n')),
            "bad.toml: competency 'X'.levels.01: duplicate description for level 1",
            id="level-key-duplicate",
        ),
        pytest.param(
            _framework(body=_competency(levels='2 = ""\n')),
            "bad.toml: competency 'X'.levels.2: must be a non-empty string",
            id="level-empty-text",
        ),
        pytest.param(
            _framework(body=_competency(extra='levels = "none"\n')),
            "bad.toml: competency 'X'.levels: must be a table",
            id="levels-not-table",
        ),
    ],
)
def test_invalid_files_name_the_file_and_field(tmp_path: Path, text: str, expected: str) -> None:
    assert _load_bad(tmp_path, text).startswith(expected)


def test_bad_toml_syntax_names_the_file(tmp_path: Path) -> None:
    message = _load_bad(tmp_path, '[framework]\nname = "unterminated\n')
    assert "bad.toml" in message
    assert "not a valid TOML file" in message
    assert "line 2" in message


def test_non_utf8_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(b'[framework]\nname = "\xff"\n')
    with pytest.raises(FrameworkError, match=r"bad\.toml: not a valid TOML file"):
        load_framework(path)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError, match=r"nothing\.toml: file not found"):
        load_framework(tmp_path / "nothing.toml")


def test_unreadable_path_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    with pytest.raises(FrameworkError, match=r"folder\.toml: cannot be read"):
        load_framework(folder)
