package frontend

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// versionPrefix starts the long-lived names: /v/<build>/js/main.js is
// js/main.js of the build whose files hash to <build>. Any change to any
// file gives every file a new name, so one page never mixes two builds and
// a browser may keep each name forever.
const versionPrefix = "/v/"

const immutable = "public, max-age=31536000, immutable"

// fixedNames keep one name across builds: the shell is where a new build is
// found, a service worker's URL is its identity and scope, and the manifest's
// is an installed app's.
var fixedNames = map[string]bool{"/index.html": true, "/sw.js": true, "/manifest.webmanifest": true}

// shellPath is a site-absolute path in quotes, as the shell names files:
// src="/js/main.js" in index.html, '/js/today.js' in sw.js's list, the
// manifest's "/icon.svg".
var shellPath = regexp.MustCompile(`(["'])(/[^"'\s]*)["']`)

// swCache is the service worker's cache name, which must change with the
// build so that activating a new worker drops the old build's files.
var swCache = regexp.MustCompile(`const CACHE = '([^']*)'`)

// versionShell names the build after a hash of every file and rewrites the
// shell (index.html, sw.js, the manifest) in assets to ask for the build's
// versioned names. The rest name each other by relative URLs (imports,
// the stylesheet's images), which stay within the build.
func versionShell(assets map[string]asset) (string, error) {
	h := sha256.New()
	for _, name := range slices.Sorted(maps.Keys(assets)) {
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(assets[name].body))
		h.Write(assets[name].body)
	}
	build := hex.EncodeToString(h.Sum(nil)[:8])
	version := func(m []byte) []byte {
		sub := shellPath.FindSubmatch(m)
		quote, p := sub[1], string(sub[2])
		if _, ok := assets[p]; !ok || fixedNames[p] || m[len(m)-1] != quote[0] {
			return m
		}
		return []byte(string(quote) + versionPrefix + build + p + string(quote))
	}
	for _, name := range []string{"/index.html", "/sw.js", "/manifest.webmanifest"} {
		a, ok := assets[name]
		if !ok {
			continue
		}
		body := shellPath.ReplaceAllFunc(a.body, version)
		if name == "/sw.js" {
			if n := len(swCache.FindAll(body, -1)); n != 1 {
				return "", fmt.Errorf("sw.js names its cache %d times, want once", n)
			}
			body = swCache.ReplaceAll(body, []byte("const CACHE = '${1}-"+build+"'"))
		}
		assets[name] = newAsset(name, body)
	}
	return build, nil
}

// splitVersioned reads /v/<build>/<file> as the build and /<file>.
func splitVersioned(p string) (build, file string, ok bool) {
	after, found := strings.CutPrefix(p, versionPrefix)
	if !found {
		return "", "", false
	}
	build, file, ok = strings.Cut(after, "/")
	return build, "/" + file, ok
}

func serveVersioned(w http.ResponseWriter, r *http.Request, assets map[string]asset, build, asked, file string) {
	a, ok := assets[file]
	if !ok || fixedNames[file] {
		http.NotFound(w, r)
		return
	}
	cache := immutable
	if asked != build {
		// A page of another build asks: one still open from before a
		// deploy, or a newer one whose request reached a replica not yet
		// updated. This build's file beats a broken page, but it must not
		// be kept under the other build's name.
		cache = "no-cache"
	}
	serveAsset(w, r, a, file, cache)
}
