# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export LEARNAPP_ENV ?= development
FLASK := $(BIN)/flask --app learnapp

.PHONY: run test test-faults lint format translations extract-messages bench bench-sync bench-reports bench-questions bench-studio clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

translations: $(BIN)/activate
	$(BIN)/pybabel compile --statistics -d learnapp/translations

## run: set up a SQLite database in instance/, load the modules, create demo accounts, serve on PORT
run: translations
	$(FLASK) db upgrade
	$(FLASK) modules sync modules
	$(FLASK) demo seed
	@echo "Open http://127.0.0.1:$(PORT) and sign in with one of the accounts above."
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

## test: the whole suite (unit, test client, browser; PostgreSQL too when TEST_DATABASE_URL is set)
test: translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## test-faults: nginx + two gunicorn instances + PostgreSQL (TEST_DATABASE_URL's server) + its own Redis, with
## faults injected (bench/faults.py); FAULTS_ARGS=--reduced is the CI version
test-faults: translations
	$(BIN)/python -m bench.faults $(FAULTS_ARGS)

lint: $(BIN)/activate
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy learnapp config.py

format: $(BIN)/activate
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## extract-messages: refresh the message template and the Russian catalogue after changing strings
extract-messages: $(BIN)/activate
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs ".* __pycache__" -o learnapp/translations/messages.pot .
	$(BIN)/pybabel update -i learnapp/translations/messages.pot -d learnapp/translations --no-fuzzy-matching

## bench: page throughput against a Flask hello-world (bench/README.md); bench-sync: module sync times;
## bench-reports: each report route against its own SQL, on SQLite and PostgreSQL (BENCH_DATABASE_URL);
## bench-questions: GIFT import and export time per 1,000 questions (bench/questions.py)
bench: translations
	$(BIN)/python -m bench.pages

bench-sync: translations
	$(BIN)/python -m bench.sync

bench-reports: translations
	$(BIN)/python -m bench.reports $(BENCH_ARGS)

bench-questions:
	$(BIN)/python -m bench.questions

## bench-studio: the studio's preview of the longest curriculum lesson as a ratio to the trainee's lesson page,
## and a studio save of the largest curriculum module
bench-studio: translations
	$(BIN)/python -m bench.studio

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
