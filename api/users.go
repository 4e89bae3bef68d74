package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
)

// userView is a user as the API shows it: never the password hash.
type userView struct {
	ID                 string    `json:"id"`
	Email              string    `json:"email"`
	Name               string    `json:"name"`
	Role               string    `json:"role"`
	Timezone           string    `json:"timezone"`
	Workdays           []string  `json:"workdays"`
	DailyTargetMinutes int       `json:"daily_target_minutes"`
	ReminderTime       *string   `json:"reminder_time"`
	Active             bool      `json:"active"`
	CreatedAt          time.Time `json:"created_at"`
}

// personView is a user in the admin's list: with their current teams and
// the date of their latest entry.
type personView struct {
	userView
	Teams       []tracking.TeamRole `json:"teams"`
	LastEntryOn *string             `json:"last_entry_on"`
}

func viewOf(u *auth.User) userView {
	return userView{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Timezone: u.Timezone,
		Workdays: u.WorkdayList(), DailyTargetMinutes: u.DailyTargetMinutes, ReminderTime: u.ReminderTime,
		Active: u.Active, CreatedAt: u.CreatedAt}
}

// nullable distinguishes a field left out (Set false) from one sent as null.
type nullable[T any] struct {
	Set   bool
	Value *T
}

func (n *nullable[T]) UnmarshalJSON(b []byte) error {
	n.Set = true
	if string(b) == "null" {
		n.Value = nil
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	n.Value = &v
	return nil
}

func (s *Server) createUser(c echo.Context) error {
	var in struct {
		Email    string `json:"email"`
		Name     string `json:"name"`
		Password string `json:"password"`
		Role     string `json:"role"`
		Timezone string `json:"timezone"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	u, err := s.tr.CreateUser(c.Request().Context(), auth.NewUser{Email: in.Email, Name: in.Name,
		Password: in.Password, Role: in.Role, Timezone: in.Timezone})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, viewOf(u))
}

func (s *Server) listUsers(c echo.Context) error {
	us, err := s.tr.Users(c.Request().Context())
	if err != nil {
		return err
	}
	facts, err := s.tr.PeopleFacts(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]personView, len(us))
	for i := range us {
		out[i] = personView{userView: viewOf(&us[i]), Teams: []tracking.TeamRole{}}
		if f := facts[us[i].ID]; f != nil {
			out[i].Teams, out[i].LastEntryOn = f.Teams, f.LastEntryOn
		}
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) patchUser(c echo.Context) error {
	var in struct {
		Role   *string `json:"role"`
		Active *bool   `json:"active"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	u, err := s.tr.UpdateUser(c.Request().Context(), c.Param("id"), auth.UserChange{Role: in.Role, Active: in.Active})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, viewOf(u))
}

type meView struct {
	userView
	Stats  any `json:"stats"`
	Badges any `json:"badges"`
}

func (s *Server) me(c echo.Context, u *auth.User) error {
	ctx := c.Request().Context()
	stats, err := s.game.Stats(ctx, u)
	if err != nil {
		return err
	}
	badges, err := s.game.Badges(ctx, u.ID)
	if err != nil {
		return err
	}
	setETag(c, u.ProfileVersion())
	return c.JSON(http.StatusOK, meView{userView: viewOf(u), Stats: stats, Badges: badges})
}

func (s *Server) getMe(c echo.Context) error { return s.me(c, currentUser(c)) }

func (s *Server) patchMe(c echo.Context) error {
	var in struct {
		Name               *string          `json:"name"`
		Timezone           *string          `json:"timezone"`
		Workdays           *[]string        `json:"workdays"`
		DailyTargetMinutes *int             `json:"daily_target_minutes"`
		ReminderTime       nullable[string] `json:"reminder_time"`
		Password           *string          `json:"password"`
		CurrentPassword    *string          `json:"current_password"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	ch := auth.ProfileChange{Name: in.Name, Timezone: in.Timezone, Workdays: in.Workdays,
		DailyTargetMinutes: in.DailyTargetMinutes, Password: in.Password, CurrentPassword: in.CurrentPassword,
		ClientIP: c.RealIP(), Session: currentSession(c), IfVersion: ifMatch(c)}
	if in.ReminderTime.Set {
		ch.ReminderTime = &in.ReminderTime.Value
	}
	u, err := s.game.UpdateProfile(c.Request().Context(), currentUser(c), ch)
	if err != nil {
		return err
	}
	return s.me(c, u)
}
