package replicate

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"dossier/storage"
)

func serverDocs(t testing.TB, db string) []storage.SyncDoc {
	t.Helper()
	var out struct {
		Rows []struct {
			Doc storage.SyncDoc `json:"doc"`
		} `json:"rows"`
	}
	if err := json.Unmarshal([]byte(serverDump(t, db)), &out); err != nil {
		t.Fatal(err)
	}
	var docs []storage.SyncDoc
	for _, r := range out.Rows {
		if !strings.HasPrefix(r.Doc.ID, "_") {
			docs = append(docs, r.Doc)
		}
	}
	return docs
}

func send(t testing.TB, method, url string, body any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, url, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %d", method, url, resp.StatusCode)
	}
}

// A document altered on the server is rejected and reported, never
// applied; a document deleted on the server is pushed again by its desk.
func TestServerTamperingAndDeletion(t *testing.T) {
	db := freshDB(t)
	a, b := twoDesks(t)
	p := register(t, a, "Grace", "Akello")
	syncDesk(t, a, db)
	docs := serverDocs(t, db)
	if len(docs) == 0 {
		t.Fatal("nothing on the server")
	}
	// Alter one (a byte of ciphertext) and delete another.
	bad := docs[len(docs)-1]
	bad.C[len(bad.C)/2] ^= 1
	send(t, http.MethodPut, db+"/"+bad.ID, bad)
	gone := docs[0]
	send(t, http.MethodDelete, db+"/"+gone.ID+"?rev="+gone.Rev, nil)

	res := syncDesk(t, b, db)
	if res.Quarantined != 1 || len(res.Problems) != 1 || !strings.Contains(res.Problems[0], "does not decrypt") {
		t.Errorf("desk B: quarantined %d, problems %q; want the altered document rejected", res.Quarantined, res.Problems)
	}
	if q := b.store.Quarantined(); len(q) != 1 {
		t.Errorf("desk B's quarantine holds %d documents", len(q))
	}
	if st, _ := b.store.SyncStatus(); st.LastError == "" || st.Quarantined != 1 {
		t.Errorf("desk B's status does not report it: %+v", st)
	}
	_ = p
	ra := syncDesk(t, a, db)
	if ra.Resent != 1 {
		t.Errorf("desk A re-pushed %d documents, want the deleted one", ra.Resent)
	}
	found := false
	for _, d := range serverDocs(t, db) {
		found = found || d.ID == gone.ID
	}
	if !found {
		t.Errorf("the deleted document is not back on the server")
	}
}
