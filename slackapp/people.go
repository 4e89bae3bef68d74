package slackapp

import (
	"context"
	"errors"
	"time"

	"github.com/slack-go/slack"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/store"
)

// Who a Slack user is in timestreak: the person their Slack account is
// linked to. An account is linked by email, when Slack holds the person's
// timestreak email for it (users.info for someone who writes to the app,
// users.lookupByEmail for someone the app writes to), or by a one-time
// link the app sends (links.go). A person who unlinks is never linked by
// email again, only by a link they open themselves.

var (
	errNotLinked   = errors.New("slack: this Slack account is not linked to a person")
	errDeactivated = errors.New("slack: the linked person is deactivated")
)

// person is the active person a Slack user is, linking them by the email
// Slack holds for them when they are not linked yet.
func (a *App) person(ctx context.Context, teamID, slackUserID string) (*auth.User, error) {
	var acc account
	err := a.db.R.WithContext(ctx).Where("slack_team_id = ? AND slack_user_id = ?", teamID, slackUserID).Take(&acc).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return a.linkByProfile(ctx, teamID, slackUserID)
	}
	if err != nil {
		return nil, err
	}
	u, err := a.tr.User(ctx, acc.UserID)
	if err != nil {
		return nil, err
	}
	if !u.Active {
		return nil, errDeactivated
	}
	if stale(acc, u) {
		if err := a.dropLink(ctx, acc); err != nil {
			return nil, err
		}
		return nil, errNotLinked
	}
	return u, nil
}

// stale: a link that no longer stands for the person. One made with a
// one-time link ends with the person's sessions (a password change or
// reset, a deactivation: whoever opened it while signed in as them may
// not have been them); one made by email needs an email someone vouched
// for.
func stale(acc account, u *auth.User) bool {
	switch acc.Via {
	case viaLink:
		return acc.LinkedAt != nil && u.SessionsEndedAt != nil && !acc.LinkedAt.After(*u.SessionsEndedAt)
	case viaEmail:
		return !u.EmailVerified
	}
	return false
}

// dropLink forgets a stale link; the person may link again.
func (a *App) dropLink(ctx context.Context, acc account) error {
	return a.db.W.WithContext(ctx).Model(&account{}).Where("user_id = ? AND slack_user_id = ?", acc.UserID, acc.SlackUserID).
		Updates(map[string]any{"slack_team_id": "", "slack_user_id": "", "via": "", "linked_at": nil}).Error
}

// linkByProfile links a Slack user nobody is linked to yet to the person
// whose email Slack holds for them (users.info, with users:read.email).
func (a *App) linkByProfile(ctx context.Context, teamID, slackUserID string) (*auth.User, error) {
	su, err := a.api.GetUserInfoContext(ctx, slackUserID)
	var refused slack.SlackErrorResponse
	if errors.As(err, &refused) {
		if refused.Err != "user_not_found" {
			// The person is offered a link; the operator learns why.
			a.log.Warn("slack: users.info refused; is users:read.email granted?", "error", refused.Err)
		}
		return nil, errNotLinked
	}
	if err != nil {
		return nil, err
	}
	if !linkable(su) {
		return nil, errNotLinked
	}
	u, err := a.tr.UserByEmail(ctx, su.Profile.Email)
	if errors.Is(err, store.ErrNotFound) || err == nil && !u.EmailVerified {
		return nil, errNotLinked
	}
	if err != nil {
		return nil, err
	}
	if !u.Active {
		return nil, errDeactivated
	}
	ok, err := a.link(ctx, u, teamID, slackUserID, viaEmail)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errNotLinked
	}
	return u, nil
}

// linkable: a Slack member whose email stands for them: not deleted, not
// a bot, not someone from another organisation (Slack Connect).
func linkable(su *slack.User) bool {
	return su != nil && !su.Deleted && !su.IsBot && !su.IsStranger && su.Profile.Email != ""
}

