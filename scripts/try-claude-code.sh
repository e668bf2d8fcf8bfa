#!/usr/bin/env bash
# Runs Claude Code against the local stack (`npm start`: gateway, Bedrock emulator, dynalite), non-interactively,
# and prints what Claude Code sent the gateway and what it answered. Not part of `npm test`: it needs Claude Code
# from npm, which is installed outside the repository (it is no dependency of the project).
#
#   scripts/try-claude-code.sh                 # claude -p "hello" --output-format json, Claude Code's default model
#   scripts/try-claude-code.sh claude-haiku-4-5 # the same with ANTHROPIC_MODEL set
#
# Environment: CLAUDE_CODE_DIR (default /tmp/claude-code) and CLAUDE_CODE_VERSION (default 2.1.332, the version
# this was last run with; "latest" for the newest) say where and which Claude Code to install; PORT (default
# 18080) is the gateway's port; PROMPT (default "hello"); CLAUDE_AUTH is "token" (default: the key as
# ANTHROPIC_AUTH_TOKEN, sent as Authorization: Bearer) or "api-key" (as ANTHROPIC_API_KEY, sent as x-api-key);
# CLAUDE_EXTRA_ENV adds variables to Claude Code's environment, e.g. "CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY=1".
# It exits 0 when Claude Code exited 0 and its result holds the emulator's reply.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
claude_dir="${CLAUDE_CODE_DIR:-/tmp/claude-code}"
port="${PORT:-18080}"
prompt="${PROMPT:-hello}"
model="${1:-}"
work="$(mktemp -d "${TMPDIR:-/tmp}/try-claude-code.XXXXXX")"
stack_pid=""

cleanup() {
  # The stack was started in its own process group: end that group, and only it.
  if [[ -n "$stack_pid" ]]; then kill -TERM -- "-$stack_pid" 2>/dev/null || true; wait "$stack_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Claude Code ships as a native binary in a per-platform package; npm 11 skips its postinstall (which only copies
# that binary over a placeholder), so it is started through the package's own launcher, which finds the binary.
launcher="$claude_dir/node_modules/@anthropic-ai/claude-code/cli-wrapper.cjs"
version="${CLAUDE_CODE_VERSION:-2.1.332}"
installed="$(jq -r .version "$claude_dir/node_modules/@anthropic-ai/claude-code/package.json" 2>/dev/null || true)"
if [[ ! -f "$launcher" || ( "$version" != latest && "$installed" != "$version" ) ]]; then
  echo "Installing @anthropic-ai/claude-code@$version into $claude_dir ..." >&2
  npm install --prefix "$claude_dir" --no-audit --no-fund "@anthropic-ai/claude-code@$version" >&2
fi
echo "Claude Code $(node "$launcher" --version)" >&2

# The stack, with DEBUG logs so that the gateway records what the client sent (field names, betas, header names).
(cd "$repo" && PORT="$port" LOG_LEVEL=DEBUG exec setsid npm start --silent) >"$work/stack.log" 2>&1 &
stack_pid=$!
for _ in $(seq 1 120); do
  if grep -q 'is running at' "$work/stack.log"; then break; fi
  if ! kill -0 "$stack_pid" 2>/dev/null; then cat "$work/stack.log" >&2; exit 1; fi
  sleep 0.5
done
key="$(sed -n 's/^Dev key:  \(bgw_[A-Za-z0-9_-]*\).*/\1/p' "$work/stack.log")"
[[ -n "$key" ]] || { echo "no dev key in the stack's output" >&2; cat "$work/stack.log" >&2; exit 1; }

# A throwaway HOME and a minimal environment: no AWS credentials, no Anthropic key, nothing from this machine.
mkdir -p "$work/home" "$work/project"
case "${CLAUDE_AUTH:-token}" in
  token) credential="ANTHROPIC_AUTH_TOKEN=$key" ;;
  api-key) credential="ANTHROPIC_API_KEY=$key" ;;
  *) echo "CLAUDE_AUTH is 'token' or 'api-key', not '${CLAUDE_AUTH}'" >&2; exit 2 ;;
esac
set +e
(cd "$work/project" && env -i PATH="/usr/local/bin:/usr/bin:/bin" HOME="$work/home" TERM=dumb \
  ANTHROPIC_BASE_URL="http://127.0.0.1:$port" "$credential" \
  ${model:+ANTHROPIC_MODEL="$model"} ${CLAUDE_EXTRA_ENV:-} \
  DISABLE_TELEMETRY=1 DISABLE_AUTOUPDATER=1 DISABLE_ERROR_REPORTING=1 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 \
  timeout 180 node "$launcher" -p "$prompt" --output-format json) >"$work/result.json" 2>"$work/claude.err"
status=$?
set -e

echo "== What Claude Code sent (gateway DEBUG log)"
jq -c 'select(.message == "anthropic request")
  | {path, query, model, max_tokens, anthropic_version, anthropic_betas, fields, user_agent, header_names}' \
  < <(grep '^{' "$work/stack.log") || true
echo "== The gateway's request lines"
jq -c 'select(.message == "request")
  | {method, path, route, status, model_requested, model, stream, input_tokens, cache_write_tokens, cache_read_tokens,
     output_tokens, reasoning_tokens, cost_usd, stop_reason, error_code, end_user}' \
  < <(grep '^{' "$work/stack.log") || true
echo "== Claude Code's result (exit $status)"
jq -c '{is_error, subtype, result, stop_reason, models: (.modelUsage | keys),
  usage: (.usage | {input_tokens, cache_creation_input_tokens, cache_read_input_tokens, cache_creation, output_tokens})}' \
  "$work/result.json" 2>/dev/null || cat "$work/result.json"
[[ -s "$work/claude.err" ]] && { echo "== stderr"; cat "$work/claude.err"; }

if [[ $status -ne 0 ]]; then echo "Claude Code exited $status" >&2; exit 1; fi
if ! jq -e '.is_error == false and (.result | contains("Emulated reply from"))' "$work/result.json" >/dev/null; then
  echo "Claude Code's result does not hold the emulator's reply" >&2
  exit 1
fi
echo "OK: Claude Code exited 0 with the emulator's reply."
