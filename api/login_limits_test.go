package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// fromIP is an HTTP client whose connections come from ip, a loopback
// address other than 127.0.0.1: the server sees the connection's address
// (it trusts no forwarded header).
func fromIP(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 10 * time.Second}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 64}}
}

type loginResult struct {
	status     int
	retryAfter string
	err        error
}

// loginAs sends one login through client.
func loginAs(env *apitest.Env, client *http.Client, email, password string) loginResult {
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	req, err := http.NewRequest("POST", env.HTTP.URL+"/api/v1/auth/login", strings.NewReader(string(body)))
	if err != nil {
		return loginResult{err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return loginResult{err: err}
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return loginResult{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After")}
}

// burst sends n logins at once through client; email(i) and password(i)
// make the i-th.
func burst(env *apitest.Env, client *http.Client, n int, email, password func(i int) string) map[int]int {
	env.T.Helper()
	out := make([]loginResult, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			out[i] = loginAs(env, client, email(i), password(i))
		}()
	}
	close(start)
	wg.Wait()
	counts := map[int]int{}
	for _, r := range out {
		if r.err != nil {
			env.T.Fatalf("login: %v", r.err)
		}
		counts[r.status]++
	}
	return counts
}

func same(s string) func(int) string { return func(int) string { return s } }

// hashCounter counts the bcrypt runs of a server (set as Options.OnHash).
type hashCounter struct{ n atomic.Int64 }

func (h *hashCounter) hook() { h.n.Add(1) }

// TestLoginBurstChecksAtMostTenPasswords: 300 parallel wrong passwords for
// one account from one address reach bcrypt at most 10 times; the right
// password is then refused from that address (429) and accepted from
// another.
func TestLoginBurstChecksAtMostTenPasswords(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		var runs hashCounter
		env := apitest.New(t, dialect, apitest.Options{OnHash: runs.hook})
		ana := env.Register("Ana")
		attacker, other := fromIP("127.0.0.2"), fromIP("127.0.0.3")
		runs.n.Store(0)
		counts := burst(env, attacker, 300, same(ana.Email), same("wrong password"))
		if counts[http.StatusUnauthorized] != 10 || counts[http.StatusTooManyRequests] != 290 {
			t.Errorf("answers %v, want 10×401 and 290×429", counts)
		}
		if n := runs.n.Load(); n > 10 {
			t.Errorf("%d passwords checked, want at most 10", n)
		}
		r := loginAs(env, attacker, ana.Email, ana.Password)
		if r.status != http.StatusTooManyRequests || r.retryAfter == "" {
			t.Errorf("right password from the attacked address: %d (Retry-After %q), want 429 with Retry-After", r.status, r.retryAfter)
		}
		if r := loginAs(env, other, ana.Email, ana.Password); r.status != http.StatusOK {
			t.Errorf("right password from another address: %d, want 200", r.status)
		}
	})
}

// TestLoginSprayLimitedPerAddress: wrong passwords over 60 emails from one
// address are checked 50 times; the rest are 429, and the window frees
// them after 15 minutes.
func TestLoginSprayLimitedPerAddress(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		var runs hashCounter
		env := apitest.New(t, dialect, apitest.Options{OnHash: runs.hook})
		ana := env.Register("Ana")
		sprayer := fromIP("127.0.0.4")
		runs.n.Store(0)
		counts := burst(env, sprayer, 60, func(i int) string { return fmt.Sprintf("user%d@example.com", i) }, same("wrong password"))
		if counts[http.StatusUnauthorized] != 50 || counts[http.StatusTooManyRequests] != 10 {
			t.Errorf("answers %v, want 50×401 and 10×429", counts)
		}
		if n := runs.n.Load(); n > 50 {
			t.Errorf("%d passwords checked, want at most 50", n)
		}
		// Ana never signed in from there: she is refused too, and not checked.
		before := runs.n.Load()
		if r := loginAs(env, sprayer, ana.Email, ana.Password); r.status != http.StatusTooManyRequests || r.retryAfter != "900" {
			t.Errorf("Ana from the spraying address: %d (Retry-After %q), want 429 after 900 s", r.status, r.retryAfter)
		}
		if runs.n.Load() != before {
			t.Error("a refused login ran bcrypt")
		}
		env.Clock.Advance(15 * time.Minute)
		if r := loginAs(env, sprayer, ana.Email, ana.Password); r.status != http.StatusOK {
			t.Errorf("Ana 15 minutes later: %d, want 200", r.status)
		}
	})
}

// TestLoginSprayDoesNotLockOutKnownEmails: an email that signed in from an
// address in the last 30 days is spared that address's limit (an office
// behind one address); it keeps its own limit of 10.
func TestLoginSprayDoesNotLockOutKnownEmails(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		bob := env.CreateUser(ana, "Bob", "UTC")
		cleo := env.CreateUser(ana, "Cleo", "UTC")
		office := fromIP("127.0.0.5")
		if r := loginAs(env, office, ana.Email, ana.Password); r.status != http.StatusOK {
			t.Fatalf("Ana's login: %d", r.status)
		}
		env.Clock.Advance(29 * 24 * time.Hour)
		if r := loginAs(env, office, cleo.Email, cleo.Password); r.status != http.StatusOK {
			t.Fatalf("Cleo's login: %d", r.status)
		}
		env.Clock.Advance(24*time.Hour + time.Second)
		counts := burst(env, office, 50, func(i int) string { return fmt.Sprintf("victim%d@example.com", i) }, same("wrong password"))
		if counts[http.StatusUnauthorized] != 50 {
			t.Fatalf("spray answers %v, want 50×401", counts)
		}
		if r := loginAs(env, office, bob.Email, bob.Password); r.status != http.StatusTooManyRequests {
			t.Errorf("Bob, never signed in from the address: %d, want 429", r.status)
		}
		if r := loginAs(env, office, ana.Email, ana.Password); r.status != http.StatusTooManyRequests {
			t.Errorf("Ana, who signed in from the address just over 30 days ago: %d, want 429", r.status)
		}
		if r := loginAs(env, office, cleo.Email, cleo.Password); r.status != http.StatusOK {
			t.Errorf("Cleo, who signed in from the address a day ago: %d, want 200", r.status)
		}
		// A spared email keeps its own limit.
		for range 10 {
			loginAs(env, office, cleo.Email, "wrong password")
		}
		if r := loginAs(env, office, cleo.Email, cleo.Password); r.status != http.StatusTooManyRequests {
			t.Errorf("Cleo after 10 failures of her own: %d, want 429", r.status)
		}
	})
}

