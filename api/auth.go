package api

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/labstack/echo/v4"

	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
	"github.com/timestreak/timestreak/tracking/store"
)

// accessTTL is how long an access token lives.
const accessTTL = 15 * time.Minute

const (
	userKey     = "user"
	apiTokenKey = "api_token" // set (true) when the caller used a personal token
	patKey      = "pat"       // the *auth.APIToken the caller used
	sessionKey  = "session"   // the session id of the caller's access token ("" for none)
)

func currentUser(c echo.Context) *auth.User { return c.Get(userKey).(*auth.User) }

// currentSession is the session the caller's access token belongs to.
func currentSession(c echo.Context) string {
	sid, _ := c.Get(sessionKey).(string)
	return sid
}

// accessClaims are an access token's claims: the session it belongs to
// and the user's token generation when it was issued (see
// tracking/auth/sessions.go).
type accessClaims struct {
	jwt.RegisteredClaims
	Session string `json:"sid,omitempty"`
	Gen     int64  `json:"gen,omitempty"`
}

// issueAccess signs the access token of a session, issued at iat: the same
// session and instant give the same token.
func (s *Server) issueAccess(u *auth.User, sid string, iat time.Time) (string, error) {
	return signAccess(s.cfg.Secret, accessClaims{Session: sid, Gen: u.TokenGen,
		RegisteredClaims: registered(u.ID, iat, accessTTL)})
}

// SignAccess signs an access token for userID, valid from now for ttl, as
// the server issues them (the load command mints them without a login). It
// belongs to no session and is valid until the user's sessions first end.
func SignAccess(secret []byte, userID string, now time.Time, ttl time.Duration) (string, error) {
	return signAccess(secret, accessClaims{RegisteredClaims: registered(userID, now, ttl)})
}

func registered(userID string, now time.Time, ttl time.Duration) jwt.RegisteredClaims {
	return jwt.RegisteredClaims{
		Subject:   userID,
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}
}

func signAccess(secret []byte, claims accessClaims) (string, error) {
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(secret)
}

// verifyAccess accepts only HS256 tokens signed with our secret: the method
// is pinned so "none" or an RSA public key posing as a secret never pass.
func (s *Server) verifyAccess(raw string) (verifiedToken, error) {
	now := s.clock.Now()
	if t, known := s.tokens.get(raw, now); known {
		return t, nil
	}
	var claims accessClaims
	_, err := jwt.ParseWithClaims(raw, &claims, func(*jwt.Token) (any, error) { return s.cfg.Secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithTimeFunc(func() time.Time { return now }), jwt.WithExpirationRequired(), jwt.WithIssuedAt())
	if err != nil || claims.Subject == "" {
		return verifiedToken{}, store.ErrUnauthorized
	}
	t := verifiedToken{subject: claims.Subject, session: claims.Session, gen: claims.Gen, expires: claims.ExpiresAt.Time}
	s.tokens.put(raw, t)
	return t, nil
}

// authenticate resolves the bearer credential (a JWT or a personal token)
// to an active user. An access token works while the user's token
// generation is the one it was issued under. A personal token acts within
// its scope: read only reads, and without the admin scope an admin acts as
// a member (so every admin check, here or in a handler, says no).
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header.Get(echo.HeaderAuthorization)
		scheme, raw, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || raw == "" {
			return store.ErrUnauthorized
		}
		ctx := c.Request().Context()
		var u *auth.User
		if strings.HasPrefix(raw, auth.APITokenPrefix) {
			user, tok, err := s.tr.UserByAPIToken(ctx, raw)
			if err != nil {
				return err
			}
			switch c.Request().Method {
			case http.MethodGet, http.MethodHead:
			default:
				if tok.Scope == auth.ScopeRead {
					return &store.ForbiddenError{Reason: "this token can only read"}
				}
			}
			if tok.Scope != auth.ScopeAdmin && user.IsAdmin() {
				member := *user
				member.Role = auth.RoleMember
				user = &member
			}
			u = user
			c.Set(apiTokenKey, true)
			c.Set(patKey, tok)
		} else {
			t, err := s.verifyAccess(raw)
			if err != nil {
				return err
			}
			u, err = s.tr.AuthUser(ctx, t.subject)
			if errors.Is(err, store.ErrNotFound) {
				return store.ErrUnauthorized
			}
			if err != nil {
				return err
			}
			if !u.Active || u.TokenGen != t.gen {
				return store.ErrUnauthorized
			}
			c.Set(sessionKey, t.session)
		}
		c.Set(userKey, u)
		return next(c)
	}
}

