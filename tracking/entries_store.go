package tracking

import (
	"context"
	"database/sql"
	"time"

	"github.com/timestreak/timestreak/database"
)

// The entry write path's store functions. They take the transaction from
// the context (database.DB.Tx): the use case that records entries (game)
// runs them, with scoring's own, in one transaction per batch. Each reads
// or writes a whole batch in a fixed number of statements, through
// prepared statements (database.Hot); a list goes in as one joined table
// (database's LIST), so each statement keeps one text whatever the batch
// size.

var (
	openDaysHot = database.NewHot(`SELECT 0, t.user_id, t.date, t.minutes, t.on_time_minutes
		FROM LIST(k, user_id, date) CROSS JOIN day_totals t ON t.user_id = k.user_id AND t.date = k.date
		UNION ALL
		SELECT 1, o.user_id, o.date, 0, 0
		FROM LIST(k, user_id, date) CROSS JOIN time_off_days o ON o.user_id = k.user_id AND o.date = k.date`)
	insertEntryHot = database.NewHot(`INSERT INTO entries (id, user_id, task_id, project_id, date, minutes, note, billable, source,
		on_time, dated_at, dated_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	saveEntryHot = database.NewHot(`UPDATE entries SET task_id = ?, project_id = ?, date = ?, minutes = ?, note = ?, billable = ?,
		on_time = ?, dated_at = ?, dated_on = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL`)
	deleteEntryHot = database.NewHot(`UPDATE entries SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`)
	// The first late entry of each of some user-days, deleted ones too (as
	// FactsFor orders them): the covering (user_id, date, ...) index finds
	// each day's entries.
	firstLateHot = database.NewHot(`SELECT k.user_id, k.date, (SELECT e.dated_on FROM entries e
			WHERE e.user_id = k.user_id AND e.date = k.date AND NOT e.on_time AND e.source <> 'import'
			ORDER BY e.dated_at, e.id LIMIT 1)
		FROM LIST(k, user_id, date)`)
	ownEntriesHot = database.NewHot(`SELECT e.id, e.user_id, e.task_id, e.project_id, e.date, e.minutes, e.note, e.billable, e.source,
			e.on_time, e.dated_at, e.dated_on, e.created_at, e.updated_at
		FROM LIST(k, id, user_id) CROSS JOIN entries e ON e.id = k.id AND e.user_id = k.user_id
		WHERE e.deleted_at IS NULL`)
	keysHot = database.NewHot(`SELECT i.user_id, i.key, i.request_hash, i.entry_id, i.status, i.body, i.created_at
		FROM LIST(k, user_id, key) CROSS JOIN idempotency_keys i ON i.user_id = k.user_id AND i.key = k.key`)
	// A key is stored with its answer; an expired row of the same key (the
	// cleanup job's, once it runs) is taken over.
	storeKeyHot = database.NewHot(`INSERT INTO idempotency_keys (user_id, key, request_hash, entry_id, status, body, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, key) DO UPDATE SET request_hash = excluded.request_hash,
		entry_id = excluded.entry_id, status = excluded.status, body = excluded.body, created_at = excluded.created_at`)
)

// WriteStatements are the statements of the entry write path, to prepare
// before its transactions (database.WriterConfig.Prepare).
var WriteStatements = []*database.Hot{openDaysHot, insertEntryHot, saveEntryHot, deleteEntryHot, firstLateHot, ownEntriesHot, keysHot, storeKeyHot}

// LockUsers serialises the given users' writes against other replicas:
// two batches cannot both pass a user's day limit, or both claim one of
// their keys.
func (s *Service) LockUsers(ctx context.Context, ids []string) error {
	return s.db.LockRows(s.db.Engine(ctx), "users", ids...)
}

// pairs splits user-days into the two lists of a hot statement's pairs.
func (s *Service) pairs(days []UserDay) []any {
	ids, dates := make([]string, len(days)), make([]string, len(days))
	for i, d := range days {
		ids[i], dates[i] = d.UserID, d.Date
	}
	return s.db.Pairs(ids, dates)
}

// OpenDays reads the totals and time off of some user-days in one
// statement, through the transaction in ctx or from the read pool. Every
// asked day gets an answer; a day with nothing logged has zero totals.
func (s *Service) OpenDays(ctx context.Context, days []UserDay) (map[UserDay]OpenDay, error) {
	out := make(map[UserDay]OpenDay, len(days))
	distinct := make([]UserDay, 0, len(days))
	for _, d := range days {
		if _, seen := out[d]; !seen {
			out[d] = OpenDay{}
			distinct = append(distinct, d)
		}
	}
	if len(distinct) == 0 {
		return out, nil
	}
	pairs := s.pairs(distinct)
	rows, err := s.db.Query(ctx, openDaysHot, append(pairs, pairs...)...)
	if err != nil {
		return nil, err
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

// InsertEntries writes new entries.
func (s *Service) InsertEntries(ctx context.Context, es []*Entry) error {
	for _, e := range es {
		if _, err := s.db.Exec(ctx, insertEntryHot, e.ID, e.UserID, e.TaskID, e.ProjectID, e.Date, e.Minutes, e.Note, e.Billable,
			e.Source, e.OnTime, e.DatedAt, e.DatedOn, e.CreatedAt, e.UpdatedAt); err != nil {
			return err
		}
	}
	return nil
}

// SaveEntries writes edited entries: every editable column, as the caller
// read and changed them in this transaction.
func (s *Service) SaveEntries(ctx context.Context, es []*Entry) error {
	for _, e := range es {
		if _, err := s.db.Exec(ctx, saveEntryHot, e.TaskID, e.ProjectID, e.Date, e.Minutes, e.Note, e.Billable, e.OnTime,
			e.DatedAt, e.DatedOn, e.UpdatedAt, e.ID); err != nil {
			return err
		}
	}
	return nil
}

// DeleteEntries soft-deletes entries: the rows stay, so that the first
// backfilled entry of a date can always be found.
func (s *Service) DeleteEntries(ctx context.Context, ids []string, at time.Time) error {
	for _, id := range ids {
		if _, err := s.db.Exec(ctx, deleteEntryHot, at, id); err != nil {
			return err
		}
	}
	return nil
}

// EntryRef names an entry and the user it must belong to.
type EntryRef struct{ ID, UserID string }

// OwnEntries loads the live entries of refs that belong to their users,
// by id; the others are missing from the answer.
func (s *Service) OwnEntries(ctx context.Context, refs []EntryRef) (map[string]*Entry, error) {
	out := make(map[string]*Entry, len(refs))
	if len(refs) == 0 {
		return out, nil
	}
	ids, users := make([]string, len(refs)), make([]string, len(refs))
	for i, r := range refs {
		ids[i], users[i] = r.ID, r.UserID
	}
	rows, err := s.db.Query(ctx, ownEntriesHot, s.db.Pairs(ids, users)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ID, &e.UserID, &e.TaskID, &e.ProjectID, &e.Date, &e.Minutes, &e.Note, &e.Billable, &e.Source,
			&e.OnTime, &e.DatedAt, &e.DatedOn, &e.CreatedAt, &e.UpdatedAt); err != nil {
			return nil, err
		}
		e.DatedAt, e.CreatedAt, e.UpdatedAt = e.DatedAt.UTC(), e.CreatedAt.UTC(), e.UpdatedAt.UTC()
		out[e.ID] = &e
	}
	return out, rows.Err()
}

// FirstLate is, for each of some user-days, the local date on which its
// first backfilled entry was logged (deleted entries count: the first stays
// the first); days without one are missing.
func (s *Service) FirstLate(ctx context.Context, days []UserDay) (map[UserDay]string, error) {
	out := map[UserDay]string{}
	if len(days) == 0 {
		return out, nil
	}
	rows, err := s.db.Query(ctx, firstLateHot, s.pairs(days)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			k  UserDay
			on sql.NullString
		)
		if err := rows.Scan(&k.UserID, &k.Date, &on); err != nil {
			return nil, err
		}
		if on.Valid && on.String != "" {
			out[k] = on.String
		}
	}
	return out, rows.Err()
}

// KeyRef names one user's idempotency key.
type KeyRef struct{ UserID, Key string }

// Keys reads the stored rows of some keys, expired ones too, in one
// statement.
func (s *Service) Keys(ctx context.Context, refs []KeyRef) (map[KeyRef]*IdempotencyKey, error) {
	out := map[KeyRef]*IdempotencyKey{}
	if len(refs) == 0 {
		return out, nil
	}
	ids, keys := make([]string, len(refs)), make([]string, len(refs))
	for i, r := range refs {
		ids[i], keys[i] = r.UserID, r.Key
	}
	rows, err := s.db.Query(ctx, keysHot, s.db.Pairs(ids, keys)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			k    IdempotencyKey
			body sql.NullString
		)
		if err := rows.Scan(&k.UserID, &k.Key, &k.RequestHash, &k.EntryID, &k.Status, &body, &k.CreatedAt); err != nil {
			return nil, err
		}
		k.Body = body.String
		out[KeyRef{k.UserID, k.Key}] = &k
	}
	return out, rows.Err()
}

// StoreKeys stores keys with their first answers, in the transaction that
// made the answers' entries: a retry after a crash finds both or neither.
// The caller has found each key unknown or expired under LockUsers.
func (s *Service) StoreKeys(ctx context.Context, ks []*IdempotencyKey) error {
	for _, k := range ks {
		if _, err := s.db.Exec(ctx, storeKeyHot, k.UserID, k.Key, k.RequestHash, k.EntryID, k.Status, k.Body, k.CreatedAt); err != nil {
			return err
		}
	}
	return nil
}
