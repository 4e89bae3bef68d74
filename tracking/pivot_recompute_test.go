package tracking_test

import (
	"errors"
	"slices"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/store"
)

// checkReport asks one random report and compares it with the report
// worked out from the live entries, the team periods and the leads alone,
// by PRODUCT.md §7's rules; routes counts the tables that answered.
func (h *reportHistory) checkReport(routes map[string]int) {
	h.t.Helper()
	viewer, q := h.query()
	asked := q
	got, err := h.s.Report(h.s.ctx, viewer, q)
	if errors.Is(err, store.ErrNotFound) && viewer == h.lead && len(q.UserIDs) == 1 && q.UserIDs[0] != viewer.ID &&
		!h.periods().ever(h.teams[0], q.UserIDs[0]) {
		return // the periods that made them the lead's are gone
	}
	if err != nil {
		h.t.Fatalf("%s asks %+v: %v", viewer.Name, asked, err)
	}
	q.GroupBy = got.GroupBy
	q.Kinds = slices.Compact(slices.Sorted(slices.Values(q.Kinds)))
	routes[h.s.PivotRoute(h.s.ctx, viewer, q)]++
	want := h.recompute(viewer, q)
	if diff := cmp.Diff(want, flatten(got)); diff != "" {
		h.t.Fatalf("%s asks %+v, read from %s (-recomputed +reported):\n%s", viewer.Name, asked,
			h.s.PivotRoute(h.s.ctx, viewer, q), diff)
	}
}

// query is a random viewer and what they may ask: the admin anything, the
// lead their team or anyone in it, a member themselves.
func (h *reportHistory) query() (*auth.User, tracking.PivotQuery) {
	r := h.rng
	var q tracking.PivotQuery
	switch r.Intn(4) {
	case 0: // whole months
		q.From = civil.AddDays("2026-01-01", 31*r.Intn(4))[:8] + "01"
		q.To = civil.AddDays(civil.AddDays(q.From, 31*(1+r.Intn(3)))[:8]+"01", -1)
	case 1: // a month's first day to a random one
		q.From = h.date()[:8] + "01"
		q.To = civil.AddDays(q.From, r.Intn(120))
	default:
		q.From = civil.AddDays(h.date(), -5)
		q.To = civil.AddDays(q.From, r.Intn(130))
	}
	// A quarter of the reports only by person and month, as the months'
	// rollup answers them.
	groupings := tracking.PivotGroupings
	byPersonMonth := r.Intn(4) == 0
	if byPersonMonth {
		groupings = []string{"user", "month"}
	}
	q.GroupBy = []string{groupings[r.Intn(len(groupings))]}
	if r.Intn(2) == 0 {
		if second := groupings[r.Intn(len(groupings))]; second != q.GroupBy[0] {
			q.GroupBy = append(q.GroupBy, second)
		}
	}
	ids := func(all []string) []string {
		var out []string
		for _, id := range all {
			if r.Intn(2) == 0 {
				out = append(out, id)
			}
		}
		if len(out) == 0 {
			out = all[:1]
		}
		return out
	}
	var taskIDs, projectIDs, people []string
	for _, t := range h.tasks {
		taskIDs = append(taskIDs, t.ID)
		if !slices.Contains(projectIDs, t.ProjectID) {
			projectIDs = append(projectIDs, t.ProjectID)
		}
	}
	for _, p := range h.people {
		people = append(people, p.ID)
	}
	if r.Intn(5) == 0 && !byPersonMonth {
		q.ProjectIDs = ids(projectIDs)
	}
	if r.Intn(5) == 0 && !byPersonMonth {
		q.TaskIDs = ids(taskIDs)
	}
	if r.Intn(4) == 0 {
		q.Billable = ptr(r.Intn(2) == 0)
	}
	if r.Intn(3) == 0 {
		for range 1 + r.Intn(3) {
			q.Kinds = append(q.Kinds, []string{"on_time", "late", "imported"}[r.Intn(3)])
		}
	}
	viewer := h.admin
	switch r.Intn(6) {
	case 0, 1: // the lead: everyone they may see, their team, or one of it
		viewer = h.lead
		switch r.Intn(3) {
		case 0:
			q.TeamID = h.teams[0]
		case 1:
			q.UserIDs = []string{h.people[r.Intn(3)+1].ID} // lea herself, mo or nia: all in Core
		}
	case 2: // a member: everything they may see is their own
		viewer = h.member
		if r.Intn(2) == 0 {
			q.UserIDs = []string{h.member.ID}
		}
	default:
		switch r.Intn(3) {
		case 0:
			q.TeamID = h.teams[r.Intn(2)]
		case 1:
			q.UserIDs = ids(people)
		}
	}
	return viewer, q
}

