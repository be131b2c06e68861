package replicate

import (
	"bytes"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"testing"

	"dossier/model"
	"dossier/storage"
	"dossier/storage/vault"
)

const scanMarker = "SCANNED-CHART-PAGE-Akello-"

// scanImage is an image of n bytes: a text marker to grep for, then noise.
func scanImage(n int) []byte {
	img := bytes.Repeat([]byte(scanMarker), n/len(scanMarker)/2)
	return append(img, vault.RandomBytes(n-len(img))...)
}

func scan(t testing.TB, sess *storage.Session, original int) (model.Page, storage.NewPage) {
	t.Helper()
	np := storage.NewPage{Source: "ward round.pdf", Format: "jpeg", Original: scanImage(original), Display: scanImage(90_000),
		Thumb: scanImage(6_000), Width: 1700, Height: 2200, DPI: 200}
	ps, err := sess.Pages().Import(model.ZeroID, []storage.NewPage{np})
	if err != nil {
		t.Fatal(err)
	}
	return ps[0], np
}

// images reads a page's three images on a desk (nil where not there).
func images(t testing.TB, sess *storage.Session, id model.ID) [3][]byte {
	t.Helper()
	p, _, err := sess.Pages().Get(id)
	if err != nil {
		t.Fatalf("the page is not on the desk: %v", err)
	}
	var out [3][]byte
	for i, ref := range []model.BlobRef{p.Thumb, p.Display, p.Original} {
		img, err := sess.Pages().Image(ref)
		var me *model.Error
		switch {
		case err == nil:
			out[i] = img
		case !errors.As(err, &me) || me.Code != model.NotFound || !strings.Contains(err.Error(), "not arrived"):
			t.Fatalf("image %d: %v, want it whole or 'not arrived'", i, err)
		}
	}
	return out
}

