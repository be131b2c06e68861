package vault

import (
	"bytes"
	"errors"
	"testing"
)

func TestSealOpensOnlyWhereSealed(t *testing.T) {
	s, err := NewSealer(RandomBytes(DataKeyLen))
	if err != nil {
		t.Fatal(err)
	}
	sealed := s.Seal([]byte("Achieng"), []byte("records/patient/1"))
	if got, err := s.Open(sealed, []byte("records/patient/1")); err != nil || !bytes.Equal(got, []byte("Achieng")) {
		t.Fatalf("open: %q %v", got, err)
	}
	if _, err := s.Open(sealed, []byte("records/patient/2")); !errors.Is(err, ErrOpen) {
		t.Errorf("opened under another AAD: %v", err)
	}
	if _, err := s.Open(sealed[:10], nil); !errors.Is(err, ErrOpen) {
		t.Errorf("opened a short value: %v", err)
	}
}

func TestRecoveryKeyRoundTrip(t *testing.T) {
	k := RecoveryKey(RandomBytes(DataKeyLen))
	printed := k.String()
	got, err := ParseRecoveryKey(" " + printed + "\n")
	if err != nil || !bytes.Equal(got, k) {
		t.Fatalf("parse %q: %v", printed, err)
	}
	if _, err := ParseRecoveryKey("ABCD-EFGH"); err == nil {
		t.Error("a short key parsed")
	}
}

func TestSubKeysAreIndependent(t *testing.T) {
	k, err := DeriveSubKeys(RandomBytes(DataKeyLen))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(k.Audit, k.Index) {
		t.Error("audit and index keys are the same")
	}
	if bytes.Equal(k.Blind("mrn", "1"), k.Blind("phone", "1")) {
		t.Error("blind hashes of two fields agree")
	}
}

func TestCheckKDFRefusesHostileSettings(t *testing.T) {
	salt, wrapped := make([]byte, SaltLen), make([]byte, WrappedLen)
	for _, p := range []KDFParams{
		{MemoryKiB: 64 * 1024, Time: 3, Threads: 0},
		{MemoryKiB: 1<<32 - 1, Time: 3, Threads: 2},
		{MemoryKiB: 64 * 1024, Time: 1<<32 - 1, Threads: 2},
		{MemoryKiB: 64 * 1024, Time: 0, Threads: 2},
		{MemoryKiB: 0, Time: 3, Threads: 2},
		{MemoryKiB: 64 * 1024, Time: 3, Threads: 200},
	} {
		if err := CheckKDF(p, salt, wrapped); err == nil {
			t.Errorf("%+v accepted", p)
		}
	}
	for _, p := range []KDFParams{MinKDF, TestKDF, {MemoryKiB: 128 * 1024, Time: 40, Threads: 4}} {
		if err := CheckKDF(p, salt, wrapped); err != nil {
			t.Errorf("%+v refused: %v", p, err)
		}
	}
	if CheckKDF(MinKDF, salt[:3], wrapped) == nil || CheckKDF(MinKDF, salt, wrapped[:10]) == nil {
		t.Error("short salt or wrapped key accepted")
	}
}