func adminOnly(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !currentUser(c).IsAdmin() {
			return &store.ForbiddenError{Reason: "only an admin can do this"}
		}
		return next(c)
	}
}

type session struct {
	User         userView `json:"user"`
	AccessToken  string   `json:"access_token"`
	RefreshToken string   `json:"refresh_token"`
	ExpiresIn    int      `json:"expires_in"`
}

func (s *Server) newSession(c echo.Context, ss *auth.Session, status int) error {
	access, err := s.issueAccess(ss.User, ss.ID, ss.IssuedAt)
	if err != nil {
		return err
	}
	return c.JSON(status, session{User: viewOf(ss.User), AccessToken: access, RefreshToken: ss.Refresh, ExpiresIn: int(accessTTL.Seconds())})
}

// startSession signs u in: a new session, answered with status.
func (s *Server) startSession(c echo.Context, u *auth.User, status int) error {
	ss, err := s.tr.StartSession(c.Request().Context(), u)
	if err != nil {
		return err
	}
	return s.newSession(c, ss, status)
}

func (s *Server) register(c echo.Context) error {
	if err := s.passwordLogin(); err != nil {
		return err
	}
	var in struct {
		Email      string `json:"email"`
		Password   string `json:"password"`
		Name       string `json:"name"`
		Timezone   string `json:"timezone"`
		InviteCode string `json:"invite_code"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	u, err := s.tr.Register(c.Request().Context(), org.Registration{
		NewUser:    auth.NewUser{Email: in.Email, Password: in.Password, Name: in.Name, Timezone: in.Timezone},
		InviteCode: in.InviteCode,
	})
	if err != nil {
		return err
	}
	return s.startSession(c, u, http.StatusCreated)
}

func (s *Server) login(c echo.Context) error {
	if err := s.passwordLogin(); err != nil {
		return err
	}
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	u, err := s.tr.Login(c.Request().Context(), in.Email, in.Password, c.RealIP())
	if err != nil {
		return err
	}
	return s.startSession(c, u, http.StatusOK)
}

type refreshBody struct {
	RefreshToken string `json:"refresh_token"`
}

func (s *Server) refresh(c echo.Context) error {
	var in refreshBody
	if err := decode(c, &in); err != nil {
		return err
	}
	if in.RefreshToken == "" {
		return store.ErrUnauthorized
	}
	ss, err := s.tr.Rotate(c.Request().Context(), in.RefreshToken)
	if err != nil {
		return err
	}
	return s.newSession(c, ss, http.StatusOK)
}

func (s *Server) logout(c echo.Context) error {
	var in refreshBody
	if err := decode(c, &in); err != nil {
		return err
	}
	if err := s.tr.Logout(c.Request().Context(), currentUser(c).ID, currentSession(c), in.RefreshToken); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) createToken(c echo.Context) error {
	if c.Get(apiTokenKey) != nil {
		return &store.ForbiddenError{Reason: "a personal token cannot make tokens; sign in to make one"}
	}
	var in struct {
		Name          string `json:"name"`
		Scope         string `json:"scope"`
		ExpiresInDays *int   `json:"expires_in_days"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	t, secret, err := s.tr.CreateAPIToken(c.Request().Context(), currentUser(c),
		auth.NewAPIToken{Name: in.Name, Scope: in.Scope, ExpiresInDays: in.ExpiresInDays})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"id": t.ID, "name": t.Name, "token": secret, "scope": t.Scope,
		"created_at": t.CreatedAt, "expires_at": t.ExpiresAt})
}

func (s *Server) listTokens(c echo.Context) error {
	ts, err := s.tr.APITokens(c.Request().Context(), currentUser(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ts)
}

func (s *Server) deleteToken(c echo.Context) error {
	if err := s.tr.DeleteAPIToken(c.Request().Context(), currentUser(c).ID, c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
