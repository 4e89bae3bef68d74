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

// wrkScript spreads the requests over the users' tokens; for entries it
// posts one on-time minute today, like drive. Its done() prints the
// figures as one JSON line.
const wrkScript = `local tokens = {%s}
local n = 0
request = function()
  n = n + 1
  local headers = {["Authorization"] = "Bearer " .. tokens[(n %% #tokens) + 1]}
  if %q == "" then
    return wrk.format("GET", %q, headers)
  end
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", %q, headers, %q)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests":%%d,"duration_us":%%d,"p50":%%d,"p95":%%d,"p99":%%d,"max":%%d,"errors":%%d,"status_errors":%%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.timeout, e.status))
end
`

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

// driveWrk runs wrk against base: POST path with body when body is set,
// else GET path.
func driveWrk(base, path, body string, users []loadUser, ls loadSpec) (*loadReport, error) {
	if _, err := exec.LookPath("wrk"); err != nil {
		return nil, fmt.Errorf("--generator wrk needs wrk on the PATH (apt-get install wrk): %w", err)
	}
	toks := make([]string, len(users))
	for i, u := range users {
		toks[i] = strconv.Quote(u.token)
	}
	dir, err := os.MkdirTemp("", "timestreak-wrk")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	script := filepath.Join(dir, "load.lua")
	if err := os.WriteFile(script, []byte(fmt.Sprintf(wrkScript, strings.Join(toks, ","), body, path, path, body)), 0o600); err != nil {
		return nil, err
	}
	secs := max(1, int(ls.duration.Round(time.Second).Seconds()))
	cpu0 := processCPU()
	out, err := exec.Command("wrk", "-t2", "-c"+strconv.Itoa(ls.concurrency), "-d"+strconv.Itoa(secs)+"s",
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
	rep := &loadReport{Mix: ls.mix, Concurrency: ls.concurrency, Users: len(users), DurationSec: elapsed.Seconds(),
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
