// Package sso signs people in with the company's identity provider over
// OpenID Connect: the authorization code flow with PKCE, state and nonce
// (github.com/coreos/go-oidc and golang.org/x/oauth2). It vouches for an
// email; tracking decides who that is.
package sso

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/jonboulle/clockwork"
	"golang.org/x/oauth2"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/store"
)

// Config is the provider as the operator registered timestreak with it.
type Config struct {
	Issuer       string
	ClientID     string
	ClientSecret string // may be empty for a public client: PKCE still binds the code
	Name         string // shown on the button: "Sign in with <Name>"
	// RedirectURL is where the provider sends people back (the web app's
	// /signin/oidc); empty means the scheme and host the sign-in started on.
	RedirectURL    string
	AllowedDomains []string // email domains let in; none means any
	AutoCreate     bool     // make an account for anyone the provider vouches for
	HTTPClient     *http.Client
}

// CallbackPath is the web app's page the provider sends people back to.
const CallbackPath = "/signin/oidc"

// ErrUnreachable is a provider that did not answer (or not as a provider
// does): the person may try again later.
var ErrUnreachable = errors.New("the identity provider did not answer")

// Provider is the configured identity provider, discovered on first use.
type Provider struct {
	cfg   Config
	clock clockwork.Clock

	mu       sync.Mutex
	provider *oidc.Provider
	verifier *oidc.IDTokenVerifier
}

// New builds the provider; nothing is fetched until the first sign-in.
func New(cfg Config, clock clockwork.Clock) *Provider {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.Name == "" {
		cfg.Name = "your company account"
	}
	return &Provider{cfg: cfg, clock: clock}
}

// Name is the provider's name for the button.
func (p *Provider) Name() string { return p.cfg.Name }

// RedirectURL is the configured redirect URL, or "" to derive it.
func (p *Provider) RedirectURL() string { return p.cfg.RedirectURL }

// AutoCreate tells whether anyone the provider vouches for gets an account.
func (p *Provider) AutoCreate() bool { return p.cfg.AutoCreate }

// ctx carries the HTTP client go-oidc and oauth2 use.
func (p *Provider) ctx(ctx context.Context) context.Context {
	return oidc.ClientContext(ctx, p.cfg.HTTPClient)
}

// discover reads the provider's discovery document once; a failure is
// tried again at the next sign-in.
func (p *Provider) discover(ctx context.Context) (*oidc.Provider, *oidc.IDTokenVerifier, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.provider != nil {
		return p.provider, p.verifier, nil
	}
	// The key set is fetched later with this context: it must outlive the
	// request that discovered the provider.
	prov, err := oidc.NewProvider(p.ctx(context.WithoutCancel(ctx)), p.cfg.Issuer)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrUnreachable, err)
	}
	p.provider = prov
	p.verifier = prov.Verifier(&oidc.Config{ClientID: p.cfg.ClientID, Now: p.clock.Now})
	return p.provider, p.verifier, nil
}

func (p *Provider) oauth2(prov *oidc.Provider, redirect string) *oauth2.Config {
	return &oauth2.Config{ClientID: p.cfg.ClientID, ClientSecret: p.cfg.ClientSecret, Endpoint: prov.Endpoint(),
		RedirectURL: redirect, Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
}

// Flow is one sign-in's secrets: the state goes through the browser; the
// verifier and the nonce stay on the server.
type Flow struct {
	State, Verifier, Nonce string
}

// NewFlow makes a sign-in's random values.
func NewFlow() Flow {
	return Flow{State: random(), Verifier: oauth2.GenerateVerifier(), Nonce: random()}
}

func random() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the OS entropy source failing is not recoverable
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// AuthURL is where the browser goes to sign in at the provider.
func (p *Provider) AuthURL(ctx context.Context, redirect string, f Flow) (string, error) {
	prov, _, err := p.discover(ctx)
	if err != nil {
		return "", err
	}
	return p.oauth2(prov, redirect).AuthCodeURL(f.State, oauth2.S256ChallengeOption(f.Verifier), oidc.Nonce(f.Nonce)), nil
}

// Identity is what the provider vouches for.
type Identity struct {
	Subject string
	Email   string // verified by the provider, lower case
	Name    string
}

// claims are the ID token's claims that matter here. Some providers send
// email_verified as a string.
type claims struct {
	Email         string `json:"email"`
	EmailVerified any    `json:"email_verified"`
	Name          string `json:"name"`
}

func (c claims) verified() bool {
	switch v := c.EmailVerified.(type) {
	case bool:
		return v
	case string:
		return strings.EqualFold(v, "true")
	}
	return false
}

// Identify trades the code the provider sent back for an ID token, checks
// the token (signature, issuer, audience, expiry, nonce) and the email
// (verified, in an allowed domain), and answers who it vouches for. A code
// or token the provider or the checks refuse is store.ErrUnauthorized;
// an email that may not sign in is a store.ForbiddenError.
func (p *Provider) Identify(ctx context.Context, code, redirect string, f Flow) (*Identity, error) {
	prov, verifier, err := p.discover(ctx)
	if err != nil {
		return nil, err
	}
	tok, err := p.oauth2(prov, redirect).Exchange(p.ctx(ctx), code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode < 500 {
			return nil, fmt.Errorf("%w: the provider refused the code: %v", store.ErrUnauthorized, err)
		}
		return nil, fmt.Errorf("%w: %v", ErrUnreachable, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, fmt.Errorf("%w: the provider sent no ID token", store.ErrUnauthorized)
	}
	idt, err := verifier.Verify(p.ctx(ctx), raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", store.ErrUnauthorized, err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(f.Nonce)) != 1 {
		return nil, fmt.Errorf("%w: the ID token's nonce is not this sign-in's", store.ErrUnauthorized)
	}
	var c claims
	if err := idt.Claims(&c); err != nil {
		return nil, fmt.Errorf("%w: %v", store.ErrUnauthorized, err)
	}
	email := valid.NormalizeEmail(c.Email)
	if email == "" || !c.verified() {
		return nil, &store.ForbiddenError{Reason: "your identity provider has not verified your email address"}
	}
	if !p.domainAllowed(email) {
		return nil, &store.ForbiddenError{Reason: "people with emails at " + domainOf(email) + " may not sign in here"}
	}
	return &Identity{Subject: idt.Subject, Email: email, Name: c.Name}, nil
}

func domainOf(email string) string {
	_, d, _ := strings.Cut(email, "@")
	return d
}

func (p *Provider) domainAllowed(email string) bool {
	return len(p.cfg.AllowedDomains) == 0 || slices.Contains(p.cfg.AllowedDomains, domainOf(email))
}
