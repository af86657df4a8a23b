"""The question bank page: upload GIFT or Aiken, preview, download Markdown; download published quizzes."""

from __future__ import annotations

import io

import pytest

from learnapp.domain.gift import parse_gift
from learnapp.domain.profiles import Role
from learnapp.domain.question_source import read_source_quiz
from learnapp.questionbank.forms import MAX_UPLOAD_BYTES

GIFT = (
    "$CATEGORY: $course$/Drivers\n\n"
    "::Pillars::[markdown]How many **pillars**?{=Four#Right. ~Two#No.####See lesson 2.}\n\n"
    "::Year::Adopted in?{#2006}\n"
)
BROKEN = GIFT + "\n::Broken::Who?{=A ~B\n"


def upload(client, text: str | bytes, file_format: str = "gift", name: str = "bank.gift", language: str = "en"):
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return client.post(
        "/question-bank/import",
        data={"file": (io.BytesIO(data), name), "file_format": file_format, "language": language},
        content_type="multipart/form-data",
    )


def download(client, source: str, *, skip_bad: bool = False, file_format: str = "gift"):
    data = {"source": source, "file_format": file_format, "language": "ru", "name": "bank.gift"}
    if skip_bad:
        data["skip_bad"] = "y"
    return client.post("/question-bank/import/markdown", data=data, content_type="multipart/form-data")


def test_the_preview_renders_questions_as_trainees_see_them(client, login_as):
    login_as(Role.TRAINER)
    response = upload(client, GIFT)
    assert response.status_code == 200
    page = response.text
    assert "2 questions can be imported." in page
    assert "How many <strong>pillars</strong>?" in page
    assert "See lesson 2." in page
    assert "2006 ± 0" in page


def test_problems_are_listed_as_line_and_why(client, login_as):
    login_as(Role.ADMIN)
    page = upload(client, BROKEN).text
    assert "line 7: the answer block &#39;{&#39; is not closed: add &#39;}&#39; after the answers" in page
    assert "1 question cannot be imported." in page
    assert "Leave out the questions that cannot be imported" in page


def test_download_gives_our_quiz_markdown(client, login_as):
    login_as(Role.TRAINER)
    response = download(client, GIFT)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="quiz.ru.md"'
    quiz = read_source_quiz(response.text)
    assert quiz.problems == ()
    assert quiz.title == "Drivers"
    assert [q.id for q in quiz.questions] == ["pillars", "year"]


def test_download_refuses_a_file_with_bad_questions_unless_told_to_leave_them_out(client, login_as):
    login_as(Role.TRAINER)
    assert download(client, BROKEN).status_code == 400
    response = download(client, BROKEN, skip_bad=True)
    assert response.status_code == 200
    assert [q.id for q in read_source_quiz(response.text).questions] == ["pillars", "year"]


def test_download_refuses_a_form_without_csrf(client, login_as):
    login_as(Role.TRAINER)
    data = {"source": GIFT, "file_format": "gift", "language": "en", "name": "bank.gift"}
    response = client.post("/question-bank/import/markdown", data=data, csrf=False)
    assert response.status_code == 400


def test_a_file_that_is_not_utf8_is_named_on_the_page(client, login_as):
    login_as(Role.TRAINER)
    response = upload(client, "Кто?\nA. Анна\nB. Борис\nANSWER: A\n".encode("cp1251"), "aiken", "bank.txt")
    assert response.status_code == 422
    assert "line 1: the file is not UTF-8 (byte 0xca): save it as UTF-8" in response.text


def test_an_oversized_file_is_refused_with_a_message(client, login_as):
    login_as(Role.TRAINER)
    response = upload(client, "x" * (MAX_UPLOAD_BYTES + 1))
    assert response.status_code == 400
    assert "The file is larger than 400 kB" in response.text


def test_hostile_html_in_a_gift_file_is_inert_in_the_preview(client, login_as):
    login_as(Role.TRAINER)
    hostile = '::x::[html]<img src=x onerror="alert(1)"><script>alert(2)</script>Hi{=<b onmouseover=alert(3)>a</b> ~b}'
    page = upload(client, hostile).text
    assert "onerror" not in page and "<script>alert" not in page and "onmouseover" not in page


@pytest.fixture()
def alpha(publish):
    return publish("alpha")


def test_a_published_quiz_downloads_as_gift_that_reads_back(client, login_as, alpha):
    login_as(Role.TRAINER)
    response = client.get("/question-bank/modules/alpha/quiz.ru.gift")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="alpha-quiz.ru.gift"'
    assert "$CATEGORY: Проверка" in response.text
    result = parse_gift(response.text)
    assert result.problems == ()
    assert [(item.question.id, item.question.kind) for item in result.questions] == [
        ("pillars", "single"),
        ("jpoa", "truefalse"),
    ]
    assert result.questions[0].question.text_html == "<p>Сколько основных направлений у Стратегии?</p>"


def test_a_published_quiz_downloads_as_aiken(client, login_as, alpha):
    login_as(Role.ADMIN)
    response = client.get("/question-bank/modules/alpha/quiz.en.aiken")
    assert response.status_code == 200
    assert response.text == "<p>How many pillars does the Strategy have?</p>\nA. Two\nB. Four\nANSWER: B\n"


def test_an_unknown_quiz_or_language_is_404(client, login_as, alpha):
    login_as(Role.TRAINER)
    assert client.get("/question-bank/modules/alpha/quiz.kk.gift").status_code == 404
    assert client.get("/question-bank/modules/nothing/quiz.en.gift").status_code == 404
    assert client.get("/question-bank/modules/alpha/quiz.en.xml").status_code == 404


def test_the_index_lists_published_quizzes_in_a_fixed_number_of_statements(client, login_as, publish, count_queries):
    login_as(Role.TRAINER)
    publish("alpha", order=1)
    with count_queries() as few:
        assert "quiz.ru.aiken" in client.get("/question-bank/").text
    for order, name in enumerate(["beta", "gamma", "delta", "epsilon"], start=2):
        publish(name, order=order)
    with count_queries() as many:
        page = client.get("/question-bank/").text
    assert page.count(".gift") == 10
    assert many.count == few.count, many.statements
    assert many.count == 2, many.statements  # the signed-in user, the quizzes


def test_the_download_runs_a_fixed_number_of_statements(client, login_as, alpha, count_queries):
    login_as(Role.TRAINER)
    with count_queries() as counter:
        assert client.get("/question-bank/modules/alpha/quiz.en.gift").status_code == 200
    assert counter.count == 2, counter.statements  # the signed-in user, the questions


def test_a_large_cyrillic_file_round_trips_through_the_download_form(client, login_as):
    login_as(Role.TRAINER)
    stem = "Сколько основных направлений у Стратегии ООН? " * 40  # long questions: few of them fill the form
    question = "::В{n}::" + stem + "{{=Четыре#Верно. ~Два#Нет. ~Семь#Нет.}}\n\n"
    text = ""
    n = 0
    while len((text + question.format(n=n)).encode("utf-8")) < MAX_UPLOAD_BYTES:
        text += question.format(n=n)
        n += 1
    assert upload(client, text, language="ru").status_code == 200
    response = download(client, text)
    assert response.status_code == 200
    assert len(read_source_quiz(response.text).questions) == n
