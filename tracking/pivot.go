package tracking

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
)

// PivotQuery is what the reports screen asks for: a date range, filters,
// and one or two groupings.
type PivotQuery struct {
	From, To   string   // inclusive dates
	TeamID     string   // a team's members, on the dates they were in it
	UserIDs    []string // any of these people
	ProjectIDs []string
	TaskIDs    []string
	Billable   *bool
	Kinds      []string // any of on_time, late, imported; none is all
	GroupBy    []string // one or two of PivotGroupings
}

// PivotGroupings are the ways a report groups time.
var PivotGroupings = []string{"project", "task", "user", "day", "week", "month"}

// Report kinds of entries: imported ones (never on time), and the others
// by their on_time flag.
var pivotKinds = map[string]struct {
	sql    string
	onTime any // the flag's value, or nil when the kind ignores it
}{
	"on_time":  {"(entries.source <> 'import' AND entries.on_time = ?)", true},
	"late":     {"(entries.source <> 'import' AND entries.on_time = ?)", false},
	"imported": {"entries.source = 'import'", nil},
}

// MaxReportDays bounds a report's range: a bit over a year.
const MaxReportDays = 400

// PivotRow is a group of the first grouping, with its subgroups by the
// second grouping (none without one).
type PivotRow struct {
	Key     string     `json:"key"`
	Label   string     `json:"label"`
	Color   string     `json:"color,omitempty"`
	Minutes int        `json:"minutes"`
	Groups  []PivotRow `json:"groups,omitempty"`
}

// Pivot is a report: its rows and their total, to the minute.
type Pivot struct {
	From         string     `json:"from"`
	To           string     `json:"to"`
	GroupBy      []string   `json:"group_by"`
	TotalMinutes int        `json:"total_minutes"`
	Rows         []PivotRow `json:"rows"`
}

// Report totals the entries viewer may read (PRODUCT.md §7: admins all,
// leads their teams' members on the dates they were in them, everyone
// themselves) that match q, grouped, summed by the database from the
// rollups where they hold exactly that (pivot_rollup.go), else from the
// entries.
func (s *Service) Report(ctx context.Context, viewer *auth.User, q PivotQuery) (*Pivot, error) {
	if err := q.validate(s, viewer); err != nil {
		return nil, err
	}
	sums, err := s.pivotSums(ctx, viewer, q)
	if err != nil {
		return nil, err
	}
	names, err := s.pivotNames(ctx, q.GroupBy, sums)
	if err != nil {
		return nil, err
	}
	out := &Pivot{From: q.From, To: q.To, GroupBy: q.GroupBy, Rows: []PivotRow{}}
	byKey := map[string]*PivotRow{}
	for c, m := range sums {
		r := byKey[c.k1]
		if r == nil {
			r = &PivotRow{Key: c.k1}
			names.label(q.GroupBy[0], r)
			byKey[c.k1] = r
		}
		r.Minutes += m
		out.TotalMinutes += m
		if len(q.GroupBy) == 2 {
			sub := PivotRow{Key: c.k2, Minutes: m}
			names.label(q.GroupBy[1], &sub)
			r.Groups = append(r.Groups, sub)
		}
	}
	for _, r := range byKey {
		sortPivot(q.GroupBy[len(q.GroupBy)-1], r.Groups)
		out.Rows = append(out.Rows, *r)
	}
	sortPivot(q.GroupBy[0], out.Rows)
	return out, nil
}

func (q *PivotQuery) validate(s *Service, viewer *auth.User) error {
	var errs valid.Fields
	s.dateRange(viewer, &q.From, &q.To, MaxReportDays, &errs)
	if len(q.GroupBy) == 0 {
		q.GroupBy = []string{"project"}
	}
	if len(q.GroupBy) > 2 || (len(q.GroupBy) == 2 && q.GroupBy[0] == q.GroupBy[1]) {
		errs.Add("group_by", "must be one or two different groupings")
	}
	for _, g := range q.GroupBy {
		if !slices.Contains(PivotGroupings, g) {
			errs.Add("group_by", "must be one or two of %s", strings.Join(PivotGroupings, ", "))
			break
		}
	}
	// A kind named twice is still one kind: counting names would take
	// late,late,late for all three and drop the filter.
	q.Kinds = slices.Compact(slices.Sorted(slices.Values(q.Kinds)))
	for _, k := range q.Kinds {
		if _, ok := pivotKinds[k]; !ok {
			errs.Add("kind", "must be on_time, late or imported")
			break
		}
	}
	for field, ids := range map[string][]string{"user_id": q.UserIDs, "project_id": q.ProjectIDs, "task_id": q.TaskIDs} {
		if len(ids) > 100 {
			errs.Add(field, "may name at most 100")
		}
	}
	return errs.Err()
}

