package duplicates

import (
	"testing"

	"dossier/storage"
)

func TestScanTextSaysWhenTheCapWasHit(t *testing.T) {
	for _, c := range []struct {
		r    storage.ScanResult
		want string
	}{
		{storage.ScanResult{Open: 1, Found: 1, Kept: 1}, "Scan finished: 1 pair to review."},
		{storage.ScanResult{Open: 0}, "Scan finished: 0 pairs to review."},
		{storage.ScanResult{Open: 100000, Found: 900000, Kept: 100000},
			"Scan finished: 100000 pairs to review. The scan found 900000 likely pairs and queued the best 100000: decide these, then scan again for the rest."},
	} {
		if got := scanText(c.r); got != c.want {
			t.Errorf("scanText(%+v) = %q, want %q", c.r, got, c.want)
		}
	}
}
