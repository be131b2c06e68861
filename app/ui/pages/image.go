package pages

import (
	"bytes"
	"image"
	"image/draw"
	_ "image/jpeg" // display and thumbnail images are JPEG

	"dossier/model"
	"dossier/storage"
)

// decodePage opens a stored page image and turns it upright as the clerk
// left it. Viewing always uses the reduced display image or the thumbnail,
// never the 300 dpi original, so a page costs a few megabytes at most.
func Decode(sess *storage.Session, ref model.BlobRef, rotation int) (image.Image, error) {
	data, err := sess.Pages().Image(ref)
	if err != nil {
		return nil, err
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return rotate(img, rotation), nil
}

// rotate turns an image clockwise by a multiple of 90 degrees.
func rotate(src image.Image, degrees int) image.Image {
	degrees = ((degrees % 360) + 360) % 360
	if degrees == 0 {
		return src
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	var dst draw.Image
	if degrees == 180 {
		dst = newLike(src, w, h)
	} else {
		dst = newLike(src, h, w)
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := src.At(b.Min.X+x, b.Min.Y+y)
			switch degrees {
			case 90:
				dst.Set(h-1-y, x, c)
			case 180:
				dst.Set(w-1-x, h-1-y, c)
			case 270:
				dst.Set(y, w-1-x, c)
			}
		}
	}
	return dst
}

func newLike(src image.Image, w, h int) draw.Image {
	if _, gray := src.(*image.Gray); gray {
		return image.NewGray(image.Rect(0, 0, w, h))
	}
	return image.NewRGBA(image.Rect(0, 0, w, h))
}
