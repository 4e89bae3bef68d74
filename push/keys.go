package push

import (
	"crypto/ecdh"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/SherClockHolmes/webpush-go"
)

// Keys are the server's VAPID key pair (RFC 8292), base64url without
// padding: browsers subscribe to the public key, and a push service takes
// only messages signed with its private key.
type Keys struct {
	Public  string
	Private string
}

// KeyFile is the file in the data dir that keeps the private key.
const KeyFile = "vapid-private-key"

// ErrBadKey is a private key that is not a P-256 scalar in base64url.
var ErrBadKey = errors.New("must be a P-256 private key in base64url (43 characters)")

// KeysFrom derives the pair from a private key.
func KeysFrom(private string) (Keys, error) {
	private = strings.TrimSpace(private)
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(private, "="))
	if err != nil || len(raw) != 32 {
		return Keys{}, ErrBadKey
	}
	k, err := ecdh.P256().NewPrivateKey(raw)
	if err != nil {
		return Keys{}, ErrBadKey
	}
	return Keys{Public: base64.RawURLEncoding.EncodeToString(k.PublicKey().Bytes()),
		Private: base64.RawURLEncoding.EncodeToString(raw)}, nil
}

// LoadKeys reads the pair kept in dataDir, or makes one and keeps it
// there (0600), once: subscriptions are made to the public key and die
// with it.
func LoadKeys(dataDir string) (Keys, error) {
	path := filepath.Join(dataDir, KeyFile)
	if b, err := os.ReadFile(path); err == nil {
		k, err := KeysFrom(string(b))
		if err != nil {
			return Keys{}, fmt.Errorf("%s %w; delete it to generate a new one (every device then subscribes again)", path, err)
		}
		return k, nil
	}
	private, _, err := webpush.GenerateVAPIDKeys()
	if err != nil {
		return Keys{}, err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return Keys{}, fmt.Errorf("cannot create data dir %s: %w", dataDir, err)
	}
	if err := os.WriteFile(path, []byte(private+"\n"), 0o600); err != nil {
		return Keys{}, fmt.Errorf("cannot write %s: %w", path, err)
	}
	return KeysFrom(private)
}
