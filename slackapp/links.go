package slackapp

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/store"
)

// One-time links: a Slack user timestreak cannot match by email is sent,
// privately, a link to the web app that works once, for linkTTL. Whoever
// opens it signed in, and confirms after seeing which Slack user asked,
// is linked to that Slack user. Codes are kept as their SHA-256 only.

const linkTTL = 15 * time.Minute

// LinkPath is where a one-time link opens the web app.
const LinkPath = "/slack/link"

func hashCode(code string) string {
	sum := sha256.Sum256([]byte(code))
	return hex.EncodeToString(sum[:])
}

// newLink makes a one-time link for a Slack user (their earlier ones stop
// working) on the site Slack reached this server at.
func (a *App) newLink(ctx context.Context, site, teamID, slackUserID, slackUserName string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	code := base64.RawURLEncoding.EncodeToString(b)
	now := a.clock.Now().UTC()
	name, err := valid.Name("slack_user_name", slackUserName, valid.MaxNameChars)
	if err != nil || name == "" {
		name = slackUserID
	}
	err = a.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("(slack_team_id = ? AND slack_user_id = ?) OR expires_at <= ?", teamID, slackUserID, now).
			Delete(&linkCode{}).Error; err != nil {
			return err
		}
		return tx.Create(&linkCode{CodeHash: hashCode(code), SlackTeamID: teamID, SlackUserID: slackUserID,
			SlackUserName: name, ExpiresAt: now.Add(linkTTL)}).Error
	})
	if err != nil {
		return "", err
	}
	// The code goes in the fragment, which browsers never send: no server
	// or proxy log holds it.
	return strings.TrimSuffix(site, "/") + LinkPath + "#" + url.Values{"code": {code}}.Encode(), nil
}

// LinkPreview is who a one-time link would link, for the web app to ask
// before it does.
type LinkPreview struct {
	SlackUserName string    `json:"slack_user_name"`
	ExpiresAt     time.Time `json:"expires_at"`
}

var errBadCode = valid.Invalid("code", "this link is unknown, used or expired: type /timestreak link in Slack for a new one")

func (a *App) usableCode(db *gorm.DB, code string) (*linkCode, error) {
	code = strings.TrimSpace(code)
	if code == "" || valid.Longer(code, valid.MaxCodeChars) {
		return nil, errBadCode
	}
	var lc linkCode
	err := db.Where("code_hash = ? AND expires_at > ?", hashCode(code), a.clock.Now().UTC()).Take(&lc).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, errBadCode
	}
	return &lc, err
}

// PreviewLink says which Slack user a one-time link is for.
func (a *App) PreviewLink(ctx context.Context, code string) (*LinkPreview, error) {
	lc, err := a.usableCode(a.db.R.WithContext(ctx), code)
	if err != nil {
		return nil, err
	}
	return &LinkPreview{SlackUserName: lc.SlackUserName, ExpiresAt: lc.ExpiresAt}, nil
}

// RedeemLink links the person to the Slack user the one-time link was
// made for, and spends the link. A Slack account already linked to
// someone else is a conflict: they unlink first.
func (a *App) RedeemLink(ctx context.Context, u *auth.User, code string) (*Status, error) {
	err := a.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		lc, err := a.usableCode(tx, code)
		if err != nil {
			return err
		}
		res := tx.Where("code_hash = ?", lc.CodeHash).Delete(&linkCode{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return errBadCode // spent by a concurrent request
		}
		ok, err := a.linkIn(tx, u, lc.SlackTeamID, lc.SlackUserID, viaLink)
		if err == nil && !ok {
			err = &store.ConflictError{Reason: "this Slack account is linked to another person: they unlink it first (/timestreak unlink in Slack)"}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return a.StatusOf(ctx, u)
}
