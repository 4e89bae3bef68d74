package auth

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/tracking/store"
)

// SignInFlowTTL is how long a sign-in with the identity provider may take
// from its start to the provider's answer.
const SignInFlowTTL = 10 * time.Minute

// SignInFlow is one sign-in with the identity provider between its start
// and the provider's answer. Only the state's hash is kept: the state
// itself travels through the browser, in the URL and a cookie.
type SignInFlow struct {
	ID          string
	StateHash   string
	Verifier    string // the PKCE code verifier
	Nonce       string // the ID token must carry it back
	RedirectURL string // the redirect_uri sent at the start; the code exchange repeats it
	InviteHash  string // the invite the person came with ("" for none)
	Timezone    string // the device's zone, for an account made on the way
	ExpiresAt   time.Time
	UsedAt      *time.Time
	CreatedAt   time.Time
}

// TableName keeps gorm from guessing.
func (SignInFlow) TableName() string { return "oidc_flows" }

// NewSignInFlow is what starting a sign-in keeps.
type NewSignInFlow struct {
	State, Verifier, Nonce, RedirectURL, InviteCode, Timezone string
}

// errFlowUnusable answers every state that cannot be used, without saying
// which of unknown, used or expired it is.
var errFlowUnusable = &store.ForbiddenError{Reason: "this sign-in was not started in this browser, was already used or has expired; start again"}

// SaveSignInFlow keeps a flow for SignInFlowTTL.
func (s *Accounts) SaveSignInFlow(ctx context.Context, in NewSignInFlow) error {
	now := s.Now()
	f := &SignInFlow{ID: store.NewID(), StateHash: store.HashToken(in.State), Verifier: in.Verifier, Nonce: in.Nonce,
		RedirectURL: in.RedirectURL, Timezone: in.Timezone, ExpiresAt: now.Add(SignInFlowTTL), CreatedAt: now}
	if in.InviteCode != "" {
		f.InviteHash = store.HashToken(in.InviteCode)
	}
	return s.db.Engine(ctx).Create(f).Error
}

// TakeSignInFlow uses up the flow of a state: a second answer with the
// same state (a replayed code) finds nothing.
func (s *Accounts) TakeSignInFlow(ctx context.Context, state string) (*SignInFlow, error) {
	var f SignInFlow
	err := s.db.Engine(ctx).Transaction(func(tx *gorm.DB) error {
		now := s.Now()
		res := tx.Model(&SignInFlow{}).Where("state_hash = ? AND used_at IS NULL AND expires_at > ?", store.HashToken(state), now).
			Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return errFlowUnusable
		}
		return tx.Where("state_hash = ?", store.HashToken(state)).Take(&f).Error
	})
	if err != nil {
		return nil, err
	}
	return &f, nil
}
