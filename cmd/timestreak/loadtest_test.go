package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"testing"
)

// TestLoadtestReports runs a short load against an in-process server and
// checks the JSON report describes real, error-free traffic.
func TestLoadtestReports(t *testing.T) {
	for _, mix := range []string{"entries", "mixed"} {
		t.Run(mix, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run([]string{"loadtest", "--duration", "500ms", "--users", "3", "--concurrency", "4", "--mix", mix, "--json"}, nil, &out, &errOut)
			if code != 0 {
				t.Fatalf("loadtest exit %d: %s", code, errOut.String())
			}
			var rep loadReport
			if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
				t.Fatalf("report: %v\n%s", err, out.String())
			}
			if rep.Requests < 10 || rep.Errors != 0 || rep.P99ms <= 0 || rep.P50ms > rep.P99ms || rep.PeakRSSMB <= 0 {
				t.Errorf("report = %+v", rep)
			}
		})
	}
}

// TestLoadtestAgainstURL drives a separately started server by URL and
// reads its peak memory by pid.
func TestLoadtestAgainstURL(t *testing.T) {
	p := startServer(t, t.TempDir(), "TIMESTREAK_SIGNUP=open", "TIMESTREAK_WRITE_RATE=0")
	cmd := exec.Command(binary, "loadtest", "--url", p.base, "--duration", "500ms", "--users", "2", "--concurrency", "2",
		"--server-pid", itoa(p.cmd.Process.Pid), "--json")
	cmd.Env = os.Environ()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("loadtest: %v", err)
	}
	var rep loadReport
	if err := json.Unmarshal(out, &rep); err != nil || rep.Requests < 5 || rep.Errors != 0 || rep.InProcess || rep.PeakRSSMB <= 0 {
		t.Fatalf("report = %+v (%v)", rep, err)
	}
	p.stop(t)
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
