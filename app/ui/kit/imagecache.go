package kit

import (
	"container/list"
	"image"
	"sync"

	"dossier/model"
)

// ImageCache keeps the most recently shown thumbnails decoded, so
// scrolling a 300-page chart back and forth does not decrypt and decode
// the same pages again, while memory stays bounded by its size.
type ImageCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recent
	items map[ImageKey]*list.Element
}

type ImageKey struct {
	ID       model.ID
	Rotation int
}

type imageEntry struct {
	key ImageKey
	img image.Image
}

func NewImageCache(max int) *ImageCache {
	return &ImageCache{max: max, order: list.New(), items: map[ImageKey]*list.Element{}}
}

func (c *ImageCache) Get(k ImageKey) (image.Image, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*imageEntry).img, true
	}
	return nil, false
}

func (c *ImageCache) Put(k ImageKey, img image.Image) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		e.Value.(*imageEntry).img = img
		c.order.MoveToFront(e)
		return
	}
	c.items[k] = c.order.PushFront(&imageEntry{k, img})
	for c.order.Len() > c.max {
		last := c.order.Back()
		delete(c.items, last.Value.(*imageEntry).key)
		c.order.Remove(last)
	}
}

// clear forgets every image (on lock, so nothing decoded outlives the
// session).
func (c *ImageCache) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order.Init()
	clear(c.items)
}
