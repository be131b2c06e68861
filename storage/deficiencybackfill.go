package storage

import (
	"fmt"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// Charts are checked against the completeness rules when they change. A
// store that had charts before the rules existed, or whose rules were
// just changed, has charts nobody has touched since: ReviewExisting checks
// every encounter the rules look back to, in batches, so the desk shows
// what is really missing. Each batch is one transaction (a crash leaves
// whole batches; running again finishes the rest: evaluation reconciles,
// it never doubles a deficiency).

// reviewBatch is how many encounters one transaction checks: small enough
// that a save waiting behind it is not held long on a weak laptop.
const reviewBatch = 300

// ReviewProgress reports how far ReviewExisting has come.
type ReviewProgress func(done, total int)

// ReviewExisting checks every encounter in the rules' look-back against
// the completeness rules (records supervisors), reporting progress;
// stop, when closed, ends it after the batch in hand. It returns how many
// encounters were checked. Audited once, with the count.
func (svc Deficiencies) ReviewExisting(progress ReviewProgress, stop <-chan struct{}) (int, error) {
	sess := svc.sess
	if err := sess.require(model.PermReview); err != nil {
		return 0, err
	}
	var ids []model.ID
	err := sess.view(func(tx *bolt.Tx) error {
		heads, _, err := kindBuckets(tx, model.KindEncounter, false)
		if err != nil || heads == nil {
			return err
		}
		return heads.ForEach(func(k, _ []byte) error {
			if len(k) == 16 {
				ids = append(ids, model.ID(append([]byte(nil), k...)))
			}
			return nil
		})
	})
	if err != nil {
		return 0, wrap("list the encounters to check", err)
	}
	done, stopped := 0, false
	for done < len(ids) && !stopped {
		select {
		case <-stop:
			stopped = true
			continue
		default:
		}
		batch := ids[done:min(done+reviewBatch, len(ids))]
		err := sess.update(func(tx *bolt.Tx) error {
			st := sess.reviewFor(tx)
			for _, id := range batch {
				if !st.encounters[id] {
					st.encounters[id] = true
					st.order = append(st.order, id)
				}
			}
			return nil // commit evaluates what was staged (flushReview)
		})
		if err != nil {
			return done, wrap("check the existing charts", err)
		}
		done += len(batch)
		if progress != nil {
			progress(done, len(ids))
		}
	}
	detail := fmt.Sprintf("checked %d of %d encounters against the completeness rules", done, len(ids))
	if stopped {
		detail += " (stopped)"
	}
	err = sess.update(func(tx *bolt.Tx) error {
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActReviewCharts, Detail: detail})
	})
	return done, wrap("record the chart check", err)
}
