package auth_test

import (
	"strings"
	"testing"

	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/store/storetest"
)

// TestCreateUser: a user's email, password, name, role and time zone are
// checked, an email is unique in any case, and the defaults are filled in.
func TestCreateUser(t *testing.T) {
	each(t, func(t *testing.T, s *fixture) {
		first, err := s.CreateUser(s.ctx, auth.NewUser{Email: "  Ana@Example.com ", Password: "correct horse battery", Name: " Ana "})
		if err != nil {
			t.Fatal(err)
		}
		if first.Email != "ana@example.com" || first.Name != "Ana" || first.Role != auth.RoleMember ||
			first.Timezone != "UTC" || first.Workdays != auth.DefaultWorkdays || !first.Active || !first.EmailVerified ||
			first.StartDate != "2026-03-02" {
			t.Errorf("created %+v", first)
		}
		for _, c := range []struct {
			name string
			in   auth.NewUser
			want string
		}{
			{"a fresh user", auth.NewUser{Email: "bo@example.com", Name: "Bo"}, "ok"},
			{"an admin in Lisbon", auth.NewUser{Email: "cy@example.com", Name: "Cy", Role: auth.RoleAdmin, Timezone: "Europe/Lisbon"}, "ok"},
			{"the same email in another case", auth.NewUser{Email: "ANA@example.com", Name: "Ana 2"}, "conflict"},
			{"not an email", auth.NewUser{Email: "ana.example.com", Name: "Dee"}, "invalid"},
			{"no name", auth.NewUser{Email: "dee@example.com", Name: "   "}, "invalid"},
			{"a name of 201 characters", auth.NewUser{Email: "dee@example.com", Name: strings.Repeat("é", 201)}, "invalid"},
			{"a name of 200 characters", auth.NewUser{Email: "dee@example.com", Name: strings.Repeat("é", 200)}, "ok"},
			{"a short password", auth.NewUser{Email: "eve@example.com", Name: "Eve", Password: "short"}, "invalid"},
			{"a lead is a team role", auth.NewUser{Email: "eve@example.com", Name: "Eve", Role: auth.RoleLead}, "invalid"},
			{"an unknown zone", auth.NewUser{Email: "eve@example.com", Name: "Eve", Timezone: "Mars/Olympus"}, "invalid"},
		} {
			if c.in.Password == "" {
				c.in.Password = "correct horse battery"
			}
			if _, err := s.CreateUser(s.ctx, c.in); storetest.Outcome(err) != c.want {
				t.Errorf("%s: %s, want %s", c.name, storetest.Outcome(err), c.want)
			}
		}
		if n := s.count("users"); n != 4 {
			t.Errorf("%d users, want 4", n)
		}
		if u, err := s.UserByEmail(s.ctx, "ANA@EXAMPLE.COM"); err != nil || u.ID != first.ID {
			t.Errorf("by email in another case: %v, %v", u, err)
		}
	})
}

// TestUpdateUser: an admin's change of role or active flag; the last
// active admin is never demoted or deactivated, and a deactivated user
// cannot sign in.
func TestUpdateUser(t *testing.T) {
	each(t, func(t *testing.T, s *fixture) {
		admin := s.user("ada", auth.RoleAdmin)
		member := s.user("bo", "")
		steps := []struct {
			name string
			id   string
			ch   auth.UserChange
			want string
		}{
			{"the last admin is not deactivated", admin.ID, auth.UserChange{Active: ptr(false)}, "conflict"},
			{"the last admin is not demoted", admin.ID, auth.UserChange{Role: ptr(auth.RoleMember)}, "conflict"},
			{"no such role", member.ID, auth.UserChange{Role: ptr("owner")}, "invalid"},
			{"no such user", "missing", auth.UserChange{Active: ptr(false)}, "not found"},
			{"a member is promoted", member.ID, auth.UserChange{Role: ptr(auth.RoleAdmin)}, "ok"},
			{"with two admins, one may go", admin.ID, auth.UserChange{Active: ptr(false)}, "ok"},
			{"now bo is the last active admin", member.ID, auth.UserChange{Role: ptr(auth.RoleMember)}, "conflict"},
		}
		for _, st := range steps {
			if _, err := s.UpdateUser(s.ctx, st.id, st.ch); storetest.Outcome(err) != st.want {
				t.Errorf("%s: %s, want %s", st.name, storetest.Outcome(err), st.want)
			}
		}
		if _, err := s.Login(s.ctx, admin.Email, "correct horse battery", "192.0.2.1"); storetest.Outcome(err) != "unauthorized" {
			t.Errorf("a deactivated user signed in: %s", storetest.Outcome(err))
		}
		active, err := s.ActiveUserIDs(s.ctx)
		if err != nil || len(active) != 1 || active[0] != member.ID {
			t.Errorf("active users %v, %v", active, err)
		}
	})
}

// TestProfile: a person's own settings — workdays, reminder time, daily
// target, zone — are checked before anything is saved, and workdays are
// stored in week order.
func TestProfile(t *testing.T) {
	each(t, func(t *testing.T, s *fixture) {
		ana := s.user("ana", "")
		for _, c := range []struct {
			name string
			ch   auth.ProfileChange
			want string
		}{
			{"workdays out of order", auth.ProfileChange{Workdays: &[]string{"sun", "mon", "wed"}}, "ok"},
			{"a repeated day", auth.ProfileChange{Workdays: &[]string{"mon", "mon"}}, "invalid"},
			{"not a day", auth.ProfileChange{Workdays: &[]string{"Monday"}}, "invalid"},
			{"a reminder", auth.ProfileChange{ReminderTime: ptr(ptr("17:30"))}, "ok"},
			{"no reminder", auth.ProfileChange{ReminderTime: ptr[*string](nil)}, "ok"},
			{"a reminder at 24:00", auth.ProfileChange{ReminderTime: ptr(ptr("24:00"))}, "invalid"},
			{"a reminder without its zero", auth.ProfileChange{ReminderTime: ptr(ptr("9:30"))}, "invalid"},
			{"a target of a whole day", auth.ProfileChange{DailyTargetMinutes: ptr(1440)}, "ok"},
			{"a target past a day", auth.ProfileChange{DailyTargetMinutes: ptr(1441)}, "invalid"},
			{"an unknown zone", auth.ProfileChange{Timezone: ptr("Mars/Olympus")}, "invalid"},
		} {
			p, err := s.PrepareProfile(s.ctx, ana, c.ch)
			if err == nil {
				_, err = s.SaveProfile(s.ctx, p)
			}
			if storetest.Outcome(err) != c.want {
				t.Errorf("%s: %s, want %s", c.name, storetest.Outcome(err), c.want)
			}
		}
		u, err := s.User(s.ctx, ana.ID)
		if err != nil {
			t.Fatal(err)
		}
		if u.Workdays != "mon,wed,sun" || u.ReminderTime != nil || u.DailyTargetMinutes != 1440 || u.Timezone != "UTC" {
			t.Errorf("saved %q, %v, %d, %q", u.Workdays, u.ReminderTime, u.DailyTargetMinutes, u.Timezone)
		}
		if !u.IsWorkday("2026-03-08") || u.IsWorkday("2026-03-03") || u.IsWorkday("2026-02-30") {
			t.Errorf("Sunday 8 March a workday %v, Tuesday 3 March %v, 30 February %v",
				u.IsWorkday("2026-03-08"), u.IsWorkday("2026-03-03"), u.IsWorkday("2026-02-30"))
		}
	})
}
