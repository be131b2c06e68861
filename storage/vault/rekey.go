package vault

import (
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"errors"
	"io"
	"math/big"

	"golang.org/x/crypto/hkdf"
)

// Handing a data key to someone who is not there (Dossier's key rotation):
// sealed to their Ed25519 signing key.
//
// A user's slot wraps the data key under a key derived from their
// password, which the administrator rotating the keys does not have. What
// the administrator does have is every user's certified public signing key
// (Ed25519). An Ed25519 key pair is also an X25519 key pair (the public
// point mapped to its Montgomery form, the private scalar the clamped first
// half of SHA-512 of the seed): the conversion libsodium
// (crypto_sign_ed25519_pk_to_curve25519) and age's ssh-ed25519 recipients
// use, and which is proven safe for one key pair used both to sign and to
// agree keys (Thormarker, "On using the same key pair for Ed25519 and an
// X25519 based KEM", 2021). So rotation seals the new data key to each
// active user's certified key (an ephemeral X25519 key agreement, HKDF,
// XChaCha20-Poly1305) and keeps their password-wrapped seed as it is. At
// their next sign-in the password unwraps the seed, the seed opens the
// sealed data key, and the slot is wrapped under the password again: no
// one re-enters anything. The recovery slot is sealed the same way to the
// recovery key's signing key (derived from the recovery key, certified by
// the root). A key that does not chain back to the root gets nothing: an
// insider who holds the old data key and swapped a public key in a user
// record would otherwise receive the new one.

// fieldP is 2^255 − 19, the field of Curve25519.
var fieldP = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(19))

// x25519Public maps an Ed25519 public key to its X25519 public key:
// u = (1 + y) / (1 − y) mod p.
func x25519Public(pub []byte) (*ecdh.PublicKey, error) {
	if len(pub) != ed25519.PublicKeySize {
		return nil, errors.New("not an Ed25519 public key")
	}
	le := append([]byte(nil), pub...)
	le[31] &= 0x7f // the sign of x
	y := new(big.Int).SetBytes(reverse(le))
	if y.Cmp(fieldP) >= 0 {
		return nil, errors.New("not an Ed25519 public key")
	}
	one := big.NewInt(1)
	den := new(big.Int).Sub(one, y)
	den.Mod(den, fieldP)
	if den.Sign() == 0 {
		return nil, errors.New("not an Ed25519 public key (the neutral point)")
	}
	u := new(big.Int).Add(one, y)
	u.Mul(u, new(big.Int).ModInverse(den, fieldP))
	u.Mod(u, fieldP)
	out := make([]byte, 32)
	u.FillBytes(out)
	return ecdh.X25519().NewPublicKey(reverse(out))
}

// x25519Private is the X25519 private key of an Ed25519 seed: the first
// half of SHA-512(seed), which X25519 clamps exactly as Ed25519 does.
func x25519Private(seed []byte) (*ecdh.PrivateKey, error) {
	h := sha512.Sum512(seed)
	defer Wipe(h[:])
	return ecdh.X25519().NewPrivateKey(h[:32])
}

func reverse(b []byte) []byte {
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return b
}

// boxKEK derives the key that seals a data key from an X25519 shared secret,
// bound to both public keys.
func boxKEK(shared, eph, recipient []byte) []byte {
	k := make([]byte, 32)
	salt := append(append([]byte(nil), eph...), recipient...)
	if _, err := io.ReadFull(hkdf.New(sha256.New, shared, salt, []byte("dossier/rekey/1")), k); err != nil {
		panic("storage: hkdf: " + err.Error())
	}
	return k
}

// SealToSigningKey seals dek to the holder of the Ed25519 key pub: it returns the
// ephemeral X25519 public key and the sealed data key.
func SealToSigningKey(dek, pub, aad []byte) (eph, sealed []byte, err error) {
	rp, err := x25519Public(pub)
	if err != nil {
		return nil, nil, err
	}
	ek, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	shared, err := ek.ECDH(rp)
	if err != nil {
		return nil, nil, err
	}
	eph = ek.PublicKey().Bytes()
	kek := boxKEK(shared, eph, rp.Bytes())
	defer Wipe(kek)
	Wipe(shared)
	sealed, err = wrapUnder(kek, dek, aad)
	return eph, sealed, err
}

// OpenWithSigningSeed opens a data key sealed with SealToSigningKey, with the Ed25519 seed
// of the key it was sealed to.
func OpenWithSigningSeed(seed, eph, sealed, aad []byte) ([]byte, error) {
	priv, err := x25519Private(seed)
	if err != nil {
		return nil, err
	}
	ep, err := ecdh.X25519().NewPublicKey(eph)
	if err != nil {
		return nil, err
	}
	shared, err := priv.ECDH(ep)
	if err != nil {
		return nil, err
	}
	kek := boxKEK(shared, eph, priv.PublicKey().Bytes())
	defer Wipe(kek)
	Wipe(shared)
	return openUnder(kek, sealed, aad)
}

func wrapUnder(kek, dek, aad []byte) ([]byte, error) {
	s, err := NewSealer(kek)
	if err != nil {
		return nil, err
	}
	return s.Seal(dek, aad), nil
}

func openUnder(kek, sealed, aad []byte) ([]byte, error) {
	s, err := NewSealer(kek)
	if err != nil {
		return nil, err
	}
	return s.Open(sealed, aad)
}
