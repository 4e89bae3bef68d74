package tracking

import (
	"context"
	"encoding/base64"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
	"github.com/timestreak/timestreak/tracking/store"
)

// EntryFilter selects entries to list, export or summarise.
type EntryFilter struct {
	From, To string // inclusive dates; empty means the last 7 days
	UserID   string // empty means the viewer
	TaskID   string
	TeamID   string // reports: every member of a team the viewer leads
	Limit    int
	Cursor   string
}

type cursor struct{ date, id string }

func encodeCursor(e Entry) string {
	return base64.RawURLEncoding.EncodeToString([]byte(e.Date + "|" + e.ID))
}

func decodeCursor(s string) (cursor, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return cursor{}, false
	}
	date, id, ok := strings.Cut(string(b), "|")
	if !ok || !civil.Valid(date) || id == "" {
		return cursor{}, false
	}
	return cursor{date, id}, true
}

// dateRange fills in and checks a range of dates a listing or report
// reads: to defaults to the viewer's today, from to six days before to;
// both must be dates, from not after to, and (with maxDays above 0) at
// most maxDays apart.
func (s *Service) dateRange(viewer *auth.User, from, to *string, maxDays int, errs *valid.Fields) {
	if *to == "" {
		*to = auth.LocalToday(s.Now(), viewer)
	}
	t, errTo := civil.Parse(*to)
	if *from == "" && errTo == nil {
		*from = civil.AddDays(*to, -6)
	}
	f, errFrom := civil.Parse(*from)
	okFrom, okTo := errFrom == nil || *from == "", errTo == nil
	switch {
	case !okFrom || !okTo:
		if !okFrom {
			errs.From(valid.Date("from", *from))
		}
		if !okTo {
			errs.From(valid.Date("to", *to))
		}
	case *from > *to:
		errs.Add("from", "must not be after to")
	case maxDays > 0 && t.Sub(f) > time.Duration(maxDays)*24*time.Hour:
		errs.Add("to", "must be at most %d days after from", maxDays)
	}
}

// scope validates the filter for viewer and returns the matching query.
func (s *Service) scope(ctx context.Context, viewer *auth.User, f *EntryFilter) (*gorm.DB, error) {
	var errs valid.Fields
	s.dateRange(viewer, &f.From, &f.To, 0, &errs)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	q := s.db.Reader(ctx).Model(&Entry{}).Where("entries.date BETWEEN ? AND ?", f.From, f.To)
	switch {
	case f.TeamID != "":
		if err := s.canReadTeam(ctx, viewer, f.TeamID); err != nil {
			return nil, err
		}
		// A team's report holds its members' time of the dates they were
		// in it, for the admin as for its leads.
		// (The IN lets the (user_id, date) index find the rows.)
		q = q.Where("entries.user_id IN (?)", s.db.R.Model(&org.TeamMembership{}).Select("user_id").Where("team_id = ?", f.TeamID)).
			Where(memberDated, f.TeamID)
		if f.UserID != "" {
			q = q.Where("entries.user_id = ?", f.UserID)
		}
	default:
		if f.UserID == "" {
			f.UserID = viewer.ID
		}
		if err := s.canRead(ctx, viewer, f.UserID, ""); err != nil {
			return nil, err
		}
		q = q.Where("entries.user_id = ?", f.UserID)
		if f.UserID != viewer.ID && !viewer.IsAdmin() {
			// A lead: only the dates the person was in a team they lead.
			q = q.Where(ledMemberDated, viewer.ID, auth.RoleLead)
		}
	}
	if f.TaskID != "" {
		q = q.Where("entries.task_id = ?", f.TaskID)
	}
	return q, nil
}

// canReadTeam: admins read every team's entries, leads their own team's.
func (s *Service) canReadTeam(ctx context.Context, viewer *auth.User, teamID string) error {
	if _, err := s.Team(ctx, viewer, teamID); err != nil {
		return err
	}
	if viewer.IsAdmin() {
		return nil
	}
	lead, err := s.LeadsTeam(ctx, viewer, teamID)
	if err != nil {
		return err
	}
	if !lead {
		return &store.ForbiddenError{Reason: "only a team lead or an admin can see the team's entries"}
	}
	return nil
}

// Entries lists entries newest date first, a page at a time.
func (s *Service) Entries(ctx context.Context, viewer *auth.User, f EntryFilter) ([]Entry, string, error) {
	if f.Limit == 0 {
		f.Limit = store.DefaultLimit
	}
	if f.Limit < 0 {
		return nil, "", valid.Invalid("limit", "must be a positive number")
	}
	f.Limit = min(f.Limit, store.MaxLimit)
	q, err := s.scope(ctx, viewer, &f)
	if err != nil {
		return nil, "", err
	}
	if f.Cursor != "" {
		c, ok := decodeCursor(f.Cursor)
		if !ok {
			return nil, "", valid.Invalid("cursor", "is not a cursor this server gave out")
		}
		q = q.Where("entries.date < ? OR (entries.date = ? AND entries.id < ?)", c.date, c.date, c.id)
	}
	items := []Entry{}
	if err := q.Order("entries.date DESC, entries.id DESC").Limit(f.Limit + 1).Find(&items).Error; err != nil {
		return nil, "", err
	}
	next := ""
	if len(items) > f.Limit {
		items = items[:f.Limit]
		next = encodeCursor(items[len(items)-1])
	}
	return items, next, nil
}

// ChangedEntries lists, deleted ones too, the entries of the given users
// changed or deleted at or after since[user] (and after after, when set),
// and the entries named by ids whoever changed them last, oldest change
// first: what an adapter that mirrors entries elsewhere must look at.
func (s *Service) ChangedEntries(ctx context.Context, since map[string]time.Time, after *time.Time, ids []string) ([]Entry, error) {
	if len(since) == 0 {
		return nil, nil
	}
	users := make([]string, 0, len(since))
	var lo time.Time
	for id, t := range since {
		users = append(users, id)
		if lo.IsZero() || t.Before(lo) {
			lo = t
		}
	}
	db := s.db.Reader(ctx)
	changed := db.Where("updated_at >= ? OR deleted_at >= ?", lo, lo)
	if after != nil {
		changed = changed.Where("updated_at > ? OR deleted_at > ?", *after, *after)
	}
	q := db.Unscoped().Where("user_id IN ?", users)
	if len(ids) > 0 {
		q = q.Where(changed.Or("id IN ?", ids))
	} else {
		q = q.Where(changed)
	}
	var es []Entry
	if err := q.Order("updated_at, id").Find(&es).Error; err != nil {
		return nil, err
	}
	retry := make(map[string]bool, len(ids))
	for _, id := range ids {
		retry[id] = true
	}
	out := es[:0]
	for _, e := range es {
		t := since[e.UserID]
		if retry[e.ID] || !e.UpdatedAt.Before(t) || (e.DeletedAt.Valid && !e.DeletedAt.Time.Before(t)) {
			out = append(out, e)
		}
	}
	return out, nil
}
