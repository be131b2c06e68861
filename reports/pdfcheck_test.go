package reports

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// checkPDF runs qpdf --check and returns pdftotext's text. CI installs both
// (qpdf, poppler-utils); on a machine without them the test says so and skips.
func checkPDF(t *testing.T, pdf []byte) string {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF")
	}
	for _, tool := range []string{"qpdf", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed (apt-get install qpdf poppler-utils)", tool)
		}
	}
	path := filepath.Join(t.TempDir(), "out.pdf")
	os.WriteFile(path, pdf, 0o600)
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	text, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(text)
}

func TestRecoverySheet(t *testing.T) {
	var buf bytes.Buffer
	key := "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567-ABCD-EFGH-IJKL-MNOP-QRST"
	err := WriteRecoverySheet(&buf, RecoverySheet{Clinic: "Centre de Santé Kasongo — Ñandú", ClinicID: "0123", Key: key})
	if err != nil {
		t.Fatal(err)
	}
	text := checkPDF(t, buf.Bytes())
	for _, want := range []string{"ABCD EFGH IJKL MNOP QRST UVWX YZ23", "Centre de Santé Kasongo — Ñandú", "Use recovery key", "Page 1 of 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
}
