package search

import (
	"testing"

	"dossier/model"
)

func TestFlags(t *testing.T) {
	ix := New()
	plain, restricted, deleted, merged := model.NewID(), model.NewID(), model.NewID(), model.NewID()
	ix.Put(Entry{ID: plain, Given: "Amina", Family: "Nakato"})
	ix.Put(Entry{ID: restricted, Given: "Hidden", Family: "Person", Restricted: true})
	ix.Put(Entry{ID: deleted, Given: "Gone", Family: "Away", Deleted: true})
	ix.Put(Entry{ID: merged, Given: "Twin", Family: "Copy", MergedInto: plain})
	for _, c := range []struct {
		name           string
		id             model.ID
		restr, hid, ok bool
	}{
		{"plain", plain, false, false, true},
		{"restricted", restricted, true, false, true},
		{"deleted", deleted, false, true, true},
		{"merged away", merged, false, true, true},
		{"unknown", model.NewID(), false, false, false},
	} {
		r, h, ok := ix.Flags(c.id)
		if r != c.restr || h != c.hid || ok != c.ok {
			t.Errorf("%s: restricted %v hidden %v ok %v", c.name, r, h, ok)
		}
	}
}
