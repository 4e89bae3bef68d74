package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/labstack/echo/v4"

	"github.com/timestreak/timestreak/tracking"
)

// accessTTL is how long an access token lives.
const accessTTL = 15 * time.Minute

const (
	userKey     = "user"
	apiTokenKey = "api_token" // set when the caller used a personal token
)

func currentUser(c echo.Context) *tracking.User { return c.Get(userKey).(*tracking.User) }

func (s *Server) issueAccess(u *tracking.User) (string, error) {
	return SignAccess(s.cfg.Secret, u.ID, s.clock.Now(), accessTTL)
}

// SignAccess signs an access token for userID, valid from now for ttl, as
// the server issues them (the load command mints them without a login).
func SignAccess(secret []byte, userID string, now time.Time, ttl time.Duration) (string, error) {
	return jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{
		Subject:   userID,
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}).SignedString(secret)
}

// verifyAccess accepts only HS256 tokens signed with our secret: the method
// is pinned so "none" or an RSA public key posing as a secret never pass.
func (s *Server) verifyAccess(raw string) (string, error) {
	now := s.clock.Now()
	if sub, known := s.tokens.get(raw, now); known {
		return sub, nil
	}
	var claims jwt.RegisteredClaims
	_, err := jwt.ParseWithClaims(raw, &claims, func(*jwt.Token) (any, error) { return s.cfg.Secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithTimeFunc(func() time.Time { return now }), jwt.WithExpirationRequired(), jwt.WithIssuedAt())
	if err != nil || claims.Subject == "" {
		return "", tracking.ErrUnauthorized
	}
	s.tokens.put(raw, verifiedToken{subject: claims.Subject, expires: claims.ExpiresAt.Time})
	return claims.Subject, nil
}

// authenticate resolves the bearer credential (a JWT or a personal token)
// to an active user.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header.Get(echo.HeaderAuthorization)
		scheme, raw, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || raw == "" {
			return tracking.ErrUnauthorized
		}
		ctx := c.Request().Context()
		var u *tracking.User
		if strings.HasPrefix(raw, tracking.APITokenPrefix) {
			var err error
			if u, err = s.tr.UserByAPIToken(ctx, raw); err != nil {
				return err
			}
			c.Set(apiTokenKey, true)
		} else {
			id, err := s.verifyAccess(raw)
			if err != nil {
				return err
			}
			u, err = s.tr.AuthUser(ctx, id)
			if err != nil || !u.Active {
				return tracking.ErrUnauthorized
			}
		}
		c.Set(userKey, u)
		return next(c)
	}
}

func adminOnly(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !currentUser(c).IsAdmin() {
			return &tracking.ForbiddenError{Reason: "only an admin can do this"}
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

func (s *Server) newSession(c echo.Context, u *tracking.User, refresh string, status int) error {
	access, err := s.issueAccess(u)
	if err != nil {
		return err
	}
	if refresh == "" {
		if refresh, err = s.tr.IssueRefresh(c.Request().Context(), u.ID, ""); err != nil {
			return err
		}
	}
	return c.JSON(status, session{User: viewOf(u), AccessToken: access, RefreshToken: refresh, ExpiresIn: int(accessTTL.Seconds())})
}

func (s *Server) register(c echo.Context) error {
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
	u, err := s.tr.Register(c.Request().Context(), tracking.Registration{
		NewUser:    tracking.NewUser{Email: in.Email, Password: in.Password, Name: in.Name, Timezone: in.Timezone},
		InviteCode: in.InviteCode,
	})
	if err != nil {
		return err
	}
	return s.newSession(c, u, "", http.StatusCreated)
}

func (s *Server) login(c echo.Context) error {
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
	return s.newSession(c, u, "", http.StatusOK)
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
		return tracking.ErrUnauthorized
	}
	u, next, err := s.tr.Rotate(c.Request().Context(), in.RefreshToken)
	if err != nil {
		return err
	}
	return s.newSession(c, u, next, http.StatusOK)
}

func (s *Server) logout(c echo.Context) error {
	var in refreshBody
	if err := decode(c, &in); err != nil {
		return err
	}
	if err := s.tr.Logout(c.Request().Context(), currentUser(c).ID, in.RefreshToken); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) createToken(c echo.Context) error {
	var in struct {
		Name string `json:"name"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	t, secret, err := s.tr.CreateAPIToken(c.Request().Context(), currentUser(c).ID, in.Name)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"id": t.ID, "name": t.Name, "token": secret, "created_at": t.CreatedAt})
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

func (s *Server) createInvite(c echo.Context) error {
	var in struct {
		Email string `json:"email"`
	}
	if err := decodeOptional(c, &in); err != nil {
		return err
	}
	code, exp, err := s.tr.CreateInvite(c.Request().Context(), currentUser(c).ID, in.Email)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"code": code, "expires_at": exp})
}
