// Package vault is the sealing and key derivation of a Dossier store:
// XChaCha20-Poly1305 sealing, Argon2id key-encryption keys, HKDF sub-keys,
// blind-index HMACs and the printable recovery key. It knows nothing of
// bbolt or records.
package vault

import (
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"dossier/model"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/hkdf"
)

// XChaCha20-Poly1305 is used because its 192-bit nonces can be drawn at
// random with no risk of reuse, which keeps workstations that later sync from
// ever needing a shared nonce counter.
const DataKeyLen = 32

// KDFParams are the Argon2id settings stored beside each wrapped key.
type KDFParams struct {
	MemoryKiB uint32 `json:"m"`
	Time      uint32 `json:"t"`
	Threads   uint8  `json:"p"`
}

// Minimum production settings: 64 MiB and 3 passes.
var MinKDF = KDFParams{MemoryKiB: 64 * 1024, Time: 3, Threads: 2}

// TestKDF is a deliberately weak setting for tests only; Create refuses it
// unless Options.AllowWeakKDF is set.
var TestKDF = KDFParams{MemoryKiB: 64, Time: 1, Threads: 1}

func (p KDFParams) Weak() bool { return p.MemoryKiB < MinKDF.MemoryKiB || p.Time < MinKDF.Time }

func DeriveKEK(password string, salt []byte, p KDFParams) []byte {
	k := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, DataKeyLen)
	// Hand Argon2's 128 MiB back to the system now rather than at the next
	// GC: on a 4 GB laptop it is better spent on the patient index.
	debug.FreeOSMemory()
	return k
}

// CalibrateKDF finds Argon2id settings that take about target on this
// machine, never below 64 MiB and t=3. Memory grows before passes, since
// memory is what makes guessing on GPUs expensive.
func CalibrateKDF(target time.Duration) KDFParams {
	calibrated.Lock()
	defer calibrated.Unlock()
	if p, ok := calibrated.m[target]; ok {
		return p
	}
	p := calibrate(target)
	calibrated.m[target] = p
	return p
}

// calibrated caches one calibration per process: it takes seconds, and the
// machine does not change while Dossier runs.
var calibrated = struct {
	sync.Mutex
	m map[time.Duration]KDFParams
}{m: map[time.Duration]KDFParams{}}

func calibrate(target time.Duration) KDFParams {
	p := MinKDF
	if runtime.NumCPU() < 2 {
		p.Threads = 1
	}
	salt := make([]byte, 16)
	for i := 0; i < 8; i++ {
		start := time.Now()
		DeriveKEK("calibration", salt, p)
		took := time.Since(start)
		if took >= target*3/4 {
			break
		}
		// Memory grows to 128 MiB, then passes: more would crowd a 4 GB laptop.
		if p.MemoryKiB < 128*1024 {
			p.MemoryKiB *= 2
			continue
		}
		scale := float64(target) / float64(took)
		p.Time = uint32(float64(p.Time)*scale + 0.5)
		if p.Time > 40 {
			p.Time = 40
		}
		break
	}
	return p
}

// Sealer encrypts and authenticates values under one key.
type Sealer struct{ aead cipher.AEAD }

func NewSealer(key []byte) (*Sealer, error) {
	a, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("set up cipher: %w", err)
	}
	return &Sealer{a}, nil
}

// Seal returns nonce||ciphertext. aad binds the value to where it is stored,
// so a value copied to another key fails to open.
func (s *Sealer) Seal(plain, aad []byte) []byte {
	ns := s.aead.NonceSize()
	out := make([]byte, ns, ns+len(plain)+s.aead.Overhead())
	if _, err := rand.Read(out); err != nil {
		panic("vault: system random source failed: " + err.Error())
	}
	return s.aead.Seal(out, out[:ns], plain, aad)
}

var ErrOpen = model.Errorf(model.Damaged, "value does not decrypt")

func (s *Sealer) Open(sealed, aad []byte) ([]byte, error) {
	ns := s.aead.NonceSize()
	if len(sealed) < ns+s.aead.Overhead() {
		return nil, ErrOpen
	}
	plain, err := s.aead.Open(nil, sealed[:ns], sealed[ns:], aad)
	if err != nil {
		return nil, ErrOpen
	}
	return plain, nil
}

// OpenTo is Open into dst's memory (dst[:0] grows as needed), for readers
// that open many small values one after another.
func (s *Sealer) OpenTo(dst, sealed, aad []byte) ([]byte, error) {
	ns := s.aead.NonceSize()
	if len(sealed) < ns+s.aead.Overhead() {
		return nil, ErrOpen
	}
	plain, err := s.aead.Open(dst[:0], sealed[:ns], sealed[ns:], aad)
	if err != nil {
		return nil, ErrOpen
	}
	return plain, nil
}

// SubKeys splits the data key into independent keys for records, the audit
// chain and blind indexes, so no key serves two purposes.
type SubKeys struct {
	Records *Sealer
	Audit   []byte // HMAC key of the audit chain
	Index   []byte // HMAC key of blind indexes
}