// reportScope checks that viewer may read what q names and returns, for a
// part of q's range, the entries of it that viewer may read and that match
// the filters.
func (s *Service) reportScope(ctx context.Context, viewer *auth.User, q PivotQuery) (func(from, to string) *gorm.DB, error) {
	db := s.db.R.WithContext(ctx).Model(&Entry{})
	if q.TeamID != "" {
		if err := s.canReadTeam(ctx, viewer, q.TeamID); err != nil {
			return nil, err
		}
		db = db.Where("entries.user_id IN (?)", s.db.R.Model(&org.TeamMembership{}).Select("user_id").Where("team_id = ?", q.TeamID)).
			Where(memberDated, q.TeamID)
	}
	for _, id := range q.UserIDs {
		if err := s.canRead(ctx, viewer, id, ""); err != nil {
			return nil, err // someone the viewer may not read is, to them, nobody: 404
		}
	}
	switch {
	case viewer.IsAdmin() || q.TeamID != "":
	case len(q.UserIDs) == 1 && q.UserIDs[0] == viewer.ID:
		db = db.Where("entries.user_id = ?", viewer.ID)
	default:
		// A lead sees the members of the teams they lead, on the dates they
		// were in them, and themselves; anyone else only themselves.
		db = db.Where("(entries.user_id = ? OR "+ledMemberDated+")", viewer.ID, viewer.ID, auth.RoleLead)
	}
	if len(q.UserIDs) > 0 {
		db = db.Where("entries.user_id IN ?", q.UserIDs)
	}
	if len(q.ProjectIDs) > 0 {
		db = db.Where("entries.project_id IN ?", q.ProjectIDs)
	}
	if len(q.TaskIDs) > 0 {
		db = db.Where("entries.task_id IN ?", q.TaskIDs)
	}
	if q.Billable != nil {
		db = db.Where("entries.billable = ?", *q.Billable)
	}
	if len(q.Kinds) > 0 && len(q.Kinds) < len(pivotKinds) {
		conds, args := []string{}, []any{}
		for _, k := range q.Kinds {
			conds = append(conds, pivotKinds[k].sql)
			if v := pivotKinds[k].onTime; v != nil {
				args = append(args, v)
			}
		}
		db = db.Where("("+strings.Join(conds, " OR ")+")", args...)
	}
	return func(from, to string) *gorm.DB {
		return db.Session(&gorm.Session{}).Where("entries.date BETWEEN ? AND ?", from, to)
	}, nil
}

// weekOf is the Monday of date's ISO week.
func weekOf(date string) string {
	if monday := civil.WeekStart(date); monday != "" {
		return monday
	}
	return date
}

// pivotLabels names the keys a report shows.
type pivotLabels struct {
	projects map[string]org.Project
	tasks    map[string]org.Task
	users    map[string]string
}

// pivotCell is a group and subgroup key.
type pivotCell struct{ k1, k2 string }

func (s *Service) pivotNames(ctx context.Context, groupBy []string, sums map[pivotCell]int) (*pivotLabels, error) {
	ids := map[string]map[string]bool{}
	for c := range sums {
		for i, k := range []string{c.k1, c.k2}[:len(groupBy)] {
			if ids[groupBy[i]] == nil {
				ids[groupBy[i]] = map[string]bool{}
			}
			ids[groupBy[i]][k] = true
		}
	}
	keys := func(g string) []string {
		out := make([]string, 0, len(ids[g]))
		for k := range ids[g] {
			out = append(out, k)
		}
		return out
	}
	db := s.db.R.WithContext(ctx)
	out := &pivotLabels{projects: map[string]org.Project{}, tasks: map[string]org.Task{}, users: map[string]string{}}
	if ks := keys("project"); len(ks) > 0 {
		var ps []org.Project
		if err := db.Where("id IN ?", ks).Find(&ps).Error; err != nil {
			return nil, err
		}
		for _, p := range ps {
			out.projects[p.ID] = p
		}
	}
	if ks := keys("task"); len(ks) > 0 {
		ts, err := s.TasksByID(ctx, ks)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			out.tasks[t.ID] = t
		}
	}
	if ks := keys("user"); len(ks) > 0 {
		var us []auth.User
		if err := db.Select("id", "name").Where("id IN ?", ks).Find(&us).Error; err != nil {
			return nil, err
		}
		for _, u := range us {
			out.users[u.ID] = u.Name
		}
	}
	return out, nil
}

func (l *pivotLabels) label(g string, r *PivotRow) {
	switch g {
	case "project":
		p := l.projects[r.Key]
		r.Label, r.Color = p.Name, p.Color
	case "task":
		t := l.tasks[r.Key]
		r.Label, r.Color = fmt.Sprintf("%s / %s", t.ProjectName, t.Name), t.ProjectColor
	case "user":
		r.Label = l.users[r.Key]
	default:
		r.Label = r.Key
	}
}

// sortPivot orders time groupings by time and the others by the most
// minutes first (then by label, for a stable table).
func sortPivot(g string, rows []PivotRow) {
	switch g {
	case "day", "week", "month":
		slices.SortFunc(rows, func(a, b PivotRow) int { return cmp.Compare(a.Key, b.Key) })
	default:
		slices.SortFunc(rows, func(a, b PivotRow) int {
			return cmp.Or(cmp.Compare(b.Minutes, a.Minutes), cmp.Compare(a.Label, b.Label), cmp.Compare(a.Key, b.Key))
		})
	}
}
