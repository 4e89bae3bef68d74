package tracking

import (
	"context"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
)

// A report reads one of four tables, each summing the same live entries
// (database migration report_totals keeps the three rollups by triggers):
// the entries themselves, report_days (the organisation's minutes per
// date, project, task, billable flag and kind), team_days (the same per
// team, of the dates each member was in it) and report_months (each
// person's minutes per month, billable flag and kind). A rollup is read
// only where its rows hold exactly the report's entries; the rest of the
// range comes from the entries.

// pivotSource is a table a report sums, and its columns.
type pivotSource struct {
	table string
	date  string            // the date column; "" when the rows are months
	month string            // the month expression
	keys  map[string]string // the column of each grouping by key
}

var (
	entrySource = pivotSource{table: "entries", date: "entries.date", month: "substr(entries.date, 1, 7)",
		keys: map[string]string{"project": "entries.project_id", "task": "entries.task_id", "user": "entries.user_id"}}
	orgDaySource = pivotSource{table: "report_days", date: "report_days.date", month: "substr(report_days.date, 1, 7)",
		keys: map[string]string{"project": "report_days.project_id", "task": "report_days.task_id"}}
	teamDaySource = pivotSource{table: "team_days", date: "team_days.date", month: "substr(team_days.date, 1, 7)",
		keys: map[string]string{"project": "team_days.project_id", "task": "team_days.task_id"}}
	personMonthSource = pivotSource{table: "report_months", month: "report_months.month",
		keys: map[string]string{"user": "report_months.user_id"}}
)

// Which tables answer a report (pivotRoute).
const (
	routeDays    = "report_days"
	routeTeam    = "team_days"
	routeLead    = "team_days+own" // the led team's, and the lead's own entries outside it
	routeMonths  = "report_months" // and the entries of the months the range cuts
	routeEntries = "entries"
)

// pivotRoute picks the table that holds exactly q's entries with the
// fewest rows, and the team it reads. report_days holds everyone's and no
// one's in particular: it answers the admin's reports that neither group
// nor filter by person; team_days does the same for a team's reports
// (whoever may read them), and for what a lead of one team may see (that
// team's, and their own entries of the dates they were not in it).
// report_months answers month by month for every person (the admin's
// reports, or anyone's own): no team dating their time, no project or
// task in the filters, and neither day nor week in the groupings; it needs
// one whole month in the range.
func (s *Service) pivotRoute(ctx context.Context, viewer *auth.User, q PivotQuery) (route, team string, err error) {
	if len(q.UserIDs) == 0 && !slices.Contains(q.GroupBy, "user") {
		switch {
		case q.TeamID != "":
			return routeTeam, q.TeamID, nil
		case viewer.IsAdmin():
			return routeDays, "", nil
		}
		var led []string
		err := s.db.R.WithContext(ctx).Model(&org.TeamMember{}).Where("user_id = ? AND role = ?", viewer.ID, auth.RoleLead).
			Pluck("team_id", &led).Error
		if err != nil || len(led) != 1 {
			// Two teams may share members: their totals do not add up.
			return routeEntries, "", err
		}
		return routeLead, led[0], nil
	}
	everyone := viewer.IsAdmin() || len(q.UserIDs) == 1 && q.UserIDs[0] == viewer.ID
	if !everyone || q.TeamID != "" || len(q.ProjectIDs) > 0 || len(q.TaskIDs) > 0 {
		return routeEntries, "", nil
	}
	for _, g := range q.GroupBy {
		if g != "user" && g != "month" {
			return routeEntries, "", nil
		}
	}
	if first, last := wholeMonths(q.From, q.To); first > last {
		return routeEntries, "", nil
	}
	return routeMonths, "", nil
}

// pivotSums is the report's minutes per group and subgroup.
func (s *Service) pivotSums(ctx context.Context, viewer *auth.User, q PivotQuery) (map[pivotCell]int, error) {
	entries, err := s.reportScope(ctx, viewer, q)
	if err != nil {
		return nil, err
	}
	route, team, err := s.pivotRoute(ctx, viewer, q)
	if err != nil {
		return nil, err
	}
	sums := map[pivotCell]int{}
	switch route {
	case routeDays, routeTeam:
		return sums, foldPivot(s.dayTotals(ctx, q, team), dayTotalsSource(team), q.GroupBy, sums)
	case routeLead:
		if err := foldPivot(s.dayTotals(ctx, q, team), teamDaySource, q.GroupBy, sums); err != nil {
			return nil, err
		}
		own := q
		own.UserIDs = []string{viewer.ID}
		mine, err := s.reportScope(ctx, viewer, own)
		if err != nil {
			return nil, err
		}
		return sums, foldPivot(mine(q.From, q.To).Where("NOT "+memberDated, team), entrySource, q.GroupBy, sums)
	case routeMonths:
		first, last := wholeMonths(q.From, q.To)
		db := s.rollup(ctx, "report_months", q).Where("report_months.month BETWEEN ? AND ?", first[:7], last[:7])
		if len(q.UserIDs) > 0 {
			db = db.Where("report_months.user_id IN ?", q.UserIDs)
		}
		if err := foldPivot(db, personMonthSource, q.GroupBy, sums); err != nil {
			return nil, err
		}
		if q.From < first {
			if err := foldPivot(entries(q.From, civil.AddDays(first, -1)), entrySource, q.GroupBy, sums); err != nil {
				return nil, err
			}
		}
		if last < q.To {
			if err := foldPivot(entries(civil.AddDays(last, 1), q.To), entrySource, q.GroupBy, sums); err != nil {
				return nil, err
			}
		}
		return sums, nil
	}
	return sums, foldPivot(entries(q.From, q.To), entrySource, q.GroupBy, sums)
}

