package storage

import (
	"testing"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// pushAllLocal acknowledges every outgoing record as if a server took it.
func pushAllLocal(t *testing.T, sess *Session) {
	t.Helper()
	for {
		docs, last, err := sess.Sync().Outgoing(100)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) == 0 {
			return
		}
		if err := sess.Sync().Pushed(docs, last); err != nil {
			t.Fatal(err)
		}
	}
}

// chunksOut counts the image chunks waiting to go up, acknowledging them.
func chunksOut(t *testing.T, sess *Session) int {
	t.Helper()
	n := 0
	for {
		docs, mark, err := sess.Sync().OutgoingChunks(8)
		if err != nil {
			t.Fatal(err)
		}
		if err := sess.Sync().PushedChunks(docs, mark); err != nil {
			t.Fatal(err)
		}
		if len(docs) == 0 {
			return n
		}
		n += len(docs)
	}
}

// Pages pushed before page images travelled (a store from before chunk
// replication: no image outbox, no image states, not swept) have their
// images queued by the first sweep, once; a chunk deleted on the server
// is rebuilt for the re-push.
func TestSweepQueuesOldPagesImagesOnce(t *testing.T) {
	s, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	if _, err := clerk.Pages().Import(model.ZeroID, []NewPage{fakePage("OLD-PAGE", 2*blobChunk+5), fakePage("other", 10)}); err != nil {
		t.Fatal(err)
	}
	if err := admin.Sync().Enable(); err != nil {
		t.Fatal(err)
	}
	pushAllLocal(t, admin)
	// What the store looked like before images travelled.
	if err := s.db.Update(func(tx *bolt.Tx) error {
		sb := syncBucket(tx)
		for _, name := range [][]byte{sbBlobOut, sbBlobs} {
			if err := sb.DeleteBucket(name); err != nil {
				return err
			}
		}
		return sb.Delete(kImagesSwept)
	}); err != nil {
		t.Fatal(err)
	}
	if n := chunksOut(t, admin); n != 0 {
		t.Fatalf("%d chunks out before the sweep", n)
	}
	for i, want := range []int{3 + 1 + 1 + 1 + 1 + 1, 0} { // 3 original chunks, 1 each for the rest; then nothing
		if err := admin.Sync().SweepPageImages(); err != nil {
			t.Fatal(err)
		}
		if n := chunksOut(t, admin); n != want {
			t.Errorf("sweep %d: %d chunks out, want %d", i+1, n, want)
		}
	}
	// A new page is queued when its record is pushed, as before.
	if _, err := clerk.Pages().Import(model.ZeroID, []NewPage{fakePage("new", 10)}); err != nil {
		t.Fatal(err)
	}
	pushAllLocal(t, admin)
	if n := chunksOut(t, admin); n != 3 {
		t.Errorf("a new page: %d chunks out, want 3", n)
	}

	// Any of the chunks pushed, deleted on the server, is rebuilt alike.
	var ids []string
	s.db.View(func(tx *bolt.Tx) error {
		return syncBucket(tx).Bucket(sbSent).ForEach(func(k, _ []byte) error {
			if IsChunkDoc(string(k)) {
				ids = append(ids, string(k))
			}
			return nil
		})
	})
	if len(ids) != 11 {
		t.Fatalf("%d chunks recorded as sent, want 11", len(ids))
	}
	again, err := admin.Sync().Resend(ids[3:5])
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != 2 || again[0].ID == again[1].ID {
		t.Fatalf("%d chunks rebuilt for the re-push, want 2", len(again))
	}
	for _, d := range again {
		if d.ID != ids[3] && d.ID != ids[4] {
			t.Errorf("rebuilt %s, not asked for", d.ID)
		}
	}
}
