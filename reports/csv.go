package reports

import (
	"encoding/csv"
	"io"
)

// Table is a list exported as CSV: a header row, then the rows.
type Table struct {
	Header []string
	Rows   [][]string
}

// WriteCSV writes the table as CSV (RFC 4180, comma separated, CRLF line
// ends as spreadsheets expect) with a UTF-8 byte-order mark so Excel
// reads accented names right. Every cell is guarded against formula
// injection (SafeCell).
func WriteCSV(w io.Writer, t Table) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	row := make([]string, 0, len(t.Header))
	for _, r := range append([][]string{t.Header}, t.Rows...) {
		row = row[:0]
		for _, c := range r {
			row = append(row, SafeCell(c))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// SafeCell keeps a spreadsheet from running a cell as a formula: a cell
// that begins with = + - @ (or a tab or carriage return, which some
// spreadsheets skip before looking) gets a leading apostrophe, which
// spreadsheets show as text. A name typed as "=HYPERLINK(…)" at the
// registration desk stays a name.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
