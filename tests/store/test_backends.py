"""What both backends guarantee, tested alike on SQLite and on PostgreSQL: an answer is committed
when save returns, a session held by another running peercoach is refused with a clear message,
writers in parallel lose nothing, a person moves between stores with export and import, and no
answer text reaches a log."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from test_store import answer, checkin_fact, goal_fact, record

from engine.conversation.session import Fact, Status
from engine.ground.errors import StoreError
from engine.store.moving import EXPORT_FORMAT

# Access codes hashed at a tiny cost here (tests/conftest.py): no test here is about the hash's cost.
pytestmark = pytest.mark.usefixtures("quick_code_hashes")

ROOT = Path(__file__).resolve().parents[2]


def test_an_answer_is_committed_when_save_returns(open_store):
    writer, reader = open_store(), open_store()  # two connections, as two workers have
    session = record(log=[answer("first")])
    writer.save(session)
    assert [e.text for e in reader.load("s1").log] == ["first"]
    session.log.append(answer("second"))
    writer.save(session)
    assert [e.text for e in reader.load("s1").log] == ["first", "second"]


HOLDER = textwrap.dedent("""
    import sys
    from engine.store.opening import open_store
    store = open_store(sys.argv[1])
    store.claim("s1")
    print("holding", flush=True)
    sys.stdin.readline()
    store.release("s1")
    print("released", flush=True)
