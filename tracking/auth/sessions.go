package auth

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/tracking/store"
)

// A session is one refresh-token family: it starts at sign-in, each
// refresh rotates its token, and it ends when revoked. Its id (the family
// id) travels in the access tokens it issues, with the user's token
// generation: ending sessions moves the generation (users.token_gen), so
// the access tokens issued before stop working at once, on every replica
// within the user cache's second. Sessions that did not end get a new
// access token with their refresh token.

// RefreshGrace is how long a rotated refresh token, presented again, gets
// the same successor instead of revoking its family: an answer lost on the
// way is not theft.
const RefreshGrace = 30 * time.Second

// Session is a user's signed-in state after sign-in or refresh.
type Session struct {
	User     *User
	ID       string    // the refresh-token family
	Refresh  string    // the refresh token to use next
	IssuedAt time.Time // when Refresh was issued: the access token's "issued at"
}

// StartSession issues the first refresh token of a new session.
func (s *Accounts) StartSession(ctx context.Context, u *User) (*Session, error) {
	rt, token, err := s.issueRefresh(s.db.Engine(ctx), u.ID, "")
	if err != nil {
		return nil, err
	}
	return &Session{User: u, ID: rt.FamilyID, Refresh: token, IssuedAt: rt.CreatedAt}, nil
}

func (s *Accounts) issueRefresh(tx *gorm.DB, userID, familyID string) (*RefreshToken, string, error) {
	if familyID == "" {
		familyID = store.NewID()
	}
	now := s.Now()
	token := store.RandomToken("rt_")
	rt := &RefreshToken{ID: store.NewID(), UserID: userID, FamilyID: familyID, TokenHash: store.HashToken(token),
		ExpiresAt: now.Add(RefreshTTL), CreatedAt: now}
	return rt, token, tx.Create(rt).Error
}

// Rotate trades a refresh token for the next of its family. A token rotated
// less than RefreshGrace ago answers the successor it was given; one rotated
// earlier revokes the whole family (someone has a copy). Only an unknown,
// expired, revoked or reused token is store.ErrUnauthorized; a database failure
// is returned as it is.
func (s *Accounts) Rotate(ctx context.Context, token string) (*Session, error) {
	var (
		out    *Session
		reused *RefreshToken
	)
	err := s.db.Engine(ctx).Transaction(func(tx *gorm.DB) error {
		out, reused = nil, nil
		for attempt := 0; ; attempt++ {
			var rt RefreshToken
			if err := tx.Where("token_hash = ?", store.HashToken(token)).Take(&rt).Error; err != nil {
				if errors.Is(err, gorm.ErrRecordNotFound) {
					return store.ErrUnauthorized
				}
				return err
			}
			now := s.Now()
			if rt.RevokedAt != nil || !now.Before(rt.ExpiresAt) {
				return store.ErrUnauthorized
			}
			if rt.UsedAt != nil {
				if now.Sub(*rt.UsedAt) <= RefreshGrace && rt.NextID != nil {
					var err error
					out, err = s.successor(tx, &rt, token)
					return err
				}
				reused = &rt
				return s.revokeFamily(tx, rt.UserID, rt.FamilyID)
			}
			res := tx.Model(&RefreshToken{}).Where("id = ? AND used_at IS NULL", rt.ID).Update("used_at", now)
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected != 1 {
				if attempt == 0 { // a parallel rotation won: answer what it issued
					continue
				}
				return store.ErrUnauthorized
			}
			u, err := s.activeUser(tx, rt.UserID)
			if err != nil {
				return err
			}
			next, secret, err := s.issueRefresh(tx, u.ID, rt.FamilyID)
			if err != nil {
				return err
			}
			sealed, err := seal(token, secret)
			if err != nil {
				return err
			}
			if err := tx.Model(&RefreshToken{}).Where("id = ?", rt.ID).
				Updates(map[string]any{"next_id": next.ID, "next_sealed": sealed}).Error; err != nil {
				return err
			}
			out = &Session{User: u, ID: rt.FamilyID, Refresh: secret, IssuedAt: next.CreatedAt}
			return nil
		}
	})
	if err != nil {
		return nil, err
	}
	if reused != nil {
		s.users.Drop(reused.UserID)
		return nil, store.ErrUnauthorized
	}
	return out, nil
}

