"""Seconds of `flask modules sync` on a large synthetic curriculum, and render+sanitise time per lesson.

Writes 50 modules × 8 lessons × 2 languages (about 800 words of Markdown per lesson, a 10-question quiz per
module) into a temporary folder, checks that the loader accepts it, migrates a fresh SQLite database there, then
times the real command (through the app's CLI runner, in this process): a first sync, unchanged re-syncs, and
re-syncs after one lesson of one module changed. Goal: an unchanged re-sync under a tenth of a first sync.

Run ``python -m bench.sync`` (options: ``--help``). It exits 0 whatever the numbers: it is a benchmark, not a
test. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from flask import Flask

from bench import median
from bench.pages import ROOT, bench_env
from config import DevConfig
from learnapp import create_app
from learnapp.author.sync import MEDIA_BASE
from learnapp.domain.loader import load_tree
from learnapp.domain.markdown_render import render_markdown
from learnapp.domain.yaml_source import split_front_matter
from learnapp.extensions import db

GOAL = 0.1
LANGUAGES = ("en", "ru")
WORDS_PER_LESSON = 800
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=\.)\s+(?=[A-ZА-Я\[])")

TOPICS = {
    "en": "Definitions and their limits|Push and pull factors|Pathways into violent groups|Online recruitment|"
    "Working with families|Referral and case management|Rights-based responses|Evaluating what works",
    "ru": "Определения и их пределы|Факторы выталкивания и притяжения|Пути в насильственные группы|"
    "Вербовка в интернете|Работа с семьями|Направление и ведение случаев|Меры на основе прав человека|"
    "Оценка того, что работает",
}
SLUGS = ["definitions", "drivers", "pathways", "online", "families", "referral", "rights", "evaluation"]
# Prose to draw sentences from; a sentence ends with a full stop before a capital letter or a link.
SENTENCES = {
    "en": """\
