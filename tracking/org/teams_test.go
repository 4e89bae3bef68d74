package org_test

import (
	"strings"
	"testing"
	"time"

	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
	"github.com/timestreak/timestreak/tracking/store/storetest"
)

// TestCreateTeam: a team's name and time zone are checked; UTC is the
// default.
func TestCreateTeam(t *testing.T) {
	each(t, org.Config{}, func(t *testing.T, s *fixture) {
		for _, c := range []struct {
			name, team, zone string
			want             string
		}{
			{"the default zone", "Core", "", "ok"},
			{"a zone", "Lisbon", "Europe/Lisbon", "ok"},
			{"no name", "  ", "", "invalid"},
			{"too long a name", strings.Repeat("x", 201), "", "invalid"},
			{"an unknown zone", "Mars", "Mars/Olympus", "invalid"},
		} {
			team, err := s.CreateTeam(s.ctx, c.team, c.zone)
			if storetest.Outcome(err) != c.want {
				t.Errorf("%s: %s, want %s", c.name, storetest.Outcome(err), c.want)
			}
			if err == nil && c.zone == "" && team.Timezone != "UTC" {
				t.Errorf("%s: zone %q", c.name, team.Timezone)
			}
		}
		if n := s.count("teams"); n != 2 {
			t.Errorf("%d teams, want 2", n)
		}
	})
}

// TestMemberships: only an admin changes a team's members; leaving closes
// the membership period and keeps it, re-joining opens a new one, and a
// member sees only their own teams.
func TestMemberships(t *testing.T) {
	each(t, org.Config{}, func(t *testing.T, s *fixture) {
		admin := s.user("ada", auth.RoleAdmin)
		bo := s.user("bo", "")
		cy := s.user("cy", "")
		team, err := s.CreateTeam(s.ctx, "Core", "")
		if err != nil {
			t.Fatal(err)
		}
		other, _ := s.CreateTeam(s.ctx, "Other", "")
		steps := []struct {
			name       string
			by         *auth.User
			op         string // set or remove
			team, user string
			role       string
			want       string
			created    bool
			advance    time.Duration
		}{
			{"a member adds no one", bo, "set", team.ID, cy.ID, "", "forbidden", false, 0},
			{"no such role", admin, "set", team.ID, bo.ID, "owner", "invalid", false, 0},
			{"no such team", admin, "set", "missing", bo.ID, "", "not found", false, 0},
			{"no such user", admin, "set", team.ID, "missing", "", "not found", false, 0},
			{"bo joins", admin, "set", team.ID, bo.ID, "", "ok", true, 0},
			{"bo becomes lead", admin, "set", team.ID, bo.ID, auth.RoleLead, "ok", false, 0},
			{"cy joins", admin, "set", team.ID, cy.ID, "", "ok", true, 0},
			{"a lead removes no one", bo, "remove", team.ID, cy.ID, "", "forbidden", false, 0},
			{"bo leaves two days later", admin, "remove", team.ID, bo.ID, "", "ok", false, 48 * time.Hour},
			{"bo cannot leave twice", admin, "remove", team.ID, bo.ID, "", "not found", false, 0},
			{"bo comes back a day later", admin, "set", team.ID, bo.ID, "", "ok", true, 24 * time.Hour},
		}
		for _, st := range steps {
			s.clock.Advance(st.advance)
			var err error
			created := false
			if st.op == "set" {
				created, err = s.SetMember(s.ctx, st.by, st.team, st.user, st.role)
			} else {
				err = s.RemoveMember(s.ctx, st.by, st.team, st.user)
			}
			if storetest.Outcome(err) != st.want || created != st.created {
				t.Errorf("%s: %s (created %v), want %s (%v)", st.name, storetest.Outcome(err), created, st.want, st.created)
			}
		}
		periods, err := s.Memberships(s.ctx, team.ID, bo.ID)
		if err != nil || len(periods) != 2 {
			t.Fatalf("bo's periods: %v, %v", periods, err)
		}
		if p := periods[0]; p.JoinedOn != "2026-03-02" || p.LeftOn == nil || *p.LeftOn != "2026-03-04" {
			t.Errorf("first period %+v", p)
		}
		if p := periods[1]; p.JoinedOn != "2026-03-05" || p.LeftOn != nil {
			t.Errorf("second period %+v", p)
		}
		if all, _ := s.MembershipHistory(s.ctx, team.ID); len(all) != 3 {
			t.Errorf("%d periods in the team's history, want 3", len(all))
		}
		if lead, _ := s.LeadsTeam(s.ctx, bo, team.ID); lead {
			t.Errorf("bo came back as a lead")
		}
		ids, _ := s.MemberIDs(s.ctx, team.ID)
		if len(ids) != 2 {
			t.Errorf("members %v", ids)
		}
		if ts, _ := s.Teams(s.ctx, cy); len(ts) != 1 || ts[0].ID != team.ID {
			t.Errorf("cy sees %v", ts)
		}
		if ts, _ := s.Teams(s.ctx, admin); len(ts) != 2 {
			t.Errorf("the admin sees %d teams", len(ts))
		}
		if _, err := s.Team(s.ctx, cy, other.ID); storetest.Outcome(err) != "not found" {
			t.Errorf("cy sees another team: %s", storetest.Outcome(err))
		}
	})
}
