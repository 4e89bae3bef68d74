package tracking

import "github.com/timestreak/timestreak/tracking/auth"

// PivotRoute is the table that answers a validated report, for the tests
// that must see each one used.
func PivotRoute(viewer *auth.User, q PivotQuery) string { return pivotRoute(viewer, q) }
