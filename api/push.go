package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/timestreak/timestreak/push"
	"github.com/timestreak/timestreak/tracking/store"
)

// pushService is the Web Push service, or 404 when there is none.
func (s *Server) pushService() (*push.Service, error) {
	if s.cfg.Push == nil {
		return nil, store.ErrNotFound
	}
	return s.cfg.Push, nil
}

// pushKey is the VAPID public key the web app subscribes with.
func (s *Server) pushKey(c echo.Context) error {
	p, err := s.pushService()
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]string{"public_key": p.PublicKey()})
}

// subscribePush keeps this device's subscription: the browser's
// PushSubscription.toJSON() as it is.
func (s *Server) subscribePush(c echo.Context) error {
	p, err := s.pushService()
	if err != nil {
		return err
	}
	var in struct {
		Endpoint       string   `json:"endpoint"`
		ExpirationTime *float64 `json:"expirationTime"`
		Keys           struct {
			P256dh string `json:"p256dh"`
			Auth   string `json:"auth"`
		} `json:"keys"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	sub, created, err := p.Subscribe(c.Request().Context(), currentUser(c).ID,
		push.NewSubscription{Endpoint: in.Endpoint, P256dh: in.Keys.P256dh, Auth: in.Keys.Auth})
	if err != nil {
		return err
	}
	if created {
		return c.JSON(http.StatusCreated, sub)
	}
	return c.JSON(http.StatusOK, sub)
}

func (s *Server) listPushSubscriptions(c echo.Context) error {
	p, err := s.pushService()
	if err != nil {
		return err
	}
	subs, err := p.Subscriptions(c.Request().Context(), currentUser(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, subs)
}

func (s *Server) deletePushSubscription(c echo.Context) error {
	p, err := s.pushService()
	if err != nil {
		return err
	}
	if err := p.Unsubscribe(c.Request().Context(), currentUser(c).ID, c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
