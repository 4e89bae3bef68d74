package main

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/sso"
)

// domainName is an email domain as the allowed-domains setting takes it.
var domainName = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`)

// validateOIDC checks the identity provider's settings: all or nothing,
// and password sign-in may be turned off only when there is a provider.
// The client secret is never printed.
func (c *config) validateOIDC() error {
	if c.OIDCIssuer == "" {
		for _, s := range []struct{ name, value string }{{"oidc-client-id", c.OIDCClientID}, {"oidc-client-secret", c.OIDCClientSecret},
			{"oidc-name", c.OIDCName}, {"oidc-redirect-url", c.OIDCRedirectURL}, {"oidc-allowed-domains", c.OIDCDomains}} {
			if s.value != "" {
				return fmt.Errorf("%s / --%s needs TIMESTREAK_OIDC_ISSUER", envName(s.name), s.name)
			}
		}
		switch {
		case c.OIDCAutoCreate:
			return errors.New("TIMESTREAK_OIDC_AUTO_CREATE / --oidc-auto-create needs TIMESTREAK_OIDC_ISSUER")
		case !c.PasswordLogin:
			return errors.New("TIMESTREAK_PASSWORD_LOGIN=false / --password-login=false needs TIMESTREAK_OIDC_ISSUER: nobody could sign in")
		}
		return nil
	}
	if !httpURL(c.OIDCIssuer) {
		return refuse("oidc-issuer", c.OIDCIssuer)
	}
	if c.OIDCClientID == "" {
		return errors.New("TIMESTREAK_OIDC_CLIENT_ID / --oidc-client-id is needed with TIMESTREAK_OIDC_ISSUER")
	}
	if c.OIDCName != "" {
		if _, err := valid.Name("oidc-name", c.OIDCName, valid.MaxProviderNameChars); err != nil {
			return refuse("oidc-name", c.OIDCName)
		}
	}
	if c.OIDCRedirectURL != "" {
		u, err := url.Parse(c.OIDCRedirectURL)
		if err != nil || !httpURL(c.OIDCRedirectURL) || u.Path != sso.CallbackPath || u.RawQuery != "" || u.Fragment != "" {
			return refuse("oidc-redirect-url", c.OIDCRedirectURL)
		}
	}
	c.OIDCDomainList = nil
	for _, d := range strings.Split(c.OIDCDomains, ",") {
		d = strings.ToLower(strings.TrimSpace(d))
		if d == "" {
			continue
		}
		if !domainName.MatchString(d) {
			return refuse("oidc-allowed-domains", c.OIDCDomains)
		}
		c.OIDCDomainList = append(c.OIDCDomainList, d)
	}
	return nil
}

// ssoConfig is the identity provider's configuration, nil when none.
func (c *config) ssoConfig() *sso.Config {
	if c.OIDCIssuer == "" {
		return nil
	}
	return &sso.Config{Issuer: c.OIDCIssuer, ClientID: c.OIDCClientID, ClientSecret: c.OIDCClientSecret, Name: c.OIDCName,
		RedirectURL: c.OIDCRedirectURL, AllowedDomains: c.OIDCDomainList, AutoCreate: c.OIDCAutoCreate}
}
