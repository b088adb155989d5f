#!/usr/bin/env bash
# Lints docs/openapi.json as third parties do: Redocly (recommended, redocly.yaml) and Spectral
# (spectral:oas, .spectral.yaml). Fails on any error *or warning* of either: Redocly exits 0 on
# warnings, so its JSON totals are read here.
set -euo pipefail
cd "$(dirname "$0")/.."
doc=${1:-docs/openapi.json}

echo "Redocly (recommended):"
report=$(npx --no-install redocly lint "$doc" --config redocly.yaml --format=json 2>/dev/null || true)
totals=$(node -e '
  const text = require("fs").readFileSync(0, "utf8");
  const { totals, problems } = JSON.parse(text.slice(text.indexOf("{")));
  for (const p of problems) console.error(`  ${p.severity} ${p.ruleId}: ${p.message} (${p.location?.[0]?.pointer ?? ""})`);
  console.log(`${totals.errors} ${totals.warnings}`);
' <<<"$report")
read -r errors warnings <<<"$totals"
echo "  $errors errors, $warnings warnings"

echo "Spectral (spectral:oas):"
spectral_status=0
npx --no-install spectral lint "$doc" --ruleset .spectral.yaml --fail-severity=warn --display-only-failures || spectral_status=$?

if [ "$errors" != 0 ] || [ "$warnings" != 0 ] || [ "$spectral_status" != 0 ]; then
  echo "docs/openapi.json does not lint clean." >&2
  exit 1
fi
echo "docs/openapi.json lints clean."
