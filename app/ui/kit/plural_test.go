package kit

import "testing"

func TestCountOf(t *testing.T) {
	for _, c := range []struct {
		n     int
		thing string
		want  string
	}{
		{0, "page", "0 pages"},
		{1, "page", "1 page"},
		{2, "batch", "2 batches"},
		{1, "batch", "1 batch"},
		{3, "category", "3 categories"},
		{2, "day", "2 days"},
		{4, "box", "4 boxes"},
	} {
		if got := CountOf(c.n, c.thing); got != c.want {
			t.Errorf("CountOf(%d, %q) = %q, want %q", c.n, c.thing, got, c.want)
		}
	}
}
