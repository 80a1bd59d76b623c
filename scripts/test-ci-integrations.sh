#!/usr/bin/env bash
# Tries the files other tools look for at the repository root, offline and in seconds:
# 1. .pre-commit-hooks.yaml, with pre-commit (PyPI) in a temporary repository whose
#    .pre-commit-config.yaml points at a local clone of this repository (its committed HEAD):
#    `pre-commit run --all-files` must fail on the review draft (examples/review) and pass on a
#    clean agency; the lintas-schema hook must write .lintas-schema.json and then pass.
# 2. action.yml and the workflow templates in examples/ci, with actionlint (a workflow that uses
#    the action by `uses: ./` makes actionlint read and check action.yml's metadata and inputs).
# The hooks run the `lintas` on PATH: LINTAS_BIN (default: the source build, `swift build`).
# Needs: scripts/setup.sh ci-tools (git, pre-commit, actionlint).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
for t in git pre-commit actionlint; do
  command -v "$t" >/dev/null 2>&1 || { echo "test-ci-integrations.sh: $t missing; run: scripts/setup.sh ci-tools" >&2; exit 2; }
done
if [ -z "${LINTAS_BIN:-}" ]; then
  swift build --product lintas 2>&1 | tail -1
  LINTAS_BIN="$(swift build --show-bin-path)/lintas"
fi
tmp=$(mktemp -d /tmp/lintas-ci-integrations.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"; ln -s "$LINTAS_BIN" "$tmp/bin/lintas"
export PATH="$tmp/bin:$PATH" PRE_COMMIT_HOME="$tmp/pre-commit-home"
fail=0
git_q() { git -c user.name=t -c user.email=t@t.invalid -c init.defaultBranch=main -c commit.gpgsign=false "$@"; }

echo "== pre-commit $(pre-commit --version | awk '{print $2}') with the root .pre-commit-hooks.yaml"
git clone -q "$root" "$tmp/lintas-clone"
rev=$(git -C "$tmp/lintas-clone" rev-parse HEAD)
[ -f "$tmp/lintas-clone/.pre-commit-hooks.yaml" ] || { echo "FAIL: .pre-commit-hooks.yaml is not committed at the root"; exit 1; }
try_repo() {  # try_repo NAME SOURCE-DIR EXPECTED(pass|fail) HOOK
  local name="$1" src="$2" want="$3" hook="$4" repo="$tmp/$1" rc
  mkdir -p "$repo"; cp -r "$src/." "$repo/"
  cat > "$repo/.pre-commit-config.yaml" <<CFG
repos:
  - repo: $tmp/lintas-clone
    rev: $rev
    hooks:
      - id: $hook
CFG
  git_q -C "$repo" init -q && git_q -C "$repo" add -A && git_q -C "$repo" commit -qm data
  set +e
  (cd "$repo" && pre-commit run --all-files --color never) > "$tmp/$name.log" 2>&1
  rc=$?
  set -e
  sed 's/^/    /' "$tmp/$name.log" | head -25
  if { [ "$want" = pass ] && [ $rc -eq 0 ]; } || { [ "$want" = fail ] && [ $rc -ne 0 ]; }; then
    echo "ok: $hook on $name: exit $rc ($want, as expected)"
  else
    echo "FAIL: $hook on $name: exit $rc, expected $want"; fail=1
  fi
}
try_repo review-draft "examples/review/jabar-diskominfo-draf" fail lintas
grep -q 'T004' "$tmp/review-draft.log" || { echo "FAIL: the review draft's findings are not in pre-commit's output"; fail=1; }
try_repo clean-agency "examples/agencies/jabar-diskominfo" pass lintas
# lintas-schema: the first run writes the missing .lintas-schema.json (a failure, as pre-commit
# hooks that change files do); once committed, it passes.
try_repo schema "examples/agencies/jabar-diskominfo" fail lintas-schema
if cmp -s "$tmp/schema/.lintas-schema.json" <(lintas schema); then
  echo "ok: lintas-schema wrote .lintas-schema.json equal to lintas schema"
else
  echo "FAIL: .lintas-schema.json not written"; fail=1
fi
git_q -C "$tmp/schema" add -A && git_q -C "$tmp/schema" commit -qm schema
if (cd "$tmp/schema" && pre-commit run --all-files --color never >/dev/null 2>&1); then
  echo "ok: lintas-schema passes once the schema is committed"
else
  echo "FAIL: lintas-schema fails on an up-to-date schema"; fail=1
fi

echo "== actionlint $(actionlint --version | head -1) on action.yml and the workflow templates"
al="$tmp/actionlint-repo"
mkdir -p "$al/.github/workflows"
cp action.yml "$al/action.yml"
cp examples/ci/github-actions.yml "$al/.github/workflows/lintas-template.yml"
cat > "$al/.github/workflows/use-action.yml" <<'WF'
name: use the local action
on: [pull_request]
permissions:
  contents: read
  security-events: write
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - id: lintas
        uses: ./
        with:
          path: examples/agencies
          release-url: https://example.invalid/lintas-0.1.0-linux-x86_64.tar.gz
          args: --fail-on warning
      - run: echo "lintas exited ${{ steps.lintas.outputs.exit-code }}"
        if: always()
  from-source:
    runs-on: ubuntu-latest
    container: swift:6.1
    steps:
      - uses: actions/checkout@v5
      - uses: ./
        with:
          upload-sarif: "false"
WF
git_q -C "$al" init -q
if (cd "$al" && actionlint -color=false .github/workflows/*.yml); then
  echo "ok: actionlint passes (action.yml read through uses: ./)"
else
  echo "FAIL: actionlint"; fail=1
fi
# actionlint must notice a broken action.yml or a wrong input: the check above can fail.
sed 's/^inputs:/inputz:/' action.yml > "$al/action.yml"
if (cd "$al" && actionlint -color=false .github/workflows/use-action.yml >/dev/null 2>&1); then
  echo "FAIL: actionlint accepted a workflow passing inputs the action does not declare"; fail=1
else
  echo "ok: actionlint rejects inputs that action.yml does not declare"
fi

# actionlint checks the run: scripts of workflows, not those of a composite action: shellcheck them.
if python3 - <<'PY'
import re, subprocess, sys, yaml
bad = 0
for step in yaml.safe_load(open("action.yml"))["runs"]["steps"]:
    if "run" in step:
        script = re.sub(r"\$\{\{[^}]*\}\}", "X", step["run"])
        r = subprocess.run(["shellcheck", "-s", "bash", "-"], input=script, capture_output=True, text=True)
        if r.returncode != 0:
            bad = 1
            print("shellcheck, action.yml step %r:\n%s" % (step["name"], r.stdout))
sys.exit(bad)
PY
then
  echo "ok: shellcheck passes on action.yml's run: scripts"
else
  echo "FAIL: shellcheck on action.yml"; fail=1
fi

[ $fail -eq 0 ] || { echo "ci integrations: FAILED"; exit 1; }
echo "ci integrations: passed"
