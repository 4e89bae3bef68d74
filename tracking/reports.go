package tracking

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/auth"
)

// Group keys of the summary report.
var summaryGroups = map[string]struct{ key, label string }{
	"project": {"entries.project_id", "projects.name"},
	"task":    {"entries.task_id", "tasks.name"},
	"day":     {"entries.date", "entries.date"},
	"user":    {"entries.user_id", "users.name"},
}

// SummaryGroup is one line of the summary report.
type SummaryGroup struct {
	Key     string `json:"key"`
	Label   string `json:"label"`
	Minutes int    `json:"minutes"`
}

// Summary is the time logged in a range, grouped.
type Summary struct {
	From         string         `json:"from"`
	To           string         `json:"to"`
	TotalMinutes int            `json:"total_minutes"`
	Groups       []SummaryGroup `json:"groups"`
}

// Summarize totals the filtered entries by project, task, day or user.
func (s *Service) Summarize(ctx context.Context, viewer *auth.User, f EntryFilter, groupBy string) (*Summary, error) {
	if groupBy == "" {
		groupBy = "project"
	}
	g, ok := summaryGroups[groupBy]
	if !ok {
		return nil, valid.Invalid("group_by", "must be project, task, day or user")
	}
	q, err := s.scope(ctx, viewer, &f)
	if err != nil {
		return nil, err
	}
	out := &Summary{From: f.From, To: f.To, Groups: []SummaryGroup{}}
	err = q.Select(fmt.Sprintf("%s AS key, MIN(%s) AS label, SUM(entries.minutes) AS minutes", g.key, g.label)).
		Joins("JOIN projects ON projects.id = entries.project_id").
		Joins("JOIN tasks ON tasks.id = entries.task_id").
		Joins("JOIN users ON users.id = entries.user_id").
		Group(g.key).Order("minutes DESC, key").Scan(&out.Groups).Error
	if err != nil {
		return nil, err
	}
	for _, gr := range out.Groups {
		out.TotalMinutes += gr.Minutes
	}
	return out, nil
}

// ExportCSV writes the filtered entries as CSV row by row, so a large
// export never sits in memory.
func (s *Service) ExportCSV(ctx context.Context, viewer *auth.User, f EntryFilter, w io.Writer) error {
	q, err := s.scope(ctx, viewer, &f)
	if err != nil {
		return err
	}
	rows, err := q.Select("entries.date, users.name, projects.name, tasks.name, entries.minutes, entries.note, entries.billable").
		Joins("JOIN projects ON projects.id = entries.project_id").
		Joins("JOIN tasks ON tasks.id = entries.task_id").
		Joins("JOIN users ON users.id = entries.user_id").
		Order("entries.date, users.name, entries.id").Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"date", "user", "project", "task", "minutes", "hours", "note", "billable"}); err != nil {
		return err
	}
	for rows.Next() {
		var (
			date, user, project, task, note string
			minutes                         int
			billable                        bool
		)
		if err := rows.Scan(&date, &user, &project, &task, &minutes, &note, &billable); err != nil {
			return err
		}
		rec := []string{date, safeCell(user), safeCell(project), safeCell(task), fmt.Sprint(minutes),
			fmt.Sprintf("%.2f", float64(minutes)/60), safeCell(note), fmt.Sprint(billable)}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return rows.Err()
}

// safeCell neutralises text a spreadsheet would run as a formula.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
