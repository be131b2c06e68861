package pages

import (
	"fmt"
	"fyne.io/fyne/v2/lang"
	"image"

	"dossier/app/ui/kit"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// pageGrid shows pages as thumbnails. It is a GridWrap, so only the
// thumbnails on screen exist as widgets; each is decrypted and decoded
// when first scrolled into view and then kept in the UI's bounded cache.
type Grid struct {
	h        *kit.Host
	Pages    []storage.PageView
	Widget   *widget.GridWrap
	loading  map[kit.ImageKey]bool
	Selected int
	onSelect func(i int)
}

func NewGrid(h *kit.Host, onSelect func(i int)) *Grid {
	g := &Grid{h: h, loading: map[kit.ImageKey]bool{}, Selected: -1, onSelect: onSelect}
	g.Widget = widget.NewGridWrap(func() int { return len(g.Pages) }, g.newItem, g.updateItem)
	g.Widget.OnSelected = g.choose
	return g
}

func (g *Grid) newItem() fyne.CanvasObject {
	img := canvas.NewImageFromImage(nil)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(110, 150))
	label := widget.NewLabel(lang.X("pages.000_blank", "000 · blank?"))
	label.Alignment = fyne.TextAlignCenter
	return container.NewBorder(nil, label, nil, nil, img)
}

func (g *Grid) updateItem(i widget.GridWrapItemID, o fyne.CanvasObject) {
	if i >= len(g.Pages) {
		return
	}
	p := g.Pages[i]
	box := o.(*fyne.Container)
	img := box.Objects[0].(*canvas.Image)
	label := box.Objects[1].(*widget.Label)
	text := fmt.Sprintf("%d", i+1)
	switch {
	case p.Discarded:
		text += " · " + lang.X("pages.set_aside", "set aside")
	case p.Blank:
		text += " · " + lang.X("pages.blank", "blank?")
	}
	label.SetText(text)
	key := kit.ImageKey{ID: p.ID, Rotation: p.Rotation}
	if cached, ok := g.h.Thumbs.Get(key); ok {
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

func (g *Grid) load(i int, key kit.ImageKey, p storage.PageView) {
	if g.loading[key] {
		return
	}
	g.loading[key] = true
	kit.Run(g.h, func(sess *storage.Session) (image.Image, error) { return Decode(sess, p.Thumb, p.Rotation) },
		func(img image.Image, err error) {
			delete(g.loading, key)
			if err == nil {
				g.h.Thumbs.Put(key, img)
				g.Widget.RefreshItem(i)
			}
		})
}

func (g *Grid) choose(i widget.GridWrapItemID) {
	g.Selected = i
	if g.onSelect != nil {
		g.onSelect(i)
	}
}

// set replaces the pages shown, keeping the selection where it can.
func (g *Grid) Set(pages []storage.PageView) {
	g.Pages = pages
	g.Widget.UnselectAll()
	g.Widget.Refresh()
	if g.Selected >= len(pages) {
		g.Selected = len(pages) - 1
	}
}

// selectPage moves the selection (keyboard next/previous page).
func (g *Grid) SelectPage(i int) {
	if i < 0 || i >= len(g.Pages) {
		return
	}
	g.Widget.Select(i)
	g.Widget.ScrollTo(i)
}

// current returns the selected page.
func (g *Grid) Current() (storage.PageView, bool) {
	if g.Selected < 0 || g.Selected >= len(g.Pages) {
		return storage.PageView{}, false
	}
	return g.Pages[g.Selected], true
}
