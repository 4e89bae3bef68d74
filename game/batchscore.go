package game

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/tracking"
)

// batchScore is what scoring read for one batch of new entries: the
// users' states, badges held and, for a Sunday, the week so far.
type batchScore struct {
	e      *Engine
	states map[string]*stateRow
	held   map[string]map[string]bool
	weeks  map[string][]DayRecord
}

// batchStatesHot reads the users' states and the badges they hold in one
// statement: state rows have an empty code, badge rows only a code.
var batchStatesHot = &database.Hot{
	SQLite: `SELECT s.user_id, s.finalized_through, s.current, s.longest, s.freezes, ''
			FROM json_each(?1) k CROSS JOIN game_states s ON s.user_id = k.value
		UNION ALL
		SELECT b.user_id, '', 0, 0, 0, b.code FROM json_each(?1) k CROSS JOIN badges b ON b.user_id = k.value`,
	Postgres: `SELECT user_id, finalized_through, current, longest, freezes, '' FROM game_states WHERE user_id = ANY($1)
		UNION ALL
		SELECT user_id, '', 0, 0, 0, code FROM badges WHERE user_id = ANY($1)`,
}

// HotStatements are prepared by tracking before a batch's transaction.
func (e *Engine) HotStatements() []*database.Hot { return []*database.Hot{batchStatesHot} }

// ScoreBatch reads the states of the batch's users through its
// transaction, in one statement however large the batch (two on a Sunday).
func (e *Engine) ScoreBatch(ctx context.Context, tx *gorm.DB, days []tracking.UserDay) (tracking.BatchScore, error) {
	tx = tx.WithContext(ctx)
	ids, _ := tracking.SplitDays(days)
	sundays := map[string]string{}
	for _, d := range days {
		if Weekday(d.Date) == time.Sunday {
			sundays[d.UserID] = d.Date
		}
	}
	b := &batchScore{e: e, states: make(map[string]*stateRow, len(ids)), held: map[string]map[string]bool{}}
	if err := b.read(ctx, tx, ids); err != nil {
		return nil, err
	}
	var err error
	if len(sundays) > 0 {
		if b.weeks, err = weeksBefore(ctx, tx, sundays); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func (b *batchScore) read(ctx context.Context, tx *gorm.DB, ids []string) error {
	st, err := b.e.db.In(ctx, tx, batchStatesHot)
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(ctx, b.e.db.List(ids))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r stateRow
		var code string
		if err := rows.Scan(&r.UserID, &r.FinalizedThrough, &r.Current, &r.Longest, &r.Freezes, &code); err != nil {
			return err
		}
		if code == "" {
			b.states[r.UserID] = &r
			continue
		}
		if b.held[r.UserID] == nil {
			b.held[r.UserID] = map[string]bool{}
		}
		b.held[r.UserID][code] = true
	}
	return rows.Err()
}

func (b *batchScore) FinalizedThrough(userID string) string {
	if st := b.states[userID]; st != nil {
		return st.FinalizedThrough
	}
	return ""
}

// PendingDay answers the usual case from the batch read: the date right
// after the last finalized one, still open. Anything else is left to Day.
func (b *batchScore) PendingDay(u *tracking.User, date string, totals tracking.OpenDay) (*tracking.Day, bool) {
	st := b.states[u.ID]
	if st == nil {
		init := initialState(u)
		st = &init
	}
	from := max(AddDays(st.FinalizedThrough, 1), u.StartDate)
	if from != date || !b.e.now().Before(b.e.ClosesAt(u, date)) {
		return nil, false
	}
	return openPending(u, st, b.held[u.ID], date, totals, b.weeks[u.ID]), true
}
