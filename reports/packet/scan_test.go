package packet

import (
	"bytes"
	"image"
	"image/color"
	"math/rand"
	"testing"
)

// TestResample checks the fast path against the general one, and the
// rotations against a direct per-pixel rotation.
func TestResample(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	src := image.NewGray(image.Rect(0, 0, 37, 23))
	for i := range src.Pix {
		src.Pix[i] = uint8(rng.Intn(256))
	}
	pl := lumaOf(src)
	for _, rot := range []int{0, 90, 180, 270} {
		pw, ph := 37, 23
		if rot%180 == 90 {
			pw, ph = ph, pw
		}
		// Full size: a pure rotation.
		g := resample(pl, rot, bounds(pw, pw), bounds(ph, ph))
		for v := 0; v < ph; v++ {
			for u := 0; u < pw; u++ {
				var x, y int
				switch rot {
				case 0:
					x, y = u, v
				case 90:
					x, y = v, 23-1-u
				case 180:
					x, y = 37-1-u, 23-1-v
				case 270:
					x, y = 37-1-v, u
				}
				if g.GrayAt(u, v) != src.GrayAt(x, y) {
					t.Fatalf("rotation %d: (%d,%d) is %d, want stored (%d,%d) = %d", rot, u, v, g.GrayAt(u, v).Y, x, y, src.GrayAt(x, y).Y)
				}
			}
		}
		// Shrunk: both paths agree.
		bx, by := bounds(pw, pw*2/3), bounds(ph, ph*3/5)
		fast := resample(pl, rot, bx, by)
		slowResample = true
		slow := resample(pl, rot, bx, by)
		slowResample = false
		if !bytes.Equal(fast.Pix, slow.Pix) {
			t.Errorf("rotation %d: fast and general resampling differ", rot)
		}
	}
}

// TestRedactEveryRotation: a bright box drawn in the stored image, redacted
// by its rotated coordinates, leaves no bright pixel in the encoded page.
func TestRedactEveryRotation(t *testing.T) {
	const W, H = 620, 877 // 75 dpi A4, so no resampling
	for _, rot := range []int{0, 90, 180, 270} {
		src := image.NewGray(image.Rect(0, 0, W, H))
		for i := range src.Pix {
			src.Pix[i] = 60
		}
		x0, y0, x1, y1 := 100, 200, 260, 300 // stored coordinates
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				src.SetGray(x, y, color.Gray{Y: 255})
			}
		}
		var box Rect
		switch rot {
		case 0:
			box = Rect{x0, y0, x1 - x0, y1 - y0}
		case 90:
			box = Rect{H - y1, x0, y1 - y0, x1 - x0}
		case 180:
			box = Rect{W - x1, H - y1, x1 - x0, y1 - y0}
		case 270:
			box = Rect{y0, W - x1, y1 - y0, x1 - x0}
		}
		ps := prepareScan(ScannedPage{Open: scanPage(src), Rotation: rot, Redact: []Rect{box}})
		if ps.err != nil {
			t.Fatal(ps.err)
		}
		img, _, err := image.Decode(bytes.NewReader(ps.jpg))
		if err != nil {
			t.Fatal(err)
		}
		bright := 0
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y > 150 {
					bright++
				}
			}
		}
		if bright > 0 {
			t.Errorf("rotation %d: %d bright pixels survive redaction", rot, bright)
		}
	}
}