// recompute is q's report for viewer summed here, entry by entry.
func (h *reportHistory) recompute(viewer *auth.User, q tracking.PivotQuery) map[string]map[string]int {
	h.t.Helper()
	periods := h.periods()
	var leads []string // the teams viewer leads
	if err := h.s.db.R.Raw("SELECT team_id FROM team_members WHERE user_id = ? AND role = ?", viewer.ID, auth.RoleLead).
		Scan(&leads).Error; err != nil {
		h.t.Fatal(err)
	}
	visible := func(e entryRow) bool {
		switch {
		case q.TeamID != "":
			return periods.hold(q.TeamID, e)
		case viewer.IsAdmin():
			return true
		case e.UserID == viewer.ID:
			return true
		case len(q.UserIDs) == 1 && q.UserIDs[0] == viewer.ID:
			return false
		}
		return slices.ContainsFunc(leads, func(team string) bool { return periods.hold(team, e) })
	}
	in := func(list []string, v string) bool { return len(list) == 0 || slices.Contains(list, v) }
	out := map[string]map[string]int{}
	for _, e := range h.entries() {
		if e.Date < q.From || e.Date > q.To || !visible(e) || !in(q.UserIDs, e.UserID) || !in(q.ProjectIDs, e.ProjectID) ||
			!in(q.TaskIDs, e.TaskID) || q.Billable != nil && *q.Billable != e.Billable || !in(q.Kinds, e.kind()) {
			continue
		}
		keys := []string{"", ""}
		for i, g := range q.GroupBy {
			keys[i] = map[string]string{"project": e.ProjectID, "task": e.TaskID, "user": e.UserID, "day": e.Date,
				"week": civil.WeekStart(e.Date), "month": e.Date[:7]}[g]
		}
		if out[keys[0]] == nil {
			out[keys[0]] = map[string]int{}
		}
		out[keys[0]][keys[1]] += e.Minutes
	}
	return out
}

// flatten is a report's minutes by group and subgroup, after checking
// that each group's minutes and the total add up.
func flatten(p *tracking.Pivot) map[string]map[string]int {
	out := map[string]map[string]int{}
	total := 0
	for _, r := range p.Rows {
		out[r.Key] = map[string]int{}
		sum := 0
		for _, g := range r.Groups {
			out[r.Key][g.Key] += g.Minutes
			sum += g.Minutes
		}
		if len(r.Groups) == 0 {
			out[r.Key][""] = r.Minutes
			sum = r.Minutes
		}
		if sum != r.Minutes {
			out[r.Key]["(row total)"] = r.Minutes
		}
		total += r.Minutes
	}
	if total != p.TotalMinutes {
		out["(total)"] = map[string]int{"": p.TotalMinutes}
	}
	return out
}

// teamPeriods is every period of every team.
type teamPeriods []struct {
	TeamID, UserID, JoinedOn string
	LeftOn                   *string
}

func (h *reportHistory) periods() teamPeriods {
	h.t.Helper()
	var out teamPeriods
	if err := h.s.db.R.Raw("SELECT team_id, user_id, joined_on, left_on FROM team_memberships").Scan(&out).Error; err != nil {
		h.t.Fatal(err)
	}
	return out
}

// hold tells whether e is dated in one of its person's periods in team.
func (ps teamPeriods) hold(team string, e entryRow) bool {
	for _, p := range ps {
		if p.TeamID == team && p.UserID == e.UserID && e.Date >= p.JoinedOn && (p.LeftOn == nil || e.Date <= *p.LeftOn) {
			return true
		}
	}
	return false
}

// ever tells whether userID has had a period in team.
func (ps teamPeriods) ever(team, userID string) bool {
	for _, p := range ps {
		if p.TeamID == team && p.UserID == userID {
			return true
		}
	}
	return false
}
