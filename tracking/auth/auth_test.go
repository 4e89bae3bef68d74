package auth_test

import (
	"testing"
	"time"

	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/store/storetest"
)

// TestLoginThrottle: unknown emails and wrong passwords fail alike and
// count; ten failures of an email from an address stop its sign-ins there
// for the window, the right password included, while another address
// still signs in.
func TestLoginThrottle(t *testing.T) {
	each(t, func(t *testing.T, s *fixture) {
		ana := s.user("ana", "")
		const pw, here, there = "correct horse battery", "192.0.2.1", "198.51.100.7"
		steps := []struct {
			name          string
			email, pw, ip string
			times         int
			want          string
			failuresAfter int64
			advance       time.Duration
		}{
			{"the right password", ana.Email, pw, here, 1, "ok", 0, 0},
			{"an unknown email", "nobody@example.com", pw, here, 1, "unauthorized", 1, 0},
			{"a wrong password, ten times", ana.Email, "wrong password", here, 10, "unauthorized", 11, 0},
			{"then the right one is refused", ana.Email, pw, here, 1, "rate limited", 11, 0},
			{"from another address", ana.Email, pw, there, 1, "ok", 11, 0},
			{"after the window", ana.Email, pw, here, 1, "ok", 0, 16 * time.Minute},
		}
		for _, st := range steps {
			s.clock.Advance(st.advance)
			for i := 0; i < st.times; i++ {
				u, err := s.Login(s.ctx, st.email, st.pw, st.ip)
				if got := storetest.Outcome(err); got != st.want {
					t.Fatalf("%s (#%d): %s, want %s", st.name, i+1, got, st.want)
				}
				if err == nil && u.ID != ana.ID {
					t.Fatalf("%s: signed in as %s", st.name, u.ID)
				}
			}
			if st.advance > 0 {
				if err := s.Prune(s.ctx); err != nil {
					t.Fatal(err)
				}
			}
			// A success clears the email's failures from that address.
			if n := s.count("login_failures"); n != st.failuresAfter && st.want != "ok" {
				t.Errorf("%s: %d failures kept, want %d", st.name, n, st.failuresAfter)
			}
		}
	})
}

// TestAPITokens: a personal token's name, scope and lifetime are checked,
// only an admin makes an admin token, and a token stops working when it is
// revoked, when it expires and when its owner is deactivated.
func TestAPITokens(t *testing.T) {
	each(t, func(t *testing.T, s *fixture) {
		admin := s.user("ada", auth.RoleAdmin)
		bo := s.user("bo", "")
		for _, c := range []struct {
			name string
			u    *auth.User
			in   auth.NewAPIToken
			want string
		}{
			{"the defaults", bo, auth.NewAPIToken{Name: "script"}, "ok"},
			{"read, for a year", bo, auth.NewAPIToken{Name: "ro", Scope: auth.ScopeRead, ExpiresInDays: ptr(365)}, "ok"},
			{"no name", bo, auth.NewAPIToken{Name: " "}, "invalid"},
			{"no such scope", bo, auth.NewAPIToken{Name: "x", Scope: "root"}, "invalid"},
			{"zero days", bo, auth.NewAPIToken{Name: "x", ExpiresInDays: ptr(0)}, "invalid"},
			{"past the longest life", bo, auth.NewAPIToken{Name: "x", ExpiresInDays: ptr(auth.APITokenMaxDays + 1)}, "invalid"},
			{"an admin token of a member", bo, auth.NewAPIToken{Name: "x", Scope: auth.ScopeAdmin}, "forbidden"},
			{"an admin token of an admin", admin, auth.NewAPIToken{Name: "x", Scope: auth.ScopeAdmin}, "ok"},
		} {
			if _, _, err := s.CreateAPIToken(s.ctx, c.u, c.in); storetest.Outcome(err) != c.want {
				t.Errorf("%s: %s, want %s", c.name, storetest.Outcome(err), c.want)
			}
		}
		short, secret, err := s.CreateAPIToken(s.ctx, bo, auth.NewAPIToken{Name: "short", ExpiresInDays: ptr(1)})
		if err != nil {
			t.Fatal(err)
		}
		if short.Scope != auth.ScopeWrite || !short.ExpiresAt.Equal(monday.Add(24*time.Hour)) {
			t.Errorf("token %+v", short)
		}
		if u, tok, err := s.UserByAPIToken(s.ctx, secret); err != nil || u.ID != bo.ID || tok.ID != short.ID {
			t.Fatalf("by token: %v, %v, %v", u, tok, err)
		}
		if ts, _ := s.APITokens(s.ctx, bo.ID); len(ts) != 3 {
			t.Errorf("%d tokens listed, want 3", len(ts))
		}
		s.clock.Advance(24 * time.Hour)
		if _, _, err := s.UserByAPIToken(s.ctx, secret); storetest.Outcome(err) != "unauthorized" {
			t.Errorf("an expired token: %s", storetest.Outcome(err))
		}
		if ts, _ := s.APITokens(s.ctx, bo.ID); len(ts) != 2 {
			t.Errorf("%d live tokens listed, want 2", len(ts))
		}

		live, secret, err := s.CreateAPIToken(s.ctx, bo, auth.NewAPIToken{Name: "live"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteAPIToken(s.ctx, admin.ID, live.ID); storetest.Outcome(err) != "not found" {
			t.Errorf("revoking another's token: %s", storetest.Outcome(err))
		}
		if err := s.DeleteAPIToken(s.ctx, bo.ID, live.ID); err != nil {
			t.Errorf("revoke: %v", err)
		}
		if _, _, err := s.UserByAPIToken(s.ctx, secret); storetest.Outcome(err) != "unauthorized" {
			t.Errorf("a revoked token: %s", storetest.Outcome(err))
		}
		_, secret, err = s.CreateAPIToken(s.ctx, bo, auth.NewAPIToken{Name: "kept"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateUser(s.ctx, bo.ID, auth.UserChange{Active: ptr(false)}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.UserByAPIToken(s.ctx, secret); storetest.Outcome(err) != "unauthorized" {
			t.Errorf("a deactivated owner's token: %s", storetest.Outcome(err))
		}
		if _, err := s.UpdateUser(s.ctx, bo.ID, auth.UserChange{Active: ptr(true)}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.UserByAPIToken(s.ctx, secret); storetest.Outcome(err) != "unauthorized" {
			t.Errorf("reactivation revived a token: %s", storetest.Outcome(err))
		}
	})
}
