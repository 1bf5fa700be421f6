"""Who may do what on a shared PostgreSQL database.

Logging in as each role against the session's real server: an admin, the manager of team
Red, the manager of team Blue, and a manager of Red who may see every team's names.

Roles are the server's (shared by its databases), so the logins have fixed names; which
teams each manages lives in the test's own database.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pg_server import PgServer
from sqlalchemy import func, select, text
from store_helpers import populate_org

from skillmatrix.core import analytics
from skillmatrix.core.errors import NotFoundError, PermissionDeniedError, SkillMatrixError
from skillmatrix.core.model import Source
from skillmatrix.services import cycles, people, ratings
from skillmatrix.services.department import department_coverage
from skillmatrix.services.server import current_access, grant_login, init_server
from skillmatrix.services.snapshots import load_snapshot
from skillmatrix.store import models, repo_ratings
from skillmatrix.store.database import Database

ADMIN, RED, BLUE, RED_SEES = "h13_admin", "h13_mgr_red", "h13_mgr_blue", "h13_mgr_red_sees"


class Org:
    def __init__(self, server: PgServer, url: str) -> None:
        self.server, self.url = server, url
        with Database(url) as db:
            self.cycle_id = populate_org(db, people=8, comps=3)
            with db.reading() as s:
                teams = {t.name: t.id for t in s.scalars(select(models.Team))}
                self.red = [
                    p.id
                    for p in s.scalars(
                        select(models.Person).where(models.Person.team_id == teams["Red"])
                    )
                ]
                self.blue = [
                    p.id
                    for p in s.scalars(
                        select(models.Person).where(models.Person.team_id == teams["Blue"])
                    )
                ]
                self.comps = list(s.scalars(select(models.Competency.id)))
        grant_login(url, ADMIN, admin=True)
        grant_login(url, RED, teams=["Red"])
        grant_login(url, BLUE, teams=["blue"])  # team names match ignoring case
        grant_login(url, RED_SEES, teams=["Red"], see_names=True)
        self._open: list[Database] = []

    def login(self, login: str) -> Database:
        db = Database(self.server.login_url(self.url, login))
        self._open.append(db)
        return db

    def stored(self, pid: int, cid: int) -> models.Rating | None:
        with Database(self.url) as db, db.reading() as s:
            return s.scalars(
                select(models.Rating).where(
                    models.Rating.cycle_id == self.cycle_id,
                    models.Rating.person_id == pid,
                    models.Rating.competency_id == cid,
                    models.Rating.source == "manager",
                )
            ).first()

    def close(self) -> None:
        for db in self._open:
            db.close()


@pytest.fixture
def org(pg_server: PgServer, pg_url: str) -> Iterator[Org]:
    made = Org(pg_server, pg_url)
    yield made
    made.close()


def test_a_manager_rates_their_own_team_as_their_login_whatever_the_client_says(org: Org) -> None:
    db = org.login(RED)
    assert db.identity == RED
    pid, cid = org.red[0], org.comps[0]
    ratings.rate_many(db, cycle_id=org.cycle_id, cells=[(pid, cid)], level=4, rated_by="forged")
    row = org.stored(pid, cid)
    assert row is not None and row.level == 4 and row.rated_by == RED
    # Even SQL that writes another name: the database records the login.
    with db.session() as s:
        s.execute(
            text("UPDATE ratings SET rated_by = 'someone', note = 'x' WHERE id = :i"),
            {"i": row.id},
        )
        s.execute(
            text(
                "INSERT INTO rating_history (at, who, action, cycle_id, person_id, competency_id,"
                " source, old_na, old_note, new_na, new_note) VALUES (now(), 'someone', 'sql',"
                " :c, :p, :k, 'manager', false, '', false, '')"
            ),
            {"c": org.cycle_id, "p": pid, "k": cid},
        )
    after = org.stored(pid, cid)
    assert after is not None and after.rated_by == RED
    with Database(org.url) as admin, admin.reading() as s:
        who = set(s.scalars(select(models.RatingHistory.who)))
    assert who == {RED}


def test_a_manager_sees_only_their_teams_people_but_the_department_aggregate(org: Org) -> None:
    db = org.login(RED)
    snap = load_snapshot(db, cycle=org.cycle_id)
    with Database(org.url) as admin:
        reds = {p.id for p in load_snapshot(admin, cycle=org.cycle_id, team="Red").people}
        everyone = {p.id for p in load_snapshot(admin, cycle=org.cycle_id).people}
    assert {p.id for p in snap.people} == reds
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(models.Person)) == len(org.red)
        assert not s.scalars(
            select(models.Rating.id).where(models.Rating.person_id.in_(org.blue))
        ).all()
        teams = set(
            s.execute(
                text("SELECT DISTINCT team_id FROM skillmatrix_department_coverage")
            ).scalars()
        )
    assert len(teams) == 2  # Blue's counts too, without a name
    seer = load_snapshot(org.login(RED_SEES), cycle=org.cycle_id)
    assert {p.id for p in seer.people} == everyone


def test_another_teams_person_cannot_be_rated_and_the_refusal_names_them(org: Org) -> None:
    pid, cid = org.blue[0], org.comps[0]
    with Database(org.url) as admin:
        ratings.rate_many(admin, cycle_id=org.cycle_id, cells=[(pid, cid)], level=2)
    # Not visible at all without see-names: "no such person", nothing written.
    with pytest.raises(NotFoundError):
        ratings.rate_many(org.login(RED), cycle_id=org.cycle_id, cells=[(pid, cid)], level=1)
    # Visible (read-only) with see-names: refused by the database, naming the cell.
    seer = org.login(RED_SEES)
    for level in (1, None):  # an update, and a deletion (clearing the cell)
        with pytest.raises(PermissionDeniedError) as refused:
            ratings.rate_many(seer, cycle_id=org.cycle_id, cells=[(pid, cid)], level=level)
        message = str(refused.value)
        assert "(team Blue) is not in your teams" in message and RED_SEES in message
        assert "their C0 rating" in message
        assert "\n" not in message
    after = org.stored(pid, cid)
    assert after is not None and after.level == 2
    # Blue's own manager may.
    ratings.rate_many(org.login(BLUE), cycle_id=org.cycle_id, cells=[(pid, cid)], level=1)
    stored = org.stored(pid, cid)
    assert stored is not None and stored.level == 1 and stored.rated_by == BLUE


def test_a_write_the_policy_silently_skips_is_never_reported_as_saved(org: Org) -> None:
    """A write the policy silently skips is refused, never reported as saved.

    An UPDATE of a row this login cannot see matches 0 rows without a database error; the
    row count check turns it into a refusal.
    """
    pid, cid = org.blue[0], org.comps[1]
    with Database(org.url) as admin:
        ratings.rate_many(admin, cycle_id=org.cycle_id, cells=[(pid, cid)], level=2)
    row = org.stored(pid, cid)
    assert row is not None
    db = org.login(RED)
    values = {c: getattr(row, c) for c in repo_ratings.VALUE_COLUMNS}
    for prepared in (
        repo_ratings.PreparedWrite(
            False,
            [],
            [{"row_id": row.id, "loaded_version": row.version, **values, "level": 4}],
            [],
            [],
            {row.id: (pid, cid)},
        ),
        repo_ratings.PreparedWrite(
            False, [], [], [(row.id, row.version)], [], {row.id: (pid, cid)}
        ),
    ):
        with (
            pytest.raises(
                PermissionDeniedError,
                match=rf"not saved: person #{pid} · C1 could not be \w+ \(1 of 1 ratings",
            ),
            db.session() as s,
        ):
            repo_ratings.write_prepared(s, prepared)
    after = org.stored(pid, cid)
    assert after is not None and after.level == 2


def test_history_is_append_only_for_managers(org: Org) -> None:
    db = org.login(RED)
    ratings.rate_many(db, cycle_id=org.cycle_id, cells=[(org.red[0], org.comps[0])], level=3)
    for sql in ("UPDATE rating_history SET who = 'x'", "DELETE FROM rating_history"):
        with (
            pytest.raises(PermissionDeniedError, match="only a SkillMatrix admin"),
            db.session() as s,
        ):
            s.execute(text(sql))
    with Database(org.url) as admin, admin.reading() as s:
        assert s.scalar(select(func.count()).select_from(models.RatingHistory)) == 1


def _change_rows(url: str) -> list[tuple[str, str, str]]:
    with Database(url) as admin, admin.reading() as s:
        rows = s.execute(
            select(
                models.ChangeHistory.action,
                models.ChangeHistory.entity_name,
                models.ChangeHistory.who,
            ).order_by(models.ChangeHistory.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


_FORGE = (
    "INSERT INTO change_history (at, who, action, entity_kind, entity_id, entity_name,"
    " old_value, new_value) VALUES (now(), 'someone', :a, :k, :i, 'x', '', '')"
)


def test_change_history_is_not_writable_by_managers(org: Org) -> None:
    """Managers cannot rewrite the change history.

    A manager's own edits are recorded under their login; they cannot update, delete or
    truncate the history, nor add framework, cycle or other teams' entries.
    """
    db = org.login(RED)
    people.update_person(db, org.red[0], email="red0@x.org")
    people.delete_person(db, org.red[1])  # recorded before the row goes: still theirs then
    assert [(a, w) for a, _, w in _change_rows(org.url)] == [
        ("person.edit", RED),
        ("person.delete", RED),
    ]
    for sql in (
        "UPDATE change_history SET who = 'x'",
        "DELETE FROM change_history",
        "TRUNCATE change_history",
    ):
        with (
            pytest.raises(PermissionDeniedError, match="only a SkillMatrix admin"),
            db.session() as s,
        ):
            s.execute(text(sql))
    refusals = [
        (("competency.rename", "competency", org.comps[0]), "may not change history"),
        (("cycle.close", "cycle", org.cycle_id), "may not change history"),
        (("person.edit", "person", org.blue[0]), "is not in your teams"),
    ]
    for (action, kind, entity), message in refusals:
        with pytest.raises(PermissionDeniedError, match=message), db.session() as s:
            s.execute(text(_FORGE), {"a": action, "k": kind, "i": entity})
    # Like rating_history: an entry about one's own team's person may be appended (that
    # is how the app records their edits), but under the login whatever "who" says.
    with db.session() as s:
        s.execute(text(_FORGE), {"a": "person.edit", "k": "person", "i": org.red[0]})
    assert _change_rows(org.url)[-1] == ("person.edit", "x", RED)
    # A cycle change made by an admin is readable by every manager; Red's are not Blue's.
    cycles.close_cycle(org.login(ADMIN), org.cycle_id)
    with org.login(BLUE).reading() as s:
        assert list(s.scalars(select(models.ChangeHistory.action))) == ["cycle.close"]
    with org.login(RED_SEES).reading() as s:
        seen = set(s.scalars(select(models.ChangeHistory.action)))
        assert seen == {"person.edit", "person.delete", "cycle.close"}
    assert [(a, w) for a, _, w in _change_rows(org.url)][-1] == ("cycle.close", ADMIN)
    assert len(_change_rows(org.url)) == 4


def test_admin_only_changes_are_refused_for_managers_in_one_line(org: Org) -> None:
    db = org.login(BLUE)
    for action in (
        lambda: cycles.start_cycle(db, name="2031-Q1"),
        lambda: cycles.close_cycle(db, org.cycle_id),
        lambda: people.add_team(db, name="Green"),
    ):
        with pytest.raises(PermissionDeniedError) as refused:
            action()
        assert "only a SkillMatrix admin may change" in str(refused.value)
    # A person may be added to one's own team, not to another.
    people.add_person(db, name="New Blue", team="Blue")
    with pytest.raises(SkillMatrixError):
        people.add_person(db, name="Sneaky", team="Red")


def test_each_role_knows_what_it_may_do(org: Org) -> None:
    admin = current_access(org.login(ADMIN))
    red = current_access(org.login(RED))
    seer = current_access(org.login(RED_SEES))
    assert admin.admin and admin.login == ADMIN
    assert not red.admin and not red.see_names and len(red.teams) == 1
    assert seer.see_names and seer.teams == red.teams
    assert current_access(org.login(BLUE)).teams.isdisjoint(red.teams)


def test_an_admin_writes_every_team(org: Org) -> None:
    db = org.login(ADMIN)
    cells = [(org.red[0], org.comps[2]), (org.blue[0], org.comps[2])]
    ratings.rate_many(db, cycle_id=org.cycle_id, cells=cells, level=3)
    assert all((r := org.stored(p, c)) is not None and r.rated_by == ADMIN for p, c in cells)
    cycles.start_cycle(db, name="2031-Q1")


def _goal(db: Database, pid: int, cid: int) -> None:
    with db.session() as s:
        s.execute(
            text(
                "INSERT INTO growth_goals (person_id, competency_id, target_level,"
                " status, created_by, created_at) VALUES (:p, :c, 3, 'planned', '', now())"
            ),
            {"p": pid, "c": cid},
        )


def _detail_counts(url: str, pid: int) -> tuple[int, int, int]:
    with Database(url) as admin, admin.reading() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(m).where(m.person_id == pid))
            for m in (models.LeaveEntry, models.RatingEvidence, models.GrowthGoal)
        )


def test_leave_evidence_and_goals_follow_the_persons_team_for_managers(org: Org) -> None:
    """Leave, evidence and goals follow the person's team for managers.

    A manager writes planned leave, rating evidence and growth goals of their own teams'
    people (read-only for managers before), and is refused, by name, for another team's.
    """
    import datetime as dt

    from skillmatrix.services import evidence, leaves

    red, blue, cid = org.red[0], org.blue[0], org.comps[0]
    day = dt.date(2026, 3, 1)
    db = org.login(RED)

    leave = leaves.add_leave(db, person_id=red, start=day, end=day, kind="sabbatical")
    item = evidence.add_evidence(
        db, cycle_id=org.cycle_id, person_id=red, competency_id=cid, text="shipped the API"
    )
    _goal(db, red, cid)
    assert _detail_counts(org.url, red) == (1, 1, 1)
    with db.session() as s:  # updates and deletes of one's own rows go through
        assert s.execute(text("UPDATE growth_goals SET status = 'done'")).rowcount == 1
    evidence.remove_evidence(db, item.id)
    leaves.remove_leaves(db, [leave.id])
    assert _detail_counts(org.url, red) == (0, 0, 1)

    # Another team's person: invisible without see-names, refused by name with it.
    with pytest.raises(NotFoundError):
        leaves.add_leave(db, person_id=blue, start=day, end=day, kind="x")
    seer = org.login(RED_SEES)
    refusals = [
        lambda: leaves.add_leave(seer, person_id=blue, start=day, end=day, kind="x"),
        lambda: evidence.add_evidence(
            seer, cycle_id=org.cycle_id, person_id=blue, competency_id=cid, text="x"
        ),
        lambda: _goal(seer, blue, cid),
    ]
    for write, what in zip(
        refusals, ("planned leave", "rating evidence", "growth goals"), strict=True
    ):
        with pytest.raises(PermissionDeniedError) as refused:
            write()
        message = str(refused.value)
        assert "(team Blue) is not in your teams" in message and RED_SEES in message
        assert f"their {what}" in message and "\n" not in message
    # Rows an admin made for Blue stay as they are: a manager of Red cannot change them.
    with Database(org.url) as admin:
        _goal(admin, blue, cid)
        leaves.add_leave(admin, person_id=blue, start=day, end=day, kind="parental")
    for sql in ("UPDATE growth_goals SET status = 'dropped'", "DELETE FROM leaves"):
        with (
            pytest.raises(PermissionDeniedError, match="is not in your teams"),
            seer.session() as s,
        ):
            s.execute(text(sql + f" WHERE person_id = {blue}"))
    with db.session() as s:  # without see-names the rows are not even there
        assert s.execute(text(f"DELETE FROM leaves WHERE person_id = {blue}")).rowcount == 0
    assert _detail_counts(org.url, blue) == (1, 0, 1)
    # Blue's own manager may.
    leaves.add_leave(org.login(BLUE), person_id=blue, start=day, end=day, kind="notice")
    assert _detail_counts(org.url, blue) == (2, 0, 1)


def test_goal_actions_follow_the_goals_person_for_managers(org: Org) -> None:
    """A goal's actions are written like its goal.

    A manager adds, marks done and removes them for their own teams' people (removing the
    goal takes them along), and is refused, by name, for another team's.
    """
    from skillmatrix.services import goal_actions as ga
    from skillmatrix.services import growth_plans as gp

    red, blue, cid = org.red[0], org.blue[0], org.comps[1]
    db = org.login(RED)
    goal = gp.create_goal(db, person_id=red, competency_id=cid, target_level=3)
    course = ga.add_action(db, goal.id, kind="course", text="SRE")
    _before, done = ga.set_action_status(db, course.id, "done", expected_version=course.version)
    assert done.status == "done" and done.person_id == red
    ga.add_action(db, goal.id, kind="project", text="on-call")
    gp.remove_goal(db, goal.id)  # its actions go with it, through the guard
    with Database(org.url) as admin:
        theirs = gp.create_goal(admin, person_id=blue, competency_id=cid, target_level=3)
        theirs_action = ga.add_action(admin, theirs.id, kind="course", text="Go")
        with admin.reading() as s:
            assert s.scalar(select(func.count()).select_from(models.GoalAction)) == 1
    seer = org.login(RED_SEES)
    for write in (
        lambda: ga.add_action(seer, theirs.id, kind="course", text="x"),
        lambda: ga.set_action_status(seer, theirs_action.id, "done"),
        lambda: ga.remove_action(seer, theirs_action.id),
    ):
        with pytest.raises(PermissionDeniedError) as refused:
            write()
        message = str(refused.value)
        assert "(team Blue) is not in your teams" in message
        assert "their growth goal actions" in message and "\n" not in message


def test_a_manager_reads_every_teams_coverage_counts_but_no_names(org: Org) -> None:
    """A manager reads every team's coverage counts but no names.

    The department view (owner's rights) under row-level security: Red's manager gets Blue's
    counts, the same as an admin's, while Blue's people stay invisible.
    """
    with Database(org.url) as admin:
        everyone = department_coverage(admin, cycle=org.cycle_id)
        blue = load_snapshot(admin, cycle=org.cycle_id, team="Blue")
    red_db = org.login(RED)
    seen = department_coverage(red_db, cycle=org.cycle_id)
    assert seen == everyone and seen.teams == ["Blue", "Red"]
    blue_rows = {r.competency: r for r in seen.rows if r.team == "Blue"}
    expected = {r.competency.name: r for r in analytics.coverage(blue)}
    assert set(blue_rows) == set(expected)
    for name, row in blue_rows.items():
        assert row.people == len(blue.people) > 0
        assert (row.at_level, row.rated) == (expected[name].covered, expected[name].rated)
    with red_db.reading() as s:  # ... and still not one of Blue's people by name
        assert not s.scalars(select(models.Person.name).where(models.Person.id.in_(org.blue))).all()
    # The self-assessments' counts too.
    assert department_coverage(red_db, cycle=org.cycle_id, source=Source.SELF) == (
        department_coverage(org.login(ADMIN), cycle=org.cycle_id, source=Source.SELF)
    )


def test_a_department_view_left_by_an_older_version_asks_for_an_upgrade(org: Org) -> None:
    with Database(org.url) as admin, admin.session() as s:
        s.execute(text("DROP VIEW skillmatrix_department_coverage"))
        s.execute(
            text(
                "CREATE VIEW skillmatrix_department_coverage AS SELECT r.cycle_id, p.team_id,"
                " r.competency_id, r.source, count(*) AS people_rated FROM ratings r"
                " JOIN people p ON p.id = r.person_id GROUP BY 1, 2, 3, 4"
            )
        )
        s.execute(text("GRANT SELECT ON skillmatrix_department_coverage TO skillmatrix_manager"))
    with pytest.raises(SkillMatrixError, match=r"^this database's .* 'skillmatrix server upgrade"):
        department_coverage(org.login(RED), cycle=org.cycle_id)
    init_server(org.url)  # the admin's init (or upgrade) refreshes the rules and the view
    assert department_coverage(org.login(RED), cycle=org.cycle_id).rows


def test_without_the_view_the_same_counts_come_from_the_tables(org: Org) -> None:
    """Without the view, the same counts come from the tables.

    A PostgreSQL database without the access rules' view (never set up by ``server init``)
    runs the view's query itself: the same rows for a login that sees everyone.
    """
    with Database(org.url) as admin:
        through_view = department_coverage(admin, cycle=org.cycle_id)
        with admin.session() as s:
            s.execute(text("DROP VIEW skillmatrix_department_coverage"))
        assert department_coverage(admin, cycle=org.cycle_id) == through_view
