package tracking

import (
	"context"

	"github.com/timestreak/timestreak/tracking/auth"
)

// PivotRoute is the table that answers a validated report, for the tests
// that must see each one used.
func (s *Service) PivotRoute(ctx context.Context, viewer *auth.User, q PivotQuery) string {
	route, _, err := s.pivotRoute(ctx, viewer, q)
	if err != nil {
		return err.Error()
	}
	return route
}
