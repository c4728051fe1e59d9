"""Every page kind of the web front end, through Starlette's TestClient (no browser)."""

from __future__ import annotations

import re

import pytest
from webclient import start

from engine.conversation.session import Status
from engine.store.sqlite import SqliteStore

# Access codes hashed at a tiny cost here (tests/conftest.py): no test here is about the hash's cost.
pytestmark = pytest.mark.usefixtures("quick_code_hashes")


def answers_in(store_path, session):
    store = SqliteStore(store_path)
    try:
        record = store.load(session)
        return record, [e.text for e in record.log if e.text]
    finally:
        store.close()


def session_of(web):
    return re.search(r'action="/s/([^"]+)"', web.page).group(1)


def test_a_visitor_is_sent_to_sign_in_and_every_page_has_the_security_headers(web):
    response = web.client.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/sign-in"
    page = web.get("/sign-in")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff" and page.headers["x-frame-options"] == "DENY"
    cookie = page.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert '<label class="prompt" for="code">' in page.text and "autofocus" in page.text
    assert "<script" not in page.text and "http" not in re.sub(r'content="[^"]*"', "", page.text.split("<body>")[1])


def test_a_client_walks_a_dialogue_end_to_end_one_turn_per_page(signed_in, store_path):
    web = signed_in
    page = start(web)
    assert "Hello. This is a short walk." in page.text and 'role="status" aria-live="polite"' in page.text
    assert "Step 1 of about" in page.text and '<label class="prompt" for="answer"' in page.text
    session = session_of(web)
    page = web.follow(web.post(f"/s/{session}", {"answer": "Up and down, <b>tired</b>"}))
    assert "Which would you like to look at?" in page.text and 'type="radio" name="choice" value="2"' in page.text
    assert "<b>tired</b>" not in page.text  # never markup: an answer is text
    page = web.follow(web.post(f"/s/{session}", {"choice": "2"}))
    assert page.text.count('type="radio"') == 11 and "Step 3 of about" in page.text  # 0 to 10
    page = web.follow(web.post(f"/s/{session}", {"choice": "7"}))
    assert 'type="date"' in page.text and 'name="answer"' in page.text
    page = web.follow(web.post(f"/s/{session}", {"answer": "", "date": "2026-05-08"}))
    assert "Who helps you?" in page.text and "Skip this question" in page.text
    page = web.follow(web.post(f"/s/{session}", {"answer": "my sister\nthe group", "list": "1"}))
    assert "That is the end of the walk." in page.text and f"/s/{session}/summary.md" in page.text
    record, typed = answers_in(store_path, session)
    assert record.status is Status.FINISHED
    assert typed == ["Up and down, <b>tired</b>", "2", "7", "2026-05-08", "my sister, the group"]
    summary = web.get(f"/s/{session}/summary")
    assert summary.status_code == 200 and "Up and down, &lt;b&gt;tired&lt;/b&gt;" in summary.text
    assert "'sha256-" in summary.headers["content-security-policy"]
    markdown = web.get(f"/s/{session}/summary.md")
    assert "attachment" in markdown.headers["content-disposition"] and "Up and down" in markdown.text
    html = web.get(f"/s/{session}/summary.html")
    assert html.text.startswith("<!DOCTYPE html>") and "attachment" in html.headers["content-disposition"]


def test_refreshing_after_an_answer_never_answers_twice(signed_in, store_path):
    web = signed_in
    start(web)
    session = session_of(web)
    response = web.post(f"/s/{session}", {"answer": "fine"})
    assert response.status_code == 303  # POST, then redirect: the page shown is a GET
    web.follow(response)
    web.get(f"/s/{session}")
    web.get(f"/s/{session}")
    assert answers_in(store_path, session)[1] == ["fine"]


def test_an_answer_the_engine_asks_again_for_is_shown_at_once_with_what_was_typed(signed_in, store_path):
    web = signed_in
    start(web)
    session = session_of(web)
    web.follow(web.post(f"/s/{session}", {"answer": "fine"}))
    response = web.post(f"/s/{session}", {"answer": "purple elephants"})
    assert response.status_code == 422 and "Which would you like to look at?" in response.text
    record, typed = answers_in(store_path, session)
    assert typed == ["fine"]


def test_back_help_skip_and_pause_are_buttons(signed_in, store_path):
    web = signed_in
    start(web)
    session = session_of(web)
    web.follow(web.post(f"/s/{session}", {"answer": "fine"}))
    page = web.follow(web.post(f"/s/{session}", {"action": "back"}))
    assert "How are things for you this week?" in page.text and "fine" in page.text  # the note says what was undone
    helped = web.get(f"/s/{session}/help")
    assert "Any few words are fine." in helped.text
    page = web.follow(web.post(f"/s/{session}", {"action": "pause"}))
    assert "Your answers are saved" in page.text and f'href="/s/{session}"' in page.text
    assert answers_in(store_path, session)[0].status is Status.PAUSED
    page = web.get(f"/s/{session}")
    assert "Welcome back" in page.text and "How are things for you this week?" in page.text
    page = web.get("/")
    assert "Carry on where you left off" in page.text and f"/s/{session}" in page.text


def test_the_crisis_page_comes_first_with_tappable_numbers_and_the_choice(signed_in, store_path):
    web = signed_in
    start(web)
    session = session_of(web)
    page = web.follow(web.post(f"/s/{session}", {"answer": "I want to kill myself tonight"}))
    text = page.text
    assert 'href="tel:911"' in text and 'href="tel:988"' in text and 'href="sms:988"' in text
    assert text.index("tel:911") < text.index("tel:988")  # emergency services first
    assert text.index("deserve support") < text.index("tel:911")  # calm words first
    assert "Carry on with this conversation" in text and "Stop here for now" in text
    record, _ = answers_in(store_path, session)
    assert any(e.safety for e in record.log)  # the same safety net as in the terminal
    page = web.follow(web.post(f"/s/{session}", {"choice": "2"}))
    assert "Your answers are saved" in page.text and answers_in(store_path, session)[0].status is Status.PAUSED