// TestWrongCurrentPasswordCountsAsFailedLogin: PATCH /me with a wrong
// current password is a failed login of the user's email from the caller's
// address.
func TestWrongCurrentPasswordCountsAsFailedLogin(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		var runs hashCounter
		env := apitest.New(t, dialect, apitest.Options{OnHash: runs.hook})
		ana := env.Register("Ana")
		change := map[string]any{"password": "a new password", "current_password": "wrong password"}
		for range 10 {
			wantProblem(t, env.Do("PATCH", "/api/v1/me", ana.Token, change), http.StatusUnprocessableEntity, "current_password")
		}
		runs.n.Store(0)
		r := env.Do("PATCH", "/api/v1/me", ana.Token, map[string]any{"password": "a new password", "current_password": ana.Password})
		wantProblem(t, r, http.StatusTooManyRequests)
		if r.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
		wantProblem(t, env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": ana.Email, "password": ana.Password}), http.StatusTooManyRequests)
		if n := runs.n.Load(); n != 0 {
			t.Errorf("%d bcrypt runs while throttled, want 0", n)
		}
	})
}

// TestRefusedRegistrationsDoNotHash: a flood of registrations without an
// invite runs no bcrypt at all, and a sign-in during it answers within a
// second.
func TestRefusedRegistrationsDoNotHash(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		var runs hashCounter
		env := apitest.New(t, dialect, apitest.Options{OnHash: runs.hook, BcryptCost: 8})
		ana := env.Register("Ana")
		runs.n.Store(0)
		flood, user := fromIP("127.0.0.6"), fromIP("127.0.0.7")
		var (
			wg      sync.WaitGroup
			elapsed time.Duration
			status  int
			start   = make(chan struct{})
			answers = make([]int, 400)
		)
		for i := range answers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				body := fmt.Sprintf(`{"email":"flood%d@example.com","password":"correct horse","name":"Flood"}`, i)
				resp, err := flood.Post(env.HTTP.URL+"/api/v1/auth/register", "application/json", strings.NewReader(body))
				if err != nil {
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				answers[i] = resp.StatusCode
			}()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			time.Sleep(50 * time.Millisecond) // in the middle of the flood
			begin := time.Now()
			r := loginAs(env, user, ana.Email, ana.Password)
			elapsed, status = time.Since(begin), r.status
		}()
		floodBegin := time.Now()
		close(start)
		wg.Wait()
		t.Logf("the flood took %s; the sign-in %s", time.Since(floodBegin), elapsed)
		counts := map[int]int{}
		for _, a := range answers {
			counts[a]++
		}
		if counts[http.StatusForbidden] != 400 {
			t.Errorf("registrations %v, want 400×403", counts)
		}
		if status != http.StatusOK || elapsed > time.Second {
			t.Errorf("sign-in during the flood: %d in %s, want 200 within 1s", status, elapsed)
		}
		if n := runs.n.Load(); n != 1 {
			t.Errorf("%d bcrypt runs, want 1 (the sign-in's)", n)
		}
	})
}

// TestHashingSaturatedIs503: when every hashing slot stays busy for 2 s,
// a sign-in is refused with 503 and Retry-After, and its attempt does not
// count as a failure.
func TestHashingSaturatedIs503(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		var (
			holding atomic.Bool
			hold    = make(chan struct{})
			entered = make(chan struct{}, 1)
		)
		env := apitest.New(t, dialect, apitest.Options{HashSlots: 1, OnHash: func() {
			if holding.Load() {
				entered <- struct{}{}
				<-hold
			}
		}})
		ana := env.Register("Ana")
		bob := env.CreateUser(ana, "Bob", "UTC")
		holding.Store(true)
		done := make(chan loginResult)
		go func() { done <- loginAs(env, env.Client, bob.Email, bob.Password) }()
		<-entered
		holding.Store(false)
		begin := time.Now()
		r := env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": ana.Email, "password": "wrong password"})
		waited := time.Since(begin)
		wantProblem(t, r, http.StatusServiceUnavailable)
		if r.Header.Get("Retry-After") == "" || waited < 2*time.Second || waited > 5*time.Second {
			t.Errorf("503 after %s with Retry-After %q, want about 2s and a Retry-After", waited, r.Header.Get("Retry-After"))
		}
		close(hold)
		if first := <-done; first.status != http.StatusOK {
			t.Errorf("the held sign-in: %d, want 200", first.status)
		}
		// The refused attempt was not counted: ten failures are still
		// checked, the eleventh is not.
		wrong := map[string]string{"email": ana.Email, "password": "wrong password"}
		for range 10 {
			wantProblem(t, env.Do("POST", "/api/v1/auth/login", "", wrong), http.StatusUnauthorized)
		}
		wantProblem(t, env.Do("POST", "/api/v1/auth/login", "", wrong), http.StatusTooManyRequests)
	})
}
