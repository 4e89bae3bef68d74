package auth

import (
	"context"
	"slices"
	"strconv"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/store"
)

// ProfileChange is a user's change to their own settings; nil fields stay.
type ProfileChange struct {
	Name               *string
	Timezone           *string
	Workdays           *[]string
	DailyTargetMinutes *int
	ReminderTime       **string // set to a nil *string to clear the reminder
	Password           *string
	CurrentPassword    *string
	// ClientIP is where the change comes from: a wrong current password
	// counts as a failed login from it. Session is the session making the
	// change, the one a password change keeps.
	ClientIP string
	Session  string
	// IfVersion, when set, lists the versions (User.ProfileVersion) the
	// change was made against: a profile now at none of them is a conflict.
	IfVersion []string
}

// ProfileVersion names the state of the settings a user edits; it changes
// with any change of them. The API gives it as GET /me's ETag.
func (u *User) ProfileVersion() string {
	r := ""
	if u.ReminderTime != nil {
		r = *u.ReminderTime
	}
	return store.Version(u.ID, u.Name, u.Timezone, u.Workdays, strconv.Itoa(u.DailyTargetMinutes), strconv.FormatBool(u.ReminderTime != nil), r)
}

// lockedUser reads a user's row inside tx, locked until tx ends.
func (s *Accounts) lockedUser(tx *gorm.DB, id string) (*User, error) {
	var u User
	if err := s.db.ForUpdate(tx.Where("id = ?", id)).Take(&u).Error; err != nil {
		return nil, store.NotFound(err)
	}
	return &u, nil
}

// withProfile is u with the fields that ch names taken from next, and the
// columns to write.
func (u *User) withProfile(next *User, ch ProfileChange, password bool) (*User, []string) {
	out := *u
	cols := []string{"updated_at"}
	out.UpdatedAt = next.UpdatedAt
	if ch.Name != nil {
		out.Name, cols = next.Name, append(cols, "name")
	}
	if ch.Timezone != nil {
		out.Timezone, cols = next.Timezone, append(cols, "timezone")
	}
	if ch.Workdays != nil {
		out.Workdays, cols = next.Workdays, append(cols, "workdays")
	}
	if ch.DailyTargetMinutes != nil {
		out.DailyTargetMinutes, cols = next.DailyTargetMinutes, append(cols, "daily_target_minutes")
	}
	if ch.ReminderTime != nil {
		out.ReminderTime, cols = next.ReminderTime, append(cols, "reminder_time")
	}
	if password {
		out.PasswordHash, cols = next.PasswordHash, append(cols, "password_hash")
	}
	return &out, cols
}

// ProfileUpdate is a checked change of a user's settings, ready to save.
// ChangesScoring tells that it moves day boundaries or targets: the use
// case that saves it finalizes the user's closed dates first, so that no
// date is scored under settings it did not close with.
type ProfileUpdate struct {
	ChangesScoring bool
	user, next     User // the stored row the change was checked against, and the change applied to it
	ch             ProfileChange
	newHash        string
}

// PrepareProfile checks a user's change to their settings (the current
// password too) without saving it.
func (s *Accounts) PrepareProfile(ctx context.Context, u *User, ch ProfileChange) (*ProfileUpdate, error) {
	// The request's user may be a second old (the auth cache): start from
	// the stored row, so that no check below reads a stale profile.
	fresh, err := s.User(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	u = fresh
	next := *u
	var errs valid.Fields
	if ch.Name != nil {
		name, err := valid.Name("name", *ch.Name, valid.MaxNameChars)
		next.Name = name
		errs.From(err)
	}
	if ch.Timezone != nil {
		_, err := valid.Zone("timezone", *ch.Timezone)
		errs.From(err)
		next.Timezone = *ch.Timezone
	}
	if ch.Workdays != nil {
		wd, err := valid.Workdays("workdays", *ch.Workdays)
		errs.From(err)
		next.Workdays = wd
	}
	if ch.DailyTargetMinutes != nil {
		errs.From(valid.Minutes("daily_target_minutes", *ch.DailyTargetMinutes))
		next.DailyTargetMinutes = *ch.DailyTargetMinutes
	}
	if ch.ReminderTime != nil {
		if r := *ch.ReminderTime; r != nil {
			errs.From(valid.ReminderTime("reminder_time", *r))
		}
		next.ReminderTime = *ch.ReminderTime
	}
	var newHash string
	if ch.Password != nil {
		if err := valid.Password("password", *ch.Password); err != nil {
			errs.From(err)
		} else if ch.CurrentPassword == nil {
			errs.Add("current_password", "must be your current password")
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if ch.Password != nil {
		if err := s.CheckCurrentPassword(ctx, u, *ch.CurrentPassword, ch.ClientIP); err != nil {
			return nil, err
		}
		h, err := s.Hash(ctx, *ch.Password)
		if err != nil {
			return nil, err
		}
		newHash = h
	}
	scoringChange := next.Timezone != u.Timezone || next.Workdays != u.Workdays || next.DailyTargetMinutes != u.DailyTargetMinutes
	return &ProfileUpdate{ChangesScoring: scoringChange, user: *u, next: next, ch: ch, newHash: newHash}, nil
}

// SaveProfile saves a prepared change.
func (s *Accounts) SaveProfile(ctx context.Context, p *ProfileUpdate) (*User, error) {
	u, next, ch, newHash, scoringChange := &p.user, p.next, p.ch, p.newHash, p.ChangesScoring
	next.UpdatedAt = s.Now()
	if newHash != "" {
		next.PasswordHash = newHash
	}
	err := s.db.Engine(ctx).Transaction(func(tx *gorm.DB) error {
		// Read the row again under the writer (and its lock on PostgreSQL)
		// and write only the fields the change names: a concurrent change
		// of other fields stays.
		cur, err := s.lockedUser(tx, u.ID)
		if err != nil {
			return err
		}
		if ch.IfVersion != nil && !slices.Contains(ch.IfVersion, cur.ProfileVersion()) {
			return &store.ConflictError{Reason: "your profile changed since you read it; load it again and redo your change"}
		}
		if newHash != "" && cur.PasswordHash != u.PasswordHash {
			return &store.ConflictError{Reason: "your password changed meanwhile; sign in again and retry"}
		}
		out, cols := cur.withProfile(&next, ch, newHash != "")
		if !scoringChange && (out.Timezone != cur.Timezone || out.Workdays != cur.Workdays || out.DailyTargetMinutes != cur.DailyTargetMinutes) {
			return &store.ConflictError{Reason: "your settings changed meanwhile; load them again and retry"}
		}
		if err := tx.Model(out).Select(cols).Updates(out).Error; err != nil {
			return err
		}
		next = *out
		if newHash != "" {
			// A reset link sent for a forgotten password is over too.
			if err := expireResets(tx, u.ID, s.Now()); err != nil {
				return err
			}
			return s.endSessions(tx, u.ID, ch.Session)
		}
		return nil
	})
	s.users.Drop(u.ID)
	if err != nil {
		return nil, err
	}
	return &next, nil
}
