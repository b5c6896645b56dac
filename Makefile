# Every target makes or refreshes .venv itself, so a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
FILE   ?= resources/samples

.PHONY: run test lint bench fuzz bundle dist icons install-desktop clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,dev]' --config-settings editable_mode=compat
	@touch $(STAMP)

run: $(STAMP)
	@# The sample workspace's "expires soon" certificate is made fresh, so it never ages.
	@if [ "$(FILE)" = resources/samples ]; then bash resources/samples/make_expiring.sh; fi
	$(BIN)/destination-editor $(FILE)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check core gui tests
	$(BIN)/ruff format --check core gui tests
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python tests/benchmarks/run.py

# 10,000 mutants of each key store and destination format (CI runs 2,000); see tests/fuzzing.py.
FUZZ_COUNT ?= 10000
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzzing --count $(FUZZ_COUNT) --keep build/fuzz-failures

# ----- packaging (see packaging/README.md) ---------------------------------------------------
BUNDLE_VENV := build/bundle-venv
ICONS       := build/icons
DESKTOP     ?= $(HOME)/.local/share
APP_ID      := app.destinationeditor.DestinationEditor

icons: $(STAMP)
	rm -rf $(ICONS)
	$(BIN)/python packaging/make_icons.py $(ICONS)

# The bundle is frozen from the wheel installed in a clean venv: what users get, and nothing
# of .venv, tests or the editable checkout.
bundle: $(STAMP) icons
	rm -rf build/wheel $(BUNDLE_VENV) build/pyinstaller dist/destination-editor
	$(BIN)/python -m build --wheel --outdir build/wheel .
	$(PYTHON) -m venv $(BUNDLE_VENV)
	$(BUNDLE_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
	    "$$(ls build/wheel/*.whl)[bundle]"
	ICONS=$(CURDIR)/$(ICONS) $(BUNDLE_VENV)/bin/pyinstaller --noconfirm --log-level WARN \
	    --workpath build/pyinstaller --distpath dist packaging/destination-editor.spec
	@du -sh dist/destination-editor

dist: bundle
	cd dist && tar -czf "destination-editor-$$(destination-editor/destination-cli --version | cut -d' ' -f2)-$$(uname -s | tr A-Z a-z)-$$(uname -m).tar.gz" destination-editor
	@ls -l dist/*.tar.gz

# Menu entry, icons and file types for the current user. The launcher runs `destination-editor`
# from PATH: put the bundle's folder (or a pipx install) on PATH first.
install-desktop: icons
	mkdir -p $(DESKTOP)/applications $(DESKTOP)/metainfo $(DESKTOP)/mime/packages $(DESKTOP)/icons
	cp packaging/$(APP_ID).desktop $(DESKTOP)/applications/
	cp packaging/$(APP_ID).metainfo.xml $(DESKTOP)/metainfo/
	cp packaging/$(APP_ID).mime.xml $(DESKTOP)/mime/packages/$(APP_ID).xml
	cp -r $(ICONS)/hicolor $(DESKTOP)/icons/
	-update-mime-database $(DESKTOP)/mime
	-update-desktop-database $(DESKTOP)/applications
	-gtk-update-icon-cache --quiet $(DESKTOP)/icons/hicolor

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
