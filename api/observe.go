package api

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
)

// observe writes one log line and the Prometheus metrics of each request,
// after the error handler has turned any error into the answer.
func (s *Server) observe(reg *prometheus.Registry) echo.MiddlewareFunc {
	requests := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "timestreak_http_requests_total", Help: "HTTP requests by method, route and status.",
	}, []string{"method", "route", "status"})
	latency := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "timestreak_http_request_duration_seconds", Help: "HTTP request latency by method and route.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"method", "route"})
	reg.MustRegister(requests, latency)
	routes := sync.OnceValue(s.routeSet) // the table is complete once requests arrive
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			if err := next(c); err != nil {
				c.Error(err)
			}
			took := time.Since(start)
			route := c.Path()
			if !routes()[route] {
				route = "unmatched"
			}
			method, status := c.Request().Method, c.Response().Status
			label := methodLabel(method)
			requests.WithLabelValues(label, route, statusLabel(status)).Inc()
			latency.WithLabelValues(label, route).Observe(took.Seconds())
			// The path, never the query string: it may carry a cursor or worse.
			s.log.Info("request", "method", method, "route", route, "path", c.Request().URL.Path,
				"status", status, "bytes", c.Response().Size, "duration_ms", float64(took.Microseconds())/1000, "ip", c.RealIP())
			return nil
		}
	}
}

// Metrics labels come from closed sets (PRODUCT.md §7 "Text"): a label
// taken from the request as sent would let anyone grow /metrics, and the
// process, without bound. Methods outside the standard ones are "other",
// a path no route serves is "unmatched", a status outside 100-599 is
// "other".
var knownMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true,
	http.MethodConnect: true, http.MethodTrace: true,
}

func methodLabel(m string) string {
	if knownMethods[m] {
		return m
	}
	return "other"
}

func statusLabel(status int) string {
	if status < 100 || status > 599 {
		return "other"
	}
	return strconv.Itoa(status)
}

// routeSet is every route path of the table in routes.go.
func (s *Server) routeSet() map[string]bool {
	set := map[string]bool{}
	for _, r := range s.e.Routes() {
		set[r.Path] = true
	}
	return set
}
