package api

import (
	"bytes"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/slack-go/slack"

	"github.com/timestreak/timestreak/tracking/store"
)

// signedBySlack reads the body of a request from Slack and checks its
// signature (X-Slack-Signature over the timestamp and the raw body) before
// anything is read from it; the body is then there to parse again.
func (s *Server) signedBySlack(c echo.Context) error {
	if s.cfg.Slack == nil {
		return store.ErrNotFound
	}
	body, err := readBody(c)
	if err != nil {
		return err
	}
	if err := s.cfg.Slack.Verify(c.Request().Header, body); err != nil {
		return err
	}
	c.Request().Body = io.NopCloser(bytes.NewReader(body))
	return nil
}

// site is the scheme and host a request reached this server at.
func site(c echo.Context) string { return c.Scheme() + "://" + c.Request().Host }

// slackCommand answers /timestreak within Slack's 3 seconds; slower work
// answers through the command's response_url.
func (s *Server) slackCommand(c echo.Context) error {
	if err := s.signedBySlack(c); err != nil {
		return err
	}
	cmd, err := slack.SlashCommandParse(c.Request())
	if err != nil || cmd.UserID == "" || cmd.TeamID == "" {
		return &badRequest{"The request body is not a Slack slash command."}
	}
	return c.JSON(http.StatusOK, s.cfg.Slack.Command(cmd, site(c)))
}

// slackInteraction takes a button press: answered at once, as Slack
// wants; the result replaces the message through its response_url.
func (s *Server) slackInteraction(c echo.Context) error {
	if err := s.signedBySlack(c); err != nil {
		return err
	}
	cb, err := slack.InteractionCallbackParse(c.Request())
	if err != nil {
		return &badRequest{"The request body is not a Slack interaction payload."}
	}
	s.cfg.Slack.Interaction(cb, site(c))
	return c.NoContent(http.StatusOK)
}

// getSlackLink is the caller's Slack link.
func (s *Server) getSlackLink(c echo.Context) error {
	if s.cfg.Slack == nil {
		return store.ErrNotFound
	}
	st, err := s.cfg.Slack.StatusOf(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

// deleteSlackLink unlinks the caller's Slack account; they are not linked
// by email again.
func (s *Server) deleteSlackLink(c echo.Context) error {
	if s.cfg.Slack == nil {
		return store.ErrNotFound
	}
	if err := s.cfg.Slack.Unlink(c.Request().Context(), currentUser(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// previewSlackLink says which Slack user a one-time link is for, so the
// web app can ask before linking.
func (s *Server) previewSlackLink(c echo.Context) error {
	if s.cfg.Slack == nil {
		return store.ErrNotFound
	}
	p, err := s.cfg.Slack.PreviewLink(c.Request().Context(), c.QueryParam("code"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

// redeemSlackLink links the caller to the Slack user a one-time link was
// sent to, and spends the link.
func (s *Server) redeemSlackLink(c echo.Context) error {
	if s.cfg.Slack == nil {
		return store.ErrNotFound
	}
	var in struct {
		Code *string `json:"code"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if in.Code == nil {
		return invalidField("code", "is required")
	}
	st, err := s.cfg.Slack.RedeemLink(c.Request().Context(), currentUser(c), *in.Code)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}
