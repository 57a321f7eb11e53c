# uptake: the README's commands. The build itself is CMake + Ninja; see CMakeLists.txt.
BUILD ?= build
DB ?= data/uptake.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all build run test test-sanitize bench bench-adoption deps format clean

all: build

deps:
	@scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD)

run: build
	@if [ ! -f "$(DB)" ]; then \
		echo "creating $(DB) with the demo organization (takes a little while, once)"; \
		$(BUILD)/uptake init --db "$(DB)" --demo || exit 1; \
	fi
	@echo "demo sign-ins: admin@demo.uptake.test (admin), manager.north@demo.uptake.test (manager),"
	@echo "               see 'uptake user list' for everyone; password for all: demo-password"
	@$(BUILD)/uptake serve --db "$(DB)" --listen "$(LISTEN)"

test: build
	@cd $(BUILD) && ctest --output-on-failure -j2

# Unit and API tests again under AddressSanitizer and UndefinedBehaviorSanitizer.
test-sanitize: deps
	@cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=Debug -DUPTAKE_SANITIZE=ON >/dev/null
	@cmake --build build-sanitize
	@cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j2 -L 'unit|api'

bench: build
	@bench/run.sh $(BUILD)

# 1,000 users and a year of events (about 50 million): about 15 minutes and 11 GB in $$TMPDIR.
bench-adoption: build
	@bench/adoption.sh $(BUILD)

format:
	@clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h')

clean:
	rm -rf $(BUILD) build-sanitize
