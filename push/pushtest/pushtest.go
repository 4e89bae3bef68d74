// Package pushtest is a push service for tests (RFC 8030): devices
// subscribe with their own keys, and every message sent to them is checked
// as a real push service and browser would (the VAPID signature of RFC
// 8292) and decrypted as the browser does (RFC 8291, aes128gcm), so a test
// reads what the person's phone would show.
package pushtest

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Service is a running push service.
type Service struct {
	*httptest.Server
	t testing.TB

	mu       sync.Mutex
	devices  map[string]*Device // by endpoint path
	received []Received
}

// Device is a browser that subscribed: its keys stay here, as in a browser.
type Device struct {
	Endpoint string
	key      *ecdh.PrivateKey
	auth     []byte
	// Answer is what the service answers messages for this device (201 by
	// default; 410 when the person unsubscribed in the browser).
	Answer int
}

// Received is one message as the device read it.
type Received struct {
	Device  *Device
	Payload []byte // decrypted
	Header  http.Header
	VAPID   string // the public key the message was signed with
	Err     error  // why the message could not be read or trusted
}

// Start runs a push service over TLS until the test ends. Client trusts it.
func Start(t testing.TB) *Service {
	t.Helper()
	s := &Service{t: t, devices: map[string]*Device{}}
	s.Server = httptest.NewTLSServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// NewDevice subscribes a new browser.
func (s *Service) NewDevice() *Device {
	s.t.Helper()
	key, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		s.t.Fatal(err)
	}
	d := &Device{key: key, auth: make([]byte, 16), Answer: http.StatusCreated}
	_, _ = rand.Read(d.auth)
	path := "/push/" + base64.RawURLEncoding.EncodeToString(d.auth)
	d.Endpoint = s.URL + path
	s.mu.Lock()
	s.devices[path] = d
	s.mu.Unlock()
	return d
}

// Subscription is the device's PushSubscription.toJSON(), as the web app
// posts it.
func (d *Device) Subscription() map[string]any {
	return map[string]any{"endpoint": d.Endpoint, "expirationTime": nil, "keys": map[string]string{
		"p256dh": base64.RawURLEncoding.EncodeToString(d.key.PublicKey().Bytes()),
		"auth":   base64.RawURLEncoding.EncodeToString(d.auth)}}
}

// Received is every message sent so far.
func (s *Service) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

func (s *Service) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	d := s.devices[r.URL.Path]
	s.mu.Unlock()
	if d == nil || r.Method != http.MethodPost {
		http.NotFound(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	rc := Received{Device: d, Header: r.Header.Clone()}
	rc.VAPID, rc.Err = checkVAPID(r, "https://"+r.Host)
	if rc.Err == nil {
		if r.Header.Get("Content-Encoding") != "aes128gcm" {
			rc.Err = fmt.Errorf("Content-Encoding %q, want aes128gcm", r.Header.Get("Content-Encoding"))
		} else {
			rc.Payload, rc.Err = d.decrypt(body)
		}
	}
	s.mu.Lock()
	s.received = append(s.received, rc)
	s.mu.Unlock()
	if rc.Err != nil {
		http.Error(w, rc.Err.Error(), http.StatusBadRequest)
		return
	}
	w.WriteHeader(d.Answer)
}

// checkVAPID verifies the Authorization header of RFC 8292: "vapid t=JWT,
// k=KEY", the JWT signed with ES256 by KEY, for this service's origin, not
// expired nor more than a day away, with a contact.
func checkVAPID(r *http.Request, origin string) (string, error) {
	h := r.Header.Get("Authorization")
	rest, ok := strings.CutPrefix(h, "vapid ")
	if !ok {
		return "", fmt.Errorf("Authorization %q is not vapid", h)
	}
	var tok, key string
	for _, part := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			tok = v
		case "k":
			key = v
		}
	}
	raw, err := base64.RawURLEncoding.DecodeString(key)
	if err != nil {
		return "", fmt.Errorf("vapid k: %v", err)
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), raw)
	if err != nil {
		return "", fmt.Errorf("vapid k: %v", err)
	}
	claims := jwt.MapClaims{}
	if _, err := jwt.ParseWithClaims(tok, claims, func(*jwt.Token) (any, error) { return pub, nil },
		jwt.WithValidMethods([]string{"ES256"}), jwt.WithAudience(origin), jwt.WithExpirationRequired()); err != nil {
		return "", fmt.Errorf("vapid t: %v", err)
	}
	exp, _ := claims.GetExpirationTime()
	if exp.After(time.Now().Add(24 * time.Hour)) {
		return "", errors.New("vapid t: expires more than 24 hours away")
	}
	if sub, _ := claims["sub"].(string); !strings.HasPrefix(sub, "mailto:") && !strings.HasPrefix(sub, "https:") {
		return "", fmt.Errorf("vapid sub %q is neither mailto: nor https:", sub)
	}
	return key, nil
}

// decrypt reads an aes128gcm message (RFC 8188) encrypted to the device
// as RFC 8291 says: the header's salt, record size and the sender's
// one-time public key; the key and nonce derived from the ECDH secret
// and the device's auth secret; one record, padded and ended with 0x02.
func (d *Device) decrypt(body []byte) ([]byte, error) {
	if len(body) < 21 {
		return nil, errors.New("body shorter than the aes128gcm header")
	}
	salt, rs, idlen := body[:16], binary.BigEndian.Uint32(body[16:20]), int(body[20])
	if len(body) < 21+idlen || idlen != 65 {
		return nil, fmt.Errorf("key id of %d bytes, want the sender's 65-byte public key", idlen)
	}
	senderKey, ciphertext := body[21:21+idlen], body[21+idlen:]
	if uint32(len(ciphertext)) > rs {
		return nil, fmt.Errorf("a record of %d bytes, over the record size %d", len(ciphertext), rs)
	}
	sender, err := ecdh.P256().NewPublicKey(senderKey)
	if err != nil {
		return nil, err
	}
	secret, err := d.key.ECDH(sender)
	if err != nil {
		return nil, err
	}
	info := append(append([]byte("WebPush: info\x00"), d.key.PublicKey().Bytes()...), senderKey...)
	ikm, err := hkdf.Key(sha256.New, secret, d.auth, string(info), 32)
	if err != nil {
		return nil, err
	}
	cek, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: aes128gcm\x00", 16)
	if err != nil {
		return nil, err
	}
	nonce, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: nonce\x00", 12)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(cek)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	plain, err := gcm.Open(nil, nonce, ciphertext, nil)
	if err != nil {
		return nil, fmt.Errorf("decrypt: %v", err)
	}
	plain = bytes.TrimRight(plain, "\x00")
	if len(plain) == 0 || plain[len(plain)-1] != 0x02 {
		return nil, errors.New("the last record does not end with the 0x02 delimiter")
	}
	return plain[:len(plain)-1], nil
}
