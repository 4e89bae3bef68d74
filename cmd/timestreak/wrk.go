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
const wrkScript = `local reqs, n
init = function(args)
  reqs = {%s}
  n = 0
end
request = function()
  n = n + 1
  return reqs[(n %% #reqs) + 1]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests":%%d,"duration_us":%%d,"p50":%%d,"p95":%%d,"p99":%%d,"max":%%d,"errors":%%d,"status_errors":%%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.timeout, e.status))
end
`

// wrkRequest is one user's request as Lua that wrk formats once, at start.
func wrkRequest(token, path, body string) string {
	headers := fmt.Sprintf(`{["Authorization"] = %s}`, luaString("Bearer "+token))
	if body == "" {
		return fmt.Sprintf(`wrk.format("GET", %s, %s)`, luaString(path), headers)
	}
	headers = fmt.Sprintf(`{["Authorization"] = %s, ["Content-Type"] = "application/json"}`, luaString("Bearer "+token))
	return fmt.Sprintf(`wrk.format("POST", %s, %s, %s)`, luaString(path), headers, luaString(body))
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

// driveWrk runs wrk against base, each user's request in turn: a POST
// when request gives a body, else a GET.
func driveWrk(base string, users []loadUser, request func(loadUser) (path, body string), ls loadSpec) (*loadReport, error) {
	if _, err := exec.LookPath("wrk"); err != nil {
		return nil, fmt.Errorf("--generator wrk needs wrk on the PATH (apt-get install wrk): %w", err)
	}
	reqs := make([]string, len(users))
	for i, u := range users {
		path, body := request(u)
		reqs[i] = wrkRequest(u.token, path, body)
	}
	dir, err := os.MkdirTemp("", "timestreak-wrk")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	script := filepath.Join(dir, "load.lua")
	if err := os.WriteFile(script, []byte(fmt.Sprintf(wrkScript, strings.Join(reqs, ",\n"))), 0o600); err != nil {
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
