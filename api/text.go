package api

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/timestreak/timestreak/internal/valid"
)

// Text that PostgreSQL cannot store (NUL bytes, invalid UTF-8) never reaches
// the database from a request (PRODUCT.md §7 "Text"): path values, query
// values and JSON bodies are checked here, by internal/valid's rules, before any
// handler reads them; tracking checks names, notes and emails again, for the
// importer and the CLI.

// checkParams answers a path value that is no storable text 404 (no such
// resource) and a query value 422 naming its parameter.
func checkParams(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		for _, v := range c.ParamValues() {
			if valid.TextProblem(v) != "" {
				return echo.ErrNotFound
			}
		}
		for name, vs := range c.QueryParams() {
			field := name
			if valid.TextProblem(name) != "" {
				field = "query"
			}
			for _, v := range append([]string{name}, vs...) {
				if err := valid.Text(field, v, 0); err != nil {
					return err
				}
			}
		}
		return next(c)
	}
}

// checkBodyText refuses a JSON body that is not valid UTF-8, naming the
// member whose value is not (encoding/json would quietly turn the bytes
// into U+FFFD).
func checkBodyText(body []byte) error {
	if utf8.Valid(body) {
		return nil
	}
	var members map[string]json.RawMessage
	if json.Unmarshal(body, &members) == nil {
		names := make([]string, 0, len(members))
		for name := range members {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			if !utf8.Valid(members[name]) {
				return invalidField(name, "must be valid UTF-8 text")
			}
		}
	}
	return invalidField("body", "must be valid UTF-8 text")
}

// checkDecodedText refuses a decoded body with a NUL byte in any string
// (JSON writes it \u0000), naming the member.
func checkDecodedText(dst any) error {
	return checkValueText("", reflect.ValueOf(dst))
}

func checkValueText(field string, v reflect.Value) error {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return checkValueText(field, v.Elem())
	case reflect.String:
		return valid.Text(field, v.String(), 0)
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := checkValueText(field, v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			if err := checkValueText(field, iter.Key()); err != nil {
				return err
			}
			if err := checkValueText(field, iter.Value()); err != nil {
				return err
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" { // a wrapper's field (nullable's Value): the member is the wrapper's
				name = field
			}
			if name == "" {
				name = f.Name
			}
			if err := checkValueText(name, v.Field(i)); err != nil {
				return err
			}
		}
	}
	return nil
}
