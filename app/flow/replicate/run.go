package replicate

import (
	"context"
	"fmt"
	"time"

	"dossier/model"
	"dossier/storage"
)

// Result is what one replication run did.
type Result struct {
	Pushed, Pulled, Applied, Known, Resent int
	Quarantined, Conflicts, Pending        int
	Chunks, Images                         int    // page image chunks received, images now whole
	Rejoined                               string // the new device ID, when a restored desk rejoined as a new chain segment
	Problems                               []string
}

// Batch is how many documents travel in one request; each pulled batch is
// applied in one transaction with its checkpoint. (A variable: the kill
// test makes it small to cut runs between many transactions.)
var Batch = 500

// ChunkBatch is how many page image chunks (256 KB each) travel in one
// request, and are applied in one transaction: memory stays bounded
// whatever the images weigh.
var ChunkBatch = 8

// Run pushes what this desk wrote, then pulls and applies what the others
// wrote, resuming from the checkpoints (a run cut short by a dropped link
// or a killed process starts again where the last batch ended). The
// outcome (or the plain error) is saved for the status bar.
func Run(ctx context.Context, sess *storage.Session, c *Client) (Result, error) {
	defer exclusive(sess.Store())()
	var res Result
	st := storage.SyncStatus{LastTry: time.Now().UTC()}
	err := run(ctx, sess, c, &res)
	st.Pushed, st.Pulled = res.Pushed, res.Pulled
	if err != nil {
		st.LastError = err.Error()
		if prev, ok := sess.Store().SyncStatus(); ok {
			st.LastSync = prev.LastSync
		}
	} else {
		st.LastSync = st.LastTry
		if len(res.Problems) > 0 {
			st.LastError = fmt.Sprintf("%d documents from the server failed verification and were set aside", res.Quarantined)
		}
	}
	if serr := sess.Sync().SaveStatus(st); err == nil {
		err = serr
	}
	return res, err
}

func run(ctx context.Context, sess *storage.Session, c *Client, res *Result) error {
	svc := sess.Sync()
	set, err := svc.Settings()
	if err != nil {
		return err
	}
	if set.Revoked {
		return model.Errorf(model.Denied, "this desk's replication was revoked: an administrator must set the server again")
	}
	if err := svc.Enable(); err != nil {
		return err
	}
	if err := c.EnsureDB(ctx); err != nil {
		return err
	}
	if err := rejoinIfRestored(ctx, sess, c, res); err != nil {
		return err
	}
	if err := drainInbox(ctx, sess, c, res); err != nil {
		return err
	}
	if _, err := pushAll(ctx, c, res, svc.Outgoing, svc.Pushed); err != nil {
		return err
	}
	// Then this desk's audit entries, so the others hold a copy of its chain.
	if _, err := pushAll(ctx, c, res, svc.OutgoingAudit, svc.PushedAudit); err != nil {
		return err
	}
	// Then page images, thumbnails first: the records they belong to are
	// already up, so a slow link gets the chart usable before the scans.
	// (Pages pushed before images travelled have theirs queued once.)
	if err := svc.SweepPageImages(); err != nil {
		return err
	}
	for {
		docs, mark, err := svc.OutgoingChunks(ChunkBatch)
		if err != nil {
			return err
		}
		if len(docs) == 0 {
			if err := svc.PushedChunks(nil, mark); err != nil { // entries with nothing left to send
				return err
			}
			break
		}
		if err := push(ctx, c, docs); err != nil {
			return err
		}
		if err := svc.PushedChunks(docs, mark); err != nil {
			return err
		}
		res.Pushed += len(docs)
	}
	since, err := svc.PullSince()
	if err != nil {
		return err
	}
	// The next page is fetched while this one is applied: the server's
	// work and the link overlap this desk's verifying and writing.
	fctx, stop := context.WithCancel(ctx)
	pages, fetched := fetchPages(fctx, svc, c, since)
	defer func() { stop(); <-fetched }()
	for pg := range pages {
		if pg.err != nil {
			return pg.err
		}
		res.Known += pg.known
		// Image chunks a few at a time, each few in its own transaction
		// without moving the checkpoint: a run cut short fetches them
		// again and finds them already kept.
		for chunks := pg.chunks; len(chunks) > 0; {
			n := min(ChunkBatch, len(chunks))
			cdocs, err := c.BulkGet(ctx, chunks[:n])
			if err != nil {
				return err
			}
			ar, err := svc.Apply(cdocs, "")
			if err != nil {
				return err
			}
			res.Pulled += n
			res.add(ar)
			chunks = chunks[n:]
		}
		ar, err := svc.Apply(pg.docs, pg.next)
		if err != nil {
			return err
		}
		res.Pulled += pg.records
		res.add(ar)
		res.Pending = ar.Pending
		if len(ar.Resend) > 0 {
			if err := resend(ctx, svc, c, ar.Resend, pg.deletedRev, res); err != nil {
				return err
			}
		}
		since = pg.next
	}
	if dev := sess.Store().Device(); dev != "" {
		return c.PutCheckpoint(ctx, dev, sess.Store().SyncCounters(), since)
	}
	return nil
}

// page is one page of the server's changes with the records it names
// fetched (image chunks are fetched as they are applied: they weigh).
type page struct {
	next       string
	docs       []storage.SyncDoc // the records, then the deletions
	records    int               // records fetched
	chunks     []string          // image chunks to fetch
	deletedRev map[string]string // the deleted revision of each deletion
	known      int               // this desk's own documents, not fetched
	err        error
}

