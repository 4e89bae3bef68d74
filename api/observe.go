package api

import (
	"strconv"
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
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			if err := next(c); err != nil {
				c.Error(err)
			}
			took := time.Since(start)
			route := c.Path()
			if route == "" {
				route = "unmatched"
			}
			method, status := c.Request().Method, c.Response().Status
			requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
			latency.WithLabelValues(method, route).Observe(took.Seconds())
			// The path, never the query string: it may carry a cursor or worse.
			s.log.Info("request", "method", method, "route", route, "path", c.Request().URL.Path,
				"status", status, "bytes", c.Response().Size, "duration_ms", float64(took.Microseconds())/1000, "ip", c.RealIP())
			return nil
		}
	}
}
