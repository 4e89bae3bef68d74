package api

import (
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/timestreak/timestreak/clickup"
	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/store"
)

type clickupConnectRequest struct {
	Token         string   `json:"token"`
	ListIDs       []string `json:"list_ids"`
	WebhookURL    *string  `json:"webhook_url"`
	WebhookSecret string   `json:"webhook_secret"` // no longer taken; refused when not empty
}

// connectClickUp checks the token with ClickUp, has ClickUp make the
// webhook and stores the connection; the answer is its status, never the
// token nor the webhook's secret.
func (s *Server) connectClickUp(c echo.Context) error {
	if s.cfg.ClickUp == nil {
		return store.ErrNotFound
	}
	var req clickupConnectRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	hook := c.Scheme() + "://" + c.Request().Host + "/api/v1/integrations/clickup/webhook"
	if req.WebhookURL != nil {
		hook = *req.WebhookURL
	}
	st, err := s.cfg.ClickUp.Connect(c.Request().Context(), clickup.Connection{Token: req.Token, ListIDs: req.ListIDs,
		WebhookURL: hook, WebhookSecret: req.WebhookSecret})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, st)
}

// disconnectClickUp deletes the webhook in ClickUp and the connection;
// the synced projects and tasks stay.
func (s *Server) disconnectClickUp(c echo.Context) error {
	if s.cfg.ClickUp == nil {
		return store.ErrNotFound
	}
	if err := s.cfg.ClickUp.Disconnect(c.Request().Context()); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) clickUpStatus(c echo.Context) error {
	if s.cfg.ClickUp == nil {
		return store.ErrNotFound
	}
	st, err := s.cfg.ClickUp.Status(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

// clickUpWebhook verifies X-Signature over the raw body and queues the
// event in the database: ClickUp wants an answer within 7 seconds.
func (s *Server) clickUpWebhook(c echo.Context) error {
	if s.cfg.ClickUp == nil {
		return store.ErrNotFound
	}
	body, err := readBody(c)
	if err != nil {
		return err
	}
	if err := s.cfg.ClickUp.VerifyWebhook(c.Request().Context(), body, c.Request().Header.Get("X-Signature")); err != nil {
		return err
	}
	var ev clickup.WebhookEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		return &badRequest{"The request body is not a ClickUp webhook event."}
	}
	if err := s.cfg.ClickUp.Enqueue(c.Request().Context(), ev); err != nil {
		return err
	}
	return c.NoContent(http.StatusOK)
}

type clickupPushRequest struct {
	Push *bool `json:"push"`
}

// putClickUpPush turns pushing the caller's time to ClickUp on or off; the
// push itself is the clickup-push job's, never the request's.
func (s *Server) putClickUpPush(c echo.Context) error {
	if s.cfg.ClickUp == nil {
		return store.ErrNotFound
	}
	var req clickupPushRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Push == nil {
		return valid.Invalid("push", "is required (true or false)")
	}
	st, err := s.cfg.ClickUp.SetTimePush(c.Request().Context(), currentUser(c), *req.Push)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

// getClickUpPush answers the caller's time push choice and whether they
// are matched to a ClickUp member (their time is pushed only then).
func (s *Server) getClickUpPush(c echo.Context) error {
	if s.cfg.ClickUp == nil {
		return store.ErrNotFound
	}
	st, err := s.cfg.ClickUp.TimePush(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}