""")


def test_a_session_open_in_another_worker_is_refused_with_a_clear_message(open_store, store_location):
    store = open_store()
    store.save(record(status=Status.PAUSED, log=[answer("mine")]))
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, store_location], cwd=ROOT, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(StoreError, match=r"session s1 is open in another peercoach \(process \d+ on this "
                                             r"computer.*nothing was overwritten"):
            store.save(record(log=[answer("mine"), answer("lost?")]))
        with pytest.raises(StoreError, match="already open in another peercoach"):
            store.claim("s1")
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "released"
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert [e.text for e in store.load("s1").log] == ["mine"]  # the refused answer was not half written
    store.claim("s1")  # let go: now it can be carried on here
    store.save(record(log=[answer("mine"), answer("carried on")]))
    assert [e.text for e in open_store().load("s1").log] == ["mine", "carried on"]


def test_writers_in_parallel_lose_no_answer(open_store, store_location):
    from engine.store.opening import open_store as open_named
    open_store()  # made before the writers start, as serve does
    failures: list[BaseException] = []

    def write(worker: int) -> None:
        store = open_named(store_location)  # each writer its own connection, in its own thread
        try:
            session = record(f"w{worker}", log=[])
            for n in range(25):
                session.log.append(answer(f"worker {worker} answer {n}"))
                store.save(session)
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    store = open_store()
    assert store.db.execute("SELECT count(*) FROM entries").fetchone()[0] == 100
    assert sorted(s.answers for s in store.sessions()) == [25, 25, 25, 25]


def exported_file(store, person, folder: Path) -> Path:
    path = folder / f"{person}.json"
    path.write_text(json.dumps({"format": EXPORT_FORMAT, "version": 1, **store.export(person)}))
    return path


def full_person(store) -> None:
    store.save(record("set", created="2026-11-01T09:00:00", log=[answer("my own words")],
                      facts=[goal_fact("Walk daily", ["buy shoes"], due={"due": "2026-12-01"}, review="2026-11-20"),
                             Fact("strength", {"text": ["patient"]}), Fact("outcome", {"hope": 6})]))
    store.save(record("check", created="2026-11-08T09:00:00", status=Status.FINISHED,
                      facts=[checkin_fact("Walk daily", 4, "2026-11-08T10:00", goal_id="set/1", next_step="go out")]))
    store.save(record("other", person="Jo", log=[answer("Jo's words")]))


@pytest.fixture(params=["sqlite", "postgresql"])
def other_store(request, tmp_path):
    """A second store, the other end of a move: SQLite, or a second PostgreSQL database."""
    from engine.store.opening import open_store as open_named
    cluster = request.getfixturevalue("pg_cluster") if request.param == "postgresql" else None
    name = cluster.new_database() if cluster else None
    opened = open_named(cluster.url(name) if cluster else str(tmp_path / "other"))
    yield opened
    opened.close()
    if cluster:
        from engine.store.postgres import close_pools
        close_pools()
        cluster.drop_database(name)


def test_a_person_moves_between_backends_with_their_progress(open_store, other_store, tmp_path):
    source = open_store()
    full_person(source)
    path = exported_file(source, "Sam", tmp_path)
    results = other_store.import_sessions([path])
    assert [(r.session.id, r.skipped) for r in results] == [("set", None), ("check", None)]
    assert other_store.export("Sam") == source.export("Sam")  # everything, exactly
    assert other_store.goals("Sam")[0]["checkins"][0]["next_step"] == "go out"
    assert other_store.load("set").context == {"person": {"name": "Sam", "goals": []}}
    assert other_store.outcomes("Sam") == source.outcomes("Sam") != []
    assert other_store.people() == ["Sam"]  # nobody else came along
    [again] = other_store.import_sessions([path])  # a second import changes nothing
    assert again.present and "nothing of Sam was imported" in again.skipped
    assert len(other_store.sessions()) == 2


@pytest.mark.parametrize(("change", "why"), [
    (lambda d: d.pop("person"), "without the person's name"),
    (lambda d: d.update(sessions={"a": 1}), "`sessions` is not a list"),
    (lambda d: d["record"].update(secrets=[]), "table `secrets` peercoach does not keep"),
    (lambda d: d["record"]["goals"][0].pop("text"), "rows do not have the columns"),
    (lambda d: d["record"]["goals"][0].update(text={"a": 1}), "not text or a number"),
    (lambda d: d["record"]["items"][0].update(session_id="elsewhere"), "a session the export does not hold"),
    (lambda d: d["sessions"][0].update(status="lost"), "not one peercoach knows"),
])
def test_a_damaged_export_is_skipped_whole_with_the_reason(open_store, tmp_path, change, why):
    source = open_store()
    full_person(source)
    data = json.loads(exported_file(source, "Sam", tmp_path).read_text())
    source.delete_person("Sam")
    change(data)
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(data))
    [result] = source.import_sessions([path])
    assert result.session is None and why in result.skipped
    assert source.people() == ["Jo"] and [s.id for s in source.sessions()] == ["other"]  # nothing half imported


def test_no_answer_text_in_any_log(open_store, backend, request, caplog):
    caplog.set_level(logging.DEBUG)
    store = open_store()
    secret = "violet-harbour-2291"
    session = record(log=[answer(f"I said {secret}")], facts=[goal_fact(f"goal {secret}")])
    store.save(session)
    with pytest.raises(StoreError):
        store.save(record(log=[]))  # a stale copy: refused
    store.export("Sam")
    store.delete_session("s1")
    assert secret not in caplog.text
    if backend == "postgresql":  # nor in the server's: answers travel as parameters, never in the statement
        server_log = request.getfixturevalue("pg_cluster").folder / "server.log"
        assert secret not in server_log.read_text(errors="replace")


def test_access_codes_on_both_backends(open_store):
    store, other_worker = open_store(), open_store()
    code = store.add_code("Sam")
    assert other_worker.sign_in(code.lower()).person == "Sam"  # any worker checks a code the same
    wrong = code[:-1] + ("2" if code[-1] != "2" else "3")
    for _ in range(10):
        assert other_worker.sign_in(wrong).person is None
    assert store.sign_in(code).locked  # ten wrong tries lock the code, even when right
    newer = store.add_code("Sam")  # a new code revokes the earlier
    assert store.sign_in(newer).person == "Sam" and store.code_in_use(code[:4]) is None
    assert [c.person for c in other_worker.codes()] == ["Sam", "Sam"] and code not in repr(store.codes())
    assert store.revoke_codes("Sam") == 1 and store.sign_in(newer).person is None
    assert store.web_secret() == other_worker.web_secret() and len(store.web_secret()) == 32
