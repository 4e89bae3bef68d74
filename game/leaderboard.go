package game

import (
	"context"
	"sort"
	"time"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/org"
)

// Leaderboard periods and metrics.
var (
	periods = map[string]bool{"day": true, "week": true, "month": true, "all": true}
	metrics = map[string]bool{"points": true, "streak": true}
)

// Place is one member's line on a leaderboard: rank and points only, never hours.
type Place struct {
	Rank int `json:"rank"`
	User struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"user"`
	Points int `json:"points"`
	Streak int `json:"streak"`
	Level  int `json:"level"`
}

// Board is a team's leaderboard for a period.
type Board struct {
	Team struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"team"`
	Period  string  `json:"period"`
	From    *string `json:"from"`
	To      *string `json:"to"`
	Metric  string  `json:"metric"`
	Entries []Place `json:"entries"`
}

// PeriodBounds returns the first and last date of the period containing date.
func PeriodBounds(period, date string) (from, to string) {
	switch period {
	case "day":
		return date, date
	case "week":
		from = civil.WeekStart(date)
		return from, civil.AddDays(from, 6)
	case "month":
		t, _ := civil.Parse(date)
		first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		return first.Format(civil.Layout), first.AddDate(0, 1, -1).Format(civil.Layout)
	}
	return "", ""
}

// BoardQuery is a validated leaderboard request, its period resolved to
// dates (From and To are empty for "all").
type BoardQuery struct {
	Period, From, To, Metric string
}

// ResolveBoard validates a leaderboard request and resolves its period;
// the default date is today in the team's time zone.
func (e *Engine) ResolveBoard(team *org.Team, period, date, metric string) (BoardQuery, error) {
	if period == "" {
		period = "week"
	}
	if metric == "" {
		metric = "points"
	}
	if !periods[period] {
		return BoardQuery{}, valid.Invalid("period", "must be day, week, month or all")
	}
	if !metrics[metric] {
		return BoardQuery{}, valid.Invalid("metric", "must be points or streak")
	}
	if date == "" {
		date = civil.Of(e.now(), civil.Zone(team.Timezone))
	} else if err := valid.Date("date", date); err != nil {
		return BoardQuery{}, err
	}
	from, to := PeriodBounds(period, date)
	return BoardQuery{Period: period, From: from, To: to, Metric: metric}, nil
}

// Leaderboard ranks every member of a team by points in the period, or by
// current streak, competition style (1, 2, 2, 4); equal scores by name.
func (e *Engine) Leaderboard(ctx context.Context, team *org.Team, period, date, metric string) (*Board, error) {
	q, err := e.ResolveBoard(team, period, date, metric)
	if err != nil {
		return nil, err
	}
	return e.Board(ctx, team, q)
}

// A board's scores: all time (the ledger's sum, kept with the state) or
// the points dated in a period, for a list of members.
var (
	boardAllHot = database.NewHot(`SELECT k.user_id, COALESCE(s.total_points, 0), COALESCE(s.current, 0), COALESCE(s.total_points, 0)
		FROM LIST(k, user_id) LEFT JOIN game_states s ON s.user_id = k.user_id`)
	boardPeriodHot = database.NewHot(`SELECT k.user_id,
			(SELECT COALESCE(SUM(p.points), 0) FROM points_events p WHERE p.user_id = k.user_id AND p.date BETWEEN ? AND ?),
			COALESCE(s.current, 0), COALESCE(s.total_points, 0)
		FROM LIST(k, user_id) LEFT JOIN game_states s ON s.user_id = k.user_id`)
)

// Board computes the leaderboard of a resolved request.
func (e *Engine) Board(ctx context.Context, team *org.Team, q BoardQuery) (*Board, error) {
	period, from, to, metric := q.Period, q.From, q.To, q.Metric
	// Every member (deactivated ones too: "every member appears", their
	// history stays) from tracking, then in one query their streak and
	// total, and their points in the period summed from the covering
	// (user, date, points) index.
	names, err := e.tr.MemberNames(ctx, team.ID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(names))
	for id := range names {
		ids = append(ids, id)
	}
	var rows []struct {
		ID, Name    string
		Points      int
		Current     int
		TotalPoints int
	}
	if len(ids) > 0 {
		h, args := boardAllHot, []any{}
		if from != "" {
			h, args = boardPeriodHot, []any{from, to}
		}
		res, err := e.db.Query(ctx, h, append(args, e.db.Tuples(ids)...)...)
		if err != nil {
			return nil, err
		}
		defer res.Close()
		for res.Next() {
			var r struct {
				ID, Name    string
				Points      int
				Current     int
				TotalPoints int
			}
			if err := res.Scan(&r.ID, &r.Points, &r.Current, &r.TotalPoints); err != nil {
				return nil, err
			}
			r.Name = names[r.ID]
			rows = append(rows, r)
		}
		if err := res.Err(); err != nil {
			return nil, err
		}
	}
	b := &Board{Period: period, Metric: metric, Entries: make([]Place, 0, len(rows))}
	b.Team.ID, b.Team.Name = team.ID, team.Name
	if from != "" {
		b.From, b.To = &from, &to
	}
	for _, r := range rows {
		var p Place
		p.User.ID, p.User.Name = r.ID, r.Name
		p.Points, p.Streak = r.Points, r.Current
		p.Level, _ = Level(r.TotalPoints)
		b.Entries = append(b.Entries, p)
	}
	score := func(p Place) int {
		if metric == "streak" {
			return p.Streak
		}
		return p.Points
	}
	sort.SliceStable(b.Entries, func(i, j int) bool {
		a, c := b.Entries[i], b.Entries[j]
		if score(a) != score(c) {
			return score(a) > score(c)
		}
		if a.User.Name != c.User.Name {
			return a.User.Name < c.User.Name
		}
		return a.User.ID < c.User.ID
	})
	for i := range b.Entries {
		if i > 0 && score(b.Entries[i]) == score(b.Entries[i-1]) {
			b.Entries[i].Rank = b.Entries[i-1].Rank
		} else {
			b.Entries[i].Rank = i + 1
		}
	}
	return b, nil
}
