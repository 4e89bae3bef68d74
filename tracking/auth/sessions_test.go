package auth_test

import (
	"testing"
	"time"

	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/store/storetest"
)

// TestSessions: a refresh token rotates once; the same token sent again
// within the grace gets the same successor (two tabs refreshing at once),
// after it ends the whole session (a stolen token was replayed); logging
// out ends the session and nothing else.
func TestSessions(t *testing.T) {
	each(t, func(t *testing.T, s *fixture) {
		ana := s.user("ana", "")
		first, err := s.StartSession(s.ctx, ana)
		if err != nil {
			t.Fatal(err)
		}
		next, err := s.Rotate(s.ctx, first.Refresh)
		if err != nil || next.ID != first.ID || next.Refresh == first.Refresh || next.User.ID != ana.ID {
			t.Fatalf("rotate = %+v, %v; want a new token of the same session", next, err)
		}
		again, err := s.Rotate(s.ctx, first.Refresh)
		if err != nil || again.Refresh != next.Refresh {
			t.Fatalf("the same token within the grace = %+v, %v; want the successor %q", again, err, next.Refresh)
		}
		s.clock.Advance(auth.RefreshGrace + time.Second)
		if _, err := s.Rotate(s.ctx, first.Refresh); storetest.Outcome(err) != "unauthorized" {
			t.Fatalf("a used token after the grace: %s, want unauthorized", storetest.Outcome(err))
		}
		if _, err := s.Rotate(s.ctx, next.Refresh); storetest.Outcome(err) != "unauthorized" {
			t.Errorf("the session lives on after a replay: %s", storetest.Outcome(err))
		}

		other, err := s.StartSession(s.ctx, ana)
		if err != nil {
			t.Fatal(err)
		}
		kept, err := s.StartSession(s.ctx, ana)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Logout(s.ctx, ana.ID, other.ID, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Rotate(s.ctx, other.Refresh); storetest.Outcome(err) != "unauthorized" {
			t.Errorf("a logged-out session rotates: %s", storetest.Outcome(err))
		}
		if _, err := s.Rotate(s.ctx, kept.Refresh); err != nil {
			t.Errorf("logging out one session ended another: %v", err)
		}
		s.clock.Advance(auth.RefreshTTL)
		if _, err := s.Rotate(s.ctx, kept.Refresh); storetest.Outcome(err) != "unauthorized" {
			t.Errorf("an expired session rotates: %s", storetest.Outcome(err))
		}
	})
}

// TestPasswordReset: a reset link works once, only the newest one works,
// and using it sets the password and ends the person's sessions and
// tokens; a deactivated person gets no link.
func TestPasswordReset(t *testing.T) {
	each(t, func(t *testing.T, s *fixture) {
		admin, bo := s.user("admin", auth.RoleAdmin), s.user("bo", "")
		session, err := s.StartSession(s.ctx, bo)
		if err != nil {
			t.Fatal(err)
		}
		_, token, err := s.CreateAPIToken(s.ctx, bo, auth.NewAPIToken{Name: "script"})
		if err != nil {
			t.Fatal(err)
		}
		old, _, err := s.CreatePasswordReset(s.ctx, admin.ID, bo.ID)
		if err != nil {
			t.Fatal(err)
		}
		code, _, err := s.CreatePasswordReset(s.ctx, admin.ID, bo.ID)
		if err != nil {
			t.Fatal(err)
		}
		const pw = "a brand new password"
		steps := []struct {
			name, code, pw, want string
		}{
			{"a short password", code, "short", "invalid"},
			{"the older link", old, pw, "forbidden"},
			{"an unknown code", "pwr_nothing", pw, "forbidden"},
			{"the newest link", code, pw, "ok"},
			{"the same link again", code, pw, "forbidden"},
		}
		for _, st := range steps {
			if _, err := s.ResetPassword(s.ctx, st.code, st.pw); storetest.Outcome(err) != st.want {
				t.Fatalf("%s: %s, want %s", st.name, storetest.Outcome(err), st.want)
			}
		}
		if _, err := s.Login(s.ctx, bo.Email, pw, "192.0.2.1"); err != nil {
			t.Errorf("sign in with the new password: %v", err)
		}
		if _, err := s.Rotate(s.ctx, session.Refresh); storetest.Outcome(err) != "unauthorized" {
			t.Errorf("a session from before the reset rotates: %s", storetest.Outcome(err))
		}
		if _, _, err := s.UserByAPIToken(s.ctx, token); storetest.Outcome(err) != "unauthorized" {
			t.Errorf("a token from before the reset works: %s", storetest.Outcome(err))
		}
		if _, err := s.UpdateUser(s.ctx, bo.ID, auth.UserChange{Active: ptr(false)}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.CreatePasswordReset(s.ctx, admin.ID, bo.ID); storetest.Outcome(err) != "conflict" {
			t.Errorf("a link for a deactivated person: %s, want conflict", storetest.Outcome(err))
		}
	})
}

// TestSignInFlows: a flow started with the identity provider is taken
// once, and not after SignInFlowTTL.
func TestSignInFlows(t *testing.T) {
	each(t, func(t *testing.T, s *fixture) {
		for _, state := range []string{"st-used", "st-late"} {
			in := auth.NewSignInFlow{State: state, Verifier: "v", Nonce: "n", RedirectURL: "https://time.example.com/signin/oidc", InviteCode: "inv_x", Timezone: "Asia/Tokyo"}
			if err := s.SaveSignInFlow(s.ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		f, err := s.TakeSignInFlow(s.ctx, "st-used")
		if err != nil || f.Verifier != "v" || f.Nonce != "n" || f.Timezone != "Asia/Tokyo" || f.InviteHash == "" || f.InviteHash == "inv_x" {
			t.Fatalf("take = %+v, %v", f, err)
		}
		if _, err := s.TakeSignInFlow(s.ctx, "st-used"); storetest.Outcome(err) != "forbidden" {
			t.Errorf("a flow taken twice: %s", storetest.Outcome(err))
		}
		s.clock.Advance(auth.SignInFlowTTL)
		if _, err := s.TakeSignInFlow(s.ctx, "st-late"); storetest.Outcome(err) != "forbidden" {
			t.Errorf("an expired flow: %s", storetest.Outcome(err))
		}
		if _, err := s.TakeSignInFlow(s.ctx, "st-unknown"); storetest.Outcome(err) != "forbidden" {
			t.Errorf("an unknown state: %s", storetest.Outcome(err))
		}
	})
}
