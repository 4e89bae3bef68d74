package api

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/sso"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
	"github.com/timestreak/timestreak/tracking/store"
)

// oidcCookie binds a sign-in with the identity provider to the browser
// that started it: the provider's answer counts only with the same state
// in the URL and in this cookie, so nobody can slip their own sign-in into
// someone else's browser.
const (
	oidcCookie     = "timestreak_oidc"
	oidcCookiePath = "/api/v1/auth/oidc"
)

// authMethods tells the sign-in screen how people sign in here.
func (s *Server) authMethods(c echo.Context) error {
	out := map[string]any{"password": !s.cfg.PasswordLoginOff, "oidc": nil}
	if s.cfg.SSO != nil {
		out["oidc"] = map[string]string{"name": s.cfg.SSO.Name()}
	}
	return c.JSON(http.StatusOK, out)
}

// passwordLogin refuses password sign-ins when they are turned off.
func (s *Server) passwordLogin() error {
	if !s.cfg.PasswordLoginOff {
		return nil
	}
	return &store.ForbiddenError{Reason: "password sign-in is turned off here; sign in with " + s.cfg.SSO.Name()}
}

// oidcStart sends the browser to the identity provider. The invite and the
// device's time zone ride along for an account made on the way back.
func (s *Server) oidcStart(c echo.Context) error {
	if s.cfg.SSO == nil {
		return store.ErrNotFound
	}
	if d := s.oidcStarts.wait(c.RealIP(), time.Now()); d > 0 {
		return &store.RateLimitError{RetryAfter: d}
	}
	invite, tz := c.QueryParam("invite"), c.QueryParam("timezone")
	if valid.Longer(invite, valid.MaxKeyChars) {
		return invalidField("invite", "is not an invite code")
	}
	if valid.Longer(tz, valid.MaxZoneChars) {
		tz = ""
	}
	redirect := s.cfg.SSO.RedirectURL()
	if redirect == "" {
		redirect = c.Scheme() + "://" + c.Request().Host + sso.CallbackPath
	}
	f := sso.NewFlow()
	ctx := c.Request().Context()
	to, err := s.cfg.SSO.AuthURL(ctx, redirect, f)
	if err != nil {
		return err
	}
	if err := s.tr.SaveSignInFlow(ctx, auth.NewSignInFlow{State: f.State, Verifier: f.Verifier, Nonce: f.Nonce,
		RedirectURL: redirect, InviteCode: invite, Timezone: tz}); err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{Name: oidcCookie, Value: f.State, Path: oidcCookiePath, MaxAge: int(auth.SignInFlowTTL.Seconds()),
		HttpOnly: true, Secure: strings.HasPrefix(redirect, "https:"), SameSite: http.SameSiteLaxMode})
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Redirect(http.StatusFound, to)
}

// oidcCallback finishes a sign-in: the web app's /signin/oidc page posts
// the code and state the provider sent back, and gets a session as from
// POST /auth/login (201 when the account was made on the way).
func (s *Server) oidcCallback(c echo.Context) error {
	if s.cfg.SSO == nil {
		return store.ErrNotFound
	}
	var in struct {
		Code  string `json:"code"`
		State string `json:"state"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	switch {
	case in.Code == "":
		return invalidField("code", "is required")
	case in.State == "":
		return invalidField("state", "is required")
	}
	// Whatever happens next, this browser's flow is over.
	c.SetCookie(&http.Cookie{Name: oidcCookie, Path: oidcCookiePath, MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	cookie, err := c.Cookie(oidcCookie)
	if err != nil || subtle.ConstantTimeCompare([]byte(cookie.Value), []byte(in.State)) != 1 {
		return &store.ForbiddenError{Reason: "this sign-in was not started in this browser, was already used or has expired; start again"}
	}
	ctx := c.Request().Context()
	flow, err := s.tr.TakeSignInFlow(ctx, in.State)
	if err != nil {
		return err
	}
	id, err := s.cfg.SSO.Identify(ctx, in.Code, flow.RedirectURL, sso.Flow{State: in.State, Verifier: flow.Verifier, Nonce: flow.Nonce})
	if errors.Is(err, store.ErrUnauthorized) {
		// The person sees a plain 401; the operator needs the reason.
		s.log.Warn("the identity provider's answer was refused", "error", err)
	}
	if err != nil {
		return err
	}
	u, created, err := s.tr.SignInExternal(ctx, org.ExternalSignIn{Email: id.Email, Name: id.Name,
		InviteHash: flow.InviteHash, Timezone: flow.Timezone, AutoCreate: s.cfg.SSO.AutoCreate()})
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return s.startSession(c, u, status)
}