// slackAccountOf is the Slack account a person is linked to; found is
// false when none is, and then the person is looked up by email
// (users.lookupByEmail) unless they unlinked or were looked up in the
// last day.
func (a *App) slackAccountOf(ctx context.Context, u *auth.User) (acc account, found bool, err error) {
	err = a.db.R.WithContext(ctx).Where("user_id = ?", u.ID).Take(&acc).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return acc, false, err
	}
	if acc.SlackUserID != "" && !stale(acc, u) {
		return acc, true, nil
	}
	if acc.SlackUserID != "" {
		if err := a.dropLink(ctx, acc); err != nil {
			return acc, false, err
		}
		acc.SlackTeamID, acc.SlackUserID, acc.Via, acc.LinkedAt = "", "", "", nil
	}
	now := a.clock.Now().UTC()
	if acc.Unlinked || !u.EmailVerified || (acc.LookedUpAt != nil && now.Sub(*acc.LookedUpAt) < lookupAgainAfter) {
		return acc, false, nil
	}
	su, err := a.api.GetUserByEmailContext(ctx, u.Email)
	var refused slack.SlackErrorResponse
	switch {
	case errors.As(err, &refused) && refused.Err == "users_not_found":
		su = nil
	case err != nil:
		return acc, false, err
	}
	if linkable(su) {
		ok, err := a.link(ctx, u, su.TeamID, su.ID, viaEmail)
		if err != nil || ok {
			return account{UserID: u.ID, SlackTeamID: su.TeamID, SlackUserID: su.ID, Via: viaEmail}, ok, err
		}
	}
	err = a.db.W.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "user_id"}},
		DoUpdates: clause.Assignments(map[string]any{"looked_up_at": now})}).
		Create(&account{UserID: u.ID, LookedUpAt: &now}).Error
	return acc, false, err
}

// lookupAgainAfter: a person Slack did not know by email is looked up
// again a day later at the soonest.
const lookupAgainAfter = 24 * time.Hour

// link links a person to a Slack account; ok is false when the account
// is another person's, or, by email, when the person unlinked Slack or is
// linked to another account. A link the person opened replaces their
// earlier one.
func (a *App) link(ctx context.Context, u *auth.User, teamID, slackUserID, via string) (ok bool, err error) {
	err = a.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		ok, err = a.linkIn(tx, u, teamID, slackUserID, via)
		return err
	})
	return ok, err
}

// linkIn is link inside a transaction. The unique index on the Slack
// account is the last guard against two people on one account.
func (a *App) linkIn(tx *gorm.DB, u *auth.User, teamID, slackUserID, via string) (bool, error) {
	var cur account
	err := tx.Where("user_id = ?", u.ID).Take(&cur).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return false, err
	}
	if via == viaEmail && (cur.Unlinked || cur.SlackUserID != "") {
		return false, nil
	}
	var taken int64
	if err := tx.Model(&account{}).Where("slack_team_id = ? AND slack_user_id = ? AND user_id <> ?", teamID, slackUserID, u.ID).
		Count(&taken).Error; err != nil || taken > 0 {
		return false, err
	}
	now := a.clock.Now().UTC()
	return true, tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&account{UserID: u.ID, SlackTeamID: teamID,
		SlackUserID: slackUserID, Via: via, LinkedAt: &now, LookedUpAt: cur.LookedUpAt}).Error
}

// Status is a person's Slack link as GET /me/integrations/slack shows it.
type Status struct {
	Linked      bool       `json:"linked"`
	SlackTeamID *string    `json:"slack_team_id"`
	SlackUserID *string    `json:"slack_user_id"`
	Via         *string    `json:"via"` // email or link
	LinkedAt    *time.Time `json:"linked_at"`
}

// StatusOf is the person's Slack link.
func (a *App) StatusOf(ctx context.Context, u *auth.User) (*Status, error) {
	var acc account
	err := a.db.R.WithContext(ctx).Where("user_id = ? AND slack_user_id <> ''", u.ID).Take(&acc).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return &Status{}, nil
	}
	if err != nil {
		return nil, err
	}
	return &Status{Linked: true, SlackTeamID: &acc.SlackTeamID, SlackUserID: &acc.SlackUserID, Via: &acc.Via, LinkedAt: acc.LinkedAt}, nil
}

// Unlink ends the person's Slack link, and keeps them from being linked
// by email again: only a one-time link they open links them again.
func (a *App) Unlink(ctx context.Context, u *auth.User) error {
	return a.db.W.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "user_id"}},
		DoUpdates: clause.Assignments(map[string]any{"slack_team_id": "", "slack_user_id": "", "via": "", "linked_at": nil, "unlinked": true})}).
		Create(&account{UserID: u.ID, Unlinked: true}).Error
}
