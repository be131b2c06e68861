package reports

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"dossier/model"
)

func TestRegisterPDF(t *testing.T) {
	r := RegisterReport{Clinic: model.Clinic{Name: "Kasongo District Hospital", Address: "Kasongo"},
		Title: "Death register", Period: "November 2026", Note: "Inpatients who died, by date of death.",
		Table:     Table{Header: []string{"Date", "MRN", "Name", "Cause"}},
		Weights:   []float64{1, 1, 3, 3},
		PrintedBy: "sam", PrintedAt: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	for i := range 60 {
		r.Table.Rows = append(r.Table.Rows, []string{"2026-11-03", fmt.Sprintf("TST-%05d", i), "Amina Nakato", "A00.0 Cholera"})
	}
	var b bytes.Buffer
	if err := WriteRegister(&b, r); err != nil {
		t.Fatal(err)
	}
	text := checkPDF(t, b.Bytes())
	n := pdfPages(t, b.Bytes())
	if n < 2 {
		t.Fatalf("60 rows on %d page", n)
	}
	for _, want := range []string{"Kasongo District Hospital", "Death register — November 2026", "TST-00059",
		"Confidential — printed by sam on 2026-12-01 09:00", fmt.Sprintf("Page %d of %d", n, n), "60 entries."} {
		if !strings.Contains(text, want) {
			t.Errorf("register lacks %q", want)
		}
	}
	// The header repeats on every page.
	if c := strings.Count(text, "Cause"); c != n {
		t.Errorf("header printed %d times on %d pages", c, n)
	}
	if w, h := pageSize(t, b.Bytes()); w <= h {
		t.Errorf("page %v×%v is not landscape", w, h)
	}
}

// pageSize reads the first page's size in points from pdfinfo.
func pageSize(t *testing.T, pdf []byte) (w, h float64) {
	t.Helper()
	needTool(t, "pdfinfo")
	out, err := exec.Command("pdfinfo", writeTemp(t, pdf)).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "Page size:"); ok {
			if _, err := fmt.Sscanf(strings.TrimSpace(v), "%f x %f", &w, &h); err != nil {
				t.Fatalf("pdfinfo: %q", line)
			}
			return w, h
		}
	}
	t.Fatal("pdfinfo gave no page size")
	return 0, 0
}
