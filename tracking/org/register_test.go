package org_test

import (
	"testing"

	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
	"github.com/timestreak/timestreak/tracking/store/storetest"
)

func registration(name, code string) org.Registration {
	return org.Registration{NewUser: auth.NewUser{Email: name + "@example.com", Password: "correct horse battery", Name: name}, InviteCode: code}
}

// TestRegister: the first person becomes the admin; after that an invite
// is needed (unless signup is open), works once, for its email only, and
// puts the person into its team; a revoked invite works no more.
func TestRegister(t *testing.T) {
	each(t, org.Config{}, func(t *testing.T, s *fixture) {
		ada, err := s.Register(s.ctx, registration("ada", ""))
		if err != nil || ada.Role != auth.RoleAdmin || !ada.EmailVerified {
			t.Fatalf("the first person = %+v, %v; want a verified admin", ada, err)
		}
		team, err := s.CreateTeam(s.ctx, "Crew", "UTC")
		if err != nil {
			t.Fatal(err)
		}
		forBo, _, err := s.CreateInvite(s.ctx, ada.ID, org.NewInvite{Email: "bo@example.com", TeamID: team.ID})
		if err != nil {
			t.Fatal(err)
		}
		revoked, _, err := s.CreateInvite(s.ctx, ada.ID, org.NewInvite{})
		if err != nil {
			t.Fatal(err)
		}
		if open, err := s.OpenInvites(s.ctx); err != nil || len(open) != 2 || open[0].Email != "bo@example.com" || open[0].TeamName == nil || *open[0].TeamName != "Crew" {
			t.Fatalf("open invites = %+v, %v", open, err)
		}
		if err := s.RevokeInvite(s.ctx, revoked); err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			name string
			in   org.Registration
			want string
		}{
			{"no invite", registration("cy", ""), "forbidden"},
			{"another's invite", registration("cy", forBo), "forbidden"},
			{"a revoked invite", registration("cy", revoked), "forbidden"},
			{"an unknown code", registration("cy", "inv_nothing"), "forbidden"},
			{"a short password", org.Registration{NewUser: auth.NewUser{Email: "bo@example.com", Password: "short", Name: "Bo"}, InviteCode: forBo}, "invalid"},
			{"the invite's person", registration("bo", forBo), "ok"},
			{"the invite again", registration("bo", forBo), "forbidden"},
		}
		for _, st := range steps {
			if _, err := s.Register(s.ctx, st.in); storetest.Outcome(err) != st.want {
				t.Fatalf("%s: %s, want %s", st.name, storetest.Outcome(err), st.want)
			}
		}
		bo, err := s.accounts.UserByEmail(s.ctx, "bo@example.com")
		if err != nil || bo.Role != auth.RoleMember || !bo.EmailVerified {
			t.Fatalf("bo = %+v, %v; want a verified member", bo, err)
		}
		if ids, _ := s.MemberIDs(s.ctx, team.ID); len(ids) != 1 || ids[0] != bo.ID {
			t.Errorf("the team's members = %v, want bo", ids)
		}
		if ms, _ := s.Memberships(s.ctx, team.ID, bo.ID); len(ms) != 1 || ms[0].JoinedOn != "2026-03-02" {
			t.Errorf("bo's periods = %+v, want one from 2026-03-02", ms)
		}
		if open, _ := s.OpenInvites(s.ctx); len(open) != 0 {
			t.Errorf("open invites after use and revoke = %+v", open)
		}
		if err := s.RevokeInvite(s.ctx, forBo); storetest.Outcome(err) != "not found" {
			t.Errorf("revoke a used invite: %s, want not found", storetest.Outcome(err))
		}
	})
}

// TestRegisterOpen: with signup open anyone registers, once per email.
func TestRegisterOpen(t *testing.T) {
	each(t, org.Config{SignupOpen: true}, func(t *testing.T, s *fixture) {
		steps := []struct {
			name string
			in   org.Registration
			want string
		}{
			{"the first", registration("ada", ""), "ok"},
			{"anyone, when signup is open", registration("bo", ""), "ok"},
			{"an email taken", registration("bo", ""), "conflict"},
		}
		for _, st := range steps {
			if _, err := s.Register(s.ctx, st.in); storetest.Outcome(err) != st.want {
				t.Fatalf("%s: %s, want %s", st.name, storetest.Outcome(err), st.want)
			}
		}
	})
}

// TestSignInExternal: the identity provider's person is found by email, or
// gets an account under the signup rules; an unverified or deactivated
// account is not handed over.
func TestSignInExternal(t *testing.T) {
	each(t, org.Config{}, func(t *testing.T, s *fixture) {
		ada, created, err := s.SignInExternal(s.ctx, org.ExternalSignIn{Email: "Ada@Example.com", Name: "Ada", Timezone: "Asia/Tokyo"})
		if err != nil || !created || ada.Role != auth.RoleAdmin || ada.Email != "ada@example.com" || ada.Timezone != "Asia/Tokyo" || ada.PasswordHash != "" {
			t.Fatalf("the first person = %+v, %v, %v", ada, created, err)
		}
		if _, err := s.Register(s.ctx, org.Registration{NewUser: auth.NewUser{Email: "cy@example.com", Password: "correct horse battery", Name: "Cy"}}); storetest.Outcome(err) != "forbidden" {
			t.Fatalf("registration after an external first person: %s", storetest.Outcome(err))
		}
		self := s.user("dee", "")
		if _, err := s.accounts.UpdateUser(s.ctx, s.user("eve", "").ID, auth.UserChange{Active: ptr(false)}); err != nil {
			t.Fatal(err)
		}
		if err := s.db.W.Model(&auth.User{}).Where("id = ?", self.ID).Update("email_verified", false).Error; err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			name    string
			in      org.ExternalSignIn
			want    string
			created bool
		}{
			{"the admin again", org.ExternalSignIn{Email: "ada@example.com"}, "ok", false},
			{"a stranger", org.ExternalSignIn{Email: "bo@example.com"}, "forbidden", false},
			{"a stranger, auto-created", org.ExternalSignIn{Email: "bo@example.com", Name: "\u202e", AutoCreate: true}, "ok", true},
			{"an unverified account", org.ExternalSignIn{Email: "dee@example.com"}, "forbidden", false},
			{"a deactivated account", org.ExternalSignIn{Email: "eve@example.com"}, "forbidden", false},
			{"not an address", org.ExternalSignIn{Email: "Bo <bo@example.com>"}, "forbidden", false},
		}
		for _, st := range steps {
			u, created, err := s.SignInExternal(s.ctx, st.in)
			if storetest.Outcome(err) != st.want || created != st.created {
				t.Fatalf("%s: %s, created %v; want %s, %v", st.name, storetest.Outcome(err), created, st.want, st.created)
			}
			if st.created && (u.Name != "bo" || u.Role != auth.RoleMember || !u.EmailVerified) {
				t.Errorf("%s: made %+v", st.name, u)
			}
		}
	})
}
