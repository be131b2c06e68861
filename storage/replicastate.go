package storage

import (
	"encoding/json"
	"time"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// SyncSettings is where a desk replicates to. Stored sealed: the server's
// password is a credential.
type SyncSettings struct {
	URL      string `json:"url"`
	User     string `json:"user,omitempty"`
	Password string `json:"password,omitempty"`
	CAFile   string `json:"ca,omitempty"`
	Proxy    string `json:"proxy,omitempty"`
	Revoked  bool   `json:"revoked,omitempty"`
}

// SyncStatus is what the status bar and the Admin screen show. It is kept
// plain (times, counts and plain errors, never patient data) so that it
// can be shown while the window is locked.
type SyncStatus struct {
	LastSync    time.Time `json:"last_sync,omitempty"`
	LastTry     time.Time `json:"last_try,omitempty"`
	LastError   string    `json:"last_error,omitempty"`
	Up          int       `json:"up"`   // revisions written here the server does not hold yet
	Down        int       `json:"down"` // documents waiting for a parent
	Quarantined int       `json:"quarantined"`
	Conflicts   int       `json:"conflicts"`
	Inbox       int       `json:"inbox"`  // pulled while locked, applied at the next sign-in
	Pushed      int       `json:"pushed"` // in the last run
	Pulled      int       `json:"pulled"`
}

var settingsAAD = []byte("sync-settings")

// Settings reads the replication settings (any signed-in user: the sync
// loop runs under whoever is signed in).
func (svc Sync) Settings() (SyncSettings, error) {
	sess := svc.sess
	var st SyncSettings
	err := sess.view(func(tx *bolt.Tx) error {
		sb := syncBucket(tx)
		if sb == nil || sb.Get(kSyncSettings) == nil {
			return nil
		}
		plain, err := sess.keys.Records.Open(sb.Get(kSyncSettings), settingsAAD)
		if err != nil {
			return model.Errorf(model.Damaged, "the replication settings were altered")
		}
		return json.Unmarshal(plain, &st)
	})
	return st, err
}

// SetSettings saves the replication settings (administrators), audited
// without the password.
func (svc Sync) SetSettings(st SyncSettings) error {
	sess := svc.sess
	if err := sess.require(model.PermSettings); err != nil {
		return err
	}
	return sess.update(func(tx *bolt.Tx) error {
		if err := enableSync(tx); err != nil {
			return err
		}
		plain, _ := json.Marshal(st)
		if err := syncBucket(tx).Put(kSyncSettings, sess.keys.Records.Seal(plain, settingsAAD)); err != nil {
			return err
		}
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActSettings, Detail: "replication server set to " + st.URL + " as " + st.User})
	})
}

// Revoke stops this desk syncing: the server credentials are removed and
// the desk refuses to sync again until an administrator sets them anew.
func (svc Sync) Revoke(reason string) error {
	sess := svc.sess
	if err := sess.require(model.PermManageUsers); err != nil {
		return err
	}
	return sess.update(func(tx *bolt.Tx) error {
		if err := enableSync(tx); err != nil {
			return err
		}
		plain, _ := json.Marshal(SyncSettings{Revoked: true})
		if err := syncBucket(tx).Put(kSyncSettings, sess.keys.Records.Seal(plain, settingsAAD)); err != nil {
			return err
		}
		return sess.appendAudit(tx, model.AuditEntry{Action: model.ActEnrol, Detail: "this desk's replication revoked: " + reason, Flagged: true})
	})
}

// SaveStatus records the outcome of a run (no key needed to read it back).
func (svc Sync) SaveStatus(st SyncStatus) error {
	return svc.sess.update(func(tx *bolt.Tx) error {
		sb := syncBucket(tx)
		if sb == nil {
			return errSyncOff
		}
		fillCounts(sb, &st)
		b, _ := json.Marshal(st)
		return sb.Put(kSyncStatus, b)
	})
}

func fillCounts(sb *bolt.Bucket, st *SyncStatus) {
	ck := u64At(sb.Get(kPushCkpt))
	if k, _ := sb.Bucket(sbOut).Cursor().Last(); len(k) == 8 && u64At(k) > ck {
		st.Up = int(u64At(k) - ck)
	} else {
		st.Up = 0
	}
	st.Down = sb.Bucket(sbPending).Stats().KeyN
	st.Quarantined = sb.Bucket(sbQuarantine).Stats().KeyN
	st.Conflicts = sb.Bucket(sbConflicts).Stats().KeyN
	st.Inbox = 0
	if in := sb.Bucket(sbInbox); in != nil {
		st.Inbox = in.Stats().KeyN
	}
}

// SyncStatus reads the last run's status and the current counts; it needs
// no session (the status bar shows it while the window is locked).
func (s *Store) SyncStatus() (SyncStatus, bool) {
	var st SyncStatus
	var on bool
	s.db.View(func(tx *bolt.Tx) error {
		sb := syncBucket(tx)
		if sb == nil {
			return nil
		}
		on = true
		json.Unmarshal(sb.Get(kSyncStatus), &st)
		fillCounts(sb, &st)
		return nil
	})
	return st, on
}

// Quarantined lists the documents that failed verification: ID → why.
func (s *Store) Quarantined() map[string]string {
	out := map[string]string{}
	s.db.View(func(tx *bolt.Tx) error {
		sb := syncBucket(tx)
		if sb == nil {
			return nil
		}
		return sb.Bucket(sbQuarantine).ForEach(func(k, v []byte) error {
			var q struct {
				Why string `json:"why"`
			}
			json.Unmarshal(v, &q)
			out[string(k)] = q.Why
			return nil
		})
	})
	return out
}
