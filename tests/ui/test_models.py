"""Every table and tree model of the Team and Framework views passes Qt's model tester."""

from __future__ import annotations

from skillmatrix.core.model import CoverageRule, Person, Role, Seniority
from skillmatrix.core.scale import DEFAULT_SCALE
from skillmatrix.store.records import Category
from skillmatrix.ui.framework.model import FrameworkModel
from skillmatrix.ui.framework.targets import TargetsModel
from skillmatrix.ui.team.model import PeopleFilter, PeopleModel


def _people() -> list[Person]:
    return [
        Person(1, "Ada", "ada@example.com", "Payments", "Backend Engineer", Seniority.SENIOR),
        Person(2, "Grace", "", "Platform", "", Seniority.STAFF, active=False),
        Person(3, "Linus", "linus@example.com", "", "Engineer", Seniority.JUNIOR),
    ]


def test_people_model_and_its_updates(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = PeopleModel()
    model.reset(_people())
    qtmodeltester.check(model, force_py=True)
    model.upsert(Person(4, "Margaret", team="Payments"))
    model.upsert(Person(1, "Ada King", team="Payments"))
    model.remove(2)
    model.merge([Person(1, "Ada King"), Person(5, "Barbara")])
    assert [p.name for p in model.people()] == ["Ada King", "Barbara"]
    qtmodeltester.check(model, force_py=True)


def test_people_filter(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = PeopleModel()
    model.reset(_people())
    proxy = PeopleFilter()
    proxy.setSourceModel(model)
    proxy.sort(0)
    qtmodeltester.check(proxy, force_py=True)
    assert proxy.rowCount() == 2  # Grace is inactive
    proxy.set_show_inactive(True)
    assert proxy.rowCount() == 3
    proxy.set_team("payments")
    assert proxy.rowCount() == 1
    proxy.set_team(None)
    proxy.set_search("example linus")
    assert proxy.rowCount() == 1
    qtmodeltester.check(proxy, force_py=True)


def test_framework_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from skillmatrix.core.model import Competency

    model = FrameworkModel()
    cats = [Category(1, "Hard skills", 0), Category(2, "Soft skills", 1)]
    comps = [
        Competency(10, "API design", "Hard skills", "Designs APIs", critical=True),
        Competency(11, "Testing", "Hard skills", "Tests", position=1),
        Competency(12, "Communication", "Soft skills", "Talks", rule=CoverageRule(1, 2)),
    ]
    model.load(cats, comps)
    qtmodeltester.check(model, force_py=True)
    model.move_competency(11, 0)
    model.add_competency(Competency(13, "Mentoring", "Soft skills", position=1))
    model.remove_competency(10)
    model.order_categories([2, 1])
    qtmodeltester.check(model, force_py=True)
    assert model.category_item(2).row() == 0


def test_targets_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = TargetsModel(DEFAULT_SCALE)
    role = Role(1, "Backend Engineer", targets={s: {10: 2} for s in Seniority})
    model.load([role, Role(2, "Engineer")], 10, DEFAULT_SCALE)
    qtmodeltester.check(model, force_py=True)
    asked: list[tuple[int, str, object]] = []
    model.targetRequested.connect(lambda *a: asked.append(a))
    assert model.setData(model.index(0, 1), 3) is False  # stored by a command, not here
    assert asked == [(1, "Mid", 3)]
    assert model.index(1, 0).data() == "—"
