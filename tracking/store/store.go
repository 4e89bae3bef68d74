// Package store is what every part of tracking is built on: the errors
// its store functions return (the API maps each to one HTTP status), row
// ids, the secrets handed out once and kept only as hashes, and version
// tags.
package store

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// NewID is a new row id: time-ordered, so rows made together sit together
// in an index.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// RandomToken returns a URL-safe secret with the given prefix.
func RandomToken(prefix string) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the OS entropy source failing is not recoverable
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// HashToken hashes a high-entropy secret for storage; such secrets need no
// slow hash, and a fast one lets lookups use an index.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NotFound is gorm's "no row" as ErrNotFound, any other error as it is.
func NotFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ErrNotFound
	}
	return err
}

// Version hashes fields into a short version tag (an ETag): the length of
// each goes in first, so that no two lists of fields hash alike.
func Version(fields ...string) string {
	h := sha256.New()
	for _, f := range fields {
		h.Write([]byte(strconv.Itoa(len(f))))
		h.Write([]byte{':'})
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}
