package reports

import (
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"testing"
)

func TestSafeCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"Amina", "Amina"},
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+254 700 000000", "'+254 700 000000"},
		{"-1", "'-1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"a=b", "a=b"},
		{"2026-11-22", "2026-11-22"},
	} {
		if got := SafeCell(c.in); got != c.want {
			t.Errorf("SafeCell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestWriteCSVReadsBack(t *testing.T) {
	tab := Table{Header: []string{"MRN", "Name"}, Rows: [][]string{{"KDH-1", "Nakato, \"Amina\"\nsecond line"}, {"KDH-2", "=cmd"}}}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, tab); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\ufeff")) {
		t.Fatal("no byte-order mark")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[1][1] != "Nakato, \"Amina\"\nsecond line" || rows[2][1] != "'=cmd" {
		t.Fatalf("read back %q", rows)
	}
}

// BenchmarkWriteCSV: a 100,000-row list of 8 columns (a busy clinic's
// audit trail for months).
func BenchmarkWriteCSV(b *testing.B) {
	tab := Table{Header: []string{"Number", "Time", "User", "Action", "Kind", "Record", "Detail", "Flagged"}}
	for i := range 100000 {
		tab.Rows = append(tab.Rows, []string{strconv.Itoa(i), "2026-12-04 21:26:45", "clerk1", "view", "patient",
			"01a242c6c10b15312ae028acd8cc5267", "=chart of a patient, with a comma", ""})
	}
	b.ResetTimer()
	for range b.N {
		if err := WriteCSV(io.Discard, tab); err != nil {
			b.Fatal(err)
		}
	}
}
