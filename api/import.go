package api

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/timestreak/timestreak/importer"
	"github.com/timestreak/timestreak/tracking/store"
)

// The import routes take whole export files: they skip the global 64 KiB
// body limit and apply their own.
const (
	importRoute       = "/api/v1/import/:tool"
	importUploadRoute = "/api/v1/import/uploads"
)

// importBodyLimit accepts export files up to 50 MiB.
func importBodyLimit() echo.MiddlewareFunc { return middleware.BodyLimit("50MiB") }

// skipsGlobalBodyLimit tells the global body limit which route has its own.
func skipsGlobalBodyLimit(c echo.Context) bool {
	return (c.Path() == importRoute || c.Path() == importUploadRoute) && c.Request().Method == http.MethodPost
}

// importEntries reads a CSV export, from a multipart field "file" or as the
// raw body, into one transaction. The upload is received in full first (to
// a temp file: up to 50 MiB): a transaction open while a client uploads
// would hold SQLite's only writer, and every other write with it, for as
// long as the upload takes.
func (s *Server) importEntries(c echo.Context) error {
	tool := c.Param("tool")
	if !importer.Known(tool) {
		return store.ErrNotFound
	}
	opt := importer.Options{}
	if v := c.QueryParam("dry_run"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return invalidField("dry_run", "must be true or false")
		}
		opt.DryRun = b
	}
	switch c.QueryParam("match") {
	case "", "email":
	case "names":
		opt.MatchNames = true
	default:
		return invalidField("match", "must be email (the default) or names")
	}
	order, err := importer.ParseDateOrder(c.QueryParam("date_order"))
	if err != nil {
		return err
	}
	opt.DateOrder = order
	if v := c.QueryParam("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1970 || y > 9999 {
			return invalidField("year", "must be a year from 1970 to 9999")
		}
		opt.Year = y
	}
	ctx := c.Request().Context()
	if id := c.QueryParam("upload_id"); id != "" {
		// A file sent as well would be dropped unread while the upload is
		// imported in its place.
		if n, _ := io.ReadFull(c.Request().Body, make([]byte, 1)); n > 0 {
			return invalidField("upload_id", "names an upload to import: send no file with it")
		}
		up, err := s.tr.ImportUploadOf(ctx, currentUser(c).ID, id)
		if err != nil {
			return err
		}
		rep, err := importer.Run(ctx, s.tr, tool, bytes.NewReader(up.Data), opt)
		if err != nil {
			return err
		}
		if !opt.DryRun {
			// Imported: the upload has served. A second run of it would
			// only skip duplicates.
			if err := s.tr.DeleteImportUpload(ctx, up.ID); err != nil {
				return err
			}
		}
		return c.JSON(http.StatusOK, rep)
	}
	body, _, err := importBody(c)
	if err != nil {
		return err
	}
	file, err := receive(body)
	if err != nil {
		return err
	}
	defer os.Remove(file.Name())
	defer file.Close()
	rep, err := importer.Run(ctx, s.tr, tool, file, opt)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rep)
}

// uploadImport keeps an export file for an hour, so that the web app sends
// it once and its dry runs and its import all name it by upload_id.
func (s *Server) uploadImport(c echo.Context) error {
	if ct, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType)); ct == echo.MIMEApplicationJSON {
		return invalidField("file", "must be a CSV export: send it as text/csv or as the field file of a multipart form")
	}
	body, name, err := importBody(c)
	if err != nil {
		return err
	}
	if name == "" {
		name = c.QueryParam("name")
	}
	file, err := receive(body)
	if err != nil {
		return err
	}
	defer os.Remove(file.Name())
	defer file.Close()
	up, err := s.tr.SaveImportUpload(c.Request().Context(), currentUser(c).ID, name, file)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, up)
}

// receive copies an upload to a temp file and rewinds it.
func receive(body io.Reader) (*os.File, error) {
	f, err := os.CreateTemp("", "timestreak-import-*.csv")
	if err != nil {
		return nil, err
	}
	_, err = io.Copy(f, body)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		var he *echo.HTTPError // the 50 MiB limit
		if errors.As(err, &he) {
			return nil, he
		}
		return nil, &badRequest{"The upload could not be read."}
	}
	return f, nil
}

// importBody is the uploaded file and its name if the form gave one: the
// part named "file" of a multipart form, read as it arrives, or else the
// body itself.
func importBody(c echo.Context) (io.Reader, string, error) {
	ct, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if !strings.HasPrefix(ct, "multipart/") {
		return c.Request().Body, "", nil
	}
	mr, err := c.Request().MultipartReader()
	if err != nil {
		return nil, "", &badRequest{"The multipart body cannot be read."}
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, "", invalidField("file", "is required: upload the export as the form field file")
		}
		var he *echo.HTTPError
		if errors.As(err, &he) {
			return nil, "", he
		}
		if err != nil {
			return nil, "", &badRequest{"The multipart body cannot be read."}
		}
		if part.FormName() == "file" {
			return part, part.FileName(), nil
		}
	}
}
