package people

import (
	"bufio"
	"bytes"
	"dossier/reports/imports/spreadsheet"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/match"
)

// RowError is a row that cannot be read as a person.
type RowError struct {
	Line    int // 1-based line number in the file
	Problem string
}

// String is "line N: problem", as the clerk sees it.
func (e RowError) String() string { return fmt.Sprintf("line %d: %s", e.Line, e.Problem) }

// Table is the people of a file, with where each came from.
type Table struct {
	People  []match.Person
	Lines   []int             // file line of each person
	Columns map[string]string // header → field, for showing the clerk
}

// ErrBroken is wrapped by Read's error when rows are broken and not
// accepted.
var ErrBroken = errors.New("broken rows")

// Read reads a CSV file of people: comma-, semicolon- or tab-separated (the
// header line decides), values optionally quoted, spaces after separators
// trimmed, UTF-8 with or without a byte-order mark; lines starting with '#'
// are comments. Columns are recognised by their header (FieldNames) or
// named in mapping (see ParseMapping). Birth dates may be YYYYMMDD,
// YYYY-MM-DD, DD/MM/YYYY, D.M.YYYY or a bare year.
//
// Every broken row (wrong number of columns, unreadable or impossible
// birth date, bad quoting) is returned as a RowError. With broken rows Read
// returns no people and an error wrapping ErrBroken, unless acceptBroken:
// then the good rows are returned and the broken ones listed. A file
// without a name column is an error that names the columns it has.
func Read(r io.Reader, mapping map[string]string, acceptBroken bool) (Table, []RowError, error) {
	br := bufio.NewReader(r)
	head, header, err := spreadsheet.HeaderLine(br)
	if err != nil {
		return Table{}, nil, err
	}
	cr := csv.NewReader(io.MultiReader(bytes.NewReader(head), br))
	cr.Comma = spreadsheet.Sniff(header)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1 // counted here, to say which rows are short
	// FEBRL writes ", ": a quote after the space must still open a quoted
	// value. With tabs, trimming would swallow empty cells; values are
	// trimmed one by one anyway.
	cr.TrimLeadingSpace = cr.Comma != '\t'
	cr.ReuseRecord = true

	rec, err := cr.Read()
	if err != nil {
		return Table{}, nil, fmt.Errorf("read the header line: %w", err)
	}
	fields, t, err := mapColumns(rec, mapping)
	if err != nil {
		return Table{}, nil, err
	}
	var broken []RowError
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			broken = append(broken, RowError{Line: pe.StartLine, Problem: "bad quoting: " + pe.Err.Error()})
			continue
		}
		if err != nil {
			return Table{}, nil, err
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(fields) {
			broken = append(broken, RowError{line, fmt.Sprintf("%d values, but the header has %d columns", len(rec), len(fields))})
			continue
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue // a row of empty cells is not a person
		}
		p, problem := person(rec, fields)
		if problem != "" {
			broken = append(broken, RowError{line, problem})
			continue
		}
		if p.ID == "" {
			p.ID = "line " + strconv.Itoa(line)
		}
		t.People = append(t.People, p)
		t.Lines = append(t.Lines, line)
	}
	if len(broken) > 0 && !acceptBroken {
		return Table{}, broken, fmt.Errorf("%d %w", len(broken), ErrBroken)
	}
	return t, broken, nil
}

// mapColumns gives each header column its field ("" when unknown) and
// starts the Table with the columns recognised.
func mapColumns(header []string, mapping map[string]string) ([]string, Table, error) {
	byCol := map[string]string{}
	for col, f := range mapping {
		byCol[normalize(col)] = f
	}
	t := Table{Columns: map[string]string{}}
	fields := make([]string, len(header))
	hasName := false
	var found []string
	for i, h := range header {
		h = strings.TrimSpace(h)
		found = append(found, strconv.Quote(h))
		f, ok := byCol[normalize(h)]
		if !ok {
			f = recognised[normalize(h)]
		}
		if f == "" || f == ignore {
			continue
		}
		fields[i] = f
		t.Columns[h] = f
		hasName = hasName || f == "given" || f == "family"
	}
	if !hasName {
		sort.Strings(found)
		return nil, Table{}, fmt.Errorf("no name column: the columns are %s (say which holds names with --map COLUMN=given or COLUMN=family)",
			strings.Join(found, ", "))
	}
	return fields, t, nil
}

