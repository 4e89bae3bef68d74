package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// decode reads a JSON body strictly into dst: unknown fields and trailing
// data are 400, a value of the wrong type is 422 naming its field.
func decode(c echo.Context, dst any) error {
	body, err := readBody(c)
	if err != nil {
		return err
	}
	return decodeBytes(body, dst)
}

// readBody reads the whole body. The body limit middleware's 413 comes
// through as it is, whether the body announced its length or not.
func readBody(c echo.Context) ([]byte, error) {
	body, err := io.ReadAll(c.Request().Body)
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return nil, he
	}
	if err != nil {
		return nil, &badRequest{"The request body could not be read."}
	}
	return body, nil
}

func decodeBytes(body []byte, dst any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return &badRequest{"The request body must be a JSON object."}
	}
	if err := checkBodyText(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return invalidField(te.Field, "must be a "+jsonKind(te.Type.Kind().String()))
		}
		if strings.HasPrefix(err.Error(), "json: unknown field ") {
			return &badRequest{"Unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ") + "."}
		}
		return &badRequest{"The request body is not valid JSON for this endpoint."}
	}
	if dec.More() {
		return &badRequest{"The request body must hold one JSON object."}
	}
	if _, err := dec.Token(); err != io.EOF {
		return &badRequest{"The request body must hold one JSON object."}
	}
	return checkDecodedText(dst)
}

func jsonKind(k string) string {
	switch {
	case strings.HasPrefix(k, "int"), strings.HasPrefix(k, "uint"):
		return "whole number"
	case strings.HasPrefix(k, "float"):
		return "number"
	case k == "bool":
		return "boolean (true or false)"
	case k == "string":
		return "string"
	case k == "slice":
		return "list"
	}
	return "value of the right type"
}

// queryInt reads an optional integer query parameter.
func queryInt(c echo.Context, name string) (int, error) {
	v := c.QueryParam(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, invalidField(name, "must be a whole number")
	}
	return n, nil
}

func jsonEncode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	return enc.Encode(v)
}

// decodeOptional is decode for endpoints whose body may be empty.
func decodeOptional(c echo.Context, dst any) error {
	body, err := readBody(c)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	return decodeBytes(body, dst)
}
