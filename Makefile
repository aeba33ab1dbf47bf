# The two commands (README): `make demo` runs Vigil on embedded defaults against the simulator;
# `make test` runs the whole test suite (this is what .ci/run calls). Both install what is missing.
.PHONY: demo test setup run bench typecheck

setup:
	@bash scripts/setup.sh

demo: setup
	@NODE_NO_WARNINGS=1 npx tsx src/cli/main.ts demo

run: setup
	@npx tsx src/cli/main.ts run

test: setup
	@npx tsc -p tsconfig.json --noEmit
	@npx vitest run

typecheck:
	@npx tsc -p tsconfig.json --noEmit

bench: setup
	@npm run --silent bench -- $(NAME)
