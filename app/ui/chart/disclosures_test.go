package chart

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The chart's Disclosures tab lists the patient's disclosures and prints
// the accounting of them (the release desk's flow that makes one is tested
// in app/ui: TestReleaseDeskFlow).
func TestDisclosuresPrintAccounting(t *testing.T) {
	x := newHarness(t, "super1")
	pt := x.patient(t, "Amina")
	if _, err := x.sess.Release().RecordInternal(pt.ID, "Jubilee Insurance", []string{"Lab result 2020-04-01"}, 3, ""); err != nil {
		t.Fatal(err)
	}
	var tab *disclosuresTab
	x.onUI(func() { tab = newDisclosuresTab(x.h, pt) })
	x.show(tab.root)
	x.wantText(t, "1 disclosure in the last 6 years")
	x.findButton(t, "Print accounting (6 years)")
	acct := filepath.Join(t.TempDir(), "acct.pdf")
	x.h.PickSavePath = func(_ string, chosen func(string)) { chosen(acct) }
	x.tap(x.findButton(t, "Print accounting (6 years)"))
	x.tap(x.findButton(t, "Save PDF…"))
	if data, _ := os.ReadFile(acct); !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("no accounting written: %s", x.screenText())
	}
	if fi, err := os.Stat(acct); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the accounting is not private: %v %v", fi.Mode(), err)
	}
	x.wantText(t, "Accounting of disclosures saved to "+acct)
}
