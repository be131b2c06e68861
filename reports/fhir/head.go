package fhir

import (
	"encoding/json"
	"strings"
)

// A Synthea Bundle is read a resource at a time, and what each resource is
// (its resourceType and id) was found by decoding it with encoding/json,
// which reads the whole value twice (once to check it, once to skip every
// field but two): for a file of megabytes, most of an import's reading.
// headOf finds the two at the top level of a value already known to be
// valid JSON in one plain pass, and falls back to encoding/json whenever
// the answer could differ from its (an escaped key or value, a key that
// matches only ignoring case, a value that is not a string), so the result
// is always encoding/json's.

// resourceHead is what a resource is.
type resourceHead struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id"`
}

// headOf reads a resource's resourceType and id from raw, valid JSON (a
// decoder or an enclosing Unmarshal checked it).
func headOf(raw []byte) (resourceHead, error) {
	if h, ok := scanHead(raw); ok {
		return h, nil
	}
	var h resourceHead
	err := json.Unmarshal(raw, &h)
	return h, err
}

// scanHead is headOf's one pass; ok is false when encoding/json must
// decide. Like encoding/json, the last of duplicate keys wins.
func scanHead(raw []byte) (h resourceHead, ok bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return h, false
	}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return h, true
	}
	for i < len(raw) {
		if raw[i] != '"' {
			return h, false
		}
		end, plain := stringEnd(raw, i)
		if end < 0 {
			return h, false
		}
		key := raw[i+1 : end-1]
		var field *string
		switch {
		case !plain:
			// An escaped key might spell one of the two.
			return h, false
		case string(key) == "resourceType":
			field = &h.ResourceType
		case string(key) == "id":
			field = &h.ID
		case strings.EqualFold(string(key), "resourceType") || strings.EqualFold(string(key), "id"):
			return h, false
		}
		i = skipSpace(raw, end)
		if i >= len(raw) || raw[i] != ':' {
			return h, false
		}
		i = skipSpace(raw, i+1)
		if field != nil {
			if i >= len(raw) || raw[i] != '"' {
				return h, false // null, a number …: encoding/json says what it makes of it
			}
			vend, vplain := stringEnd(raw, i)
			if vend < 0 || !vplain {
				return h, false
			}
			*field = string(raw[i+1 : vend-1])
			i = vend
		} else if i = skipValue(raw, i); i < 0 {
			return h, false
		}
		i = skipSpace(raw, i)
		if i >= len(raw) {
			return h, false
		}
		switch raw[i] {
		case ',':
			i = skipSpace(raw, i+1)
		case '}':
			return h, true
		default:
			return h, false
		}
	}
	return h, false
}

func skipSpace(raw []byte, i int) int {
	for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r') {
		i++
	}
	return i
}

// stringEnd is the index after the closing quote of the string opening at
// raw[i]; plain says it has no escapes and only printable ASCII or valid
// UTF-8 that encoding/json would keep as it is (no control bytes, no
// invalid UTF-8, which it replaces).
func stringEnd(raw []byte, i int) (end int, plain bool) {
	plain = true
	for j := i + 1; j < len(raw); j++ {
		switch c := raw[j]; {
		case c == '"':
			return j + 1, plain
		case c == '\\':
			plain = false
			j++
		case c < 0x20 || c >= 0x80:
			// Control bytes do not pass the validity check; other bytes
			// may be invalid UTF-8, which encoding/json rewrites.
			plain = false
		}
	}
	return -1, false
}

// skipValue is the index after the value starting at raw[i].
func skipValue(raw []byte, i int) int {
	if i >= len(raw) {
		return -1
	}
	switch raw[i] {
	case '"':
		end, _ := stringEnd(raw, i)
		return end
	case '{', '[':
		depth := 0
		for j := i; j < len(raw); j++ {
			switch raw[j] {
			case '"':
				end, _ := stringEnd(raw, j)
				if end < 0 {
					return -1
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	default:
		j := i
		for j < len(raw) && raw[j] != ',' && raw[j] != '}' && raw[j] != ']' && raw[j] != ' ' && raw[j] != '\t' && raw[j] != '\n' && raw[j] != '\r' {
			j++
		}
		if j == i {
			return -1
		}
		return j
	}
}