func DeriveSubKeys(dek []byte) (*SubKeys, error) {
	read := func(info string) []byte {
		k := make([]byte, 32)
		r := hkdf.New(sha256.New, dek, nil, []byte("dossier/"+info))
		if _, err := io.ReadFull(r, k); err != nil {
			panic("vault: hkdf: " + err.Error())
		}
		return k
	}
	rs, err := NewSealer(read("records"))
	if err != nil {
		return nil, err
	}
	return &SubKeys{Records: rs, Audit: read("audit"), Index: read("index")}, nil
}

// Blind returns a keyed hash of a searchable value. Indexes store this, never
// the value, so the file does not reveal MRNs or names.
func (k *SubKeys) Blind(field, value string) []byte {
	m := hmac.New(sha256.New, k.Index)
	m.Write([]byte(field))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return m.Sum(nil)[:20]
}

func RandomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("vault: system random source failed: " + err.Error())
	}
	return b
}

func Wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}

// RecoveryKey is the 256-bit key printed at setup. It unwraps the data key
// when every password is lost.
type RecoveryKey []byte

var recoveryEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// String groups the key as 13 blocks of 4 characters for copying by hand.
func (k RecoveryKey) String() string {
	s := recoveryEncoding.EncodeToString(k)
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte('-')
		}
		end := min(i+4, len(s))
		b.WriteString(s[i:end])
	}
	return b.String()
}

// ParseRecoveryKey accepts the printed form with any spacing, dashes or case,
// and the digits 0, 1, 8 typed for O, I, B.
func ParseRecoveryKey(s string) (RecoveryKey, error) {
	s = strings.ToUpper(s)
	s = strings.NewReplacer("-", "", " ", "", "\t", "", "\n", "", "0", "O", "1", "I", "8", "B").Replace(s)
	b, err := recoveryEncoding.DecodeString(s)
	if err != nil || len(b) != DataKeyLen {
		return nil, model.Errorf(model.Invalid, "a recovery key has 52 letters and digits in 13 groups of 4: check what you typed")
	}
	return RecoveryKey(b), nil
}

func RecoveryKEK(k RecoveryKey, salt []byte) []byte {
	out := make([]byte, 32)
	r := hkdf.New(sha256.New, k, salt, []byte("dossier/recovery"))
	if _, err := io.ReadFull(r, out); err != nil {
		panic("vault: hkdf: " + err.Error())
	}
	return out
}

// Bounds on key-derivation settings read from a file. Settings come from the
// store or a backup, which anyone who can reach the file may edit, so every
// value is checked before Argon2 runs: threads 0 panics, a huge memory
// setting exhausts the laptop, a huge pass count hangs while the store is
// locked. The floor is low (TestKDF, and what Argon2 itself needs) because a
// lowered setting only makes that slot fail to open: its key was wrapped
// under the settings it was made with.
const (
	MinKDFMemoryKiB = 64                   // TestKDF; production slots use at least MinKDF
	MaxKDFMemoryKiB = 1024 * 1024          // 1 GiB: more would exhaust a 4 GB laptop
	MaxKDFTime      = 64                   // calibration stops at 40
	MaxKDFThreads   = 16                   //
	SaltLen         = 16                   // every salt Dossier writes
	WrappedLen      = 24 + DataKeyLen + 16 // nonce, data key, tag
)

// CheckKDF is the one check of key-derivation settings, salt and wrapped key
// read from disk, for key slots and backups alike.
func CheckKDF(p KDFParams, salt, wrapped []byte) error {
	bad := func(what string) error {
		return model.Errorf(model.Damaged, "a key slot is damaged or was altered (%s): it was not used", what)
	}
	switch {
	case p.Threads < 1 || p.Threads > MaxKDFThreads:
		return bad(fmt.Sprintf("threads %d, allowed 1–%d", p.Threads, MaxKDFThreads))
	case p.Time < 1 || p.Time > MaxKDFTime:
		return bad(fmt.Sprintf("passes %d, allowed 1–%d", p.Time, MaxKDFTime))
	case p.MemoryKiB < MinKDFMemoryKiB || p.MemoryKiB < 8*uint32(p.Threads) || p.MemoryKiB > MaxKDFMemoryKiB:
		return bad(fmt.Sprintf("memory %d KiB, allowed %d KiB–%d KiB", p.MemoryKiB, MinKDFMemoryKiB, MaxKDFMemoryKiB))
	}
	return CheckSalt(salt, wrapped)
}

// CheckSalt checks the salt and wrapped-key lengths of a slot (the recovery
// slot has no KDF settings: its key is derived with HKDF).
func CheckSalt(salt, wrapped []byte) error {
	if len(salt) != SaltLen || len(wrapped) != WrappedLen {
		return model.Errorf(model.Damaged, "a key slot is damaged or was altered (salt %d bytes, wrapped key %d bytes): it was not used", len(salt), len(wrapped))
	}
	return nil
}
