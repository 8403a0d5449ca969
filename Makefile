# Guardian: two commands on a fresh Debian/Ubuntu machine.
#
#   make run    installs what the desktop app needs (apt-get, only if missing), builds it and starts it
#   make test   installs what the tests need, then gofmt, go vet, staticcheck, go test, Windows builds
#               and the smoke test of the real window (builds the app, drives it under Xvfb)
#
# Other targets: build, release, guardianctl, smoke, deps, deps-run, deps-test, fmt, clean,
# dist and smoke-windows (release artefacts, docs/release.md),
# and the long checks crash, fuzz and bench (docs/reliability.md, docs/performance.md).

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

GO ?= go
BIN ?= bin
# Fyne 2.8's screen-reader support is behind this tag: UI Automation on Windows
# and NSAccessibility on macOS. Fyne 2.8.1 has no Linux bridge (nothing reaches
# AT-SPI), so on Linux the tag changes nothing a screen reader can see.
APP_TAGS := accessibility
# staticcheck 2026.2.2: the release that understands Go 1.26.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
TEST_TIMEOUT ?= 8m
# Packages that must build for Windows without cgo (the NHS laptops' CLI and the
# domain it uses, and the app's Windows-only code that needs no cgo: the
# single-instance hand-off and the Documents folder). go list drops the ones
# that do not exist yet.
WINDOWS_PKGS := ./assurance/... ./export/... ./cmd/guardianctl ./internal/safefile ./internal/credentials \
	./internal/instance ./internal/userdirs

# apt packages. Building the Fyne app needs cgo, OpenGL and X11/Wayland headers
# (GLFW 3.4 compiles its Wayland backend too); running it needs the DRI driver
# (without it the app hangs on GLXBadFBConfig) and, on a machine with no
# display, Xvfb. The tests read exported workbooks back through LibreOffice,
# poppler, openpyxl, Gnumeric and (with node) SheetJS and ExcelJS, with
# Carlito standing in for Calibri; make bench writes with XlsxWriter too. The smoke test
# builds the app (APT_BUILD), runs it under Xvfb (APT_RUN), types and presses
# with xdotool, takes screenshots with xwd (x11-apps) and ImageMagick;
# dbus-x11 keeps Fyne from complaining that it cannot reach a session bus.
# The shared-log tests (assurance/postgres, and the app's) start their own PostgreSQL server
# from Debian's postgresql package, on a Unix socket in a temporary folder.
APT_BUILD := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev wayland-protocols
APT_RUN := libgl1-mesa-dri xvfb xauth
APT_TEST := libreoffice-calc-nogui poppler-utils python3-openpyxl fonts-crosextra-carlito \
	$(APT_BUILD) $(APT_RUN) xdotool dbus-x11 imagemagick x11-apps gnumeric python3-xlsxwriter postgresql

# apt-install installs the packages in $(1) that dpkg does not list as
# installed, with sudo when not root. On a machine without dpkg it only says
# what is needed.
define apt-install
missing=(); \
if ! command -v dpkg-query >/dev/null; then \
	echo "Not a Debian/Ubuntu machine: make sure these are installed: $(strip $(1))"; exit 0; \
fi; \
for p in $(1); do \
	dpkg-query -W -f='$${db:Status-Status}' "$$p" 2>/dev/null | grep -qx installed || missing+=("$$p"); \
