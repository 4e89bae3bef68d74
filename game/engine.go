package game

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jonboulle/clockwork"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
)

// Sender delivers notifications outside the app (the outgoing webhook). It
// must not block.
type Sender interface {
	Send(n Notification)
}

// Engine runs the scoring rules over stored data: the use cases that change
// scores (recording time: entries.go; the close-out, the weekly award,
// recompute), reminders, and the read models (stats, points, leaderboard).
type Engine struct {
	tr     *tracking.Service
	db     *database.DB
	clock  clockwork.Clock
	grace  time.Duration
	sender Sender
	batch  int                        // users per close-out transaction
	writes *database.Writer[*entryOp] // the entry writes' group commit
}

// New builds the engine over db (the game's own tables; tracking's are
// reached through tr) and starts its writer (Close stops it). grace is how
// long after local midnight a date stays open; sender may be nil.
func New(db *database.DB, tr *tracking.Service, clock clockwork.Clock, grace time.Duration, sender Sender) *Engine {
	db = db.WithNow(func() time.Time { return clock.Now().UTC() })
	e := &Engine{tr: tr, db: db, clock: clock, grace: grace, sender: sender, batch: DefaultCloseOutBatch}
	e.writes = database.NewWriter(e.db, e.writeBatch, database.WriterConfig{Prepare: writeStatements})
	return e
}

// Senders hands each notification to several senders.
type Senders []Sender

// Send sends n to each sender.
func (ss Senders) Send(n Notification) {
	for _, s := range ss {
		s.Send(n)
	}
}

// WithSender adds a sender beside the one given to New; call it before
// the engine runs.
func (e *Engine) WithSender(s Sender) *Engine {
	switch {
	case s == nil:
	case e.sender == nil:
		e.sender = s
	default:
		e.sender = Senders{e.sender, s}
	}
	return e
}

// writeStatements are the entry write path's prepared statements.
var writeStatements = append([]*database.Hot{batchStatesHot, dayRecordsHot, weeksHot, setLateOnHot, insertPointsHot, addPointsHot},
	tracking.WriteStatements...)

// Close stops the entry writer once the writes it took are answered.
func (e *Engine) Close() { e.writes.Close() }

// WithCloseOutBatch sets how many users one close-out transaction covers.
func (e *Engine) WithCloseOutBatch(n int) *Engine {
	if n > 0 {
		e.batch = n
	}
	return e
}

func (e *Engine) now() time.Time { return e.clock.Now().UTC() }

// ClosesAt is the instant, in UTC, when the user's local date closes.
func (e *Engine) ClosesAt(u *auth.User, date string) time.Time {
	return CloseInstant(date, civil.Zone(u.Timezone), e.grace).UTC()
}

// lastClosed is the user's latest closed date now.
func (e *Engine) lastClosed(u *auth.User) string {
	return LastClosedDate(e.now(), civil.Zone(u.Timezone), e.grace)
}

// initialState is the state of a user never finalized: nothing before the
// date they were created.
func initialState(u *auth.User) stateRow {
	return stateRow{UserID: u.ID, FinalizedThrough: civil.AddDays(u.StartDate, -1)}
}

// readState loads the user's state without locking.
func (e *Engine) readState(ctx context.Context, u *auth.User) (*stateRow, error) {
	var st stateRow
	err := e.db.R.WithContext(ctx).Where("user_id = ?", u.ID).Take(&st).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		st = initialState(u)
		return &st, nil
	}
	return &st, err
}

// insertPoints writes ledger rows, skipping any that exist, and returns the
// points actually added: the ledger's unique key is the last guard against
// a double award.
func insertPoints(tx *gorm.DB, rows []pointsRow) (int, error) {
	added := 0
	for _, r := range rows {
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&r)
		if res.Error != nil {
			return 0, res.Error
		}
		if res.RowsAffected == 1 {
			added += r.Points
		}
	}
	return added, nil
}

func newNotification(userID, kind, message, date string, at time.Time) Notification {
	return Notification{ID: uuid.Must(uuid.NewV7()).String(), UserID: userID, Kind: kind, Message: message, Date: &date, CreatedAt: at}
}

// deliver hands notifications that were committed to the outgoing sender.
func (e *Engine) deliver(ns []Notification) {
	if e.sender == nil {
		return
	}
	for _, n := range ns {
		e.sender.Send(n)
	}
}
