package vault

import (
	"bytes"
	"crypto/ed25519"
	"testing"
)

// The X25519 form of an Ed25519 key pair agrees on both sides.
func TestEd25519ToX25519(t *testing.T) {
	for i := 0; i < 20; i++ {
		seed := RandomBytes(ed25519.SeedSize)
		priv, err := x25519Private(seed)
		if err != nil {
			t.Fatal(err)
		}
		pub, err := x25519Public(ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(priv.PublicKey().Bytes(), pub.Bytes()) {
			t.Fatalf("seed %x: X25519 public keys differ", seed)
		}
		dek := RandomBytes(32)
		eph, sealed, err := SealToSigningKey(dek, ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey), []byte("aad"))
		if err != nil {
			t.Fatal(err)
		}
		got, err := OpenWithSigningSeed(seed, eph, sealed, []byte("aad"))
		if err != nil || !bytes.Equal(got, dek) {
			t.Fatalf("open sealed: %v", err)
		}
		if _, err := OpenWithSigningSeed(RandomBytes(ed25519.SeedSize), eph, sealed, []byte("aad")); err == nil {
			t.Fatal("another key opens the sealed data key")
		}
	}
}
