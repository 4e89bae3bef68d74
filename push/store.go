package push

import (
	"context"
	"crypto/ecdh"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/store"
)

// Subscription is one device's push subscription. The endpoint and the
// keys never leave the server: the API shows the push service's host.
type Subscription struct {
	ID           string     `json:"id"`
	UserID       string     `json:"-"`
	Endpoint     string     `json:"-"`
	EndpointHash string     `json:"-"`
	P256dh       string     `json:"-"`
	Auth         string     `json:"-"`
	Service      string     `json:"service" gorm:"-"`
	CreatedAt    time.Time  `json:"created_at"`
	LastSentAt   *time.Time `json:"last_sent_at"`
}

// TableName keeps gorm from guessing.
func (Subscription) TableName() string { return "push_subscriptions" }

// MaxDevices is how many subscriptions a person keeps; a new one beyond
// it replaces their oldest.
const MaxDevices = 20

// NewSubscription is a browser's PushSubscription as it serialises it.
type NewSubscription struct {
	Endpoint string
	P256dh   string // the device's P-256 public key, base64url
	Auth     string // the device's 16-byte authentication secret, base64url
}

// decodeKey reads a key as browsers write it (base64url, padded or not).
func decodeKey(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

func (in NewSubscription) validate() error {
	u, err := url.Parse(in.Endpoint)
	switch {
	case valid.Longer(in.Endpoint, valid.MaxURLChars) || err != nil || u.Scheme != "https" || u.Hostname() == "" || u.User != nil:
		return valid.Invalid("endpoint", "must be the push service's https URL the browser gave")
	}
	if k, err := decodeKey(in.P256dh); err != nil || valid.Longer(in.P256dh, valid.MaxKeyChars) {
		return valid.Invalid("keys.p256dh", "must be the browser's P-256 public key in base64url")
	} else if _, err := ecdh.P256().NewPublicKey(k); err != nil {
		return valid.Invalid("keys.p256dh", "must be the browser's P-256 public key in base64url")
	}
	if k, err := decodeKey(in.Auth); err != nil || len(k) != 16 {
		return valid.Invalid("keys.auth", "must be the browser's 16-byte secret in base64url")
	}
	return nil
}

func hashEndpoint(endpoint string) string {
	sum := sha256.Sum256([]byte(endpoint))
	return hex.EncodeToString(sum[:])
}

func withService(s Subscription) Subscription {
	if u, err := url.Parse(s.Endpoint); err == nil {
		s.Service = u.Hostname()
	}
	return s
}

// Subscribe keeps a device's subscription for userID. The same endpoint
// again updates it (created is false); an endpoint another person had (a
// shared device that changed hands) becomes this person's.
func (s *Service) Subscribe(ctx context.Context, userID string, in NewSubscription) (sub Subscription, created bool, err error) {
	if err := in.validate(); err != nil {
		return Subscription{}, false, err
	}
	now := s.clock.Now().UTC()
	hash := hashEndpoint(in.Endpoint)
	err = s.db.W.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var old []Subscription
		if err := tx.Where("endpoint_hash = ?", hash).Limit(1).Find(&old).Error; err != nil {
			return err
		}
		if len(old) == 1 {
			sub, created = old[0], false
			sub.UserID, sub.P256dh, sub.Auth = userID, in.P256dh, in.Auth
			return tx.Model(&Subscription{}).Where("id = ?", sub.ID).
				Updates(map[string]any{"user_id": userID, "p256dh": in.P256dh, "auth": in.Auth}).Error
		}
		sub = Subscription{ID: uuid.Must(uuid.NewV7()).String(), UserID: userID, Endpoint: in.Endpoint, EndpointHash: hash,
			P256dh: in.P256dh, Auth: in.Auth, CreatedAt: now}
		created = true
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&sub)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 { // the same device subscribed at the same moment
			return tx.Where("endpoint_hash = ?", hash).Take(&sub).Error
		}
		var ids []string
		if err := tx.Model(&Subscription{}).Where("user_id = ?", userID).Order("created_at DESC, id DESC").
			Offset(MaxDevices).Pluck("id", &ids).Error; err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		return tx.Where("id IN ?", ids).Delete(&Subscription{}).Error
	})
	return withService(sub), created, err
}

// Subscriptions lists a person's devices, newest first.
func (s *Service) Subscriptions(ctx context.Context, userID string) ([]Subscription, error) {
	subs := []Subscription{}
	if err := s.db.R.WithContext(ctx).Where("user_id = ?", userID).Order("created_at DESC, id DESC").Find(&subs).Error; err != nil {
		return nil, err
	}
	for i := range subs {
		subs[i] = withService(subs[i])
	}
	return subs, nil
}

// Unsubscribe forgets one of the person's devices; another person's is
// not found.
func (s *Service) Unsubscribe(ctx context.Context, userID, id string) error {
	res := s.db.W.WithContext(ctx).Where("id = ? AND user_id = ?", id, userID).Delete(&Subscription{})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return nil
}

// forget deletes a subscription the push service says is gone.
func (s *Service) forget(ctx context.Context, id string) error {
	return s.db.W.WithContext(ctx).Where("id = ?", id).Delete(&Subscription{}).Error
}

func (s *Service) sent(ctx context.Context, id string) error {
	err := s.db.W.WithContext(ctx).Model(&Subscription{}).Where("id = ?", id).Update("last_sent_at", s.clock.Now().UTC()).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil
	}
	return err
}
