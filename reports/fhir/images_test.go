package fhir

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/model/exchange"
)

// Page images leave only when the record carries them (the export asked):
// inline in a Bundle's attachments, as Binary resources named by url in
// NDJSON; every resource stays valid R4.
func TestDocumentImagesOnlyWhenAsked(t *testing.T) {
	jpeg := []byte("\xff\xd8\xff\xe0 page one \xff\xd9")
	for _, withImages := range []bool{false, true} {
		rec := fullRecord()
		doc := rec.Documents[0]
		if withImages {
			rec.Images = []exchange.PageImage{{Document: doc.ID, Page: 1, ContentType: "image/jpeg", Data: jpeg}}
		}
		var buf bytes.Buffer
		if _, err := WriteBundle(&buf, rec, testOptions(rec), time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := validate(t, buf.Bytes()); err != nil {
			t.Errorf("with images %v: the Bundle: %v", withImages, err)
		}
		var b struct {
			Entry []struct {
				Resource json.RawMessage `json:"resource"`
			} `json:"entry"`
		}
		json.Unmarshal(buf.Bytes(), &b)
		var docs []DocumentReference
		for _, e := range b.Entry {
			if err := validate(t, e.Resource); err != nil {
				t.Errorf("with images %v: %s: %v", withImages, e.Resource[:60], err)
			}
			var d DocumentReference
			if json.Unmarshal(e.Resource, &d); d.ResourceType == "DocumentReference" {
				docs = append(docs, d)
			}
		}
		if len(docs) != 1 {
			t.Fatalf("%d DocumentReferences", len(docs))
		}
		a := docs[0].Content[0].Attachment
		switch {
		case withImages && (!bytes.Equal(a.Data, jpeg) || a.ContentType != "image/jpeg" || !strings.Contains(a.Title, "page 1 of 1")):
			t.Errorf("image not in the attachment: %+v", a)
		case !withImages && (a.Data != nil || a.URL != "" || strings.Contains(buf.String(), base64.StdEncoding.EncodeToString(jpeg))):
			t.Errorf("an image left without being asked: %+v", a)
		}

		// NDJSON: the image in a Binary, named by the attachment's url.
		dir := t.TempDir()
		w, _ := NewBulkWriter(dir, testOptions(rec))
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
		w.Close()
		ids := map[string]bool{}
		var urls []string
		for _, f := range w.Files() {
			fh, _ := os.Open(f)
			sc := bufio.NewScanner(fh)
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				line := sc.Bytes()
				if err := validate(t, line); err != nil {
					t.Errorf("%s: %v", filepath.Base(f), err)
				}
				var h struct {
					ResourceType, ID string
					Data             []byte
					Content          []DocumentContent
				}
				json.Unmarshal(line, &h)
				ids[h.ResourceType+"/"+h.ID] = true
				if h.ResourceType == "Binary" && !bytes.Equal(h.Data, jpeg) {
					t.Errorf("Binary %s holds %q", h.ID, h.Data)
				}
				for _, c := range h.Content {
					if c.Attachment.Data != nil {
						t.Error("an image inline in NDJSON")
					}
					if c.Attachment.URL != "" {
						urls = append(urls, c.Attachment.URL)
					}
				}
			}
			fh.Close()
		}
		_, hasBinary := w.Counts()["Binary"]
		if hasBinary != withImages || (len(urls) == 1) != withImages {
			t.Errorf("with images %v: Binary %v, urls %v", withImages, hasBinary, urls)
		}
		for _, u := range urls {
			if !ids[u] {
				t.Errorf("the attachment names %s, not written", u)
			}
		}
	}
}
