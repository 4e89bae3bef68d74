// Package e2e holds the scoring engine's end-to-end scenarios: whole
// histories sent through the HTTP API of the application as internal/app
// builds it (api/apitest), checked against the ledger, the leaderboard and
// what the API answers — the replay test (incremental close-outs equal a
// recompute), the close-out across zones and DST, backfill, weekly awards,
// reminders, webhooks and the worked example of PRODUCT.md. game's own tests
// build the engine on a test database and never the server (ARCHITECTURE.md
// rule 14); these sit above api, where a test may.
package e2e