// fetchPages reads the server's changes from since, a page ahead of the
// one being applied, until there are none (or an error, sent as the last
// page). fetched is closed once it has stopped (cancel ctx to stop it).
func fetchPages(ctx context.Context, svc storage.Sync, c *Client, since string) (pages <-chan page, fetched <-chan struct{}) {
	out, done := make(chan page, 1), make(chan struct{})
	go func() {
		defer close(done)
		defer close(out)
		for {
			pg := fetchPage(ctx, svc, c, since)
			if pg.err == nil && pg.next == "" {
				return // nothing more
			}
			select {
			case out <- pg:
			case <-ctx.Done():
				return
			}
			if pg.err != nil {
				return
			}
			since = pg.next
		}
	}()
	return out, done
}

// fetchPage fetches one page of changes after since (next "" when there
// are none).
func fetchPage(ctx context.Context, svc storage.Sync, c *Client, since string) page {
	changes, next, err := c.Changes(ctx, since, Batch)
	if err != nil || len(changes) == 0 {
		return page{err: err}
	}
	all := make([]string, 0, len(changes))
	for _, ch := range changes {
		all = append(all, ch.ID)
	}
	mine, err := svc.Sent(all)
	if err != nil {
		return page{err: err}
	}
	pg := page{next: next, deletedRev: map[string]string{}}
	var ids, deleted []string
	for _, ch := range changes {
		switch {
		case ch.Deleted && len(ch.Changes) > 0:
			deleted = append(deleted, ch.ID)
			pg.deletedRev[ch.ID] = ch.Changes[0].Rev
		case len(ch.ID) > 0 && ch.ID[0] == '_':
		case !mine[ch.ID] && storage.IsChunkDoc(ch.ID):
			pg.chunks = append(pg.chunks, ch.ID)
		case !mine[ch.ID]:
			ids = append(ids, ch.ID)
		default:
			pg.known++
		}
	}
	if len(ids) > 0 {
		if pg.docs, err = c.BulkGet(ctx, ids); err != nil {
			return page{err: err}
		}
	}
	pg.records = len(ids)
	for _, id := range deleted {
		pg.docs = append(pg.docs, storage.SyncDoc{ID: id, Deleted: true})
	}
	return pg
}

// rejoinIfRestored compares this desk's counters with what its server
// checkpoint says it had reached: behind, the store was restored from a
// backup (or copied), and the desk rejoins as a new chain segment before
// it pushes anything (storage Rejoin; administrators only: anyone else
// gets the plain refusal and the desk does not sync).
func rejoinIfRestored(ctx context.Context, sess *storage.Session, c *Client, res *Result) error {
	dev := sess.Store().Device()
	if dev == "" {
		return nil
	}
	at, _, err := c.Checkpoint(ctx, dev)
	if err != nil || !sess.Store().SyncCounters().Behind(at) {
		return err
	}
	if res.Rejoined, err = sess.Sync().Rejoin(at); err != nil {
		return err
	}
	return nil
}

// push sends the documents the server lacks, keeping their revisions.
// pushAll pushes the batches next gives until it gives none, each
// acknowledged with done once the server holds it, and returns the last
// position acknowledged (0 when nothing went).
func pushAll(ctx context.Context, c *Client, res *Result, next func(int) ([]storage.SyncDoc, uint64, error),
	done func([]storage.SyncDoc, uint64) error) (uint64, error) {
	var acked uint64
	for {
		docs, last, err := next(Batch)
		if err != nil || len(docs) == 0 {
			return acked, err
		}
		if err := push(ctx, c, docs); err != nil {
			return acked, err
		}
		if err := done(docs, last); err != nil {
			return acked, err
		}
		res.Pushed += len(docs)
		acked = last
	}
}

// resend pushes again this desk's documents ids that were found deleted
// on the server, each on top of its deletion (revs: the deleted
// revision of each), and counts them.
func resend(ctx context.Context, svc storage.Sync, c *Client, ids []string, revs map[string]string, res *Result) error {
	again, err := svc.Resend(ids)
	if err != nil {
		return err
	}
	for i := range again {
		again[i].Rev = revs[again[i].ID]
	}
	if len(again) > 0 {
		if err := c.BulkDocs(ctx, again, true); err != nil {
			return err
		}
	}
	res.Resent += len(again)
	return nil
}

func push(ctx context.Context, c *Client, docs []storage.SyncDoc) error {
	revs := map[string][]string{}
	for _, d := range docs {
		revs[d.ID] = []string{d.Rev}
	}
	missing, err := c.RevsDiff(ctx, revs)
	if err != nil {
		return err
	}
	var send []storage.SyncDoc
	for _, d := range docs {
		if missing[d.ID] {
			send = append(send, d)
		}
	}
	if len(send) == 0 {
		return nil
	}
	return c.BulkDocs(ctx, send, false)
}

func (r *Result) add(ar storage.ApplyResult) {
	r.Applied += ar.Applied
	r.Known += ar.Known
	r.Quarantined += ar.Quarantined
	r.Conflicts += ar.Conflicts
	r.Chunks += ar.Chunks
	r.Images += ar.Images
	r.Problems = append(r.Problems, ar.Problems...)
}
