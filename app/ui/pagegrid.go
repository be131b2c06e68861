package ui

import (
	"fmt"
	"image"

	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// pageGrid shows pages as thumbnails. It is a GridWrap, so only the
// thumbnails on screen exist as widgets; each is decrypted and decoded
// when first scrolled into view and then kept in the UI's bounded cache.
type pageGrid struct {
	ui       *UI
	pages    []storage.PageView
	grid     *widget.GridWrap
	loading  map[thumbKey]bool
	selected int
	onSelect func(i int)
}

func newPageGrid(ui *UI, onSelect func(i int)) *pageGrid {
	g := &pageGrid{ui: ui, loading: map[thumbKey]bool{}, selected: -1, onSelect: onSelect}
	g.grid = widget.NewGridWrap(func() int { return len(g.pages) }, g.newItem, g.updateItem)
	g.grid.OnSelected = g.choose
	return g
}

func (g *pageGrid) newItem() fyne.CanvasObject {
	img := canvas.NewImageFromImage(nil)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(110, 150))
	label := widget.NewLabel("000 · blank?")
	label.Alignment = fyne.TextAlignCenter
	return container.NewBorder(nil, label, nil, nil, img)
}

func (g *pageGrid) updateItem(i widget.GridWrapItemID, o fyne.CanvasObject) {
	if i >= len(g.pages) {
		return
	}
	p := g.pages[i]
	box := o.(*fyne.Container)
	img := box.Objects[0].(*canvas.Image)
	label := box.Objects[1].(*widget.Label)
	text := fmt.Sprintf("%d", i+1)
	switch {
	case p.Discarded:
		text += " · set aside"
	case p.Blank:
		text += " · blank?"
	}
	label.SetText(text)
	key := thumbKey{p.ID, p.Rotation}
	if cached, ok := g.ui.thumbs.get(key); ok {
		img.Image = cached
	} else {
		img.Image = nil
		g.load(i, key, p)
	}
	img.Translucency = 0
	if p.Discarded {
		img.Translucency = 0.6
	}
	img.Refresh()
}

func (g *pageGrid) load(i int, key thumbKey, p storage.PageView) {
	if g.loading[key] || g.ui.sess == nil {
		return
	}
	g.loading[key] = true
	sess := g.ui.sess
	background(g.ui, func() (image.Image, error) { return decodePage(sess, p.Thumb, p.Rotation) },
		func(img image.Image, err error) {
			delete(g.loading, key)
			if err == nil {
				g.ui.thumbs.put(key, img)
				g.grid.RefreshItem(i)
			}
		})
}

func (g *pageGrid) choose(i widget.GridWrapItemID) {
	g.selected = i
	if g.onSelect != nil {
		g.onSelect(i)
	}
}

// set replaces the pages shown, keeping the selection where it can.
func (g *pageGrid) set(pages []storage.PageView) {
	g.pages = pages
	g.grid.UnselectAll()
	g.grid.Refresh()
	if g.selected >= len(pages) {
		g.selected = len(pages) - 1
	}
}

// selectPage moves the selection (keyboard next/previous page).
func (g *pageGrid) selectPage(i int) {
	if i < 0 || i >= len(g.pages) {
		return
	}
	g.grid.Select(i)
	g.grid.ScrollTo(i)
}

// current returns the selected page.
func (g *pageGrid) current() (storage.PageView, bool) {
	if g.selected < 0 || g.selected >= len(g.pages) {
		return storage.PageView{}, false
	}
	return g.pages[g.selected], true
}
