// Package people reads lists of people from CSV files for the matcher and
// writes the pairs it finds: the clerk's way to check a register, or a
// spreadsheet from an outreach campaign, for duplicates without a store.
package people

import (
	"fmt"
	"sort"
	"strings"
)

// FieldNames maps our fields to the header names we recognise, besides the
// field names themselves. Headers are compared after normalize: case,
// surrounding spaces, spaces, underscores and dashes do not matter
// ("Date of Birth" is date_of_birth).
var FieldNames = map[string][]string{
	"id":            {"rec_id", "id", "record_id", "mrn"},
	"given":         {"given_name", "first_name", "firstname", "given", "forename"},
	"family":        {"surname", "last_name", "family_name", "lastname"},
	"other":         {"other_names", "alias", "maiden_name"},
	"birth":         {"date_of_birth", "dob", "birthdate", "birth_date"},
	"sex":           {"sex", "gender"},
	"phone":         {"phone", "phone_number", "mobile", "telephone"},
	"address":       {"address", "address_1", "street", "street_address"},
	"street_number": {"street_number"},
	"locality":      {"suburb", "village", "locality", "town", "city"},
	"postcode":      {"postcode", "zip", "postal_code"},
	"region":        {"state", "district", "region", "province"},
	"national_id":   {"national_id", "soc_sec_id", "nid", "ssn"},
}

// ignore is the field that a --map entry gives to a column to leave out a
// column we would otherwise recognise (address_2=ignore).
const ignore = "ignore"

// normalize is how headers, --map columns and field names are compared.
func normalize(s string) string {
	s = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\ufeff")))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '_' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, s)
}

// recognised maps each normalized header name to its field. Our own field
// names are recognised too ("family", "birth"), as files we write use them.
var recognised = func() map[string]string {
	m := map[string]string{}
	for field, names := range FieldNames {
		m[normalize(field)] = field
		for _, n := range names {
			m[normalize(n)] = field
		}
	}
	return m
}()

// fieldOf returns our field name for a field as a person might type it
// ("national ID", "Street-Number"), or "".
func fieldOf(s string) string {
	n := normalize(s)
	if n == ignore {
		return ignore
	}
	for field := range FieldNames {
		if normalize(field) == n {
			return field
		}
	}
	return ""
}

// fieldList is the fields a mapping may name, for messages.
func fieldList() string {
	var fs []string
	for f := range FieldNames {
		fs = append(fs, f)
	}
	sort.Strings(fs)
	return strings.Join(append(fs, ignore), ", ")
}

// ParseMapping parses "--map col=field,col2=field2": which field a column
// holds when its header is not one we recognise (or to override one we do;
// field "ignore" leaves a column out). Fields: id, given, family, other,
// birth, sex, phone, address, street_number, locality, postcode, region,
// national_id. The result maps the columns as written to field names.
func ParseMapping(s string) (map[string]string, error) {
	m := map[string]string{}
	seen := map[string]string{}
	for _, item := range strings.Split(s, ",") {
		if strings.TrimSpace(item) == "" {
			continue
		}
		col, field, ok := strings.Cut(item, "=")
		col = strings.TrimSpace(col)
		if !ok || col == "" {
			return nil, fmt.Errorf("--map: %q is not COLUMN=FIELD", strings.TrimSpace(item))
		}
		f := fieldOf(field)
		if f == "" {
			return nil, fmt.Errorf("--map: %q is not a field; use one of %s", strings.TrimSpace(field), fieldList())
		}
		if prev, dup := seen[normalize(col)]; dup {
			return nil, fmt.Errorf("--map: column %q is mapped twice (to %s and %s)", col, prev, f)
		}
		seen[normalize(col)] = f
		m[col] = f
	}
	return m, nil
}
