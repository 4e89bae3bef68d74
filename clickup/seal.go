package clickup

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"

	"golang.org/x/crypto/hkdf"
)

// sealer encrypts secrets at rest with AES-256-GCM under a key derived by
// HKDF-SHA256 from the server secret; changing that secret makes the stored
// token unreadable, and the admin connects again.
type sealer struct{ aead cipher.AEAD }

const sealInfo = "timestreak clickup token v1"

func newSealer(serverSecret []byte) (*sealer, error) {
	if len(serverSecret) == 0 {
		return nil, errors.New("clickup: no server secret to derive the token key from")
	}
	key := make([]byte, 32)
	if _, err := io.ReadFull(hkdf.New(sha256.New, serverSecret, nil, []byte(sealInfo)), key); err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &sealer{aead: aead}, nil
}

// seal returns base64(nonce ‖ ciphertext); "" stays "".
func (s *sealer) seal(plain string) string {
	if plain == "" {
		return ""
	}
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(err) // the OS entropy source failing is not recoverable
	}
	return base64.StdEncoding.EncodeToString(s.aead.Seal(nonce, nonce, []byte(plain), []byte(sealInfo)))
}

// errUnsealable means the stored secret was sealed under another key.
var errUnsealable = errors.New("clickup: the stored token cannot be decrypted (was the server secret changed?); connect ClickUp again")

func (s *sealer) open(sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	b, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil || len(b) < s.aead.NonceSize() {
		return "", errUnsealable
	}
	plain, err := s.aead.Open(nil, b[:s.aead.NonceSize()], b[s.aead.NonceSize():], []byte(sealInfo))
	if err != nil {
		return "", errUnsealable
	}
	return string(plain), nil
}