// A page scanned on desk A is viewable on desk B after sync, byte for
// byte; an image shows only once all its chunks have come; the server
// holds none of the image bytes; a chunk altered on the server is
// rejected, reported, and its image never shown.
func TestSyncPageImages(t *testing.T) {
	db := freshDB(t)
	a, b := twoDesks(t)
	supA, supB := supervisor(t, a), supervisor(t, b) // scanning and viewing are the clerks' and supervisors'
	page, np := scan(t, supA, 700_000)               // three chunks
	res := syncDesk(t, a, db)
	if res.Pushed < 1+1+1+3 {
		t.Fatalf("desk A pushed %d documents", res.Pushed)
	}
	// Thumbnails go before originals, after the records.
	var chunkDocs, recordDocs []storage.SyncDoc
	for _, d := range serverDocs(t, db) {
		if storage.IsChunkDoc(d.ID) {
			chunkDocs = append(chunkDocs, d)
		} else {
			recordDocs = append(recordDocs, d)
		}
	}
	if len(chunkDocs) != 5 {
		t.Fatalf("%d chunk documents on the server, want 5 (1 thumbnail, 1 display, 3 original)", len(chunkDocs))
	}
	// Desk B gets the records and all chunks but one: two images whole,
	// the third not shown.
	if _, err := b.sess.Sync().Apply(recordDocs, ""); err != nil {
		t.Fatal(err)
	}
	got := images(t, supB, page.ID)
	if got[0] != nil || got[1] != nil || got[2] != nil {
		t.Fatalf("images shown before any chunk came")
	}
	ar, err := b.sess.Sync().Apply(chunkDocs[1:], "")
	if err != nil {
		t.Fatal(err)
	}
	got = images(t, supB, page.ID)
	whole := 0
	for _, img := range got {
		if img != nil {
			whole++
		}
	}
	if ar.Chunks != 4 || whole != ar.Images || whole > 2 {
		t.Fatalf("with one chunk missing: %d chunks kept, %d images whole (%d counted)", ar.Chunks, whole, ar.Images)
	}
	// The rest comes with a sync; the repeated chunks are not kept twice.
	res = syncDesk(t, b, db)
	if res.Chunks != 1 || res.Images != 1 || res.Quarantined != 0 {
		t.Errorf("desk B's sync: %+v, want the last chunk and the last image", res)
	}
	got = images(t, supB, page.ID)
	for i, want := range [][]byte{np.Thumb, np.Display, np.Original} {
		if !bytes.Equal(got[i], want) {
			t.Errorf("image %d differs on desk B (%d bytes, want %d)", i, len(got[i]), len(want))
		}
	}
	// Another sync moves nothing: every image travelled once.
	if res := syncDesk(t, a, db); res.Pushed != 0 {
		t.Errorf("desk A pushed %d documents again", res.Pushed)
	}
	if res := syncDesk(t, b, db); res.Chunks != 0 || res.Applied != 0 {
		t.Errorf("desk B applied again: %+v", res)
	}

	// A chunk altered on the server: rejected, reported, image not shown.
	page2, _ := scan(t, supA, 300_000)
	before := map[string]bool{}
	for _, d := range chunkDocs {
		before[d.ID] = true
	}
	syncDesk(t, a, db)
	var bad storage.SyncDoc
	for _, d := range serverDocs(t, db) {
		if storage.IsChunkDoc(d.ID) && !before[d.ID] && len(d.C) > 200_000 {
			bad = d
		}
	}
	if bad.ID == "" {
		t.Fatal("the new page's original is not on the server")
	}
	bad.C[len(bad.C)/3] ^= 0x40
	send(t, http.MethodPut, db+"/"+bad.ID, bad)
	res = syncDesk(t, b, db)
	if res.Quarantined != 1 || len(res.Problems) != 1 || !strings.Contains(res.Problems[0], "page image chunk") {
		t.Errorf("desk B: quarantined %d, problems %q; want the altered chunk rejected", res.Quarantined, res.Problems)
	}
	if got := images(t, supB, page2.ID); got[0] == nil || got[2] != nil {
		t.Errorf("page 2 on desk B: thumbnail %d bytes, original %d bytes; want the thumbnail only", len(got[0]), len(got[2]))
	}

	// The server holds none of the image bytes, in any alignment.
	raw := serverDump(t, db)
	if strings.Contains(raw, scanMarker) {
		t.Errorf("the server's data holds the image's text")
	}
	for _, img := range [][]byte{np.Original, np.Thumb} {
		for s := 0; s < 3; s++ {
			if strings.Contains(raw, base64.StdEncoding.EncodeToString(img[s:s+300])) {
				t.Errorf("the server's data holds the image bytes (base64, shift %d)", s)
			}
		}
	}
}

// A page image chunk deleted on the server is pushed again by the desk
// that wrote it, and a desk that syncs afterwards gets the image whole.
func TestChunkDeletedOnServerPushedAgain(t *testing.T) {
	db := freshDB(t)
	a, b := twoDesks(t)
	supA, supB := supervisor(t, a), supervisor(t, b)
	page, np := scan(t, supA, 300_000) // two chunks
	syncDesk(t, a, db)
	var gone storage.SyncDoc
	for _, d := range serverDocs(t, db) {
		if storage.IsChunkDoc(d.ID) {
			gone = d
		}
	}
	if gone.ID == "" {
		t.Fatal("no chunk on the server")
	}
	send(t, http.MethodDelete, db+"/"+gone.ID+"?rev="+gone.Rev, nil)
	if res := syncDesk(t, a, db); res.Resent != 1 {
		t.Fatalf("desk A re-pushed %d documents, want the deleted chunk", res.Resent)
	}
	found := false
	for _, d := range serverDocs(t, db) {
		found = found || d.ID == gone.ID
	}
	if !found {
		t.Fatal("the deleted chunk is not back on the server")
	}
	syncDesk(t, b, db)
	got := images(t, supB, page.ID)
	for i, want := range [][]byte{np.Thumb, np.Display, np.Original} {
		if !bytes.Equal(got[i], want) {
			t.Errorf("image %d on desk B: %d bytes, want %d", i, len(got[i]), len(want))
		}
	}
}
