package tracking

import (
	"context"
	"database/sql"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/database"
)

// The entry write path's own statements (see database.Hot). Lists go in as
// one parameter, a JSON array on SQLite and an array on PostgreSQL, so each
// statement keeps one text whatever the batch size.
var (
	// json_each leads the join (CROSS JOIN keeps SQLite from reordering):
	// each pair is then one primary-key lookup. An IN (SELECT ... FROM
	// json_each) instead costs ten times as much.
	openDaysHot = &database.Hot{
		SQLite: `SELECT 0, t.user_id, t.date, t.minutes, t.on_time_minutes
			FROM json_each(?1) k CROSS JOIN day_totals t ON t.user_id = k.value->>0 AND t.date = k.value->>1
			UNION ALL
			SELECT 1, o.user_id, o.date, 0, 0
			FROM json_each(?1) k CROSS JOIN time_off_days o ON o.user_id = k.value->>0 AND o.date = k.value->>1`,
		Postgres: `SELECT 0, t.user_id, t.date, t.minutes, t.on_time_minutes
			FROM unnest($1::text[], $2::text[]) AS k(user_id, date) JOIN day_totals t ON t.user_id = k.user_id AND t.date = k.date
			UNION ALL
			SELECT 1, o.user_id, o.date, 0, 0
			FROM unnest($1::text[], $2::text[]) AS k(user_id, date) JOIN time_off_days o ON o.user_id = k.user_id AND o.date = k.date`,
	}
	insertEntryHot = &database.Hot{
		SQLite: `INSERT INTO entries (id, user_id, task_id, project_id, date, minutes, note, billable, source,
			on_time, dated_at, dated_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		Postgres: `INSERT INTO entries (id, user_id, task_id, project_id, date, minutes, note, billable, source,
			on_time, dated_at, dated_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
	}
)

// hotDays are user-days as the parameters of openDaysHot: a JSON array of
// [user, date] pairs on SQLite, an array of users and one of dates on
// PostgreSQL.
func (s *Service) hotDays(days []UserDay) []any {
	if s.db.Dialect == database.Postgres {
		ids, dates := make([]string, len(days)), make([]string, len(days))
		for i, d := range days {
			ids[i], dates[i] = d.UserID, d.Date
		}
		return []any{ids, dates}
	}
	pairs := make([][2]string, len(days))
	for i, d := range days {
		pairs[i] = [2]string{d.UserID, d.Date}
	}
	return []any{s.db.List(pairs)}
}

// openDays reads the totals and time off of some user-days in one
// statement: through tx, a batch's transaction, or from the read pool when
// tx is nil. Every asked day gets an answer; a day with nothing logged has
// zero totals.
func (s *Service) openDays(ctx context.Context, tx *gorm.DB, days []UserDay) (map[UserDay]OpenDay, error) {
	out := make(map[UserDay]OpenDay, len(days))
	distinct := make([]UserDay, 0, len(days))
	for _, d := range days {
		if _, seen := out[d]; !seen {
			out[d] = OpenDay{}
			distinct = append(distinct, d)
		}
	}
	var rows *sql.Rows
	if tx == nil {
		var err error
		if rows, err = s.db.Read(ctx, openDaysHot, s.hotDays(distinct)...); err != nil {
			return nil, err
		}
	} else {
		st, err := s.db.In(ctx, tx, openDaysHot)
		if err != nil {
			return nil, err
		}
		if rows, err = st.QueryContext(ctx, s.hotDays(distinct)...); err != nil {
			return nil, err
		}
	}
	defer rows.Close()
	for rows.Next() {
		var (
			kind            int
			k               UserDay
			minutes, onTime int
		)
		if err := rows.Scan(&kind, &k.UserID, &k.Date, &minutes, &onTime); err != nil {
			return nil, err
		}
		d, asked := out[k]
		if !asked {
			continue
		}
		if kind == 1 {
			d.TimeOff = true
		} else {
			d.Minutes, d.OnTimeMinutes = minutes, onTime
		}
		out[k] = d
	}
	return out, rows.Err()
}

// insertEntries writes new entries inside a batch's transaction.
func (s *Service) insertEntries(ctx context.Context, tx *gorm.DB, es []*Entry) error {
	st, err := s.db.In(ctx, tx, insertEntryHot)
	if err != nil {
		return err
	}
	for _, e := range es {
		if _, err := st.ExecContext(ctx, e.ID, e.UserID, e.TaskID, e.ProjectID, e.Date, e.Minutes, e.Note, e.Billable,
			e.Source, e.OnTime, e.DatedAt, e.DatedOn, e.CreatedAt, e.UpdatedAt); err != nil {
			return err
		}
	}
	return nil
}

// prepareHot readies the write path's statements, the scoring's included;
// the batch's leader calls it before its transaction.
func (s *Service) prepareHot(ctx context.Context) error {
	return s.db.Prepare(ctx, append([]*database.Hot{openDaysHot, insertEntryHot}, s.scoring.HotStatements()...)...)
}
