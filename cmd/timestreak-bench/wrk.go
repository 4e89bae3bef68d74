package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The anchors were measured with wrk, a C load generator in a
// process of its own; --generator wrk drives the same requests with it, so
// timestreak and the anchors are compared the way the issue quotes them.

// wrkScript sends the mixes of loadmix.go from Lua: each of wrk's threads
// takes the users whose index modulo the thread count is its own (so that
// no two threads delete one entry), and sends user u's request number c as
// loadTarget.request does. Its done() prints the figures as one JSON line.
const wrkScript = `local threads = 0
setup = function(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
local mine, n
init = function(args)
  local users = {USERS}
  mine = {}
  for i = 1, #users do
    if (i - 1) % NTHREADS == tid then mine[#mine + 1] = users[i] end
  end
  n = 0
end
local function post(u, date, key)
  local h = {["Authorization"] = "Bearer " .. u.token, ["Content-Type"] = "application/json"}
  if key then h["Idempotency-Key"] = PREFIX .. "-" .. tid .. "-" .. n end
  return wrk.format("POST", "/api/v1/entries", h, string.format('{"task_id":"%s","date":"%s","minutes":1}', TASK, date))
end
local function get(u, path)
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. u.token})
end
local function patch(u, c)
  if #u.patch == 0 then return post(u, u.dates[1], false) end
  return wrk.format("PATCH", "/api/v1/entries/" .. u.patch[(c % #u.patch) + 1],
    {["Authorization"] = "Bearer " .. u.token, ["Content-Type"] = "application/json"}, string.format('{"minutes":%d}', 1 + c % 30))
end
local function del(u, c)
  if u.deleted < #u.del then
    u.deleted = u.deleted + 1
    return wrk.format("DELETE", "/api/v1/entries/" .. u.del[u.deleted], {["Authorization"] = "Bearer " .. u.token})
  end
  return patch(u, c)
end
local board = "/api/v1/teams/" .. TEAM .. "/leaderboard?period=week"
request = function()
  local u = mine[(n % #mine) + 1]
  local c = math.floor(n / #mine)
  n = n + 1
  local mix = MIX
  if mix == "today" or mix == "entries" then return post(u, u.dates[1], false) end
  if mix == "keyed" then return post(u, u.dates[1], true) end
  if mix == "backfill" then return post(u, u.dates[(c % 50) + 1], false) end
  if mix == "edits" then
    if c % 10 == 9 then return del(u, c) end
    return patch(u, c)
  end
  if mix == "realistic" then
    if c % 2 == 0 then
      local r = math.floor(c / 2) % 3
      if r == 0 then return get(u, "/api/v1/me") end
      if r == 1 then return get(u, "/api/v1/entries?from=" .. u.dates[1] .. "&to=" .. u.dates[1]) end
      return get(u, board)
    end
    local w = math.floor(c / 2) % 20
    if w < 16 then return post(u, u.dates[1], true) end
    if w < 18 then return post(u, u.dates[2], true) end
    if w == 18 then return post(u, u.dates[3 + c % 48], true) end
    if math.floor(c / 40) % 2 == 0 then return patch(u, c) end
    return del(u, c)
  end
  if mix == "me" then return get(u, "/api/v1/me") end
  if mix == "leaderboard" then return get(u, board) end
  return get(u, "/api/v1/ping")
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests":%d,"duration_us":%d,"p50":%d,"p95":%d,"p99":%d,"max":%d,"errors":%d,"status_errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.timeout, e.status))
end
`

// wrkThreads is wrk's -t: two, like the measurements.
const wrkThreads = 2

// wrkUsers is the users of the load as a Lua table.
func wrkUsers(users []loadUser) string {
	var b strings.Builder
	list := func(xs []string) string {
		q := make([]string, len(xs))
		for i, x := range xs {
			q[i] = luaString(x)
		}
		return "{" + strings.Join(q, ",") + "}"
	}
	for i, u := range users {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, "{token = %s, dates = %s, patch = %s, del = %s, deleted = 0}",
			luaString(u.token), list(u.dates), list(u.patch), list(u.del))
	}
	return b.String()
}

// luaString quotes s for Lua; Go's quoting suits the ASCII the load uses.
func luaString(s string) string { return strconv.Quote(s) }

type wrkResult struct {
	Requests     int   `json:"requests"`
	DurationUs   int64 `json:"duration_us"`
	P50          int64 `json:"p50"`
	P95          int64 `json:"p95"`
	P99          int64 `json:"p99"`
	Max          int64 `json:"max"`
	Errors       int   `json:"errors"`
	StatusErrors int   `json:"status_errors"`
}

// driveWrk runs wrk against base with the mix's requests.
func driveWrk(base string, t *loadTarget, ls loadSpec) (*loadReport, error) {
	if _, err := exec.LookPath("wrk"); err != nil {
		return nil, fmt.Errorf("--generator wrk needs wrk on the PATH (apt-get install wrk): %w", err)
	}
	if len(t.users) < wrkThreads {
		return nil, fmt.Errorf("--generator wrk needs at least %d users", wrkThreads)
	}
	dir, err := os.MkdirTemp("", "timestreak-wrk")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	script := filepath.Join(dir, "load.lua")
	lua := strings.NewReplacer("{USERS}", "{"+wrkUsers(t.users)+"}", "NTHREADS", strconv.Itoa(wrkThreads),
		"PREFIX", luaString(t.prefix), "TASK", luaString(t.task), "TEAM", luaString(t.team), "MIX", luaString(ls.mix)).Replace(wrkScript)
	if err := os.WriteFile(script, []byte(lua), 0o600); err != nil {
		return nil, err
	}
	secs := max(1, int(ls.duration.Round(time.Second).Seconds()))
	cpu0 := processCPU()
	out, err := exec.Command("wrk", "-t"+strconv.Itoa(wrkThreads), "-c"+strconv.Itoa(ls.concurrency), "-d"+strconv.Itoa(secs)+"s",
		"--timeout", "30s", "-s", script, base).CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("wrk: %v: %s", err, out)
	}
	_, line, ok := strings.Cut(string(out), "WRK ")
	if !ok {
		return nil, fmt.Errorf("wrk printed no figures: %s", out)
	}
	var r wrkResult
	if err := json.Unmarshal([]byte(strings.SplitN(line, "\n", 2)[0]), &r); err != nil {
		return nil, fmt.Errorf("wrk figures: %w", err)
	}
	ms := func(us int64) float64 { return float64(us) / 1000 }
	elapsed := time.Duration(r.DurationUs) * time.Microsecond
	rep := &loadReport{Mix: ls.mix, Concurrency: ls.concurrency, Users: len(t.users), DurationSec: elapsed.Seconds(),
		Requests: r.Requests, Throughput: float64(r.Requests) / elapsed.Seconds(), P50ms: ms(r.P50), P95ms: ms(r.P95),
		P99ms: ms(r.P99), MaxMs: ms(r.Max), Errors: r.Errors + r.StatusErrors, ErrorsByCode: map[string]int{}, Generator: "wrk"}
	if r.Requests > 0 {
		rep.CPUPerReqUs = float64((processCPU() - cpu0).Microseconds()) / float64(r.Requests)
	}
	if r.Errors > 0 {
		rep.ErrorsByCode["transport"] = r.Errors
	}
	if r.StatusErrors > 0 {
		rep.ErrorsByCode["non-2xx"] = r.StatusErrors
	}
	return rep, nil
}
