package apitest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/timestreak/timestreak/api"
)

// Contract checks HTTP answers against the API's OpenAPI document
// (api/openapi.yaml, as GET /api/v1/openapi.json serves it). kin-openapi
// finds the operation and checks statuses, headers, content types and
// parameters; JSON bodies are checked against the document's schemas as
// JSON Schema 2020-12 (what OpenAPI 3.1 uses), each schema compiled once:
// kin-openapi would compile it again for every answer, a millisecond each.
type Contract struct {
	Doc      *openapi3.T
	router   routers.Router
	compiler *jsonschema.Compiler
	mu       sync.Mutex
	schemas  map[string]*jsonschema.Schema // by JSON pointer into the document
}

// docURL names the document for the schema compiler.
const docURL = "https://timestreak.invalid/openapi.json"

var loadContract = sync.OnceValues(func() (*Contract, error) {
	data, err := api.OpenAPI()
	if err != nil {
		return nil, err
	}
	return NewContract(data)
})

// LoadContract is the server's own document, loaded and validated once.
func LoadContract() (*Contract, error) { return loadContract() }

// NewContract loads an OpenAPI document (JSON) and validates it.
func NewContract(data []byte) (*Contract, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("load the OpenAPI document: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("the OpenAPI document is invalid: %w", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("route the OpenAPI document: %w", err)
	}
	raw, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("the OpenAPI document is not JSON: %w", err)
	}
	compiler := jsonschema.NewCompiler()
	compiler.DefaultDraft(jsonschema.Draft2020)
	compiler.AssertFormat()
	if err := compiler.AddResource(docURL, raw); err != nil {
		return nil, err
	}
	return &Contract{Doc: doc, router: router, compiler: compiler, schemas: map[string]*jsonschema.Schema{}}, nil
}

// pointer is a JSON pointer to tokens, as a URL fragment.
func pointer(tokens ...string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteString("/")
		b.WriteString(url.PathEscape(strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1")))
	}
	return b.String()
}

// schemaAt compiles the schema at a JSON pointer into the document, once.
func (c *Contract) schemaAt(ptr string) (*jsonschema.Schema, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.schemas[ptr]; ok {
		return s, nil
	}
	s, err := c.compiler.Compile(docURL + "#" + ptr)
	if err != nil {
		return nil, fmt.Errorf("compile the schema at %s: %w", ptr, err)
	}
	c.schemas[ptr] = s
	return s, nil
}

// checkJSON checks a JSON body against the schema at ptr.
func (c *Contract) checkJSON(ptr string, body []byte) error {
	s, err := c.schemaAt(ptr)
	if err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("the body is not JSON: %w", err)
	}
	return s.Validate(v)
}

// mediaKey is the key of content that kin-openapi matches to contentType
// (parameters and wildcards considered), or "".
func mediaKey(content openapi3.Content, contentType string) string {
	mt := content.Get(contentType)
	for k, v := range content {
		if v == mt {
			return k
		}
	}
	return ""
}

func isJSON(mediaType string) bool {
	return mediaType == "application/json" || strings.HasSuffix(mediaType, "+json")
}

// CheckRequest says how a request the server accepted breaks the document
// (its parameters, or a JSON body of up to 64 KiB): an accepted request the
// document calls invalid is a gap in the document. body is the request's
// body; nil skips the body.
func (c *Contract) CheckRequest(req *http.Request, body []byte) error {
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		return fmt.Errorf("undocumented route: %w", err)
	}
	r := req.Clone(context.Background())
	r.Body, r.ContentLength = http.NoBody, 0 // the real one is spent; the body is checked below
	opts := &openapi3filter.Options{MultiError: true, ExcludeRequestBody: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	if err := openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
		Request: r, PathParams: params, Route: route, Options: opts}); err != nil {
		return err
	}
	rb := route.Operation.RequestBody
	if body == nil || rb == nil || rb.Value == nil {
		return nil // a body where none is documented is ignored, by the server too
	}
	base := pointer("paths", route.Path, strings.ToLower(route.Method), "requestBody")
	if rb.Ref != "" {
		base = strings.TrimPrefix(rb.Ref, "#")
	}
	key := mediaKey(rb.Value.Content, req.Header.Get("Content-Type"))
	if key == "" {
		return fmt.Errorf("request Content-Type %q is not documented", req.Header.Get("Content-Type"))
	}
	if rb.Value.Content[key].Schema == nil || !isJSON(key) {
		return nil
	}
	return c.checkJSON(base+pointer("content", key, "schema"), body)
}

