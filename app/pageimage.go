package app

import (
	"bytes"
	"container/list"
	"image"
	"image/draw"
	_ "image/jpeg" // display and thumbnail images are JPEG
	"sync"

	"dossier/model"
	"dossier/storage"
)

// decodePage opens a stored page image and turns it upright as the clerk
// left it. Viewing always uses the reduced display image or the thumbnail,
// never the 300 dpi original, so a page costs a few megabytes at most.
func decodePage(sess *storage.Session, ref model.BlobRef, rotation int) (image.Image, error) {
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

// thumbCache keeps the most recently shown thumbnails decoded, so
// scrolling a 300-page chart back and forth does not decrypt and decode
// the same pages again, while memory stays bounded by its size.
type thumbCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recent
	items map[thumbKey]*list.Element
}

type thumbKey struct {
	id  model.ID
	rot int
}

type thumbEntry struct {
	key thumbKey
	img image.Image
}

func newThumbCache(max int) *thumbCache {
	return &thumbCache{max: max, order: list.New(), items: map[thumbKey]*list.Element{}}
}

func (c *thumbCache) get(k thumbKey) (image.Image, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*thumbEntry).img, true
	}
	return nil, false
}

func (c *thumbCache) put(k thumbKey, img image.Image) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		e.Value.(*thumbEntry).img = img
		c.order.MoveToFront(e)
		return
	}
	c.items[k] = c.order.PushFront(&thumbEntry{k, img})
	for c.order.Len() > c.max {
		last := c.order.Back()
		delete(c.items, last.Value.(*thumbEntry).key)
		c.order.Remove(last)
	}
}

// clear forgets every image (on lock, so nothing decoded outlives the
// session).
func (c *thumbCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order.Init()
	clear(c.items)
}