Prevention works best when it starts long before anyone has broken the law. Practitioners in schools, health
services and local government are often the first to notice that a young person is withdrawing from family and
friends. A single warning sign rarely means much on its own; what matters is a **change in behaviour** over time
and the context in which it happens. The [Plan of Action to Prevent Violent
Extremism](https://www.un.org/counterterrorism/plan-of-action-to-prevent-violent-extremism) (A/70/674) asks states
to adopt national plans that involve the whole of society. Community leaders, teachers and parents need clear
information about where to turn when they are worried. Referral pathways should be known, trusted and
*proportionate*, so that a concern does not turn into a criminal case by default. Research in the region points to
a mix of push and pull factors rather than a single cause. Labour migrants who lose their jobs abroad may be
isolated from their families and exposed to online recruiters. Credible messengers, such as former members of
violent groups or respected religious scholars, often reach audiences that officials cannot. Human rights are not
an obstacle to effective prevention; repressive measures tend to feed the grievances that recruiters exploit.
Women play many roles: as members of families and communities who notice early signs, as professionals, and
sometimes as recruiters. Evaluation should be planned from the start, with indicators that measure changes in
attitudes and relationships, not only the number of events held. Online propaganda is designed to look personal,
urgent and emotionally compelling. Alternative narratives focus on what a community stands for, while
counter-narratives directly challenge extremist claims. Cooperation between neighbouring states matters because
recruitment networks ignore borders. Rehabilitation programmes in prisons combine education, vocational training,
psychological support and family contact. Reintegration depends on the willingness of the receiving community as
much as on the individual. Local authorities can convene multi-agency groups that meet regularly to discuss cases
and share responsibility. Data protection rules apply to every record kept about a person of concern. Young people
are partners in prevention, not only its target audience. Trainers should encourage participants to test each idea
against their own professional experience. A good case discussion separates facts from assumptions and considers
what each agency can offer. Stigmatising whole communities undermines trust and makes it harder for families to
ask for help. The Joint Plan of Action for Central Asia was adopted in Ashgabat on 30 November 2011. Security
Council resolution 2178 (2014) requires states to prevent the travel of foreign terrorist fighters. Media and
information literacy helps people recognise manipulation without telling them what to think. Most people who hold
radical views never use or support violence. Each intervention should be tailored to the individual and reviewed
as circumstances change. Practitioners also need support themselves, including supervision and protection from
burnout. Questions about a case can be sent to the [programme team](mailto:programme@example.org).""",
    "ru": """\
Профилактика работает лучше всего, когда она начинается задолго до того, как кто-то нарушил закон. Специалисты
школ, служб здравоохранения и местных органов власти часто первыми замечают, что молодой человек отдаляется от
семьи и друзей. Отдельный тревожный признак сам по себе мало что значит; важно **изменение поведения** со временем
и обстоятельства, в которых оно происходит. [План действий по предупреждению насильственного
экстремизма](https://www.un.org/counterterrorism/ru/plan-of-action-to-prevent-violent-extremism) (A/70/674)
призывает государства принять национальные планы с участием всего общества. Лидерам общин, учителям и родителям
нужна ясная информация о том, куда обратиться, если их что-то тревожит. Порядок направления должен быть известным,
вызывающим доверие и *соразмерным*, чтобы беспокойство не превращалось в уголовное дело по умолчанию. Исследования
по региону указывают на сочетание факторов выталкивания и притяжения, а не на единственную причину. Трудовые
мигранты, потерявшие работу за рубежом, могут оказаться оторванными от семьи и уязвимыми для вербовщиков в
интернете. Авторитетные голоса, например бывшие участники насильственных групп или уважаемые богословы, часто
достигают тех, до кого не могут достучаться чиновники. Права человека не мешают эффективной профилактике;
репрессивные меры, напротив, питают обиды, которыми пользуются вербовщики. Женщины играют разные роли: как члены
семей и общин, замечающие первые признаки, как специалисты, а иногда и как вербовщицы. Оценку нужно планировать с
самого начала, с показателями изменений в установках и отношениях, а не только числа проведённых мероприятий.
Пропаганда в интернете рассчитана на то, чтобы выглядеть личной, срочной и эмоционально убедительной.
Альтернативные нарративы говорят о том, за что выступает община, а контрнарративы напрямую оспаривают утверждения
экстремистов. Сотрудничество соседних государств важно, потому что сети вербовки не знают границ. Программы
реабилитации в местах лишения свободы сочетают образование, профессиональное обучение, психологическую поддержку и
связь с семьёй. Реинтеграция зависит от готовности принимающей общины не меньше, чем от самого человека. Местные
органы власти могут созывать межведомственные группы, которые регулярно обсуждают случаи и делят ответственность.
Правила защиты данных распространяются на каждую запись о человеке, вызывающем беспокойство. Молодёжь — партнёр в
профилактике, а не только её целевая аудитория. Тренерам стоит предлагать участникам проверять каждую идею
собственным профессиональным опытом. Хорошее обсуждение случая отделяет факты от предположений и учитывает, что
может предложить каждое ведомство. Стигматизация целых общин подрывает доверие и мешает семьям просить о помощи.
Совместный план действий для Центральной Азии принят в Ашхабаде 30 ноября 2011 года. Резолюция 2178 (2014) Совета
Безопасности обязывает государства предотвращать поездки иностранных боевиков-террористов. Медийная и
информационная грамотность помогает распознавать манипуляции, не указывая людям, что думать. Большинство людей с
радикальными взглядами никогда не прибегают к насилию и не поддерживают его. Каждую меру нужно подбирать под
конкретного человека и пересматривать, когда меняются обстоятельства. Специалистам тоже нужна поддержка, в том
числе супервизия и защита от выгорания. Вопросы о конкретном случае можно направить [команде
программы](mailto:programme@example.org).""",
}
LABELS = {
    "en": ("In this lesson you will learn:", "Key point", "Sources and further reading", "Commentary"),
    "ru": ("Из этого урока вы узнаете:", "Главное", "Источники и дополнительная литература", "Комментарий"),
}
TABLE = {
    "en": "| | Push factors | Pull factors |\n|---|---|---|\n| What they describe | Conditions and context | "
    "Individual motives |\n| Examples | Marginalisation; poor governance | Leaders and social networks |\n"
    "| Typical responses | Jobs, education, rule of law | Mentoring, family support |",
    "ru": "| | Выталкивание | Притяжение |\n|---|---|---|\n| Что описывают | Условия и контекст | Личные мотивы |\n"
    "| Примеры | Маргинализация; слабое управление | Лидеры и социальные сети |\n"
    "| Типичные меры | Работа, образование, верховенство права | Наставничество, поддержка семьи |",
}
SOURCES = {
    "en": "- UN General Assembly, *Plan of Action to Prevent Violent Extremism*, A/70/674, 24 December 2015.\n"
    "- [UN Office of Counter-Terrorism](https://www.un.org/counterterrorism/), resources for practitioners.",
    "ru": "- Генеральная Ассамблея ООН, *План действий по предупреждению насильственного экстремизма*, A/70/674.\n"
    "- [Контртеррористическое управление ООН](https://www.un.org/counterterrorism/ru), материалы для специалистов.",
}


def main(argv: Sequence[str] | None = None) -> int:
    """Write the curriculum, migrate, time the syncs and the rendering, print; always remove the folder."""
    options = _options(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with tempfile.TemporaryDirectory(prefix="learnapp-bench-sync-") as name:
            folder = Path(name)
            size = f"{options.modules} modules × {options.lessons} lessons × {len(LANGUAGES)} languages"
            print(f"Writing {size} in {folder} ...", flush=True)
            lessons = write_curriculum(folder / "modules", options.modules, options.lessons)
            check_curriculum(folder / "modules")
            env = bench_env(folder)
            migrate(env)
            app = create_app(DevConfig, environ=env)
            syncs = time_syncs(app, folder / "modules", options)
            print("Rendering every lesson ...", flush=True)
            print(report(syncs, time_rendering(lessons), options, len(lessons)))
            with app.app_context():
                db.engine.dispose()
    except KeyboardInterrupt:
        print("\nInterrupted: temporary folder removed.", file=sys.stderr)
        return 130
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _options(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.sync", description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=50, help="modules in the curriculum (default 50)")
    parser.add_argument(
        "--lessons", type=int, default=8, choices=range(1, len(SLUGS) + 1), help="lessons per module (default 8)"
    )
    parser.add_argument("--repeats", type=int, default=3, help="re-syncs of each kind, median shown (default 3)")
    return parser.parse_args(argv)


def write_curriculum(root: Path, modules: int, lessons: int) -> list[Path]:
    """Write the modules; return every lesson file."""
    written: list[Path] = []
    for number in range(1, modules + 1):
        folder = root / f"{number:02d}-module-{number}"
        (folder / "lessons").mkdir(parents=True)
        (folder / "module.yaml").write_text(module_yaml(number), encoding="utf-8")
        for language in LANGUAGES:
            (folder / f"quiz.{language}.md").write_text(quiz(language, number), encoding="utf-8")
            for index in range(lessons):
                path = folder / "lessons" / f"{index + 1:02d}-{SLUGS[index]}.{language}.md"
                path.write_text(lesson(language, number, index, random.Random(f"{number}-{index}-{language}")), "utf-8")
                written.append(path)
    return written


def module_yaml(number: int) -> str:
    """A module's metadata; each module after the first requires the one before."""
    required = f"[bench-module-{number - 1:02d}]" if number > 1 else "[]"
    return f"""id: bench-module-{number:02d}
order: {number}
default_language: en
estimated_minutes: 120
sensitivity: programme
prerequisites: {required}
tags: [bench, synthetic]
completion: lessons_and_quiz
title:
  en: "Synthetic module {number}: preventing violent extremism"
  ru: "Синтетический модуль {number}: предупреждение насильственного экстремизма"
summary:
  en: A generated module of the sync benchmark.
  ru: Сгенерированный модуль для замера синхронизации.
objectives:
  en:
    - Tell push factors from pull factors.
    - Choose a proportionate response to a concern.
  ru:
    - Отличать факторы выталкивания от факторов притяжения.
    - Выбирать соразмерную меру в ответ на беспокойство.
"""


def lesson(language: str, module: int, index: int, rng: random.Random) -> str:
    """About 800 words: a list, headings, a footnote, an admonition, a table, a reflection and, every other
    lesson, a scenario step; the blocks have the same ids in every language.
    """
    intro, key, sources, commentary = LABELS[language]
    pool = _SENTENCE_END.split(" ".join(SENTENCES[language].split()))
    topics = TOPICS[language].split("|")

    def paragraph(count: int = 5) -> str:
        return " ".join(rng.sample(pool, count))

    title = json.dumps(f"{topics[index]} ({module}.{index + 1})", ensure_ascii=False)
    parts = [
        f"---\ntitle: {title}\nsummary: {json.dumps(paragraph(1), ensure_ascii=False)}\n---\n",
        intro + "\n\n" + "\n".join(f"- {sentence}" for sentence in rng.sample(pool, 4)),
        f"## {topics[index]}\n\n{paragraph()}[^1]\n\n{paragraph()}",
        f'!!! note "{key}"\n    {paragraph(2)}',
        f"## {topics[(index + 1) % len(topics)]}\n\n{TABLE[language]}\n\n{paragraph()}",
        "\n".join(f"{step}. {sentence}" for step, sentence in enumerate(rng.sample(pool, 4), start=1)),
        f"::: reflection reflect-{index + 1}\n{paragraph(2)}\n:::",
    ]
    if index % 2:
        parts.append(
            f"::: scenario step-1\n**{key}.** {paragraph(3)}\n--- commentary\n{commentary}: {paragraph(3)}\n:::"
        )
    parts.append(f"### {topics[(index + 2) % len(topics)]}")
    while len(_WORD.findall("\n\n".join(parts))) < WORDS_PER_LESSON:
        parts.append(paragraph())
    parts += [f"## {sources}\n\n{SOURCES[language]}", f"[^1]: {paragraph(1)}"]
    return "\n\n".join(parts) + "\n"


QUIZ_SETTINGS = """purpose: knowledge_check
pass_mark: 70
attempts: 3
grading: highest
shuffle: true
review: full
"""
# Ten questions of seven types; ids, types, choice counts and correct choices are the same in both languages.
QUIZ = {
    "en": """---
title: "Check your understanding: module {number}"
{settings}bands:
  - min: 0
    text: Re-read the lessons before your next attempt.
  - min: 70
    text: Well done.
---

## push-factors (single)
Which of these is a push factor in the Plan of Action (A/70/674)?

- [ ] Charismatic leaders
  > No: leaders and social networks are pull factors.
- [x] Marginalisation and discrimination
- [ ] A distorted reading of beliefs

Feedback: See lesson 2 of module {number}.

## pull-factors (multiple)
Which of these are pull factors? Tick all that apply.

- [x] Leaders and social networks
- [x] Collective grievances
- [ ] Lack of socio-economic opportunities
- [ ] Prolonged conflicts

## views-not-violence (truefalse)
Holding radical views peacefully makes a person a violent extremist.

Answer: false
Feedback: Most people with radical views never use or support violence.

## jpoa-year (numeric)
In which year was the Joint Plan of Action for Central Asia adopted?

Answer: 2011
Tolerance: 0

## ftf-resolution (short)
Which Security Council resolution of 2014 deals with foreign terrorist fighters? Give its number.

Accept: 2178
Accept: S/RES/2178

## documents-topics (matching)
Match each document with its subject.

- Rome Memorandum => rehabilitation and reintegration of offenders
- Ankara Memorandum => a multi-sectoral approach
- Abu Dhabi Memorandum => education

## adoption-order (ordering)
Put these documents in the order in which they were adopted, earliest first.

1. UN Global Counter-Terrorism Strategy
2. Joint Plan of Action for Central Asia
3. Plan of Action to Prevent Violent Extremism

## first-step (single)
A teacher is worried about a pupil. What should she do first?

- [x] Talk to the pupil and the family, and consult the school's focal point
- [ ] Report the pupil to the police at once

## whole-of-society (multiple)
Which of these reflect a whole-of-society approach?

- [x] Civil society takes part in prevention
- [x] Families and youth are partners
- [ ] Only the security services act

Points: 2

## referral-proportionate (truefalse)
A referral pathway should be proportionate to the concern.

Answer: true
""",
    "ru": """---
title: "Проверьте себя: модуль {number}"
bands:
  - min: 0
    text: Перечитайте уроки перед следующей попыткой.
  - min: 70
    text: Отлично.
---

## push-factors (single)
Что из перечисленного — фактор выталкивания по Плану действий (A/70/674)?

- [ ] Харизматичные лидеры
  > Нет: лидеры и социальные сети — факторы притяжения.
- [x] Маргинализация и дискриминация
- [ ] Искажённое толкование убеждений

Feedback: См. урок 2 модуля {number}.

## pull-factors (multiple)
Что из перечисленного — факторы притяжения? Отметьте все подходящие варианты.

- [x] Лидеры и социальные сети
- [x] Коллективные обиды
- [ ] Отсутствие социально-экономических возможностей
- [ ] Затяжные конфликты

## views-not-violence (truefalse)
Человек, мирно придерживающийся радикальных взглядов, — насильственный экстремист.

Answer: false
Feedback: Большинство людей с радикальными взглядами никогда не прибегают к насилию.

## jpoa-year (numeric)
В каком году принят Совместный план действий для Центральной Азии?

Answer: 2011
Tolerance: 0

## ftf-resolution (short)
Какая резолюция Совета Безопасности 2014 года касается иностранных боевиков-террористов? Укажите номер.

Accept: 2178
Accept: S/RES/2178

## documents-topics (matching)
Сопоставьте каждый документ с его темой.

- Римский меморандум => реабилитация и реинтеграция осуждённых
- Анкарский меморандум => многосекторальный подход
- Абу-Дабийский меморандум => образование

## adoption-order (ordering)
Расположите документы в порядке их принятия, начиная с самого раннего.

1. Глобальная контртеррористическая стратегия ООН
2. Совместный план действий для Центральной Азии
3. План действий по предупреждению насильственного экстремизма

## first-step (single)
Учительница беспокоится об ученике. Что ей сделать сначала?

- [x] Поговорить с учеником и семьёй и посоветоваться с ответственным в школе
- [ ] Сразу сообщить в полицию

## whole-of-society (multiple)
Что отражает подход с участием всего общества?

- [x] Гражданское общество участвует в профилактике
- [x] Семьи и молодёжь — партнёры
- [ ] Действуют только спецслужбы

Points: 2

## referral-proportionate (truefalse)
Порядок направления должен быть соразмерен беспокойству.

Answer: true
""",
}


def quiz(language: str, number: int) -> str:
    """The module's quiz in one language; the settings live in the English (default-language) file."""
    return QUIZ[language].format(number=number, settings=QUIZ_SETTINGS)


def check_curriculum(root: Path) -> None:
    """Stop unless the loader accepts every module without a single problem."""
    result = load_tree(root, media_base=MEDIA_BASE)
    if result.problems:
        raise RuntimeError("The synthetic curriculum does not load:\n" + "\n".join(map(str, result.problems[:20])))


def migrate(env: dict[str, str]) -> None:
    """`flask db upgrade` on the benchmark's database, as an operator would run it."""
    command = [sys.executable, "-m", "flask", "--app", "learnapp", "db", "upgrade"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"`flask db upgrade` failed:\n{done.stdout}{done.stderr}")


def timed_sync(app: Flask, root: Path, expect: str) -> float:
    """Seconds of one `flask modules sync ROOT`, whose output must contain `expect`."""
    runner = app.test_cli_runner()
    started = time.perf_counter()
    result = runner.invoke(args=["modules", "sync", str(root)])
    seconds = time.perf_counter() - started
    if result.exit_code or expect not in result.output:
        raise RuntimeError(f"`flask modules sync` did not say {expect!r}:\n{result.output}") from result.exception
    return seconds


def time_syncs(app: Flask, root: Path, options: argparse.Namespace) -> dict[str, list[float]]:
    """The first sync, then unchanged re-syncs, then re-syncs each after one lesson of another module changed."""
    print("First sync ...", flush=True)
    timings = {"first": [timed_sync(app, root, "new: bench-module-01")]}
    timings["unchanged"] = [timed_sync(app, root, "unchanged: bench-module-01") for _ in range(options.repeats)]
    timings["changed"] = []
    for repeat in range(options.repeats):
        number = 1 + (repeat * 7) % options.modules
        path = min((root / f"{number:02d}-module-{number}" / "lessons").glob("*.en.md"))
        path.write_text(path.read_text(encoding="utf-8") + f"\nRevised for re-sync {repeat + 1}.\n", "utf-8")
        print(f"Re-sync after changing {path.relative_to(root)} ...", flush=True)
        timings["changed"].append(timed_sync(app, root, f"new version: bench-module-{number:02d}"))
    return timings


def time_rendering(lessons: Sequence[Path]) -> list[float]:
    """Milliseconds of `render_markdown` (render, audit, sanitise) per lesson body, front matter left out."""
    bodies = [split_front_matter(path.read_text(encoding="utf-8")).body for path in lessons]
    render_markdown(bodies[0], media_base=MEDIA_BASE)  # warm-up: imports and the extensions' first set-up
    found = []
    for body in bodies:
        started = time.perf_counter()
        render_markdown(body, media_base=MEDIA_BASE)
        found.append((time.perf_counter() - started) * 1000)
    return found


def report(syncs: dict[str, list[float]], render_ms: Sequence[float], options: argparse.Namespace, lessons: int) -> str:
    """The table and the goal line."""
    first = syncs["first"][0]
    unchanged, changed = median(syncs["unchanged"]), median(syncs["changed"])
    p95 = statistics.quantiles(render_ms, n=20)[18] if len(render_ms) > 1 else render_ms[0]
    rows = [
        ("measurement", "value", "ratio to first"),
        ("first sync", f"{first:.2f} s", "1.000"),
        (f"unchanged re-sync (median of {options.repeats})", f"{unchanged:.3f} s", f"{unchanged / first:.3f}"),
        (f"one module changed (median of {options.repeats})", f"{changed:.2f} s", f"{changed / first:.3f}"),
        ("render+sanitise per lesson, median", f"{median(render_ms):.1f} ms", ""),
        ("render+sanitise per lesson, p95", f"{p95:.1f} ms", ""),
        ("lessons (texts)", str(lessons), ""),
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    table = "\n".join(f"{a.ljust(widths[0])}  {b.rjust(widths[1])}  {c.rjust(widths[2])}".rstrip() for a, b, c in rows)
    ratio = unchanged / first
    verdict = "met" if ratio < GOAL else "NOT met"
    return "\n".join(
        [
            "",
            f"`flask modules sync`, in-process CLI runner, SQLite: {options.modules} modules × {options.lessons} "
            f"lessons × {len(LANGUAGES)} languages, 10-question quizzes.",
            "",
            table,
            "",
            f"Goal: an unchanged re-sync under {GOAL:.1f} of a first sync: {verdict} ({ratio:.3f}).",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
