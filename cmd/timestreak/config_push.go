package main

import (
	"fmt"
	"net/mail"
	"strings"

	"github.com/timestreak/timestreak/push"
)

// validatePush checks the Web Push settings. The private key is never
// printed.
func (c *config) validatePush() error {
	if c.VAPIDPrivateKey != "" {
		if _, err := push.KeysFrom(c.VAPIDPrivateKey); err != nil {
			return fmt.Errorf("TIMESTREAK_VAPID_PRIVATE_KEY / --vapid-private-key %w", err)
		}
	}
	contact := c.PushContact
	if strings.HasPrefix(contact, "https:") {
		if !httpURL(contact) {
			return refuse("push-contact", contact)
		}
		return nil
	}
	addr := strings.TrimPrefix(contact, "mailto:")
	if a, err := mail.ParseAddress(addr); err != nil || a.Address != addr {
		return refuse("push-contact", contact)
	}
	return nil
}

// pushKeys is the VAPID pair: the configured one, or the one kept in the
// data dir (made on the first start).
func (c *config) pushKeys() (push.Keys, error) {
	if c.VAPIDPrivateKey != "" {
		return push.KeysFrom(c.VAPIDPrivateKey)
	}
	return push.LoadKeys(c.DataDir)
}
