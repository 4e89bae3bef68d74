package main

import (
	"bufio"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestLogsCarryNoSecrets signs up, logs in, refreshes and uses a personal
// token, then searches the server's log for any of the secrets involved.
func TestLogsCarryNoSecrets(t *testing.T) {
	p := startServer(t, t.TempDir(), "TIMESTREAK_LOG_LEVEL=debug")
	const password = "a secret password"
	_, reg := p.call(t, "POST", "/api/v1/auth/register", "", map[string]string{"email": "ana@example.com", "password": password, "name": "Ana"})
	access, refresh := reg["access_token"].(string), reg["refresh_token"].(string)
	_, tok := p.call(t, "POST", "/api/v1/me/tokens", access, map[string]string{"name": "script"})
	p.call(t, "GET", "/api/v1/entries?cursor=c2VjcmV0", tok["token"].(string), nil)
	p.call(t, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": refresh})
	p.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "ana@example.com", "password": "wrong " + password})
	p.stop(t)
	logs := p.logs.String()
	if !strings.Contains(logs, `"route":"/api/v1/auth/login"`) {
		t.Fatalf("no request lines in the log:\n%s", logs)
	}
	for name, secret := range map[string]string{"password": password, "access token": access, "refresh token": refresh,
		"personal token": tok["token"].(string), "query string": "c2VjcmV0"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log contains the %s", name)
		}
	}
}

// TestCORSClosedUnlessConfigured: no browser on another origin may call the
// API unless the operator names that origin.
func TestCORSClosedUnlessConfigured(t *testing.T) {
	preflight := func(base, origin string) string {
		req, _ := http.NewRequest("OPTIONS", base+"/api/v1/entries", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get("Access-Control-Allow-Origin")
	}
	closed := startServer(t, t.TempDir())
	if got := preflight(closed.base, "https://evil.example"); got != "" {
		t.Errorf("default server allows origin %q", got)
	}
	closed.stop(t)
	open := startServer(t, t.TempDir(), "TIMESTREAK_CORS_ORIGINS=https://app.example")
	if got := preflight(open.base, "https://app.example"); got != "https://app.example" {
		t.Errorf("configured origin: Access-Control-Allow-Origin %q", got)
	}
	if got := preflight(open.base, "https://evil.example"); got != "" {
		t.Errorf("an unlisted origin is allowed: %q", got)
	}
	open.stop(t)
}

// TestSlowHeadersAreCut: a client that never finishes its headers is
// disconnected by the server's header timeout instead of holding a
// connection forever.
func TestSlowHeadersAreCut(t *testing.T) {
	p := startServer(t, t.TempDir())
	conn, err := net.Dial("tcp", strings.TrimPrefix(p.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Write([]byte("GET /healthz HTTP/1.1\r\nHost: x\r\n")) // and then nothing
	conn.SetReadDeadline(time.Now().Add(15 * time.Second))
	start := time.Now()
	_, err = bufio.NewReader(conn).ReadByte()
	if err == nil {
		// The server may answer 408 before closing; what matters is that it does not wait.
		t.Logf("server answered after %s", time.Since(start))
	}
	if waited := time.Since(start); waited > 10*time.Second {
		t.Errorf("the server held a half-sent request for %s", waited)
	}
	p.stop(t)
}