// person makes the Person of one row, or says what is wrong with it.
// Several columns of one field (two given-name columns) are joined with
// spaces, in the order of the file.
func person(rec, fields []string) (match.Person, string) {
	values := map[string][]string{}
	for i, f := range fields {
		if v := strings.TrimSpace(rec[i]); f != "" && v != "" {
			values[f] = append(values[f], v)
		}
	}
	get := func(f string) string { return strings.Join(values[f], " ") }
	p := match.Person{ID: get("id"), Given: get("given"), Family: get("family"), Phone: get("phone"),
		Address:  strings.Join(append(values["street_number"], values["address"]...), " "),
		Locality: get("locality"), Postcode: get("postcode"), Region: get("region"), NationalID: get("national_id")}
	for _, v := range values["other"] {
		p.Other = append(p.Other, model.SplitList(v)...)
	}
	if v := get("sex"); v != "" {
		p.Sex = parseSex(v)
	}
	if v := get("birth"); v != "" {
		y, m, d, problem := parseBirth(v)
		if problem != "" {
			return p, problem
		}
		p.BirthYear, p.BirthMonth, p.BirthDay = y, m, d
	}
	return p, ""
}

// parseBirth reads the date formats clinics' spreadsheets use: a four-digit
// year first is year-month-day, last is day-month-year (never the US
// month-first order). Day and month are 0 for a bare year.
func parseBirth(v string) (year, month, day int, problem string) {
	num := func(s string) int {
		if s == "" || len(s) > 4 || strings.Trim(s, "0123456789") != "" {
			return -1
		}
		n, _ := strconv.Atoi(s)
		return n
	}
	switch parts := strings.FieldsFunc(v, func(r rune) bool { return r == '-' || r == '/' || r == '.' }); {
	case len(v) == 8 && num(v[:4]) >= 0 && num(v[4:]) >= 0: // YYYYMMDD
		year, month, day = num(v[:4]), num(v[4:6]), num(v[6:])
	case len(v) == 4 && num(v) >= 0:
		year = num(v)
	case len(parts) == 3 && len(parts[0]) == 4: // YYYY-MM-DD (or with / or .)
		year, month, day = num(parts[0]), num(parts[1]), num(parts[2])
	case len(parts) == 3 && len(parts[2]) == 4: // DD/MM/YYYY, D.M.YYYY, DD-MM-YYYY
		year, month, day = num(parts[2]), num(parts[1]), num(parts[0])
	default:
		return 0, 0, 0, fmt.Sprintf("date of birth %q is not a date (use YYYY-MM-DD, YYYYMMDD, DD/MM/YYYY, D.M.YYYY or a year)", v)
	}
	if year < 0 || month < 0 || day < 0 {
		return 0, 0, 0, fmt.Sprintf("date of birth %q is not a date (use YYYY-MM-DD, YYYYMMDD, DD/MM/YYYY, D.M.YYYY or a year)", v)
	}
	now := time.Now()
	if year < 1850 || year > now.Year() {
		return 0, 0, 0, fmt.Sprintf("date of birth %q: the year %d is impossible", v, year)
	}
	if month == 0 && day == 0 {
		return year, 0, 0, ""
	}
	if month < 1 || month > 12 || day < 1 || day > time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return 0, 0, 0, fmt.Sprintf("date of birth %q does not exist", v)
	}
	if time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.Local).After(now) {
		return 0, 0, 0, fmt.Sprintf("date of birth %q is in the future", v)
	}
	return year, month, day, ""
}

// parseSex reads F/M in the words clinics use (and ISO 5218's 1 and 2);
// anything else is unknown.
func parseSex(v string) byte {
	switch strings.ToLower(v) {
	case "f", "female", "w", "woman", "girl", "fem", "femme", "mujer", "femenino", "mwanamke", "2":
		return 'F'
	case "m", "male", "man", "boy", "masculino", "hombre", "homme", "mwanaume", "1":
		return 'M'
	}
	return 0
}
