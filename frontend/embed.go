// Package frontend holds the timestreak web app: plain HTML, CSS and ES
// modules under static/, embedded in the binary. There is no build step.
package frontend

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static
var files embed.FS

// asset is one embedded file, read once at start-up.
type asset struct {
	body  []byte
	etag  string
	ctype string
}

// Handler serves the web app: static files from the embedded FS, index.html
// for "/" and for unknown non-file paths (client-side routes like /week).
// The shell (index.html, sw.js, the manifest) is revalidated on every load
// by ETag; the code and styles it names are under /v/<build>/, a name that
// changes whenever any file does, so a browser keeps them for a year without
// asking (see versioned.go).
func Handler() http.Handler {
	root, err := fs.Sub(files, "static")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	h, err := handler(root)
	if err != nil {
		panic(err)
	}
	return h
}

func handler(root fs.FS) (http.Handler, error) {
	assets := map[string]asset{}
	err := fs.WalkDir(root, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(root, name)
		if err != nil {
			return err
		}
		assets["/"+name] = newAsset(name, body)
		return nil
	})
	if err != nil {
		return nil, err
	}
	build, err := versionShell(assets)
	if err != nil {
		return nil, err
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		p := path.Clean("/" + r.URL.Path)
		if asked, file, ok := splitVersioned(p); ok {
			serveVersioned(w, r, assets, build, asked, file)
			return
		}
		a, ok := assets[p]
		switch {
		case ok && p == "/index.html":
			// Serve the shell at "/" only, so there is one URL for it.
			http.Redirect(w, r, "/", http.StatusMovedPermanently)
			return
		case ok:
		case strings.HasPrefix(p, "/api/") || p == "/api":
			http.NotFound(w, r)
			return
		case path.Ext(p) != "":
			// A missing file, not a client-side route.
			http.NotFound(w, r)
			return
		default:
			a, p = assets["/index.html"], "/index.html"
		}
		serveAsset(w, r, a, p, cacheControl(p))
	}), nil
}

func newAsset(name string, body []byte) asset {
	sum := sha256.Sum256(body)
	return asset{body: body, etag: `"` + hex.EncodeToString(sum[:12]) + `"`, ctype: contentType(name)}
}

func serveAsset(w http.ResponseWriter, r *http.Request, a asset, p, cache string) {
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("ETag", a.etag)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", cache)
	if p == "/sw.js" {
		h.Set("Service-Worker-Allowed", "/")
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}

// cacheControl is for files asked for by their plain names (the shell, and
// pages or workers of older builds): revalidated on every load by ETag, but
// images may be kept a day.
func cacheControl(name string) string {
	switch path.Ext(name) {
	case ".svg", ".png", ".ico":
		return "public, max-age=86400"
	default:
		return "no-cache"
	}
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".webmanifest":
		return "application/manifest+json"
	case ".js":
		return "text/javascript; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}
