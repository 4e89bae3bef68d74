package tracking

import (
	"gorm.io/gorm"

	"github.com/timestreak/timestreak/database"
)

// insertBatch writes a batch of new entries inside tx. It reads once per
// batch and writes once per entry: the keys are claimed, the users' scoring
// states and the dates' totals are read in one statement each, every entry
// is checked in memory in arrival order, and the accepted ones go in
// through one prepared insert. A broken rule is the entry's own error
// (w.err) and leaves the batch going; only an unexpected database error is
// returned.
func (s *Service) insertBatch(tx *gorm.DB, batch []*entryWrite) error {
	live := make([]*entryWrite, 0, len(batch))
	claimed := map[[2]string]*entryWrite{} // (user, key) -> the write in this batch that claimed it
	var copies []*entryWrite
	for _, w := range batch {
		if w.idem != nil {
			key := [2]string{w.u.ID, w.idem.Key}
			if first := claimed[key]; first != nil {
				w.first = first // answered as its first, below
				copies = append(copies, w)
				continue
			}
			fresh, err := s.claimKey(tx, w.u, w.idem, w.e.ID, w.e.CreatedAt)
			if err != nil {
				return err
			}
			if !fresh {
				w.replayed = true
				continue
			}
			claimed[key] = w
		}
		live = append(live, w)
	}
	defer answerCopies(copies)
	if len(live) == 0 {
		return nil
	}
	days := make([]UserDay, len(live))
	for i, w := range live {
		days[i] = UserDay{UserID: w.u.ID, Date: w.e.Date}
	}
	if err := s.lockUsersOf(tx, days); err != nil {
		return err
	}
	// The batch answers many requests: it runs to its end whatever any one
	// of them does (its transaction's context, not a request's).
	ctx := tx.Statement.Context
	score, err := s.scoring.ScoreBatch(ctx, tx, days)
	if err != nil {
		return err
	}
	totals, err := s.openDays(ctx, tx, days)
	if err != nil {
		return err
	}
	accepted := make([]*Entry, 0, len(live))
	var late []*entryWrite
	for i, w := range live {
		e := w.e
		// A date the close-out has scored stays closed, whatever this
		// replica's clock says: a lagging clock or a move west cannot
		// reopen it.
		if e.OnTime && e.Date <= score.FinalizedThrough(e.UserID) {
			e.OnTime = false
		}
		t := totals[days[i]]
		if err := dayLimit(e.Date, t.Minutes, e.Minutes); err != nil {
			w.err = err
			if w.idem != nil { // the key answers nothing: a retry may try again
				if err := tx.Where("user_id = ? AND key = ?", e.UserID, w.idem.Key).Delete(&IdempotencyKey{}).Error; err != nil {
					return err
				}
			}
			continue
		}
		t.Minutes += e.Minutes
		if e.OnTime && e.Source != SourceImport {
			t.OnTimeMinutes += e.Minutes
		}
		totals[days[i]] = t
		accepted = append(accepted, e)
		if !e.OnTime && e.Source != SourceImport {
			late = append(late, w)
		} else {
			w.score, w.totals = score, t
		}
	}
	if len(accepted) > 0 {
		if err := s.insertEntries(ctx, tx, accepted); err != nil {
			return err
		}
	}
	// Late awards read the entries just written; they are rare (backfill).
	for _, w := range late {
		if err := s.scoring.Backfilled(ctx, tx, w.u, w.e.Date); err != nil {
			return err
		}
	}
	return nil
}

// lockUsersOf serialises the batch users' writes on PostgreSQL against other
// replicas, so that two concurrent entries cannot both pass the day limit.
// The rows are locked in id order (ORDER BY orders the locking), so two
// batches cannot deadlock. SQLite's
// single writer already serialises them.
func (s *Service) lockUsersOf(tx *gorm.DB, days []UserDay) error {
	if s.db.Dialect != database.Postgres {
		return nil
	}
	ids, _ := SplitDays(days)
	return tx.Exec("SELECT id FROM users WHERE id IN ? ORDER BY id FOR UPDATE", ids).Error
}

// answerCopies gives the copies of a keyed request sent at once the answer
// of the first: its refusal (which released the key), or its entry.
func answerCopies(copies []*entryWrite) {
	for _, w := range copies {
		switch {
		case w.first.idem.RequestHash != w.idem.RequestHash:
			w.err = &ConflictError{Reason: "this Idempotency-Key was used with a different request"}
		case w.first.err != nil:
			w.err = w.first.err
		default:
			w.replayed = true
		}
	}
}