// successor answers again the pair a rotation of rt issued.
func (s *Accounts) successor(tx *gorm.DB, rt *RefreshToken, token string) (*Session, error) {
	secret, err := unseal(token, rt.NextSealed)
	if err != nil {
		return nil, err
	}
	var next RefreshToken
	if err := tx.Where("id = ?", *rt.NextID).Take(&next).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, store.ErrUnauthorized
		}
		return nil, err
	}
	if next.RevokedAt != nil || !s.Now().Before(next.ExpiresAt) {
		return nil, store.ErrUnauthorized
	}
	u, err := s.activeUser(tx, rt.UserID)
	if err != nil {
		return nil, err
	}
	return &Session{User: u, ID: rt.FamilyID, Refresh: secret, IssuedAt: next.CreatedAt}, nil
}

// activeUser loads a session's user; a missing or deactivated one is
// store.ErrUnauthorized.
func (s *Accounts) activeUser(tx *gorm.DB, id string) (*User, error) {
	var u User
	if err := tx.Where("id = ?", id).Take(&u).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, store.ErrUnauthorized
		}
		return nil, err
	}
	if !u.Active {
		return nil, store.ErrUnauthorized
	}
	return &u, nil
}

// revokeFamily ends one session: its refresh tokens, and (through the
// generation) every access token of the user. The caller drops the user
// from the cache once the transaction committed.
func (s *Accounts) revokeFamily(tx *gorm.DB, userID, familyID string) error {
	if err := tx.Model(&RefreshToken{}).Where("family_id = ? AND revoked_at IS NULL", familyID).
		Update("revoked_at", s.Now()).Error; err != nil {
		return err
	}
	return bumpTokenGen(tx, userID)
}

func bumpTokenGen(tx *gorm.DB, userID string) error {
	return tx.Model(&User{}).Where("id = ?", userID).UpdateColumn("token_gen", gorm.Expr("token_gen + 1")).Error
}

// Logout ends the session sessionID (the one the access token belongs to)
// and the one the refresh token belongs to, if it is the user's. Access
// tokens issued before stop working; the user's other sessions keep their
// refresh tokens and get new access tokens with them. Logging out twice, or
// with a stale refresh token, is not an error.
func (s *Accounts) Logout(ctx context.Context, userID, sessionID, refresh string) error {
	err := s.db.Engine(ctx).Transaction(func(tx *gorm.DB) error {
		families := []string{}
		if sessionID != "" {
			families = append(families, sessionID)
		}
		if refresh != "" {
			var rts []RefreshToken
			if err := tx.Where("token_hash = ? AND user_id = ?", store.HashToken(refresh), userID).Limit(1).Find(&rts).Error; err != nil {
				return err
			}
			for _, rt := range rts {
				families = append(families, rt.FamilyID)
			}
		}
		if len(families) > 0 {
			if err := tx.Model(&RefreshToken{}).Where("user_id = ? AND family_id IN ? AND revoked_at IS NULL", userID, families).
				Update("revoked_at", s.Now()).Error; err != nil {
				return err
			}
		}
		return bumpTokenGen(tx, userID)
	})
	s.users.Drop(userID)
	return err
}

// endSessions ends every session of the user but keep (a session id, or
// ""), and every personal token: after a password change or a
// deactivation. It runs inside the caller's transaction; the caller drops
// the user from the cache after it committed.
func (s *Accounts) endSessions(tx *gorm.DB, userID, keep string) error {
	q := tx.Model(&RefreshToken{}).Where("user_id = ? AND revoked_at IS NULL", userID)
	if keep != "" {
		q = q.Where("family_id <> ?", keep)
	}
	if err := q.Update("revoked_at", s.Now()).Error; err != nil {
		return err
	}
	if err := tx.Where("user_id = ?", userID).Delete(&APIToken{}).Error; err != nil {
		return err
	}
	if err := tx.Model(&User{}).Where("id = ?", userID).UpdateColumn("sessions_ended_at", s.Now()).Error; err != nil {
		return err
	}
	return bumpTokenGen(tx, userID)
}

// seal encrypts a successor refresh token under a key derived from the
// token it replaced: only whoever presents that token again can read it.
func seal(key, secret string) ([]byte, error) {
	aead, err := successorCipher(key)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return aead.Seal(nonce, nonce, []byte(secret), nil), nil
}

func unseal(key string, sealed []byte) (string, error) {
	aead, err := successorCipher(key)
	if err != nil {
		return "", err
	}
	if len(sealed) < aead.NonceSize() {
		return "", store.ErrUnauthorized
	}
	plain, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], nil)
	if err != nil {
		return "", store.ErrUnauthorized
	}
	return string(plain), nil
}

func successorCipher(token string) (cipher.AEAD, error) {
	k := sha256.Sum256([]byte("timestreak refresh successor|" + token))
	block, err := aes.NewCipher(k[:])
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
