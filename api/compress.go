package api

import (
	"net/http"

	"github.com/klauspost/compress/gzhttp"
	"github.com/labstack/echo/v4"
)

// compress sends answers of minSize bytes or more gzip-compressed to a
// client that accepts it (a phone on a slow network). It takes a gzip
// writer only once an answer has grown past minSize: echo's Gzip
// middleware readied one for every request, which cost each small answer
// (an entry, a 204) about as much CPU as the rest of its request. Skipped
// paths compress themselves (/metrics).
func compress(minSize int, skip ...string) echo.MiddlewareFunc {
	wrap, err := gzhttp.NewWrapper(gzhttp.MinSize(minSize), gzhttp.CompressionLevel(5), gzhttp.EnableZstd(false))
	if err != nil {
		panic(err) // the options above are constant
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			for _, p := range skip {
				if c.Request().URL.Path == p {
					return next(c)
				}
			}
			res := c.Response()
			plain := res.Writer
			var err error
			wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				res.Writer = w
				defer func() { res.Writer = plain }()
				// The error handler writes its problem+json here, while the
				// compressing writer is still open.
				if err = next(c); err != nil {
					c.Error(err)
					err = nil
				}
			})).ServeHTTP(plain, c.Request())
			return err
		}
	}
}
