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
	_, ok = scanObject(raw, skipSpace(raw, 0), func(key []byte, v []byte) bool {
		var field *string
		switch {
		case string(key) == "resourceType":
			field = &h.ResourceType
		case string(key) == "id":
			field = &h.ID
		case foldsTo(key, "resourceType", "id"):
			return false
		default:
			return true
		}
		s, ok := plainString(v)
		*field = s
		return ok
	})
	return h, ok
}

// scanBundle reads a Bundle's type and entries (each entry's fullUrl and
// its resource as it is written, not copied) in one pass over raw, valid
// JSON; ok is false when encoding/json must decide (see headOf). A
// Bundle's other fields are skipped, as the Bundle type leaves them out.
func scanBundle(raw []byte) (b Bundle, ok bool) {
	seen := map[string]bool{}
	_, ok = scanObject(raw, skipSpace(raw, 0), func(key []byte, v []byte) bool {
		k := string(key)
		switch k {
		case "resourceType", "id", "type", "timestamp":
			if seen[k] {
				return false
			}
			seen[k] = true
			s, ok := plainString(v)
			switch k {
			case "resourceType":
				b.ResourceType = s
			case "id":
				b.ID = s
			case "type":
				b.Type = s
			default:
				b.Timestamp = s
			}
			return ok
		case "entry":
			if seen[k] || len(v) == 0 || v[0] != '[' {
				return false // a second list, null, not a list: encoding/json's ways apply
			}
			seen[k] = true
			return scanArray(v, func(el []byte) bool {
				e, ok := scanEntry(el)
				b.Entry = append(b.Entry, e)
				return ok
			})
		}
		return !foldsTo(key, "resourceType", "id", "type", "timestamp", "entry")
	})
	return b, ok
}

func scanEntry(el []byte) (e BundleEntry, ok bool) {
	if len(el) == 0 || el[0] != '{' {
		return e, false
	}
	var url, res bool
	_, ok = scanObject(el, 0, func(key []byte, v []byte) bool {
		switch string(key) {
		case "fullUrl":
			if url {
				return false
			}
			url = true
			var ok bool
			e.FullURL, ok = plainString(v)
			return ok
		case "resource":
			if res {
				return false
			}
			res = true
			e.Resource = json.RawMessage(v)
			return true
		}
		return !foldsTo(key, "fullUrl", "resource")
	})
	return e, ok
}

// foldsTo: key is one of names ignoring case (encoding/json would take it
// for that field) without being it exactly.
func foldsTo(key []byte, names ...string) bool {
	for _, n := range names {
		if strings.EqualFold(string(key), n) && string(key) != n {
			return true
		}
	}
	return false
}

// plainString is the value of v when it is a string encoding/json keeps
// as written.
func plainString(v []byte) (string, bool) {
	if len(v) < 2 || v[0] != '"' {
		return "", false // null, a number …: encoding/json says what it makes of it
	}
	end, plain := stringEnd(v, 0)
	if end != len(v) || !plain {
		return "", false
	}
	return string(v[1 : end-1]), true
}

// scanObject calls fn with each key (plain: without escapes) and value of
// the object opening at raw[i], and returns the index after it. ok is
// false when fn says so, a key is not plain, or the object is not one.
func scanObject(raw []byte, i int, fn func(key, value []byte) bool) (end int, ok bool) {
	if i >= len(raw) || raw[i] != '{' {
		return -1, false
	}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return i + 1, true
	}
	for i < len(raw) {
		if raw[i] != '"' {
			return -1, false
		}
		kend, plain := stringEnd(raw, i)
		if kend < 0 || !plain {
			return -1, false // an escaped key might spell a field's name
		}
		key := raw[i+1 : kend-1]
		i = skipSpace(raw, kend)
		if i >= len(raw) || raw[i] != ':' {
			return -1, false
		}
		i = skipSpace(raw, i+1)
		vend := skipValue(raw, i)
		if vend < 0 || !fn(key, raw[i:vend]) {
			return -1, false
		}
		i = skipSpace(raw, vend)
		if i >= len(raw) {
			return -1, false
		}
		switch raw[i] {
		case ',':
			i = skipSpace(raw, i+1)
		case '}':
			return i + 1, true
		default:
			return -1, false
		}
	}
	return -1, false
}

// scanArray calls fn with each element of the array v (all of it).
func scanArray(v []byte, fn func(el []byte) bool) bool {
	i := skipSpace(v, 1)
	if i < len(v) && v[i] == ']' {
		return skipSpace(v, i+1) == len(v)
	}
	for i < len(v) {
		end := skipValue(v, i)
		if end < 0 || !fn(v[i:end]) {
			return false
		}
		i = skipSpace(v, end)
		if i >= len(v) {
			return false
		}
		switch v[i] {
		case ',':
			i = skipSpace(v, i+1)
		case ']':
			return i+1 == len(v)
		default:
			return false
		}
	}
	return false
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