// dayTotals is report_days' totals (team's, from team_days, when team is
// not empty) of q's range and filters.
func (s *Service) dayTotals(ctx context.Context, q PivotQuery, team string) *gorm.DB {
	table := dayTotalsSource(team).table
	db := s.rollup(ctx, table, q)
	if team != "" {
		db = db.Where("team_days.team_id = ?", team)
	}
	db = db.Where(table+".date BETWEEN ? AND ?", q.From, q.To)
	if len(q.ProjectIDs) > 0 {
		db = db.Where(table+".project_id IN ?", q.ProjectIDs)
	}
	if len(q.TaskIDs) > 0 {
		db = db.Where(table+".task_id IN ?", q.TaskIDs)
	}
	return db
}

func dayTotalsSource(team string) pivotSource {
	if team != "" {
		return teamDaySource
	}
	return orgDaySource
}

// rollup is a rollup table's totals of live entries matching q's billable
// flag and kinds. A total whose entries are all gone is no group.
func (s *Service) rollup(ctx context.Context, table string, q PivotQuery) *gorm.DB {
	db := s.db.R.WithContext(ctx).Table(table).Where(table + ".entries > 0")
	if q.Billable != nil {
		db = db.Where(table+".billable = ?", *q.Billable)
	}
	if len(q.Kinds) > 0 && len(q.Kinds) < len(pivotKinds) {
		db = db.Where(table+".kind IN ?", q.Kinds)
	}
	return db
}

// wholeMonths is the first day of the first month and the last day of the
// last month that lie wholly within from to to; first > last when none do.
func wholeMonths(from, to string) (first, last string) {
	first = from
	if from[8:] != "01" {
		first = nextMonth(from)
	}
	last = to
	if next := civil.AddDays(to, 1); next[8:] != "01" {
		last = civil.AddDays(to[:8]+"01", -1)
	}
	return first, last
}

// nextMonth is the first day of the month after date's.
func nextMonth(date string) string {
	return civil.AddDays(date[:8]+"28", 4)[:8] + "01"
}

// foldPivot adds the minutes of db's rows to sums by q's groupings. The
// date comes first, then the keys in the tables' index order (a task
// brings its project): SQLite then groups while it reads the index,
// without sorting, even when no grouping is by time. A week is folded from
// its days here; a month is the date's first seven characters (the same
// SQL on both databases), which sorts, but sends twelve rows a key instead
// of 365. With a day or week beside the month, the date itself is read.
func foldPivot(db *gorm.DB, src pivotSource, groupBy []string, sums map[pivotCell]int) error {
	period := src.date
	if period == "" || slices.Contains(groupBy, "month") && !slices.Contains(groupBy, "day") && !slices.Contains(groupBy, "week") {
		period = src.month
	}
	cols := []string{period}
	keyAt := map[string]int{}
	for _, g := range []string{"project", "task", "user"} {
		if slices.Contains(groupBy, g) || g == "project" && slices.Contains(groupBy, "task") {
			keyAt[g] = len(cols)
			cols = append(cols, src.keys[g])
		}
	}
	sel := strings.Join(cols, ", ")
	rows, err := db.Select(sel + ", SUM(" + src.table + ".minutes) AS minutes").Group(sel).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	vals := make([]string, len(cols))
	ptrs := make([]any, len(cols)+1)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var minutes int
	ptrs[len(cols)] = &minutes
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		keys := [2]string{}
		for i, g := range groupBy {
			switch g {
			case "day":
				keys[i] = vals[0]
			case "week":
				keys[i] = weekOf(vals[0])
			case "month":
				keys[i] = vals[0][:min(len(vals[0]), 7)]
			default:
				keys[i] = vals[keyAt[g]]
			}
		}
		sums[pivotCell{keys[0], keys[1]}] += minutes
	}
	return rows.Err()
}