done; \
if [ $${#missing[@]} -gt 0 ]; then \
	sudo=; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	echo "Installing: $${missing[*]}"; \
	$$sudo apt-get update -qq; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$${missing[@]}"; \
fi
endef

.PHONY: help
help:
	@sed -n 's/^#   //p' Makefile

.PHONY: deps deps-run deps-test
deps: ## everything: build, run and test prerequisites
	@$(call apt-install,$(APT_TEST))
deps-run:
	@$(call apt-install,$(APT_BUILD) $(APT_RUN))
# make test needs the workbook checkers, PostgreSQL and, for the smoke test,
# everything make run needs plus the tools that drive the window.
deps-test:
	@$(call apt-install,$(APT_TEST))
	@$(MAKE) --no-print-directory readers

# readers: SheetJS and ExcelJS, at the versions in internal/readers/package-lock.json,
# for the export tests that open every paper with them (node_modules is not
# committed). Node and npm come from apt unless some node is already installed
# (a NodeSource nodejs carries its own npm and conflicts with Debian's).
.PHONY: readers
readers:
	@command -v npm >/dev/null || { $(call apt-install,nodejs npm); }
	@[ -d internal/readers/node_modules/exceljs ] && [ -d internal/readers/node_modules/xlsx ] || \
		(cd internal/readers && npm ci --no-audit --no-fund --loglevel=error)

.PHONY: build release guardianctl
build: deps-run
	$(GO) build -trimpath -tags $(APP_TAGS) -o $(BIN)/guardian ./cmd/guardian

# release strips symbol tables; FyneApp.toml carries the name, id, version and icon for `fyne package`.
release: deps-run
	$(GO) build -trimpath -tags $(APP_TAGS) -ldflags '-s -w' -o $(BIN)/guardian ./cmd/guardian
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '-s -w' -o $(BIN)/guardianctl ./cmd/guardianctl

guardianctl:
	CGO_ENABLED=0 $(GO) build -trimpath -o $(BIN)/guardianctl ./cmd/guardianctl

.PHONY: run
run: build
	@if [ -n "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
		exec ./$(BIN)/guardian; \
	else \
		echo "No display found (DISPLAY and WAYLAND_DISPLAY are unset): running Guardian inside a virtual X server (xvfb-run)."; \
		echo "Nothing will appear on screen; use a desktop session to see the window."; \
		exec xvfb-run -a -s '-screen 0 1400x900x24' ./$(BIN)/guardian; \
	fi

# vet and staticcheck type-check with Fyne's "ci" tag, which swaps the
# OpenGL/GLFW driver for Fyne's software one, so every line of ours is vetted
# without GLFW's C sources. The unit tests use Fyne's test driver and leave out
# cmd/guardian, the only package that links the OpenGL driver.
#
# The real window is tested too: smoke builds cmd/guardian as make build does
# (cgo: the first build compiles GLFW's C sources, 4-7 minutes on 2 cores),
# starts it under Xvfb on no log and on a demo log and drives every file
# dialog from the keyboard with xdotool (internal/smoke). The Fyne test
# driver alone missed that every real file dialog crashed (issue 16).
# Its screenshots are kept in $(SMOKE_SHOTS).
#
# staticcheck's first analysis of the standard library and dependencies and
# the cgo build are the long CPU-bound steps; the unit tests also wait on disk
# syncs and LibreOffice, the smoke test on the window. All four run two at a
# time, the longest (smoke) first, to keep both cores busy; --output-sync keeps
# each step's output together.
SMOKE_SHOTS ?= $(BIN)/smoke
.PHONY: test fmt fmt-check vet staticcheck unit windows smoke
test: deps-test fmt-check vet
	@$(MAKE) --no-print-directory -j2 --output-sync=target smoke staticcheck unit windows
	@echo "make test: all checks passed"

fmt-check:
	@files=$$(gofmt -l .); \
	if [ -n "$$files" ]; then echo "gofmt needed on:"; echo "$$files"; echo "(run: make fmt)"; exit 1; fi

fmt:
	gofmt -w .

vet:
	$(GO) vet -tags ci ./...

staticcheck:
	$(GO) run $(STATICCHECK) -tags ci ./...

unit:
	$(GO) test -timeout $(TEST_TIMEOUT) $$($(GO) list ./... | grep -v '/cmd/guardian$$')

smoke:
	@mkdir -p $(SMOKE_SHOTS)
	GUARDIAN_SMOKE=1 GUARDIAN_SMOKE_SHOTS=$(abspath $(SMOKE_SHOTS)) GO=$(GO) \
		$(GO) test -count=1 -timeout 20m -run '^TestRealWindow$$' -v ./internal/smoke/

windows:
	@pkgs=$$(GOOS=windows CGO_ENABLED=0 $(GO) list -e -f '{{if not .Error}}{{.ImportPath}}{{end}}' $(WINDOWS_PKGS) 2>/dev/null | grep . || true); \
	echo "GOOS=windows build and vet: $$(echo $$pkgs)"; \
	GOOS=windows CGO_ENABLED=0 $(GO) build $$pkgs; \
	GOOS=windows CGO_ENABLED=0 $(GO) vet $$pkgs

# Long checks, outside make test. crash: the SIGKILL test with 60 kills
# (make test runs 12). fuzz: each fuzz target for FUZZTIME, one at a time
# (make test runs their seeds). bench: benchmarks and openpyxl, as a table;
# the end-to-end export against XlsxWriter; export --evidence against cp -r,
# cp -r with sync and tar -x of the same files (bench/evidence_export.py);
# attach against dd (all in bench/run.sh); then the shared-log load test (20
# writers for 60 s, docs/shared-log.md).
CRASH_KILLS ?= 60
FUZZTIME ?= 2m
FUZZ_TARGETS := assurance:FuzzParseCatalogue assurance:FuzzCleanFileName assurance:FuzzCheckText \
	assurance:FuzzParseDate assurance/sqlite:FuzzOpen assurance/importer:FuzzImport
.PHONY: crash fuzz bench
crash:
	GUARDIAN_CRASH_KILLS=$(CRASH_KILLS) $(GO) test -count=1 -timeout 60m -run '^TestCrash$$' -v ./internal/reliability/

fuzz:
	@for t in $(FUZZ_TARGETS); do \
		echo "== $${t%%:*} $${t##*:} for $(FUZZTIME)"; \
		$(GO) test ./$${t%%:*}/ -run '^$$' -fuzz "^$${t##*:}$$" -fuzztime $(FUZZTIME) -parallel 1 2>&1 | tail -3; \
	done

bench: deps-test
	GO=$(GO) bench/run.sh
	GO=$(GO) bench/roundtrip.sh
	GUARDIAN_PG_LOAD=60s GUARDIAN_PG_DURABLE=1 $(GO) test -count=1 -timeout 10m -run '^TestLoad$$' -v ./assurance/postgres/ \
		| grep -E 'writers for|an update was lost|raw or unexplained|^(ok|FAIL|--- )'

# Release artefacts and the Windows smoke test (docs/release.md), outside
# make test: the Windows cross-build of the app takes 6-10 minutes cold.
# dist: everything into dist/ (packaging/dist.sh). smoke-windows: installs
# and runs the MSI under Wine (packaging/smoke-windows.sh).
APT_DIST := gcc-mingw-w64-x86-64 wixl msitools zip xz-utils desktop-file-utils appstream
APT_SMOKE := wine64 xvfb xauth x11-apps imagemagick xdotool python3-openpyxl
.PHONY: dist smoke-windows
dist:
	@$(call apt-install,$(APT_BUILD) $(APT_DIST))
	GO=$(GO) packaging/dist.sh

# smoke-windows runs make dist first unless dist/ was built from this very source.
smoke-windows:
	@if [ "$$(cat dist/build/source-id 2>/dev/null)" != "$$(packaging/dist.sh source-id)" ]; then \
		$(MAKE) --no-print-directory dist; \
	else echo "dist/ is up to date with this source"; fi
	@$(call apt-install,$(APT_SMOKE))
	GO=$(GO) packaging/smoke-windows.sh

.PHONY: clean
clean:
	rm -rf $(BIN)
