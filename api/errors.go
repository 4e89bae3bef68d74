package api

import (
	"errors"
	"math"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/sso"
	"github.com/timestreak/timestreak/tracking/store"
)

// Problem is an RFC 9457 problem details body.
type Problem struct {
	Type   string             `json:"type"`
	Title  string             `json:"title"`
	Status int                `json:"status"`
	Detail string             `json:"detail"`
	Errors []valid.FieldError `json:"errors"`
}

// badRequest is a request the server could not read: malformed JSON,
// unknown fields, a bad query parameter type.
type badRequest struct{ detail string }

func (e *badRequest) Error() string { return e.detail }

// errorHandler is the one place where errors become HTTP answers. Anything
// it does not recognise is a bug: logged in full, answered without detail.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	p := s.problemFor(err, c)
	if p.Errors == nil {
		p.Errors = []valid.FieldError{}
	}
	if p.Title == "" {
		p.Title = http.StatusText(p.Status)
	}
	if p.Type == "" {
		p.Type = "about:blank"
	}
	c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
	c.Response().WriteHeader(p.Status)
	if c.Request().Method != http.MethodHead {
		_ = jsonEncode(c.Response(), p)
	}
}

func (s *Server) problemFor(err error, c echo.Context) Problem {
	var (
		verr *valid.Error
		rl   *store.RateLimitError
		he   *echo.HTTPError
		br   *badRequest
		conf *store.ConflictError
		lock *store.LockedError
		forb *store.ForbiddenError
	)
	switch {
	case errors.As(err, &verr):
		return Problem{Status: http.StatusUnprocessableEntity, Detail: "The request is well-formed but breaks a rule: see errors.", Errors: verr.Fields}
	case errors.As(err, &br):
		return Problem{Status: http.StatusBadRequest, Detail: br.detail}
	case errors.As(err, &rl):
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(rl.RetryAfter.Seconds())))) // whole seconds, rounded up
		if rl.Reason != "" {
			return Problem{Status: http.StatusTooManyRequests, Detail: rl.Reason}
		}
		return Problem{Status: http.StatusTooManyRequests, Detail: "Too many attempts; try again later."}
	case errors.As(err, &conf):
		return Problem{Status: http.StatusConflict, Detail: conf.Reason, Type: conf.Type}
	case errors.As(err, &lock):
		return Problem{Status: http.StatusLocked, Detail: lock.Reason}
	case errors.As(err, &forb):
		return Problem{Status: http.StatusForbidden, Detail: forb.Reason}
	case errors.Is(err, store.ErrNotFound):
		return Problem{Status: http.StatusNotFound, Detail: "Not found."}
	case errors.Is(err, store.ErrUnauthorized):
		c.Response().Header().Set("WWW-Authenticate", `Bearer realm="timestreak"`)
		return Problem{Status: http.StatusUnauthorized, Detail: "Missing, invalid or expired credentials."}
	case errors.Is(err, store.ErrForbidden):
		return Problem{Status: http.StatusForbidden, Detail: "You are not allowed to do this."}
	case errors.Is(err, store.ErrConflict):
		return Problem{Status: http.StatusConflict, Detail: "The request conflicts with the current state."}
	case errors.Is(err, store.ErrLocked):
		return Problem{Status: http.StatusLocked, Detail: "This is locked."}
	case errors.Is(err, store.ErrBusy):
		s.log.Warn("request timed out", "method", c.Request().Method, "route", c.Path(), "error", err)
		c.Response().Header().Set("Retry-After", "2")
		return Problem{Status: http.StatusServiceUnavailable, Detail: "The server is busy; nothing was saved. Try again shortly."}
	case errors.Is(err, sso.ErrUnreachable):
		s.log.Warn("identity provider", "route", c.Path(), "error", err)
		return Problem{Status: http.StatusBadGateway, Detail: "The identity provider did not answer; try again shortly."}
	case errors.As(err, &he):
		return s.httpProblem(he)
	}
	s.log.Error("request failed", "method", c.Request().Method, "route", c.Path(), "error", err)
	return Problem{Status: http.StatusInternalServerError, Detail: "Something went wrong on our side."}
}

func (s *Server) httpProblem(he *echo.HTTPError) Problem {
	p := Problem{Status: he.Code}
	switch he.Code {
	case http.StatusRequestEntityTooLarge:
		p.Detail = "The request body is larger than this endpoint accepts (64 KiB; 50 MiB for imports)."
	case http.StatusNotFound:
		p.Detail = "No such resource."
	case http.StatusMethodNotAllowed:
		p.Detail = "This method is not allowed here."
	case http.StatusUnauthorized:
		p.Detail = "Missing, invalid or expired credentials."
	default:
		if m, ok := he.Message.(string); ok {
			p.Detail = m
		}
	}
	if he.Code >= 500 {
		s.log.Error("request failed", "status", he.Code, "error", he)
		p.Detail = "Something went wrong on our side."
	}
	return p
}

// invalidField is a request value of the wrong type or form, named by field.
func invalidField(field, msg string) error { return valid.Invalid(field, "%s", msg) }
