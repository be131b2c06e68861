package scans

import (
	"image"
	"math/rand/v2"
	"testing"
)

// The scaler averages exactly: compare with a direct computation.
func TestScaler(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, sz := range [][4]int{{10, 10, 10, 10}, {7, 5, 3, 2}, {100, 37, 13, 11}, {3, 3, 1, 1}, {4, 6, 8, 9}, {2550, 3, 1600, 2}} {
		sw, sh, dw, dh := sz[0], sz[1], sz[2], sz[3]
		src := image.NewGray(image.Rect(0, 0, sw, sh))
		for i := range src.Pix {
			src.Pix[i] = uint8(rng.IntN(256))
		}
		s := newScaler(sw, sh, dw, dh, 1)
		for y := range sh {
			s.push(src.Pix[y*sw : (y+1)*sw])
		}
		if !s.done() {
			t.Fatalf("%v: not all rows produced", sz)
		}
		xs, xe := spans(sw, dw)
		ys, ye := spans(sh, dh)
		for dy := range dh {
			for dx := range dw {
				sum, n := 0, 0
				for y := ys[dy]; y < ye[dy]; y++ {
					for x := xs[dx]; x < xe[dx]; x++ {
						sum += int(src.Pix[y*sw+x])
						n++
					}
				}
				if want := uint8((sum + n/2) / n); s.out[dy*dw+dx] != want {
					t.Fatalf("%v: pixel %d,%d = %d, want %d", sz, dx, dy, s.out[dy*dw+dx], want)
				}
			}
		}
	}
	if w, h := fit(2480, 3508, 1600); w != 1131 || h != 1600 {
		t.Errorf("fit A4 = %dx%d", w, h)
	}
	if w, h := fit(100, 50, 1600); w != 100 || h != 50 {
		t.Errorf("fit small = %dx%d", w, h)
	}
}
