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