def test_carrying_on_after_the_crisis_page(signed_in):
    web = signed_in
    start(web)
    session = session_of(web)
    web.follow(web.post(f"/s/{session}", {"answer": "I want to kill myself tonight"}))
    page = web.follow(web.post(f"/s/{session}", {"choice": "1"}))
    assert "How are you feeling right now?" in page.text and "tel:911" not in page.text


def test_the_goals_page_shows_goals_or_how_to_make_one(signed_in):
    page = signed_in.get("/goals")
    assert page.status_code == 200 and "You have not set a goal yet" in page.text


def test_a_person_reaches_only_their_own_conversations(signed_in, store_path, app):
    web = signed_in
    start(web)
    mine = session_of(web)
    store = SqliteStore(store_path)
    other_code = store.add_code("Alex")
    store.close()
    web.follow(web.post("/sign-out", {}))
    web.follow(web.post("/sign-in", {"code": other_code}))
    for url in (f"/s/{mine}", f"/s/{mine}/summary", f"/s/{mine}/summary.md", f"/s/{mine}/paused"):
        assert web.get(url).status_code == 404
    assert mine not in web.get("/").text
    web.get("/")
    assert web.post(f"/s/{mine}", {"answer": "not mine", "version": "1"}).status_code == 404
    assert answers_in(store_path, mine)[1] == []


def test_a_trainee_rehearsal_runs_in_the_browser_too(signed_in, store_path):
    web = signed_in
    home = web.get("/")
    assert "For trainees: practise" in home.text and 'value="rehearse-tell-me"' in home.text
    page = start(web, "rehearse-tell-me")
    session = session_of(web)
    assert '<label class="prompt" for="answer"' in page.text or "<legend" in page.text
    answer = {"answer": "It sounds like this week has been really hard. What has been the hardest part?"}
    if 'name="choice"' in page.text:
        answer = {"choice": "1"}
    web.follow(web.post(f"/s/{session}", answer))
    record, typed = answers_in(store_path, session)
    assert record.dialogue == "rehearse-tell-me" and typed == [answer.get("answer") or "1"]


def test_words_that_may_mean_danger_get_the_gentle_check_as_in_the_terminal(signed_in, store_path):
    web = signed_in
    start(web)
    session = session_of(web)
    page = web.follow(web.post(f"/s/{session}", {"answer": "sometimes I wish I could just disappear"}))
    assert "Are you thinking about hurting yourself" in page.text and 'value="not sure"' not in page.text
    assert 'type="radio" name="choice" value="yes"' in page.text and "tel:911" not in page.text
    page = web.follow(web.post(f"/s/{session}", {"choice": "no"}))
    assert "Thank you for letting me know" in page.text and "Which would you like to look at?" in page.text
    record, _ = answers_in(store_path, session)
    assert [e.safety["level"] for e in record.log if e.safety] == ["possible"]


def test_the_engine_speaks_of_the_web_s_buttons_not_of_keys(signed_in):
    web = signed_in
    start(web)
    session = session_of(web)
    helped = web.get(f"/s/{session}/help").text
    assert "Pause and save: stop for now" in helped and "Ctrl-D" not in helped and "/pause" not in helped
    web.follow(web.post(f"/s/{session}", {"answer": "fine"}))
    web.follow(web.post(f"/s/{session}", {"choice": "1"}))
    page = web.post(f"/s/{session}", {"choice": "12"})  # outside the scale: asked again, in the web's words
    assert page.status_code == 422 and "Ctrl" not in page.text


def test_every_web_word_overrides_a_word_the_engine_has(messages):
    from engine.conversation.messages import Messages
    from engine.ground.files import resource_dir
    own = Messages.load(resource_dir("prompts") / "web" / "messages.yaml")
    assert set(own.texts) <= set(messages.texts), set(own.texts) - set(messages.texts)


def test_the_crisis_page_shows_the_person_s_own_safety_plan(signed_in, app):
    config = app.state.site.config
    made = config.new_context

    def with_plan(store, person, now, dialogue):
        context = made(store, person, now, dialogue)
        context["person"]["safety_plan"] = {"on_my_own": ["go for a walk"], "people": ["Jo 07700 900123"]}
        return context

    config.new_context = with_plan
    web = signed_in
    start(web)
    session = session_of(web)
    page = web.follow(web.post(f"/s/{session}", {"answer": "I want to kill myself tonight"}))
    assert "Your safety plan" in page.text and "Jo 07700 900123" in page.text
    assert page.text.index("tel:911") < page.text.index("Jo 07700 900123")


def test_the_goals_page_draws_each_goal_s_check_ins(signed_in, app, monkeypatch):
    goal = {"id": "s/1", "text": "Walk <every> morning", "status": "open", "set": "2026-05-01", "review": "2026-05-15",
            "steps": [{"text": "Find my shoes", "due": None}], "history": [{"day": "2026-05-01", "progress": 3}],
            "checkins": [{"day": "2026-05-08", "progress": 6, "decision": None}]}
    monkeypatch.setattr(app.state.site.store, "goals", lambda person, open_only=False: [goal] if person == "Sam" else [])
    page = signed_in.get("/goals").text
    assert "Walk &lt;every&gt; morning" in page and "Find my shoes" in page and "next check-in 2026-05-15" in page
    assert "<svg" in page and 'aria-label="Progress on Walk &lt;every&gt; morning: 3, 6 out of 10"' in page
    assert "2026-05-08: 6 out of 10" in page