// CheckResponse says how an answer to req breaks the document: an
// undocumented route, status, content type or field, or a value of the
// wrong type; nil when it matches. An unknown route may only answer 404 or
// 405 with a problem.
func (c *Contract) CheckResponse(req *http.Request, status int, header http.Header, body []byte) error {
	if status == http.StatusRequestHeaderFieldsTooLarge {
		return nil // net/http's own plain-text answer, given before any route
	}
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
			return fmt.Errorf("undocumented route: %w", err)
		}
		return c.checkProblem(status, header, body)
	}
	if req.Method == http.MethodHead {
		return nil
	}
	// kin-openapi checks the status and the headers; the body is checked below.
	opts := &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true, ExcludeResponseBody: true,
		AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts},
		Status:                 status,
		Header:                 header,
		Options:                opts,
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		return err
	}
	res := route.Operation.Responses.Status(status)
	if res == nil || res.Value == nil {
		return fmt.Errorf("status %d is not documented", status)
	}
	if len(res.Value.Content) == 0 {
		if len(bytes.TrimSpace(body)) > 0 {
			return fmt.Errorf("status %d is documented without a body, and the answer has one: %.200s", status, body)
		}
		return nil
	}
	key := mediaKey(res.Value.Content, header.Get("Content-Type"))
	if key == "" {
		return fmt.Errorf("response Content-Type %q is not documented for status %d", header.Get("Content-Type"), status)
	}
	if res.Value.Content[key].Schema == nil || !isJSON(key) {
		return nil
	}
	base := pointer("paths", route.Path, strings.ToLower(route.Method), "responses", strconv.Itoa(status))
	if res.Ref != "" {
		base = strings.TrimPrefix(res.Ref, "#")
	}
	return c.checkJSON(base+pointer("content", key, "schema"), body)
}

// checkProblem checks an answer against the document's Problem schema.
func (c *Contract) checkProblem(status int, header http.Header, body []byte) error {
	if ct := header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		return fmt.Errorf("status %d answered %q, not application/problem+json", status, ct)
	}
	return c.checkJSON(pointer("components", "schemas", "Problem"), body)
}

// contractTransport checks every answer the server gives a test against
// the document, and hands the test the answer unchanged.
type contractTransport struct {
	base         http.RoundTripper
	host         string
	t            testing.TB
	contract     *Contract
	serverErrors atomic.Bool // 5xx problems pass: see AllowServerErrors
}

// AllowServerErrors lets problem+json 5xx answers pass the contract check,
// for a test that breaks the server on purpose. Any other 5xx is a bug the
// check reports, as the document promises none.
func (e *Env) AllowServerErrors() {
	e.T.Helper()
	ct, ok := e.Client.Transport.(*contractTransport)
	if !ok {
		e.T.Fatalf("the client does not check the contract")
	}
	ct.serverErrors.Store(true)
}

func (ct *contractTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := ct.base.RoundTrip(req)
	if err != nil || req.URL.Host != ct.host {
		return resp, err
	}
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	if rerr != nil {
		// A broken answer is the test's to see, as it came.
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), errReader{rerr}))
		return resp, nil
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	verr := ct.contract.CheckResponse(req, resp.StatusCode, resp.Header, body)
	if verr != nil && resp.StatusCode >= 500 && ct.serverErrors.Load() {
		verr = ct.contract.checkProblem(resp.StatusCode, resp.Header, body)
	}
	if verr != nil {
		ct.t.Errorf("OpenAPI contract: %s %s answered %d: %v", req.Method, req.URL.RequestURI(), resp.StatusCode, verr)
	} else if resp.StatusCode < 300 {
		// The server took the request: the document must take it too.
		// Tests send malformed requests on purpose; those are refused and
		// not checked.
		if qerr := ct.contract.CheckRequest(req, requestBody(req)); qerr != nil {
			ct.t.Errorf("OpenAPI contract: %s %s was accepted (%d), but the document refuses the request: %v",
				req.Method, req.URL.RequestURI(), resp.StatusCode, qerr)
		}
	}
	return resp, nil
}

// requestBody is a fresh copy of a JSON request body of up to 64 KiB, or
// nil: other bodies (uploads, streams) are not checked.
func requestBody(req *http.Request) []byte {
	if req.GetBody == nil || req.ContentLength <= 0 || req.ContentLength > 64<<10 ||
		!strings.HasPrefix(req.Header.Get("Content-Type"), "application/json") {
		return nil
	}
	rc, err := req.GetBody()
	if err != nil {
		return nil
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return nil
	}
	return b
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// checked wraps client so that every answer from the server at baseURL is
// checked against the API's document (see Contract).
func checked(t testing.TB, client *http.Client, host string) *http.Client {
	t.Helper()
	contract, err := LoadContract()
	if err != nil {
		t.Fatalf("%v", err)
	}
	base := client.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	c := *client
	c.Transport = &contractTransport{base: base, host: host, t: t, contract: contract}
	return &c
}
